import fc from 'fast-check';
import { isConstructionLandUse, landUseClassOf } from './land-use';
import { isShare, sharesSumToOne } from './shares';

describe('land use codes', () => {
  it.each(['0501', '0601', '0602', '0604', '0701', '0801', '0901', '1001'])('accepts %s', (code) => {
    expect(isConstructionLandUse(code)).toBe(true);
  });
  it.each(['0101', '0500', '601', '06011', 'abcd', '1101'])('refuses %s', (code) => {
    expect(isConstructionLandUse(code)).toBe(false);
  });
  it('derives the first-level class', () => {
    expect(landUseClassOf('0701')).toBe('07');
  });
});

describe('co-ownership shares', () => {
  it('accepts a sole holder, halves and thirds', () => {
    expect(sharesSumToOne(['1'])).toBe(true);
    expect(sharesSumToOne(['0.5', '0.5'])).toBe(true);
    expect(sharesSumToOne(['0.33333333', '0.33333333', '0.33333334'])).toBe(true);
    expect(sharesSumToOne(['0.33333333', '0.33333333', '0.33333333'])).toBe(true);
  });

  it('refuses sums that are not one, zero shares and malformed values', () => {
    expect(sharesSumToOne(['0.5', '0.4'])).toBe(false);
    expect(sharesSumToOne(['0.6', '0.6'])).toBe(false);
    expect(sharesSumToOne([])).toBe(false);
    expect(sharesSumToOne(['1', '0'])).toBe(false);
    expect(isShare('1.5')).toBe(false);
    expect(isShare('.5')).toBe(false);
    expect(isShare('0.123456789')).toBe(false);
  });

  it('accepts any split of one into parts written to eight places', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 8 }),
        (weights) => {
          const total = weights.reduce((sum, weight) => sum + weight, 0);
          const scaled = weights.map((weight) => Math.floor((weight / total) * 1e8));
          scaled[0] += 1e8 - scaled.reduce((sum, part) => sum + part, 0);
          fc.pre(scaled.every((part) => part > 0));
          const shares = scaled.map((part) => (part === 1e8 ? '1' : `0.${String(part).padStart(8, '0')}`));
          expect(sharesSumToOne(shares)).toBe(true);
        },
      ),
    );
  });
});
