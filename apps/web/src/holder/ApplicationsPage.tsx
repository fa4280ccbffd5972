import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  REGISTRATION_STATES,
  type RegistrationKind,
  type RegistrationState,
} from '@domain/registration/registration-model';
import { call, http } from '../api/client';
import type { ApplicationSummary, CountedPage } from '../api/views';
import { Loadable } from '../common/feedback';
import { date, dateTime, REGISTRATION_KIND_LABELS, stateLabel } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { APPLICATION_STATUS_COLORS } from './labels';
import { PAGE_SIZE } from './paging';

const PRECHECK_LABELS = { pending: '预审中', passed: '预审通过', failed: '预审未通过' } as const;

/** 我的申请: the registration applications in which the holder is a party, newest first. */
export function ApplicationsPage() {
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<RegistrationState>();
  const [kind, setKind] = useState<RegistrationKind>();
  const applications = useRequest(
    () =>
      call<CountedPage<ApplicationSummary>>(
        http.GET('/api/v1/applications', {
          params: { query: { mine: 'true', status, kind, page, pageSize: PAGE_SIZE } },
        }),
      ),
    [page, status, kind],
  );
  return (
    <Card
      title="我的申请"
      extra={
        <Link to="/holder/applications/new">
          <Button type="primary">新建申请</Button>
        </Link>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<RegistrationKind>
          allowClear
          placeholder="登记类型"
          style={{ width: 180 }}
          value={kind}
          onChange={(value) => {
            setKind(value);
            setPage(1);
          }}
          options={Object.entries(REGISTRATION_KIND_LABELS).map(([value, label]) => ({
            value: value as RegistrationKind,
            label,
          }))}
        />
        <Select<RegistrationState>
          allowClear
          placeholder="办理状态"
          style={{ width: 160 }}
          value={status}
          onChange={(value) => {
            setStatus(value);
            setPage(1);
          }}
          options={REGISTRATION_STATES.map((value) => ({ value, label: stateLabel(value) }))}
        />
        <Typography.Text type="secondary">需要您作为对方当事人确认的申请见“待我确认”。</Typography.Text>
      </Space>
      <Loadable state={applications}>
        {(data) => (
          <Table<ApplicationSummary>
            rowKey="id"
            dataSource={data.items}
            loading={applications.loading}
            size="middle"
            scroll={{ x: 1000 }}
            data-testid="my-applications"
            locale={{ emptyText: '没有符合条件的登记申请' }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: data.total,
              onChange: setPage,
              showTotal: (total) => `共 ${total} 件`,
            }}
            columns={[
              {
                title: '申请编号',
                dataIndex: 'applicationNumber',
                width: 190,
                render: (number: string, application) => (
                  <Link to={`/holder/applications/${application.id}`}>{number}</Link>
                ),
              },
              {
                title: '登记类型',
                dataIndex: 'kind',
                width: 150,
                render: (value: RegistrationKind) => REGISTRATION_KIND_LABELS[value],
              },
              { title: '不动产单元号', dataIndex: 'unitNumber', width: 250 },
              { title: '申请人', dataIndex: 'applicantName' },
              {
                title: '状态',
                width: 190,
                render: (_, application) => (
                  <Space size={4} wrap>
                    <Tag color={APPLICATION_STATUS_COLORS[application.status]}>
                      {stateLabel(application.status)}
                    </Tag>
                    {application.status === 'submitted' && application.precheckStatus && (
                      <Tag>{PRECHECK_LABELS[application.precheckStatus]}</Tag>
                    )}
                  </Space>
                ),
              },
              {
                title: '办结期限',
                dataIndex: 'dueOn',
                width: 120,
                render: (dueOn: string | null, application) =>
                  dueOn ? (
                    <Typography.Text type={application.overdue ? 'danger' : undefined}>
                      {date(dueOn)}
                    </Typography.Text>
                  ) : (
                    '—'
                  ),
              },
              {
                title: '提交时间',
                width: 170,
                dataIndex: 'submittedAt',
                render: (submittedAt: string | null) => (submittedAt ? dateTime(submittedAt) : '未提交'),
              },
            ]}
          />
        )}
      </Loadable>
    </Card>
  );
}
