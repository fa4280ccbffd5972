import { Layout, Typography } from 'antd';
import { ListingSearch } from './ListingSearch';

/** The public portal: the market's published listings, searchable and on a map. */
export function App() {
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center' }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
          乌海市土地二级市场交易平台
        </Typography.Title>
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>
        <ListingSearch />
      </Layout.Content>
    </Layout>
  );
}
