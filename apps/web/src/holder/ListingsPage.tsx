import { Button, Card, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { call, http } from '../api/client';
import type { ListingOwnerView } from '../api/views';
import { Loadable } from '../common/feedback';
import {
  dateTime,
  LISTING_KIND_LABELS,
  LISTING_MODE_LABELS,
  LISTING_STATUS_LABELS,
  yuan,
} from '../common/labels';
import { useRequest } from '../common/useRequest';
import { LISTING_STATUS_COLORS, placeOf } from './labels';
import { PAGE_SIZE } from './paging';

/** 我的挂牌: the holder's listings in every state, newest first. */
export function ListingsPage() {
  const listings = useRequest(() => call<ListingOwnerView[]>(http.GET('/api/v1/listings/mine')), []);
  return (
    <Card
      title="我的挂牌"
      extra={
        <Link to="/holder/listings/new">
          <Button type="primary">新建挂牌</Button>
        </Link>
      }
    >
      <Typography.Paragraph type="secondary">
        挂牌草稿提交后，平台将声明事项与登记簿逐项核对，再由登记机构确认发布。
      </Typography.Paragraph>
      <Loadable state={listings}>
        {(data) => (
          <Table<ListingOwnerView>
            rowKey="id"
            dataSource={data}
            loading={listings.loading}
            size="middle"
            scroll={{ x: 1000 }}
            data-testid="my-listings"
            locale={{ emptyText: '您还没有挂牌信息' }}
            pagination={{
              pageSize: PAGE_SIZE,
              showTotal: (total) => `共 ${total} 条`,
              hideOnSinglePage: true,
            }}
            columns={[
              {
                title: '挂牌编号',
                dataIndex: 'listingNumber',
                width: 170,
                render: (number: string, listing) => (
                  <Link to={`/holder/listings/${listing.id}`}>{number}</Link>
                ),
              },
              {
                title: '不动产单元',
                render: (_, listing) => (
                  <>
                    {listing.unitNumber}
                    <br />
                    <Typography.Text type="secondary">
                      {placeOf(listing.districtCode, listing.location)}
                    </Typography.Text>
                  </>
                ),
              },
              {
                title: '方式',
                width: 130,
                render: (_, listing) =>
                  `${LISTING_KIND_LABELS[listing.kind]} · ${LISTING_MODE_LABELS[listing.mode]}`,
              },
              {
                title: '挂牌价',
                width: 150,
                align: 'right',
                render: (_, listing) => (
                  <>
                    {yuan(listing.askingPrice)}
                    {listing.kind === 'lease' && <Typography.Text type="secondary">/年</Typography.Text>}
                  </>
                ),
              },
              {
                title: '出价',
                width: 150,
                align: 'right',
                render: (_, listing) =>
                  listing.mode === 'negotiated'
                    ? '—'
                    : `${listing.bidCount} 次 / ${yuan(listing.highestBid)}`,
              },
              { title: '截止时间', dataIndex: 'endsAt', width: 170, render: dateTime },
              {
                title: '状态',
                dataIndex: 'status',
                width: 100,
                render: (status: ListingOwnerView['status']) => (
                  <Tag color={LISTING_STATUS_COLORS[status]}>{LISTING_STATUS_LABELS[status]}</Tag>
                ),
              },
            ]}
          />
        )}
      </Loadable>
    </Card>
  );
}
