import fc from 'fast-check';
import {
  computeResidentIdCheckChar,
  isValidResidentId,
  maskResidentId,
  normalizeResidentId,
  validateResidentId,
} from './resident-id';

const TODAY = '2026-03-15';
const digits = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const birthDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));
const validId = fc
  .tuple(digits(6), birthDate, digits(3))
  .map(([region, birth, seq]) => region + birth + seq)
  .map((body) => body + computeResidentIdCheckChar(body));

function withCheck(body: string): string {
  return body + computeResidentIdCheckChar(body);
}

describe('resident ID', () => {
  it('accepts the GB 11643 example 11010519491231002X', () => {
    expect(validateResidentId('11010519491231002X', TODAY)).toEqual({
      valid: true,
      value: '11010519491231002X',
    });
  });

  it('accepts a lower-case x and returns the canonical upper-case form', () => {
    expect(normalizeResidentId(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(validateResidentId('11010519491231002x', TODAY)).toEqual({
      valid: true,
      value: '11010519491231002X',
    });
  });

  it('reports length and charset problems', () => {
    expect(validateResidentId('11010519491231002', TODAY)).toMatchObject({ valid: false, rule: 'length' });
    expect(validateResidentId('1101051949123100X2', TODAY)).toMatchObject({ valid: false, rule: 'charset' });
    expect(validateResidentId('11010519491231002Y', TODAY)).toMatchObject({ valid: false, rule: 'charset' });
  });

  it('accepts 29 February only in leap years', () => {
    expect(isValidResidentId(withCheck('15030220000229123'), TODAY)).toBe(true);
    expect(isValidResidentId(withCheck('15030220240229123'), TODAY)).toBe(true);
    expect(validateResidentId(withCheck('15030219000229123'), TODAY)).toMatchObject({ rule: 'birthDate' });
    expect(validateResidentId(withCheck('15030220230229123'), TODAY)).toMatchObject({ rule: 'birthDate' });
  });

  it('rejects impossible dates and years before 1900', () => {
    for (const birth of ['19901301', '19900431', '19900100', '18991231']) {
      expect(validateResidentId(withCheck(`150302${birth}123`), TODAY)).toMatchObject({ rule: 'birthDate' });
    }
  });

  it('rejects a birth date after today but accepts today itself', () => {
    expect(isValidResidentId(withCheck('15030220260315123'), TODAY)).toBe(true);
    expect(validateResidentId(withCheck('15030220260316123'), TODAY)).toMatchObject({
      valid: false,
      rule: 'birthDateInFuture',
    });
    expect(isValidResidentId(withCheck('15030220260316123'), new Date('2026-03-16T00:00:00Z'))).toBe(true);
  });

  it('reads a Date as a Beijing calendar day', () => {
    // 2026-03-15T17:00Z is already 16 March in Beijing.
    expect(isValidResidentId(withCheck('15030220260316123'), new Date('2026-03-15T17:00:00Z'))).toBe(true);
    expect(isValidResidentId(withCheck('15030220260316123'), new Date('2026-03-15T15:59:59Z'))).toBe(false);
  });

  it('throws on a malformed today, since that is a programming error', () => {
    expect(() => validateResidentId('11010519491231002X', '2026-02-30')).toThrow(RangeError);
    expect(() => validateResidentId('11010519491231002X', new Date('nonsense'))).toThrow(RangeError);
  });

  it('reports a wrong check character bilingually without echoing the number', () => {
    const result = validateResidentId('110105194912310021', TODAY);
    expect(result).toMatchObject({ valid: false, rule: 'checksum' });
    expect(JSON.stringify(result)).not.toContain('11010519491231');
  });

  it('masks all but the region code and the last four characters', () => {
    expect(maskResidentId('150302199003071234')).toBe('150302********1234');
    expect(maskResidentId('11010519491231002x')).toBe('110105********002X');
    expect(() => maskResidentId('1503021990')).toThrow(RangeError);
  });

  it('accepts every generated ID with a real past birth date', () => {
    fc.assert(fc.property(validId, (id) => validateResidentId(id, TODAY).valid));
  });

  it('catches every single-character substitution, and the checksum alone would catch it', () => {
    fc.assert(
      fc.property(validId, (id) => {
        for (let position = 0; position < id.length; position++) {
          for (const replacement of '0123456789X') {
            if (replacement === id[position]) continue;
            const corrupted = id.slice(0, position) + replacement + id.slice(position + 1);
            expect(isValidResidentId(corrupted, TODAY)).toBe(false);
            if (position < 17 && replacement !== 'X') {
              expect(computeResidentIdCheckChar(corrupted.slice(0, 17))).not.toBe(id[17]);
            }
          }
        }
      }),
    );
  });

  it('rejects malformed bodies in the check-character helper', () => {
    expect(() => computeResidentIdCheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => computeResidentIdCheckChar('1101051949123100X')).toThrow(RangeError);
  });
});
