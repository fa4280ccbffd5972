import { Card, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { call, http } from '../api/client';
import type { CountedPage } from '../api/views';
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
import type { MyBidView } from './views';

/** Where the holder's bid stands: leading or outbid while bidding runs, won or lost once it has ended. */
function standing(bid: MyBidView) {
  if (bid.status === 'published') {
    return bid.leading ? <Tag color="green">领先</Tag> : <Tag color="orange">已被超越</Tag>;
  }
  if (bid.status === 'closed') return bid.won ? <Tag color="blue">竞得</Tag> : <Tag>未竞得</Tag>;
  return null;
}

/** 我的竞买: the listings the holder has bid on, most recent bid first. */
export function BidsPage() {
  const [page, setPage] = useState(1);
  const bids = useRequest(
    () =>
      call<CountedPage<MyBidView>>(
        http.GET('/api/v1/listings/my-bids', { params: { query: { page, pageSize: PAGE_SIZE } } }),
      ),
    [page],
  );
  return (
    <Card title="我的竞买">
      <Typography.Paragraph type="secondary">
        出价请在挂牌信息页面进行。竞价结束后，最高有效出价者竞得，平台生成登记申请草稿，由挂牌人提交。
      </Typography.Paragraph>
      <Loadable state={bids}>
        {(data) => (
          <Table<MyBidView>
            rowKey="listingId"
            dataSource={data.items}
            loading={bids.loading}
            size="middle"
            scroll={{ x: 1000 }}
            data-testid="my-bids"
            locale={{ emptyText: '您还没有参与竞买' }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: data.total,
              onChange: setPage,
              hideOnSinglePage: true,
              showTotal: (total) => `共 ${total} 条`,
            }}
            columns={[
              {
                title: '挂牌编号',
                dataIndex: 'listingNumber',
                width: 170,
                render: (number: string, bid) => <Link to={`/listings/${bid.listingId}`}>{number}</Link>,
              },
              {
                title: '不动产单元',
                render: (_, bid) => (
                  <>
                    {placeOf(bid.districtCode, bid.location)}
                    <br />
                    <Typography.Text type="secondary">
                      {LISTING_KIND_LABELS[bid.kind]} · {LISTING_MODE_LABELS[bid.mode]}
                    </Typography.Text>
                  </>
                ),
              },
              { title: '挂牌价', dataIndex: 'askingPrice', width: 140, align: 'right', render: yuan },
              {
                title: '当前最高价',
                width: 160,
                align: 'right',
                render: (_, bid) => (
                  <>
                    {yuan(bid.finalPrice ?? bid.highestBid)}
                    <br />
                    <Typography.Text type="secondary">共 {bid.bidCount} 次出价</Typography.Text>
                  </>
                ),
              },
              {
                title: '我的最高出价',
                width: 160,
                align: 'right',
                render: (_, bid) => (
                  <>
                    {yuan(bid.myHighestBid)}
                    <br />
                    <Typography.Text type="secondary">我出价 {bid.myBidCount} 次</Typography.Text>
                  </>
                ),
              },
              { title: '截止时间', dataIndex: 'endsAt', width: 170, render: dateTime },
              {
                title: '状态',
                width: 150,
                render: (_, bid) => (
                  <>
                    <Tag color={LISTING_STATUS_COLORS[bid.status]}>{LISTING_STATUS_LABELS[bid.status]}</Tag>
                    {standing(bid)}
                  </>
                ),
              },
            ]}
          />
        )}
      </Loadable>
    </Card>
  );
}
