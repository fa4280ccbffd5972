import { MATERIAL_CONDITIONS, MATERIAL_TYPES } from '@domain/registration/material-checklist';
import type { RegistrationKind } from '@domain/registration/registration-model';
import { App, Button, Checkbox, Form, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { call, http } from '../api/client';
import type { ChecklistRow } from '../api/views';
import { Loadable } from '../common/feedback';
import { REGISTRATION_KIND_LABELS } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { FormModal } from './FormModal';
import { actionColumn } from './forms';
import { CONDITION_LABELS, CONTENT_TYPE_LABELS, materialLabel, PARTY_KIND_LABELS } from './labels';
import { ReasonField, ReasonModal } from './ReasonModal';

const MB = 1024 * 1024;
const KIND_OPTIONS = Object.entries(REGISTRATION_KIND_LABELS).map(([value, label]) => ({ value, label }));
const PARTY_KIND_OPTIONS = Object.entries(PARTY_KIND_LABELS).map(([value, label]) => ({ value, label }));
const MATERIAL_OPTIONS = MATERIAL_TYPES.map((value) => ({ value, label: materialLabel(value) }));
const CONDITION_OPTIONS = MATERIAL_CONDITIONS.map((value) => ({ value, label: CONDITION_LABELS[value] }));
const CONTENT_TYPE_OPTIONS = Object.entries(CONTENT_TYPE_LABELS).map(([value, label]) => ({ value, label }));

interface RowFields {
  kind: ChecklistRow['kind'];
  partyKind: ChecklistRow['partyKind'];
  materialType: ChecklistRow['materialType'];
  condition: ChecklistRow['condition'];
  allowedContentTypes: ('application/pdf' | 'image/jpeg' | 'image/png')[];
  maxMegabytes: number;
  reason: string;
}

/** 申请材料清单: what each kind of application needs, for whom and when; windows and online filing read it. */
export function ChecklistPanel({ readOnly }: { readOnly: boolean }) {
  const { message } = App.useApp();
  const [kind, setKind] = useState<RegistrationKind | undefined>();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<ChecklistRow | null>(null);
  const rows = useRequest(
    () => call<ChecklistRow[]>(http.GET('/api/v1/material-checklists', { params: { query: { kind } } })),
    [kind],
  );

  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Select
          allowClear
          placeholder="全部登记类型"
          options={KIND_OPTIONS}
          value={kind}
          onChange={(value?: RegistrationKind) => setKind(value)}
          style={{ width: 200 }}
        />
        {!readOnly && (
          <Button type="primary" onClick={() => setAdding(true)}>
            新增材料要求
          </Button>
        )}
      </Space>
      <Loadable state={rows}>
        {(data) => (
          <Table<ChecklistRow>
            rowKey="id"
            size="small"
            loading={rows.loading}
            dataSource={data}
            scroll={{ x: 900 }}
            locale={{ emptyText: '暂无材料要求' }}
            pagination={{ pageSize: 15, showSizeChanger: false, showTotal: (total) => `共 ${total} 项` }}
            columns={[
              {
                title: '登记类型',
                width: 140,
                render: (_, row) => REGISTRATION_KIND_LABELS[row.kind],
              },
              { title: '材料', render: (_, row) => materialLabel(row.materialType) },
              { title: '适用情形', width: 170, render: (_, row) => CONDITION_LABELS[row.condition] },
              { title: '当事人', width: 110, render: (_, row) => PARTY_KIND_LABELS[row.partyKind] },
              {
                title: '文件格式',
                width: 150,
                render: (_, row) =>
                  row.allowedContentTypes.map((type) => (
                    <Tag key={type}>{CONTENT_TYPE_LABELS[type] ?? type}</Tag>
                  )),
              },
              {
                title: '大小上限',
                width: 90,
                align: 'right',
                render: (_, row) => `${Number((row.maxBytes / MB).toFixed(1))} MB`,
              },
              ...actionColumn<ChecklistRow>(readOnly, 80, (row) => (
                <Button size="small" danger onClick={() => setRemoving(row)}>
                  删除
                </Button>
              )),
            ]}
          />
        )}
      </Loadable>
      {adding && (
        <AddRowModal
          onClose={() => setAdding(false)}
          onAdded={() => {
            message.success('已新增材料要求');
            setAdding(false);
            rows.reload();
          }}
        />
      )}
      <ReasonModal
        title="删除材料要求"
        open={removing !== null}
        okText="删除"
        danger
        onCancel={() => setRemoving(null)}
        onConfirm={async (reason) => {
          await call(
            http.DELETE('/api/v1/material-checklists/{id}', {
              params: { path: { id: removing!.id } },
              body: { reason },
            }),
          );
          message.success('已删除');
          setRemoving(null);
          rows.reload();
        }}
      >
        {removing && (
          <p>
            {`${REGISTRATION_KIND_LABELS[removing.kind]}：${materialLabel(removing.materialType)}（${CONDITION_LABELS[removing.condition]}）`}
          </p>
        )}
      </ReasonModal>
    </>
  );
}

function AddRowModal({ onClose, onAdded }: { onClose: () => void; onAdded: () => void }) {
  const [form] = Form.useForm<RowFields>();

  const save = async ({ maxMegabytes, reason, ...row }: RowFields) => {
    await call(
      http.POST('/api/v1/material-checklists', {
        body: { ...row, maxBytes: Math.round(maxMegabytes * MB), reason: reason.trim() },
      }),
    );
    onAdded();
  };

  return (
    <FormModal
      form={form}
      title="新增材料要求"
      okText="新增"
      initialValues={{
        partyKind: 'any',
        condition: 'always',
        allowedContentTypes: ['application/pdf', 'image/jpeg', 'image/png'],
        maxMegabytes: 20,
      }}
      save={save}
      onCancel={onClose}
    >
      <Form.Item name="kind" label="登记类型" rules={[{ required: true, message: '请选择登记类型' }]}>
        <Select options={KIND_OPTIONS} />
      </Form.Item>
      <Form.Item name="materialType" label="材料" rules={[{ required: true, message: '请选择材料' }]}>
        <Select options={MATERIAL_OPTIONS} showSearch optionFilterProp="label" />
      </Form.Item>
      <Form.Item name="condition" label="适用情形">
        <Select options={CONDITION_OPTIONS} />
      </Form.Item>
      <Form.Item name="partyKind" label="当事人">
        <Select options={PARTY_KIND_OPTIONS} />
      </Form.Item>
      <Form.Item
        name="allowedContentTypes"
        label="文件格式"
        rules={[{ required: true, message: '至少选择一种格式' }]}
      >
        <Checkbox.Group options={CONTENT_TYPE_OPTIONS} />
      </Form.Item>
      <Form.Item name="maxMegabytes" label="单个文件大小上限" rules={[{ required: true, message: '请填写' }]}>
        <InputNumber min={0.1} max={20} step={1} addonAfter="MB" />
      </Form.Item>
      <ReasonField label="原因" />
    </FormModal>
  );
}
