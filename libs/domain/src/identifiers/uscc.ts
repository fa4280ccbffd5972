import { IdentifierCheck, identifierFailure, normalizeIdentifier } from './identifier-check';

/** GB 32100-2015 drops I, O, Z, S and V so they cannot be misread as 1, 0, 2, 5 and U. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const USCC_LENGTH = 18;

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const MODULUS = USCC_ALPHABET.length;

export function normalizeUscc(value: string): string {
  return normalizeIdentifier(value);
}

/** Throws on a malformed body: callers are generators and tests, where that is a programming error. */
export function computeUsccCheckChar(body: string): string {
  if (body.length !== WEIGHTS.length) {
    throw new RangeError(`USCC body must be ${WEIGHTS.length} characters, got ${body.length}`);
  }
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) {
    const v = USCC_ALPHABET.indexOf(body[i]);
    if (v < 0) throw new RangeError(`USCC body character ${i + 1} is outside the GB 32100 alphabet`);
    sum += v * WEIGHTS[i];
  }
  return USCC_ALPHABET[(MODULUS - (sum % MODULUS)) % MODULUS];
}

export function validateUscc(value: string): IdentifierCheck {
  const code = normalizeUscc(value);
  if (code.length !== USCC_LENGTH) {
    return identifierFailure(
      'length',
      `统一社会信用代码应为 ${USCC_LENGTH} 位，实际为 ${code.length} 位`,
      `A unified social credit code has ${USCC_LENGTH} characters, this one has ${code.length}`,
    );
  }
  for (let i = 0; i < code.length; i++) {
    if (!USCC_ALPHABET.includes(code[i])) {
      return identifierFailure(
        'charset',
        `统一社会信用代码第 ${i + 1} 位“${code[i]}”不是合法字符（只允许数字和除 I、O、Z、S、V 以外的大写字母）`,
        `Unified social credit code character ${i + 1} ('${code[i]}') is not allowed (only digits and capital letters other than I, O, Z, S and V)`,
      );
    }
  }
  if (computeUsccCheckChar(code.slice(0, 17)) !== code[17]) {
    return identifierFailure(
      'checksum',
      '统一社会信用代码校验位错误，请核对是否有输错的字符',
      'The unified social credit code check character is wrong; please look for a mistyped character',
    );
  }
  return { valid: true, value: code };
}

export function isValidUscc(value: string): boolean {
  return validateUscc(value).valid;
}

/**
 * Random but well-formed codes for demo data and tests. The default prefix reads as a company (9 = market
 * regulation authority, 1 = enterprise) registered in Wuhai (150300); `random` is injectable so seeds are
 * reproducible.
 */
export function generateUscc(random: () => number = Math.random, prefix = '91150300'): string {
  if (prefix.length > 17) throw new RangeError('USCC prefix must leave room for the check character');
  let body = prefix;
  while (body.length < 17) body += USCC_ALPHABET[Math.floor(random() * MODULUS)];
  return body + computeUsccCheckChar(body);
}
