import { Form, Input, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useSubmit } from '../common/useSubmit';
import { FailureBanner, placeFieldErrors } from './form-errors';

/**
 * 撤回: a confirmation with an optional explanation, which `withdraw` gets trimmed, or undefined when left
 * blank. With `placed`, a refusal of the explanation is shown beside it rather than in the banner.
 */
export function WithdrawModal({
  title,
  intro,
  name,
  label,
  maxLength,
  placed,
  open,
  withdraw,
  onClose,
  onDone,
}: {
  title: string;
  intro?: ReactNode;
  name: string;
  label: string;
  maxLength: number;
  placed?: boolean;
  open: boolean;
  withdraw: (text: string | undefined) => Promise<unknown>;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<Record<string, string | undefined>>();
  const { busy, error, submit } = useSubmit(
    async (values: Record<string, string | undefined>) => {
      await withdraw(values[name]?.trim() || undefined);
      onDone();
    },
    (failure) =>
      !!placed && placeFieldErrors(form, failure, (field) => (field === name ? [name] : undefined)),
  );

  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      okText="确认撤回"
      okButtonProps={{ danger: true, loading: busy }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {intro}
      <FailureBanner failure={error} />
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name={name} label={label}>
          <Input.TextArea rows={3} maxLength={maxLength} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
