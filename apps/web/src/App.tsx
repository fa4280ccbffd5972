import { Button, Grid, Layout, Menu, Space, Spin, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { LoginPage } from './auth/LoginPage';
import { RequireRole, useSession } from './auth/session';
import { PortalRoutes } from './portal/PortalRoutes';

/** Workbenches load on first visit: a visitor of the public portal downloads none of them. */
const HolderWorkbench = lazy(() => import('./holder/HolderWorkbench'));
const RegisterPage = lazy(() => import('./holder/RegisterPage'));
const WindowWorkbench = lazy(() => import('./window/WindowWorkbench'));
const ReviewWorkbench = lazy(() => import('./review/ReviewWorkbench'));
const AdminWorkbench = lazy(() => import('./admin/AdminWorkbench'));

const PUBLIC_MENU = [
  { key: '/', label: <Link to="/">挂牌信息</Link> },
  { key: '/announcements', label: <Link to="/announcements">成交公示</Link> },
  { key: '/verify', label: <Link to="/verify">证书核验</Link> },
  { key: '/statistics', label: <Link to="/statistics">交易统计</Link> },
];

function Navigation() {
  const { user, hasRole, logout } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const wide = Grid.useBreakpoint().md;
  const items = [
    ...PUBLIC_MENU,
    ...(hasRole('holder') ? [{ key: '/holder', label: <Link to="/holder">我的业务</Link> }] : []),
    ...(hasRole('clerk') ? [{ key: '/window', label: <Link to="/window">窗口受理</Link> }] : []),
    ...(hasRole('reviewer', 'registrar')
      ? [{ key: '/review', label: <Link to="/review">审核登簿</Link> }]
      : []),
    ...(hasRole('admin', 'auditor') ? [{ key: '/admin', label: <Link to="/admin">系统管理</Link> }] : []),
  ];
  const selected = items
    .map((item) => item.key)
    .filter((key) => (key === '/' ? location.pathname === '/' : location.pathname.startsWith(key)));
  return (
    <Layout.Header
      style={{ display: 'flex', alignItems: 'center', gap: wide ? 16 : 8, paddingInline: wide ? 16 : 8 }}
    >
      <Typography.Title level={wide ? 4 : 5} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
        {wide ? '乌海市土地二级市场交易平台' : '乌海土地二级市场'}
      </Typography.Title>
      <Menu
        theme="dark"
        mode="horizontal"
        items={items}
        selectedKeys={selected}
        style={{ flex: 1, minWidth: 0 }}
      />
      {user ? (
        <Space style={{ flexShrink: 0 }}>
          <Typography.Text
            style={{ color: '#fff', whiteSpace: 'nowrap', maxWidth: wide ? 200 : 80 }}
            data-testid="signed-in-as"
            ellipsis
          >
            {user.displayName}
          </Typography.Text>
          <Button
            size="small"
            onClick={() => {
              logout();
              navigate('/');
            }}
          >
            退出
          </Button>
        </Space>
      ) : (
        <Space>
          <Link to="/login">
            <Button size="small" type="primary">
              登录
            </Button>
          </Link>
          {wide && (
            <Link to="/register">
              <Button size="small">注册</Button>
            </Link>
          )}
        </Space>
      )}
    </Layout.Header>
  );
}

export function App() {
  const wide = Grid.useBreakpoint().md;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Navigation />
      <Layout.Content style={{ padding: wide ? 16 : 8 }}>
        <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/register" element={<RegisterPage />} />
            <Route
              path="/holder/*"
              element={
                <RequireRole roles={['holder']}>
                  <HolderWorkbench />
                </RequireRole>
              }
            />
            <Route
              path="/window/*"
              element={
                <RequireRole roles={['clerk']}>
                  <WindowWorkbench />
                </RequireRole>
              }
            />
            <Route
              path="/review/*"
              element={
                <RequireRole roles={['reviewer', 'registrar']}>
                  <ReviewWorkbench />
                </RequireRole>
              }
            />
            <Route
              path="/admin/*"
              element={
                <RequireRole roles={['admin', 'auditor']}>
                  <AdminWorkbench />
                </RequireRole>
              }
            />
            <Route path="/*" element={<PortalRoutes />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
