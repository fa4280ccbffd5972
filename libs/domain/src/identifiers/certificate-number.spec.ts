import fc from 'fast-check';
import {
  CertificateNumberParts,
  formatCertificateNumber,
  isValidCertificateNumber,
  parseCertificateNumber,
  validateCertificateNumber,
} from './certificate-number';

const parts: fc.Arbitrary<CertificateNumberParts> = fc.record({
  series: fc.constantFrom('right' as const, 'proof' as const),
  year: fc.integer({ min: 1000, max: 9999 }),
  sequence: fc.integer({ min: 1, max: 9_999_999 }),
});

describe('certificate number', () => {
  it('formats both series as in DOMAIN.md', () => {
    expect(formatCertificateNumber({ series: 'right', year: 2026, sequence: 1234 })).toBe(
      '蒙(2026)乌海市不动产权第0001234号',
    );
    expect(formatCertificateNumber({ series: 'proof', year: 2026, sequence: 1234 })).toBe(
      '蒙(2026)乌海市不动产证明第0001234号',
    );
  });

  it('parses full-width parentheses into the canonical ASCII form', () => {
    expect(parseCertificateNumber(' 蒙（2026）乌海市不动产证明第0001234号 ')).toEqual({
      valid: true,
      value: '蒙(2026)乌海市不动产证明第0001234号',
      parts: { series: 'proof', year: 2026, sequence: 1234 },
    });
  });

  it.each([
    ['蒙(2026)乌海市不动产权第001234号', 'format'],
    ['蒙(26)乌海市不动产权第0001234号', 'format'],
    ['蒙(0999)乌海市不动产权第0001234号', 'format'],
    ['京(2026)乌海市不动产权第0001234号', 'format'],
    ['蒙(2026)包头市不动产权第0001234号', 'format'],
    ['蒙(2026)乌海市不动产登记第0001234号', 'format'],
    ['', 'format'],
    ['蒙(2026)乌海市不动产权第0000000号', 'sequence'],
  ])('rejects %s', (value, rule) => {
    expect(validateCertificateNumber(value)).toMatchObject({ valid: false, rule });
  });

  it('round-trips format and parse', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const number = formatCertificateNumber(p);
        expect(isValidCertificateNumber(number)).toBe(true);
        expect(parseCertificateNumber(number)).toEqual({ valid: true, value: number, parts: p });
      }),
    );
  });

  it('refuses to format out-of-range parts', () => {
    expect(() => formatCertificateNumber({ series: 'right', year: 2026, sequence: 0 })).toThrow(RangeError);
    expect(() => formatCertificateNumber({ series: 'right', year: 2026, sequence: 10_000_000 })).toThrow(
      RangeError,
    );
    expect(() => formatCertificateNumber({ series: 'right', year: 999, sequence: 1 })).toThrow(RangeError);
  });
});
