import { App, Button, Card, Form, InputNumber, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { call, http } from '../api/client';
import { Loadable } from '../common/feedback';
import { dateTime } from '../common/labels';
import { useRequest } from '../common/useRequest';
import { ChecklistPanel } from './ChecklistPanel';
import { FormModal } from './FormModal';
import { actionColumn } from './forms';
import { ReasonField } from './ReasonModal';
import type { SettingView } from './views';

/** How a value reads: ratios as percentages, flags as yes or no. */
function formatValue(setting: SettingView, value: number | boolean): string {
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (setting.type === 'ratio') return `${Number((value * 100).toFixed(4))}%`;
  return String(value);
}

function rangeOf(setting: SettingView): string {
  if (setting.type === 'boolean' || setting.min === undefined) return '—';
  return `${formatValue(setting, setting.min)} – ${formatValue(setting, setting.max!)}`;
}

/** 系统参数: every configurable rule of the domain, and the material checklist applications are held to. */
export function SettingsPage({ readOnly }: { readOnly: boolean }) {
  return (
    <Card>
      <Tabs
        items={[
          { key: 'settings', label: '系统参数', children: <SettingsPanel readOnly={readOnly} /> },
          { key: 'checklists', label: '申请材料清单', children: <ChecklistPanel readOnly={readOnly} /> },
        ]}
      />
    </Card>
  );
}

function SettingsPanel({ readOnly }: { readOnly: boolean }) {
  const { message } = App.useApp();
  const [editing, setEditing] = useState<SettingView | null>(null);
  const settings = useRequest(() => call<SettingView[]>(http.GET('/api/v1/settings')), []);

  return (
    <>
      <Loadable state={settings} empty={(data) => data.length === 0}>
        {(data) => (
          <Table<SettingView>
            rowKey="key"
            size="middle"
            loading={settings.loading}
            dataSource={data}
            pagination={false}
            scroll={{ x: 900 }}
            columns={[
              {
                title: '参数',
                render: (_, setting) => (
                  <>
                    <div>{setting.description.zh}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {setting.key}
                    </Typography.Text>
                  </>
                ),
              },
              {
                title: '当前值',
                width: 110,
                render: (_, setting) => (
                  <span data-testid={`setting-${setting.key}`}>
                    <Typography.Text strong>{formatValue(setting, setting.value)}</Typography.Text>
                    {setting.value !== setting.default && (
                      <Tag color="blue" style={{ marginInlineStart: 6 }}>
                        已调整
                      </Tag>
                    )}
                  </span>
                ),
              },
              { title: '默认值', width: 90, render: (_, setting) => formatValue(setting, setting.default) },
              { title: '允许范围', width: 130, render: (_, setting) => rangeOf(setting) },
              {
                title: '更新时间',
                width: 170,
                render: (_, setting) => (setting.version > 1 ? dateTime(setting.updatedAt) : '—'),
              },
              ...actionColumn<SettingView>(readOnly, 80, (setting) => (
                <Button size="small" onClick={() => setEditing(setting)}>
                  修改
                </Button>
              )),
            ]}
          />
        )}
      </Loadable>
      {editing && (
        <SettingModal
          setting={editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            message.success(`已修改：${saved.description.zh}`);
            setEditing(null);
            settings.reload();
          }}
        />
      )}
    </>
  );
}

/** The editor follows the setting's definition (libs/domain/src/settings): a switch, a whole number or a decimal. */
function SettingModal({
  setting,
  onClose,
  onSaved,
}: {
  setting: SettingView;
  onClose: () => void;
  onSaved: (setting: SettingView) => void;
}) {
  const [form] = Form.useForm<{ value: number | boolean; reason: string }>();
  const value = Form.useWatch('value', form);

  const save = async (values: { value: number | boolean; reason: string }) => {
    onSaved(
      await call<SettingView>(
        http.PUT('/api/v1/settings/{key}', {
          params: { path: { key: setting.key } },
          body: { value: values.value, reason: values.reason.trim() },
        }),
      ),
    );
  };

  return (
    <FormModal
      form={form}
      title={setting.description.zh}
      okText="保存"
      intro={
        <Typography.Paragraph type="secondary">
          {setting.key} · 默认 {formatValue(setting, setting.default)}
          {setting.type !== 'boolean' && ` · 范围 ${rangeOf(setting)}`}
        </Typography.Paragraph>
      }
      initialValues={{ value: setting.value }}
      save={save}
      onCancel={onClose}
    >
      {setting.type === 'boolean' ? (
        <Form.Item name="value" label="取值" valuePropName="checked">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
      ) : (
        <Form.Item
          name="value"
          label="取值"
          rules={[{ required: true, message: '请填写取值' }]}
          extra={
            setting.type === 'ratio' && typeof value === 'number'
              ? `即 ${formatValue(setting, value)}（以小数填写，如 0.25 表示 25%）`
              : undefined
          }
        >
          <InputNumber
            min={setting.min}
            max={setting.max}
            precision={setting.type === 'integer' ? 0 : undefined}
            step={setting.type === 'ratio' ? 0.01 : 1}
            style={{ width: 200 }}
          />
        </Form.Item>
      )}
      <ReasonField label="修改原因" />
    </FormModal>
  );
}
