import { Grid, Layout, Menu, Result } from 'antd';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useSession } from '../auth/session';
import { ApplicationDetail } from './ApplicationDetail';
import { ApplicationSearch } from './ApplicationSearch';
import { ListingConfirmation } from './ListingConfirmation';
import { ReviewQueue } from './ReviewQueue';

/** 审核登簿工作台: the reviewers' and registrars' queue, the applications they decide and listing confirmation. */
export default function ReviewWorkbench() {
  const { hasRole } = useSession();
  const location = useLocation();
  const wide = Grid.useBreakpoint().lg;
  const registrar = hasRole('registrar');
  const items = [
    { key: '/review/queue', label: <Link to="/review/queue">我的待办</Link> },
    { key: '/review/applications', label: <Link to="/review/applications">申请查询</Link> },
    ...(registrar ? [{ key: '/review/listings', label: <Link to="/review/listings">挂牌确认</Link> }] : []),
  ];
  const selected = items.map((item) => item.key).filter((key) => location.pathname.startsWith(key));

  return (
    <Layout style={{ background: 'transparent', gap: 16, flexDirection: wide ? 'row' : 'column' }}>
      <Layout.Sider
        width={wide ? 168 : '100%'}
        theme="light"
        style={{ background: '#fff', borderRadius: 8, alignSelf: 'flex-start' }}
      >
        <Menu
          mode={wide ? 'inline' : 'horizontal'}
          items={items}
          selectedKeys={selected}
          style={{ borderRadius: 8 }}
        />
      </Layout.Sider>
      <Layout.Content style={{ minWidth: 0 }}>
        <Routes>
          <Route index element={<Navigate to="queue" replace />} />
          <Route path="queue" element={<ReviewQueue />} />
          <Route path="applications" element={<ApplicationSearch />} />
          <Route path="applications/:id" element={<ApplicationDetail />} />
          <Route
            path="listings"
            element={
              registrar ? (
                <ListingConfirmation />
              ) : (
                <Result status="403" title="无权访问" subTitle="挂牌确认由登簿人员办理。" />
              )
            }
          />
          <Route path="*" element={<Navigate to="queue" replace />} />
        </Routes>
      </Layout.Content>
    </Layout>
  );
}
