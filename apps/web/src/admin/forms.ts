import type { FormInstance, TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { ApiFailure } from '../api/client';
import { showFieldErrors } from '../common/feedback';

/**
 * Puts a refusal next to the field it concerns: the 400s' field problems, and the 409s that name their field in
 * `details.field` (a username or window code already taken). Returns false when the caller must show a banner.
 */
export function placeFailure(form: FormInstance, failure: unknown): boolean {
  if (showFieldErrors(form, failure)) return true;
  if (!(failure instanceof ApiFailure) || failure.status !== 409) return false;
  const field = (failure.details as { field?: unknown } | undefined)?.field;
  if (typeof field !== 'string' || !(field in (form.getFieldsValue(true) ?? {}))) return false;
  form.setFields([{ name: field, errors: [failure.message] }]);
  return true;
}

/** The fields of `after` that differ from `before`, for PATCH bodies that carry only what changed. */
export function changedFields<T extends object>(before: T, after: Partial<T>): Partial<T> {
  return Object.fromEntries(
    Object.entries(after).filter(([key, value]) => before[key as keyof T] !== value),
  ) as Partial<T>;
}

/** The 操作 column of a list, left out where the page is read-only (for auditors). */
export function actionColumn<T>(
  readOnly: boolean,
  width: number,
  render: (row: T) => ReactNode,
): TableColumnsType<T> {
  return readOnly ? [] : [{ title: '操作', width, render: (_: unknown, row: T) => render(row) }];
}
