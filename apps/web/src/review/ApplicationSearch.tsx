import { Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { REGISTRATION_KINDS, REGISTRATION_STATES } from '@domain/registration/registration-model';
import type { RegistrationKind, RegistrationState } from '@domain/registration/registration-model';
import { call, http } from '../api/client';
import { ErrorBanner, showFieldErrors } from '../common/feedback';
import {
  dateTime,
  DISTRICT_OPTIONS,
  districtName,
  REGISTRATION_KIND_LABELS,
  stateLabel,
} from '../common/labels';
import { useRequest } from '../common/useRequest';
import { CHANNEL_LABELS, stateColor } from './format';
import { DueDate, dueRowClass } from './ReviewQueue';
import type { ApplicationSummary, CountedPage } from './views';

interface Filter {
  applicationNumber?: string;
  status?: RegistrationState;
  kind?: RegistrationKind;
  districtCode?: string;
}

const PAGE_SIZE = 20;
const STATUS_OPTIONS = REGISTRATION_STATES.filter((state) => state !== 'draft').map((value) => ({
  value,
  label: stateLabel(value),
}));
const KIND_OPTIONS = REGISTRATION_KINDS.map((value) => ({ value, label: REGISTRATION_KIND_LABELS[value] }));

/** 申请查询: every application of the user's districts, for what is not in their queue (requisitioned, done …). */
export function ApplicationSearch() {
  const [form] = Form.useForm<Filter>();
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState(1);
  const result = useRequest(
    () =>
      call<CountedPage<ApplicationSummary>>(
        http.GET('/api/v1/applications', { params: { query: { ...filter, page, pageSize: PAGE_SIZE } } }),
      ).catch((failure: unknown) => {
        if (showFieldErrors(form, failure)) return { items: [], total: 0, page, pageSize: PAGE_SIZE };
        throw failure;
      }),
    [filter, page],
  );

  function search(values: Filter) {
    setPage(1);
    setFilter({ ...values, applicationNumber: values.applicationNumber?.trim().toUpperCase() || undefined });
  }

  return (
    <Card title="申请查询">
      <Form form={form} layout="inline" onFinish={search} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item
          name="applicationNumber"
          label="申请编号"
          rules={[{ pattern: /^\s*DJ[0-9]{15}\s*$/i, message: '申请编号为 DJ 加 15 位数字' }]}
        >
          <Input allowClear placeholder="DJ…" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="status" label="状态">
          <Select allowClear options={STATUS_OPTIONS} placeholder="全部" style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="kind" label="类型">
          <Select allowClear options={KIND_OPTIONS} placeholder="全部" style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="districtCode" label="行政区">
          <Select allowClear options={DISTRICT_OPTIONS} placeholder="全部" style={{ width: 120 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={result.loading}>
            查询
          </Button>
        </Form.Item>
      </Form>
      <ErrorBanner error={result.error} />
      <Table<ApplicationSummary>
        rowKey="id"
        size="middle"
        loading={result.loading}
        dataSource={result.data?.items ?? []}
        rowClassName={dueRowClass}
        locale={{ emptyText: '没有符合条件的申请' }}
        scroll={{ x: 1000 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: result.data?.total ?? 0,
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
            title: '当前状态',
            render: (_, item) => <Tag color={stateColor(item.status)}>{stateLabel(item.status)}</Tag>,
          },
          { title: '办结期限', render: (_, item) => <DueDate item={item} /> },
          { title: '登记类型', render: (_, item) => REGISTRATION_KIND_LABELS[item.kind] },
          { title: '渠道', render: (_, item) => CHANNEL_LABELS[item.channel] },
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
          { title: '提交时间', render: (_, item) => dateTime(item.submittedAt) },
        ]}
      />
    </Card>
  );
}
