import fc from 'fast-check';
import { USCC_ALPHABET, computeUsccCheckChar, generateUscc, isValidUscc, validateUscc } from './uscc';

const alphabetChar = fc.constantFrom(...USCC_ALPHABET);
const body = fc.string({ unit: alphabetChar, minLength: 17, maxLength: 17 });
const validUscc = body.map((b) => b + computeUsccCheckChar(b));

describe('USCC', () => {
  it('accepts the widely published example 91350100M000100Y43', () => {
    expect(computeUsccCheckChar('91350100M000100Y4')).toBe('3');
    expect(validateUscc('91350100M000100Y43')).toEqual({ valid: true, value: '91350100M000100Y43' });
  });

  it('normalises surrounding spaces and lower case', () => {
    expect(validateUscc(' 91350100m000100y43 ')).toEqual({ valid: true, value: '91350100M000100Y43' });
  });

  it('reports the rule and a bilingual message', () => {
    expect(validateUscc('91350100M000100Y4')).toMatchObject({ valid: false, rule: 'length' });
    expect(validateUscc('')).toMatchObject({ valid: false, rule: 'length' });
    expect(validateUscc('91350100MO00100Y43')).toMatchObject({
      valid: false,
      rule: 'charset',
      message: {
        zh: expect.stringContaining('第 10 位“O”'),
        en: expect.stringContaining("character 10 ('O')"),
      },
    });
    const wrongCheck = validateUscc('91350100M000100Y44');
    expect(wrongCheck).toEqual({
      valid: false,
      rule: 'checksum',
      message: {
        zh: expect.stringContaining('统一社会信用代码校验位错误'),
        en: expect.stringContaining('check character is wrong'),
      },
    });
  });

  it('rejects malformed bodies in the check-character helper', () => {
    expect(() => computeUsccCheckChar('91350100M000100Y')).toThrow(RangeError);
    expect(() => computeUsccCheckChar('91350100M000100I4')).toThrow(RangeError);
  });

  it('accepts every code built from a body and its check character', () => {
    fc.assert(fc.property(validUscc, (code) => isValidUscc(code)));
  });

  it('catches every single-character substitution', () => {
    fc.assert(
      fc.property(validUscc, (code) => {
        for (let position = 0; position < code.length; position++) {
          for (const replacement of USCC_ALPHABET) {
            if (replacement === code[position]) continue;
            const corrupted = code.slice(0, position) + replacement + code.slice(position + 1);
            expect(validateUscc(corrupted)).toMatchObject({ valid: false, rule: 'checksum' });
          }
        }
      }),
    );
  });

  it('generates valid codes with the requested prefix, reproducibly for a seeded source', () => {
    // A linear congruential generator is enough to show that equal seeds give equal codes.
    const seeded = (seed: number) => () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2147483646 }), (seed) => {
        const code = generateUscc(seeded(seed));
        expect(code).toMatch(/^91150300/);
        expect(isValidUscc(code)).toBe(true);
        expect(generateUscc(seeded(seed))).toBe(code);
        expect(isValidUscc(generateUscc(seeded(seed), '12150302'))).toBe(true);
      }),
    );
    expect(() => generateUscc(Math.random, '9'.repeat(18))).toThrow(RangeError);
  });
});
