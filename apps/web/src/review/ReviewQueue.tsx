import { Button, Card, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { call, http } from '../api/client';
import type { CountedPage } from '../api/views';
import { ErrorBanner } from '../common/feedback';
import { useRequest } from '../common/useRequest';
import { applicationColumns, ApplicationTable, PAGE_SIZE } from './ApplicationTable';
import { dueState, PRECHECK_LABELS, TASK_LABELS } from './format';
import type { QueueItem } from './views';

const columns = applicationColumns<QueueItem>();

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
        <ApplicationTable
          result={queue}
          page={page}
          onPage={setPage}
          emptyText="暂无待办事项"
          columns={[
            columns.number,
            {
              title: '待办事项',
              render: (_, item) => <Tag color="geekblue">{TASK_LABELS[item.task] ?? item.task}</Tag>,
            },
            columns.due,
            columns.status,
            columns.kind,
            columns.unit,
            columns.applicant,
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
            columns.submitted,
          ]}
        />
      </div>
    </Card>
  );
}
