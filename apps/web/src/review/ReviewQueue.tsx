import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { call, http } from '../api/client';
import { ErrorBanner } from '../common/feedback';
import { date, dateTime, districtName, REGISTRATION_KIND_LABELS, stateLabel } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { dueState, PRECHECK_LABELS, stateColor, TASK_LABELS } from './format';
import type { CountedPage, QueueItem } from './views';
import './review.css';

const PAGE_SIZE = 20;

export function DueDate({ item }: { item: { dueOn: string | null; overdue: boolean } }) {
  const state = dueState(item);
  if (state === 'none') return <Typography.Text type="secondary">未起算</Typography.Text>;
  return (
    <Space size={4} wrap>
      {date(item.dueOn)}
      {state === 'overdue' && <Tag color="red">已超期</Tag>}
      {state === 'today' && <Tag color="orange">今日到期</Tag>}
    </Space>
  );
}

/** Highlights what is late or due today, with a tag as well, so the colour is never the only signal. */
export function dueRowClass(item: { dueOn: string | null; overdue: boolean }): string {
  const state = dueState(item);
  return state === 'overdue' ? 'review-row-overdue' : state === 'today' ? 'review-row-due-today' : '';
}

/** 我的待办: what waits for this user, the earliest due first (the server's order). */
export function ReviewQueue() {
  const [page, setPage] = useState(1);
  const queue = useRequest(
    () =>
      call<CountedPage<QueueItem>>(
        http.GET('/api/v1/review-queue', { params: { query: { page, pageSize: PAGE_SIZE } } }),
      ),
    [page],
  );
  const overdue = queue.data?.items.filter((item) => dueState(item) === 'overdue').length ?? 0;

  return (
    <Card
      title="我的待办"
      extra={
        <Space>
          {queue.data && (
            <Typography.Text type="secondary">
              共 {queue.data.total} 件{overdue > 0 && `，本页 ${overdue} 件已超期`}
            </Typography.Text>
          )}
          <Button size="small" onClick={queue.reload} loading={queue.loading}>
            刷新
          </Button>
        </Space>
      }
    >
      <ErrorBanner error={queue.error} />
      <div data-testid="review-queue">
        <Table<QueueItem>
          rowKey="id"
          size="middle"
          loading={queue.loading}
          dataSource={queue.data?.items ?? []}
          rowClassName={dueRowClass}
          locale={{ emptyText: '暂无待办事项' }}
          scroll={{ x: 1000 }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: queue.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => `共 ${total} 件`,
            onChange: setPage,
          }}
          columns={[
            {
              title: '申请编号',
              dataIndex: 'applicationNumber',
              render: (number: string, item) => <Link to={`/review/applications/${item.id}`}>{number}</Link>,
            },
            {
              title: '待办事项',
              render: (_, item) => <Tag color="geekblue">{TASK_LABELS[item.task] ?? item.task}</Tag>,
            },
            {
              title: '办结期限',
              render: (_, item) => <DueDate item={item} />,
            },
            {
              title: '当前状态',
              render: (_, item) => <Tag color={stateColor(item.status)}>{stateLabel(item.status)}</Tag>,
            },
            { title: '登记类型', render: (_, item) => REGISTRATION_KIND_LABELS[item.kind] },
            {
              title: '不动产单元',
              render: (_, item) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text style={{ fontSize: 12 }}>{item.unitNumber}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {districtName(item.districtCode)}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: '申请人', dataIndex: 'applicantName' },
            {
              title: '预审',
              render: (_, item) =>
                item.precheckStatus ? (
                  <Tag color={PRECHECK_LABELS[item.precheckStatus].color}>
                    {PRECHECK_LABELS[item.precheckStatus].text}
                  </Tag>
                ) : (
                  '—'
                ),
            },
            { title: '提交时间', render: (_, item) => dateTime(item.submittedAt) },
          ]}
        />
      </div>
    </Card>
  );
}
