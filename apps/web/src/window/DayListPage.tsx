import { Card, Space, Statistic, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { call, http } from '../api/client';
import { Loadable } from '../common/feedback';
import { dateTime, REGISTRATION_KIND_LABELS } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { useCounterWindow } from './CounterWindow';
import { DocumentButton } from './DocumentButton';
import { ReportDayPicker, useReportDay } from './ReportDay';
import type { DayListEntry } from './views';

function minutes(entry: DayListEntry): number {
  return (new Date(entry.decidedAt).getTime() - new Date(entry.startedAt).getTime()) / 60_000;
}

/** 当日受理清单: every decision of this window on one day, in the order of acceptance that priority follows. */
export function DayListPage() {
  const counter = useCounterWindow();
  const [day, setDay] = useReportDay();
  const list = useRequest(
    () => call<DayListEntry[]>(http.GET('/api/v1/intake/day-list', { params: { query: { date: day } } })),
    [day],
  );

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        当日受理清单
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap size="large">
          <Space>
            <Typography.Text>日期</Typography.Text>
            <ReportDayPicker day={day} onChange={setDay} />
          </Space>
          {list.data && (
            <>
              <Statistic title="接件" value={list.data.length} />
              <Statistic
                title="当场受理"
                value={list.data.filter((entry) => entry.outcome === 'accepted').length}
              />
              <Statistic
                title="一次性告知"
                value={list.data.filter((entry) => entry.outcome === 'refused').length}
              />
            </>
          )}
        </Space>
      </Card>
      <Loadable state={list}>
        {(entries) => (
          <Table<DayListEntry>
            size="small"
            rowKey="intakeId"
            dataSource={entries}
            data-testid="day-list"
            scroll={{ x: 1080 }}
            pagination={{
              defaultPageSize: 10,
              showSizeChanger: true,
              showTotal: (total) => `共 ${total} 件`,
            }}
            locale={{ emptyText: `${counter.name}该日没有受理记录` }}
            columns={[
              {
                title: '序号',
                key: 'order',
                width: 56,
                render: (_, entry) => entries.indexOf(entry) + 1,
              },
              {
                title: '决定时间',
                dataIndex: 'decidedAt',
                width: 160,
                defaultSortOrder: 'ascend',
                sorter: (a, b) => a.decidedAt.localeCompare(b.decidedAt),
                render: (value: string) => dateTime(value),
              },
              {
                title: '文书编号',
                dataIndex: 'documentNumber',
                width: 170,
                sorter: (a, b) => a.documentNumber.localeCompare(b.documentNumber),
              },
              {
                title: '结果',
                dataIndex: 'outcome',
                width: 104,
                filters: [
                  { text: '当场受理', value: 'accepted' },
                  { text: '一次性告知', value: 'refused' },
                ],
                onFilter: (value, entry) => entry.outcome === value,
                render: (outcome: DayListEntry['outcome']) =>
                  outcome === 'accepted' ? (
                    <Tag color="success">当场受理</Tag>
                  ) : (
                    <Tag color="warning">一次性告知</Tag>
                  ),
              },
              {
                title: '登记类型',
                dataIndex: 'kind',
                width: 130,
                sorter: (a, b) => a.kind.localeCompare(b.kind),
                render: (kind: DayListEntry['kind']) => REGISTRATION_KIND_LABELS[kind],
              },
              {
                title: '渠道',
                dataIndex: 'channel',
                width: 64,
                render: (channel: DayListEntry['channel']) => (channel === 'online' ? '网上' : '窗口'),
              },
              {
                title: '申请编号',
                dataIndex: 'applicationNumber',
                width: 170,
                sorter: (a, b) => a.applicationNumber.localeCompare(b.applicationNumber),
                render: (number: string, entry) =>
                  entry.outcome === 'refused' ? (
                    <Link to={`/window/applications/${entry.applicationId}`}>{number}</Link>
                  ) : (
                    number
                  ),
              },
              { title: '受理人员', dataIndex: 'clerk', ellipsis: true },
              {
                title: '办理用时',
                key: 'minutes',
                width: 90,
                sorter: (a, b) => minutes(a) - minutes(b),
                render: (_, entry) => `${Math.max(1, Math.round(minutes(entry)))} 分钟`,
              },
              {
                title: '文书',
                key: 'document',
                width: 100,
                render: (_, entry) => (
                  <DocumentButton
                    url={entry.pdfUrl}
                    size="small"
                    title={`${entry.outcome === 'accepted' ? '受理凭证' : '一次性告知书'} ${entry.documentNumber}`}
                  >
                    {entry.outcome === 'accepted' ? '受理凭证' : '告知书'}
                  </DocumentButton>
                ),
              },
            ]}
          />
        )}
      </Loadable>
    </>
  );
}
