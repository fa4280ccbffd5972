import { Card, Layout, Menu, Typography } from 'antd';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useSession } from '../auth/session';
import { ApplicationDetail } from './ApplicationDetail';
import { ApplicationForm } from './ApplicationForm';
import { ApplicationsPage } from './ApplicationsPage';
import { BidsPage } from './BidsPage';
import { ConfirmationsPage } from './ConfirmationsPage';
import { InboxPage } from './InboxPage';
import { ListingDetail } from './ListingDetail';
import { ListingEditor } from './ListingEditor';
import { ListingsPage } from './ListingsPage';
import { PARTY_KIND_LABELS, partyIdentifier } from './labels';
import { UnitDetail } from './UnitDetail';
import { UnitsPage } from './UnitsPage';

const MENU = [
  { key: 'units', label: '我的不动产单元' },
  { key: 'listings', label: '我的挂牌' },
  { key: 'bids', label: '我的竞买' },
  { key: 'applications', label: '我的申请' },
  { key: 'confirmations', label: '待我确认' },
  { key: 'inbox', label: '消息' },
];

/** 权利人工作台: the units, listings, bids and registration applications of the signed-in holder. */
export default function HolderWorkbench() {
  const { user } = useSession();
  const location = useLocation();
  const section = location.pathname.split('/')[2] ?? 'units';
  return (
    <Layout style={{ background: 'transparent', gap: 16 }}>
      <Layout.Sider width={200} theme="light" style={{ background: 'transparent' }}>
        {user?.party && (
          <Card size="small" style={{ marginBottom: 12 }} data-testid="holder-party">
            <Typography.Text strong>{user.party.name}</Typography.Text>
            <br />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {PARTY_KIND_LABELS[user.party.kind]} · {partyIdentifier(user.party)}
            </Typography.Text>
          </Card>
        )}
        <Menu
          mode="inline"
          selectedKeys={[section]}
          items={MENU.map((item) => ({
            key: item.key,
            label: <Link to={`/holder/${item.key}`}>{item.label}</Link>,
          }))}
          style={{ borderInlineEnd: 'none', borderRadius: 8 }}
        />
      </Layout.Sider>
      <Layout.Content style={{ minWidth: 0 }}>
        <Routes>
          <Route index element={<Navigate to="units" replace />} />
          <Route path="units" element={<UnitsPage />} />
          <Route path="units/:unitNumber" element={<UnitDetail />} />
          <Route path="listings" element={<ListingsPage />} />
          <Route path="listings/new" element={<ListingEditor />} />
          <Route path="listings/:id" element={<ListingDetail />} />
          <Route path="listings/:id/edit" element={<ListingEditor />} />
          <Route path="bids" element={<BidsPage />} />
          <Route path="applications" element={<ApplicationsPage />} />
          <Route path="applications/new" element={<ApplicationForm />} />
          <Route path="applications/:id" element={<ApplicationDetail />} />
          <Route path="confirmations" element={<ConfirmationsPage />} />
          <Route path="inbox" element={<InboxPage />} />
          <Route path="*" element={<Navigate to="units" replace />} />
        </Routes>
      </Layout.Content>
    </Layout>
  );
}
