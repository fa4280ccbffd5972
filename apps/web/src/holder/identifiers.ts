import type { FormRule } from 'antd';
import { validateResidentId } from '@domain/identifiers/resident-id';
import { validateUscc } from '@domain/identifiers/uscc';

/**
 * The domain's own identifier checks, so the browser refuses a mistyped resident ID number or credit code with
 * the message the API would give (what is wrong: length, birth date, check character), before anything is sent.
 */
export function identifierRule(kind: 'person' | 'organization'): FormRule {
  return {
    validator: (_, value: string | undefined) => {
      if (!value) return Promise.resolve();
      const check = kind === 'person' ? validateResidentId(value) : validateUscc(value);
      return check.valid ? Promise.resolve() : Promise.reject(new Error(check.message.zh));
    },
  };
}
