import { Space, Table, Tag, Typography, type TableColumnType } from 'antd';
import { Link } from 'react-router-dom';
import type { ApplicationSummary, CountedPage } from '../api/views';
import { date, dateTime, districtName, REGISTRATION_KIND_LABELS, stateLabel } from '../common/labels';
import type { RequestState } from '../common/useRequest';
import { dueState, stateColor } from './format';
import './review.css';

export const PAGE_SIZE = 20;

function DueDate({ item }: { item: { dueOn: string | null; overdue: boolean } }) {
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
function dueRowClass(item: { dueOn: string | null; overdue: boolean }): string {
  const state = dueState(item);
  return state === 'overdue' ? 'review-row-overdue' : state === 'today' ? 'review-row-due-today' : '';
}

/** The columns the queue and the search share; each list puts them in its own order among its own. */
export function applicationColumns<T extends ApplicationSummary>() {
  const column = (spec: TableColumnType<T>) => spec;
  return {
    number: column({
      title: '申请编号',
      dataIndex: 'applicationNumber',
      render: (number: string, item) => <Link to={`/review/applications/${item.id}`}>{number}</Link>,
    }),
    status: column({
      title: '当前状态',
      render: (_, item) => <Tag color={stateColor(item.status)}>{stateLabel(item.status)}</Tag>,
    }),
    due: column({ title: '办结期限', render: (_, item) => <DueDate item={item} /> }),
    kind: column({ title: '登记类型', render: (_, item) => REGISTRATION_KIND_LABELS[item.kind] }),
    unit: column({
      title: '不动产单元',
      render: (_, item) => (
        <Space direction="vertical" size={0}>
          <Typography.Text style={{ fontSize: 12 }}>{item.unitNumber}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {districtName(item.districtCode)}
          </Typography.Text>
        </Space>
      ),
    }),
    applicant: column({ title: '申请人', dataIndex: 'applicantName' }),
    submitted: column({ title: '提交时间', render: (_, item) => dateTime(item.submittedAt) }),
  };
}

/** A page of applications, the late and the due-today ones highlighted. */
export function ApplicationTable<T extends ApplicationSummary>({
  result,
  page,
  onPage,
  emptyText,
  columns,
}: {
  result: RequestState<CountedPage<T>>;
  page: number;
  onPage: (page: number) => void;
  emptyText: string;
  columns: TableColumnType<T>[];
}) {
  return (
    <Table<T>
      rowKey="id"
      size="middle"
      loading={result.loading}
      dataSource={result.data?.items ?? []}
      rowClassName={dueRowClass}
      locale={{ emptyText }}
      scroll={{ x: 1000 }}
      pagination={{
        current: page,
        pageSize: PAGE_SIZE,
        total: result.data?.total ?? 0,
        showSizeChanger: false,
        showTotal: (total) => `共 ${total} 件`,
        onChange: onPage,
      }}
      columns={columns}
    />
  );
}
