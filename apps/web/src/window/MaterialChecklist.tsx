import type { MaterialType } from '@domain/registration/material-checklist';
import { Checkbox, Form, Space, Table, Tag, Typography } from 'antd';
import { type ChecklistLine, materialLabel, PER_PERSON_MATERIALS, type PerPersonStatus } from './counter';
import { ScanUpload } from './ScanUpload';

/**
 * The material checklist of the situation, ticked item by item as the clerk sees each original, each with its
 * scan. A material whose scan the application already holds (filed online, or left at an earlier visit) needs
 * only the tick.
 */
export function MaterialChecklist({
  lines,
  perPerson,
  scanned = new Set(),
}: {
  lines: ChecklistLine[];
  perPerson: PerPersonStatus;
  scanned?: ReadonlySet<MaterialType>;
}) {
  const form = Form.useFormInstance();
  const rows = lines.map((line) => ({ ...line, key: line.type }));
  return (
    <Table
      size="small"
      pagination={false}
      dataSource={rows}
      data-testid="material-checklist"
      rowClassName={(line) => `material-${line.type}`}
      columns={[
        {
          title: '材料',
          key: 'name',
          render: (_, line) => (
            <Space size={4} wrap>
              <Typography.Text>{materialLabel(line.type)}</Typography.Text>
              {line.reasons.map((reason) => (
                <Tag key={reason}>{reason}</Tag>
              ))}
            </Space>
          ),
        },
        {
          title: '原件核验',
          key: 'checked',
          width: 150,
          render: (_, line) =>
            PER_PERSON_MATERIALS.includes(line.type) ? (
              <PerPersonTag type={line.type} status={perPerson} />
            ) : (
              <Form.Item name={['materials', line.type, 'checked']} valuePropName="checked" noStyle>
                <Checkbox aria-label={`${materialLabel(line.type)}原件已核验`}>已核验</Checkbox>
              </Form.Item>
            ),
        },
        {
          title: '扫描件',
          key: 'scan',
          width: 300,
          render: (_, line) => {
            if (PER_PERSON_MATERIALS.includes(line.type)) {
              return <Typography.Text type="secondary">在当事人一栏逐人上传</Typography.Text>;
            }
            if (scanned.has(line.type)) {
              return (
                <Space size={4}>
                  <Tag color="blue">申请中已有扫描件</Tag>
                  <Form.Item name={['materials', line.type, 'fileId']} style={{ marginBottom: 0 }}>
                    <ScanUpload label="另传一份" accept={line.accept} maxBytes={line.maxBytes} />
                  </Form.Item>
                </Space>
              );
            }
            return (
              <Form.Item
                name={['materials', line.type, 'fileId']}
                dependencies={[['materials', line.type, 'checked']]}
                style={{ marginBottom: 0 }}
                rules={[
                  {
                    validator: async (_rule, value: string | undefined) => {
                      if (form.getFieldValue(['materials', line.type, 'checked']) && !value) {
                        throw new Error('已核验的材料须上传扫描件');
                      }
                    },
                  },
                ]}
              >
                <ScanUpload accept={line.accept} maxBytes={line.maxBytes} testId={`scan-${line.type}`} />
              </Form.Item>
            );
          },
        },
      ]}
    />
  );
}

function PerPersonTag({ type, status }: { type: MaterialType; status: PerPersonStatus }) {
  if (type === 'identity') {
    return status.identityComplete ? (
      <Tag color="success">已逐人核验</Tag>
    ) : (
      <Tag color="warning">尚未齐全</Tag>
    );
  }
  if (status.agents === 0) return <Tag>无委托代理</Tag>;
  return status.agentsWithPowerOfAttorney === status.agents ? (
    <Tag color="success">已收取</Tag>
  ) : (
    <Tag color="warning">
      {status.agentsWithPowerOfAttorney}/{status.agents} 份
    </Tag>
  );
}
