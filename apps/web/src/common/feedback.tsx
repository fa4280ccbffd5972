import { Alert, Empty, Result, Spin } from 'antd';
import type { FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { ApiFailure } from '../api/client';

/** The message to show for anything a request threw: the server's own words, or a plain network failure. */
export function messageOf(failure: unknown): string {
  if (failure instanceof ApiFailure) return failure.message;
  return '无法连接服务器，请稍后重试 / the server could not be reached';
}

/**
 * Puts the server's field problems next to their fields. Returns true when every problem found a field,
 * so the caller shows a banner only for what no field explains.
 */
export function showFieldErrors(
  form: FormInstance,
  failure: unknown,
  fieldNames?: Record<string, (string | number)[]>,
): boolean {
  if (!(failure instanceof ApiFailure) || failure.fields.length === 0) return false;
  const known = new Set(Object.keys(form.getFieldsValue(true) ?? {}));
  const placed = failure.fields.map((problem) => {
    const name =
      fieldNames?.[problem.field] ??
      problem.field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    return { name, errors: [problem.message], root: String(name[0]) };
  });
  form.setFields(placed.map(({ name, errors }) => ({ name, errors })));
  return placed.every(({ root }) => known.has(root) || fieldNames !== undefined);
}

export function ErrorBanner({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      message={messageOf(error)}
      style={{ marginBottom: 16 }}
      data-testid="error-banner"
    />
  );
}

/** Loading, failure and empty in one place, so no page forgets one of them. */
export function Loadable<T>({
  state,
  empty,
  children,
}: {
  state: { data?: T; error?: unknown; loading: boolean };
  empty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  if (state.error) {
    return <Result status="warning" title="加载失败" subTitle={messageOf(state.error)} />;
  }
  if (state.loading && state.data === undefined) {
    return (
      <Spin style={{ display: 'block', margin: '48px auto' }} tip="加载中…">
        <div />
      </Spin>
    );
  }
  if (state.data === undefined) return null;
  if (empty?.(state.data)) return <Empty description="暂无数据" />;
  return <>{children(state.data)}</>;
}
