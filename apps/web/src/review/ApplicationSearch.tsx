import { Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { REGISTRATION_KINDS, REGISTRATION_STATES } from '@domain/registration/registration-model';
import type { RegistrationKind, RegistrationState } from '@domain/registration/registration-model';
import { call, http } from '../api/client';
import type { ApplicationSummary, CountedPage } from '../api/views';
import { ErrorBanner, showFieldErrors } from '../common/feedback';
import { FilterSelect } from '../common/FilterSelect';
import { DISTRICT_OPTIONS, REGISTRATION_KIND_LABELS, stateLabel } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { applicationColumns, ApplicationTable, PAGE_SIZE } from './ApplicationTable';
import { CHANNEL_LABELS } from './format';

interface Filter {
  applicationNumber?: string;
  status?: RegistrationState;
  kind?: RegistrationKind;
  districtCode?: string;
}

const STATUS_OPTIONS = REGISTRATION_STATES.filter((state) => state !== 'draft').map((value) => ({
  value,
  label: stateLabel(value),
}));
const KIND_OPTIONS = REGISTRATION_KINDS.map((value) => ({ value, label: REGISTRATION_KIND_LABELS[value] }));

const columns = applicationColumns<ApplicationSummary>();

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
        <FilterSelect name="status" label="状态" options={STATUS_OPTIONS} width={150} />
        <FilterSelect name="kind" label="类型" options={KIND_OPTIONS} width={150} />
        <FilterSelect name="districtCode" label="行政区" options={DISTRICT_OPTIONS} width={120} />
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={result.loading}>
            查询
          </Button>
        </Form.Item>
      </Form>
      <ErrorBanner error={result.error} />
      <ApplicationTable
        result={result}
        page={page}
        onPage={setPage}
        emptyText="没有符合条件的申请"
        columns={[
          columns.number,
          columns.status,
          columns.due,
          columns.kind,
          { title: '渠道', render: (_, item) => CHANNEL_LABELS[item.channel] },
          columns.unit,
          columns.applicant,
          columns.submitted,
        ]}
      />
    </Card>
  );
}
