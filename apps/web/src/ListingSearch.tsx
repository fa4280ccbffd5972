import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiFailure, ListingFeatureCollection, ListingFilter, ListingPage, ListingSummary } from './api';
import { ListingMap } from './ListingMap';

const DISTRICTS = [
  { value: '150302', label: '海勃湾区' },
  { value: '150303', label: '海南区' },
  { value: '150304', label: '乌达区' },
];
const LAND_USES = [
  { value: '05', label: '商服用地' },
  { value: '06', label: '工矿仓储用地' },
  { value: '07', label: '住宅用地' },
  { value: '08', label: '公共管理与公共服务用地' },
  { value: '09', label: '特殊用地' },
  { value: '10', label: '交通运输用地' },
];
const KINDS = [
  { value: 'transfer', label: '转让' },
  { value: 'lease', label: '出租' },
];
const MODES: Record<ListingSummary['mode'], string> = {
  negotiated: '协议',
  bidding: '挂牌竞价',
  auction: '拍卖',
};
const PAGE_SIZE = 20;

function yuan(amount: string): string {
  return `${Number(amount).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`;
}

/** 挂牌信息检索: filters, a paged table and the same listings on the map. */
export function ListingSearch() {
  const [form] = Form.useForm<ListingFilter>();
  const [filter, setFilter] = useState<ListingFilter>({ sort: 'publishedAt' });
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<ListingPage | null>(null);
  const [features, setFeatures] = useState<ListingFeatureCollection | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (next: ListingFilter, nextPage: number) => {
      setLoading(true);
      setError(null);
      try {
        const [listings, map] = await Promise.all([
          api.listings({ ...next, page: nextPage, pageSize: PAGE_SIZE }),
          api.listingMap(next),
        ]);
        setResult(listings);
        setFeatures(map);
      } catch (failure) {
        if (failure instanceof ApiFailure && failure.fields.length > 0) {
          form.setFields(
            failure.fields.map((field) => ({
              name: field.field as keyof ListingFilter,
              errors: [field.message],
            })),
          );
        }
        setError(failure instanceof Error ? failure.message : '检索失败，请稍后再试');
      } finally {
        setLoading(false);
      }
    },
    [form],
  );

  useEffect(() => {
    void load(filter, page);
  }, [filter, page, load]);

  const search = (values: ListingFilter) => {
    setPage(1);
    setFilter({ ...values, q: values.q?.trim() || undefined });
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="挂牌信息检索">
        <Form form={form} layout="inline" onFinish={search} initialValues={{ sort: 'publishedAt' }}>
          <Form.Item name="districtCode" label="行政区">
            <Select allowClear options={DISTRICTS} style={{ width: 120 }} placeholder="全部" />
          </Form.Item>
          <Form.Item name="landUse" label="用途">
            <Select allowClear options={LAND_USES} style={{ width: 180 }} placeholder="全部" />
          </Form.Item>
          <Form.Item name="kind" label="类型">
            <Select allowClear options={KINDS} style={{ width: 100 }} placeholder="全部" />
          </Form.Item>
          <Form.Item name="minPrice" label="价格（元）">
            <InputNumber min={0} placeholder="最低" style={{ width: 130 }} />
          </Form.Item>
          <Form.Item name="maxPrice">
            <InputNumber min={0} placeholder="最高" style={{ width: 130 }} />
          </Form.Item>
          <Form.Item name="q" label="关键词">
            <Input allowClear placeholder="位置、描述" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="sort" label="排序">
            <Select
              style={{ width: 120 }}
              options={[
                { value: 'publishedAt', label: '最新发布' },
                { value: 'price', label: '价格' },
                { value: 'area', label: '面积' },
              ]}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={loading}>
              检索
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon message={error} />}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Table<ListingSummary>
            rowKey="id"
            loading={loading}
            dataSource={result?.items ?? []}
            locale={{ emptyText: '没有符合条件的挂牌信息' }}
            pagination={false}
            scroll={{ x: true }}
            columns={[
              { title: '挂牌编号', dataIndex: 'listingNumber' },
              { title: '位置', dataIndex: 'location' },
              {
                title: '类型',
                render: (_, listing) => (
                  <Space>
                    <Tag color={listing.kind === 'transfer' ? 'blue' : 'green'}>
                      {listing.kind === 'transfer' ? '转让' : '出租'}
                    </Tag>
                    {MODES[listing.mode]}
                  </Space>
                ),
              },
              { title: '面积（㎡）', dataIndex: 'areaM2', align: 'right' },
              { title: '挂牌价', render: (_, listing) => yuan(listing.askingPrice), align: 'right' },
            ]}
          />
          <Space style={{ marginTop: 12 }}>
            <Button disabled={page === 1 || loading} onClick={() => setPage(page - 1)}>
              上一页
            </Button>
            <span>第 {page} 页</span>
            <Button disabled={!result?.hasMore || loading} onClick={() => setPage(page + 1)}>
              下一页
            </Button>
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <ListingMap features={features} />
        </Col>
      </Row>
    </Space>
  );
}
