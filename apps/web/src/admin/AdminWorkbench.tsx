import { Alert, Grid, Layout, Menu } from 'antd';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useSession } from '../auth/session';
import { BenchmarkPricesPage } from './BenchmarkPricesPage';
import { CalendarPage } from './CalendarPage';
import { MonitorPage } from './MonitorPage';
import { SettingsPage } from './SettingsPage';
import { UnitImportsPage } from './UnitImportsPage';
import { UsersPage } from './UsersPage';
import { WindowsPage } from './WindowsPage';

/**
 * Paths under /admin. The queue dashboard itself lives at /admin/queues outside this application (the API
 * serves it), so no page of the workbench may take that path.
 */
const MENU = [
  { key: 'users', label: '用户与角色' },
  { key: 'windows', label: '受理窗口' },
  { key: 'benchmark-prices', label: '基准地价' },
  { key: 'calendar', label: '工作日历' },
  { key: 'settings', label: '系统参数' },
  { key: 'imports', label: '单元导入' },
  { key: 'monitor', label: '运行监控' },
];

/** 系统管理: reference data, accounts, the calendar, settings and imports; read-only for auditors. */
export default function AdminWorkbench() {
  const { hasRole } = useSession();
  const location = useLocation();
  const wide = Grid.useBreakpoint().lg;
  const section = location.pathname.split('/')[2] ?? 'users';
  const readOnly = !hasRole('admin');

  return (
    <Layout style={{ background: 'transparent', gap: 16, flexDirection: wide ? 'row' : 'column' }}>
      <Layout.Sider
        width={wide ? 160 : '100%'}
        theme="light"
        style={{ background: '#fff', borderRadius: 8, alignSelf: 'flex-start' }}
      >
        <Menu
          mode={wide ? 'inline' : 'horizontal'}
          selectedKeys={[section]}
          items={MENU.map((item) => ({
            key: item.key,
            label: <Link to={`/admin/${item.key}`}>{item.label}</Link>,
          }))}
          style={{ borderRadius: 8, borderInlineEnd: 'none' }}
        />
      </Layout.Sider>
      <Layout.Content style={{ minWidth: 0 }}>
        {readOnly && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            message="审计人员只读查看：修改操作由系统管理员办理。"
          />
        )}
        <Routes>
          <Route index element={<Navigate to="users" replace />} />
          <Route path="users" element={<UsersPage readOnly={readOnly} />} />
          <Route path="windows" element={<WindowsPage readOnly={readOnly} />} />
          <Route path="benchmark-prices" element={<BenchmarkPricesPage readOnly={readOnly} />} />
          <Route path="calendar" element={<CalendarPage readOnly={readOnly} />} />
          <Route path="settings" element={<SettingsPage readOnly={readOnly} />} />
          <Route path="imports" element={<UnitImportsPage readOnly={readOnly} />} />
          <Route path="monitor" element={<MonitorPage />} />
          <Route path="*" element={<Navigate to="users" replace />} />
        </Routes>
      </Layout.Content>
    </Layout>
  );
}
