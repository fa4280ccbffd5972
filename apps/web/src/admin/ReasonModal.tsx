import { Form, Input, Modal } from 'antd';
import { useState, type ReactNode } from 'react';
import { ErrorBanner } from '../common/feedback';
import { placeFailure } from './forms';
import { REASON_RULES } from './labels';

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
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async ({ reason }: { reason: string }) => {
    setSaving(true);
    setError(null);
    try {
      await onConfirm(reason.trim());
    } catch (failure) {
      if (!placeFailure(form, failure)) setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={title}
      open={open}
      okText={okText}
      okButtonProps={{ danger, loading: saving }}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(null);
        onCancel();
      }}
      destroyOnHidden
    >
      {children}
      <ErrorBanner error={error} />
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name="reason" label="原因" rules={REASON_RULES}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={placeholder} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
