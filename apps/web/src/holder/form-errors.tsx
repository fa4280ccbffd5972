import { Alert } from 'antd';
import type { FormInstance } from 'antd';
import { ApiFailure } from '../api/client';
import { messageOf } from '../common/feedback';

type NamePath = (string | number)[];

/** `leaseTerm.end` or `materials[0].fileId` as an antd name path. */
export function apiPath(field: string): NamePath {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * The server's field problems beside the fields of a form whose fields are not all named as the API names
 * them (one date range for `startsAt` and `endsAt`, say). `nameOf` answers undefined for a problem no field
 * shows; then this returns false and the caller shows the refusal with FailureBanner.
 */
export function placeFieldErrors(
  form: FormInstance,
  failure: unknown,
  nameOf: (field: string) => NamePath | undefined,
): boolean {
  if (!(failure instanceof ApiFailure) || failure.fields.length === 0) return false;
  const placed = failure.fields.map((problem) => ({
    name: nameOf(problem.field),
    errors: [problem.message],
  }));
  form.setFields(placed.flatMap(({ name, errors }) => (name ? [{ name, errors }] : [])));
  return placed.every(({ name }) => name !== undefined);
}

/** A refusal as a banner, with every field problem spelled out: the summary alone only names the fields. */
export function FailureBanner({ failure }: { failure: unknown }) {
  if (!failure) return null;
  const problems = failure instanceof ApiFailure ? failure.fields : [];
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="error-banner"
      message={messageOf(failure)}
      description={
        problems.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {problems.map((problem) => (
              <li key={`${problem.field}:${problem.message}`}>{problem.message}</li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
