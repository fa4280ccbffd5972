import { Alert, Card, Layout, Menu, Result, Space, Tag, Typography } from 'antd';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { call, http } from '../api/client';
import type { AcceptanceWindow } from '../api/views';
import { useSession } from '../auth/session';
import { Loadable } from '../common/feedback';
import { useRequest } from '../common/useRequest';
import { ApplicationPage } from './ApplicationPage';
import { CounterWindowContext } from './CounterWindow';
import { DailyReportPage } from './DailyReportPage';
import { DayListPage } from './DayListPage';
import { IntakePage } from './IntakePage';
import { OnlineIntakePage } from './OnlineIntakePage';

const MENU = [
  { key: 'intake', label: <Link to="/window/intake">受理登记</Link> },
  { key: 'online', label: <Link to="/window/online">网上申请受理</Link> },
  { key: 'day-list', label: <Link to="/window/day-list">当日受理清单</Link> },
  { key: 'report', label: <Link to="/window/report">日报</Link> },
];

/** 窗口受理工作台: what a clerk does at the counter of a registration window, and the window's day. */
export default function WindowWorkbench() {
  const { user } = useSession();
  const location = useLocation();
  const windows = useRequest(
    () =>
      call<AcceptanceWindow[]>(
        http.GET('/api/v1/windows', { params: { query: { includeInactive: 'true' } } }),
      ),
    [],
  );
  const section = location.pathname.split('/')[2] ?? 'intake';
  // An application page is reached from the day list, to complete a refused draft.
  const selected = section === 'applications' ? 'day-list' : section;

  if (!user?.windowId) {
    return (
      <Result status="403" title="未分配受理窗口" subTitle="您的账号尚未分配到受理窗口，请联系系统管理员。" />
    );
  }
  return (
    <Loadable state={windows}>
      {(list) => {
        const counter = list.find((candidate) => candidate.id === user.windowId);
        if (!counter) {
          return (
            <Result
              status="warning"
              title="受理窗口不存在"
              subTitle="您所在的受理窗口已不在窗口名录中，请联系系统管理员。"
            />
          );
        }
        return (
          <CounterWindowContext.Provider value={counter}>
            <Layout style={{ background: 'transparent' }}>
              <Layout.Sider
                width={180}
                theme="light"
                breakpoint="md"
                collapsedWidth={0}
                style={{ background: '#fff', marginRight: 16 }}
              >
                <Menu mode="inline" selectedKeys={[selected]} items={MENU} style={{ borderInlineEnd: 0 }} />
              </Layout.Sider>
              <Layout.Content style={{ minWidth: 0 }}>
                <CounterHeader counter={counter} clerk={user.displayName} />
                <Routes>
                  <Route index element={<Navigate to="intake" replace />} />
                  <Route path="intake" element={<IntakePage />} />
                  <Route path="online" element={<OnlineIntakePage />} />
                  <Route path="applications/:id" element={<ApplicationPage />} />
                  <Route path="day-list" element={<DayListPage />} />
                  <Route path="report" element={<DailyReportPage />} />
                  <Route path="*" element={<Navigate to="intake" replace />} />
                </Routes>
              </Layout.Content>
            </Layout>
          </CounterWindowContext.Provider>
        );
      }}
    </Loadable>
  );
}

function CounterHeader({ counter, clerk }: { counter: AcceptanceWindow; clerk: string }) {
  return (
    <>
      <Card size="small" style={{ marginBottom: 12 }} data-testid="counter-window">
        <Space wrap size="middle">
          <Space size={4}>
            <Tag color="blue">{counter.code}</Tag>
            <Typography.Text strong>{counter.name}</Typography.Text>
          </Space>
          <Typography.Text type="secondary">{counter.address}</Typography.Text>
          <Typography.Text type="secondary">办公时间：{counter.openingHours}</Typography.Text>
          {counter.phone && <Typography.Text type="secondary">电话：{counter.phone}</Typography.Text>}
          <Typography.Text>受理人员：{clerk}</Typography.Text>
        </Space>
      </Card>
      {!counter.active && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message="本窗口已停用，不能受理新的申请；可查看清单和日报。"
        />
      )}
    </>
  );
}
