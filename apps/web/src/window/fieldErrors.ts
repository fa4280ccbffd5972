import type { FormInstance } from 'antd';
import { ApiFailure } from '../api/client';
import { showFieldErrors } from '../common/feedback';

/**
 * Puts each server field problem next to the form field `nameOf` finds for it, and returns true when every
 * problem found one; otherwise the caller shows the message in a banner, so nothing the server said is lost.
 */
export function placeFieldErrors(
  form: FormInstance,
  failure: unknown,
  nameOf: (field: string) => (string | number)[] | null,
): boolean {
  if (!(failure instanceof ApiFailure) || failure.fields.length === 0) return false;
  const names: Record<string, (string | number)[]> = {};
  for (const problem of failure.fields) {
    const name = nameOf(problem.field);
    if (name) names[problem.field] = name;
  }
  const placeable = failure.fields.filter((problem) => names[problem.field]);
  if (placeable.length > 0) {
    showFieldErrors(form, new ApiFailure(failure.status, failure.message, placeable, failure.details), names);
    form.scrollToField(names[placeable[0].field], { block: 'center' });
  }
  return placeable.length === failure.fields.length;
}
