import { Form, Input } from 'antd';
import type { ReactNode } from 'react';
import { FormModal } from './FormModal';
import { REASON_RULES } from './labels';

/** The reason a change is made for, which the audit trail keeps with it. */
export function ReasonField({
  label,
  rows = 2,
  showCount,
  placeholder,
}: {
  label: string;
  rows?: number;
  showCount?: boolean;
  placeholder?: string;
}) {
  return (
    <Form.Item name="reason" label={label} rules={REASON_RULES}>
      <Input.TextArea rows={rows} maxLength={500} showCount={showCount} placeholder={placeholder} />
    </Form.Item>
  );
}

/**
 * A confirmation that asks why, for the changes whose reason the audit trail keeps (deactivate, delete, cover).
 * The parent closes it once `onConfirm` resolves; its form goes with it.
 */
export function ReasonModal({
  title,
  open,
  okText,
  danger,
  children,
  placeholder,
  onCancel,
  onConfirm,
}: {
  title: string;
  open: boolean;
  okText: string;
  danger?: boolean;
  children?: ReactNode;
  placeholder?: string;
  onCancel: () => void;
  onConfirm: (reason: string) => Promise<void>;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <FormModal
      form={form}
      title={title}
      open={open}
      okText={okText}
      danger={danger}
      intro={children}
      preserve={false}
      save={({ reason }) => onConfirm(reason.trim())}
      onCancel={onCancel}
    >
      <ReasonField label="原因" rows={3} showCount placeholder={placeholder} />
    </FormModal>
  );
}
