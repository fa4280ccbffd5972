import { Button, Card, Col, Form, Grid, Input, InputNumber, Row, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { call, http } from '../api/client';
import type { ListingFeatureCollection, ListingSummary, Page } from '../api/views';
import { ErrorBanner, showFieldErrors } from '../common/feedback';
import {
  DISTRICT_OPTIONS,
  LAND_USE_OPTIONS,
  LISTING_KIND_LABELS,
  LISTING_MODE_LABELS,
  yuan,
} from '../common/labels';
import { FilterSelect } from '../common/FilterSelect';
import { ParcelMap } from '../common/ParcelMap';
import { filterGrid } from './filterGrid';

export interface ListingFilter {
  districtCode?: string;
  landUse?: string;
  kind?: 'transfer' | 'lease';
  minPrice?: number;
  maxPrice?: number;
  q?: string;
  sort?: 'price' | 'area' | 'publishedAt';
}

const KIND_OPTIONS = Object.entries(LISTING_KIND_LABELS).map(([value, label]) => ({ value, label }));
const PAGE_SIZE = 20;

/** 挂牌信息检索: filters, a paged table and the same listings on the map. */
export default function ListingSearch() {
  const [form] = Form.useForm<ListingFilter>();
  const [filter, setFilter] = useState<ListingFilter>({ sort: 'publishedAt' });
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<Page<ListingSummary> | null>(null);
  const [features, setFeatures] = useState<ListingFeatureCollection | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // A phone stacks the filters, each as wide as the screen.
  const wide = Grid.useBreakpoint().md;
  const width = (desktop: number) => (wide ? desktop : '100%');

  const load = useCallback(
    async (next: ListingFilter, nextPage: number) => {
      setLoading(true);
      setError(null);
      try {
        const [listings, map] = await Promise.all([
          call<Page<ListingSummary>>(
            http.GET('/api/v1/listings', {
              params: { query: { ...next, page: nextPage, pageSize: PAGE_SIZE } },
            }),
          ),
          call<ListingFeatureCollection>(http.GET('/api/v1/listings/map', { params: { query: next } })),
        ]);
        setResult(listings);
        setFeatures(map);
      } catch (failure) {
        if (!showFieldErrors(form, failure)) setError(failure);
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
        <Form
          form={form}
          layout={wide ? 'inline' : 'vertical'}
          onFinish={search}
          initialValues={{ sort: 'publishedAt' }}
        >
          {filterGrid(wide, [
            [
              12,
              <FilterSelect
                name="districtCode"
                label="行政区"
                options={DISTRICT_OPTIONS}
                width={width(120)}
              />,
            ],
            [12, <FilterSelect name="landUse" label="用途" options={LAND_USE_OPTIONS} width={width(180)} />],
            [12, <FilterSelect name="kind" label="类型" options={KIND_OPTIONS} width={width(100)} />],
            [
              12,
              <Form.Item name="sort" label="排序">
                <Select
                  style={{ width: width(120) }}
                  options={[
                    { value: 'publishedAt', label: '最新发布' },
                    { value: 'price', label: '价格' },
                    { value: 'area', label: '面积' },
                  ]}
                />
              </Form.Item>,
            ],
            [
              12,
              <Form.Item name="minPrice" label={wide ? '价格（元）' : '最低价（元）'}>
                <InputNumber min={0} placeholder="最低" style={{ width: width(130) }} />
              </Form.Item>,
            ],
            [
              12,
              <Form.Item name="maxPrice" label={wide ? undefined : '最高价（元）'}>
                <InputNumber min={0} placeholder="最高" style={{ width: width(130) }} />
              </Form.Item>,
            ],
            [
              24,
              <Form.Item name="q" label="关键词">
                <Input allowClear placeholder="位置、描述" style={{ width: width(180) }} />
              </Form.Item>,
            ],
            [
              24,
              <Form.Item>
                <Button type="primary" htmlType="submit" loading={loading} block={!wide}>
                  检索
                </Button>
              </Form.Item>,
            ],
          ])}
        </Form>
      </Card>
      <ErrorBanner error={error} />
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
              { title: '挂牌编号', dataIndex: 'listingNumber', responsive: ['md'] },
              {
                title: '位置',
                dataIndex: 'location',
                render: (location: string, listing) => <Link to={`/listings/${listing.id}`}>{location}</Link>,
              },
              {
                title: '类型',
                render: (_, listing) => (
                  <Space>
                    <Tag color={listing.kind === 'transfer' ? 'blue' : 'green'}>
                      {LISTING_KIND_LABELS[listing.kind]}
                    </Tag>
                    {LISTING_MODE_LABELS[listing.mode]}
                  </Space>
                ),
              },
              { title: '面积（㎡）', dataIndex: 'areaM2', align: 'right', responsive: ['sm'] },
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
          <ParcelMap features={features} testId="listing-map" />
        </Col>
      </Row>
    </Space>
  );
}
