import { Form, Modal, type FormInstance, type FormProps } from 'antd';
import type { ReactNode } from 'react';
import { ErrorBanner } from '../common/feedback';
import { useSubmit } from '../common/useSubmit';
import { placeFailure } from './forms';

/**
 * The modal an administration form opens in. OK submits the form and runs `save`; a refusal goes beside the
 * field it names, or else into the banner, which cancelling clears. `intro` stands above the banner and
 * `footnote` below the form. `handled` may take a refusal first (a stale version, say).
 */
export function FormModal<T extends object>({
  form,
  title,
  open = true,
  okText,
  danger,
  okDisabled,
  width,
  intro,
  footnote,
  initialValues,
  preserve,
  save,
  handled,
  onCancel,
  children,
}: {
  form: FormInstance<T>;
  title: ReactNode;
  open?: boolean;
  okText: string;
  danger?: boolean;
  okDisabled?: boolean;
  width?: number;
  intro?: ReactNode;
  footnote?: ReactNode;
  initialValues?: FormProps<T>['initialValues'];
  preserve?: boolean;
  save: (values: T) => Promise<void>;
  handled?: (failure: unknown) => boolean;
  onCancel: () => void;
  children: ReactNode;
}) {
  const { busy, error, setError, submit } = useSubmit(
    save,
    (failure) => (handled?.(failure) ?? false) || placeFailure(form, failure),
  );

  return (
    <Modal
      title={title}
      open={open}
      okText={okText}
      okButtonProps={{ danger, loading: busy, disabled: okDisabled }}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(null);
        onCancel();
      }}
      destroyOnHidden
      width={width}
    >
      {intro}
      <ErrorBanner error={error} />
      <Form form={form} layout="vertical" onFinish={submit} preserve={preserve} initialValues={initialValues}>
        {children}
      </Form>
      {footnote}
    </Modal>
  );
}
