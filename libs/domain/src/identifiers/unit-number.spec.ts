import fc from 'fast-check';
import {
  DISTRICT_CODES,
  DistrictCode,
  UnitNumberParts,
  buildUnitNumber,
  isKnownDistrictCode,
  isValidUnitNumber,
  parseUnitNumber,
  validateUnitNumber,
} from './unit-number';

const EXAMPLE = '150302003001GB00012F00010002';

const parts: fc.Arbitrary<UnitNumberParts> = fc.oneof(
  fc.record({
    districtCode: fc.constantFrom(...(Object.keys(DISTRICT_CODES) as DistrictCode[])),
    cadastralZone: fc.integer({ min: 0, max: 999 }),
    cadastralSubzone: fc.integer({ min: 0, max: 999 }),
    parcelSequence: fc.integer({ min: 0, max: 99_999 }),
    buildingCode: fc.constant('F' as const),
    buildingUnitSequence: fc.integer({ min: 0, max: 99_999_999 }),
  }),
  fc.record({
    districtCode: fc.constantFrom(...(Object.keys(DISTRICT_CODES) as DistrictCode[])),
    cadastralZone: fc.integer({ min: 0, max: 999 }),
    cadastralSubzone: fc.integer({ min: 0, max: 999 }),
    parcelSequence: fc.integer({ min: 0, max: 99_999 }),
    buildingCode: fc.constant('W' as const),
    buildingUnitSequence: fc.constant(0),
  }),
);

function replaceAt(value: string, start: number, replacement: string): string {
  return value.slice(0, start) + replacement + value.slice(start + replacement.length);
}

describe('unit number', () => {
  it('parses a building unit into its parts', () => {
    expect(parseUnitNumber(EXAMPLE)).toEqual({
      valid: true,
      value: EXAMPLE,
      parts: {
        districtCode: '150302',
        cadastralZone: 3,
        cadastralSubzone: 1,
        parcelSequence: 12,
        buildingCode: 'F',
        buildingUnitSequence: 10002,
        parcelCode: '150302003001GB00012',
      },
    });
  });

  it('accepts a land-only unit and normalises case and spaces', () => {
    expect(validateUnitNumber(' 150304001002gb00345w00000000 ')).toEqual({
      valid: true,
      value: '150304001002GB00345W00000000',
    });
  });

  it('knows the Wuhai district codes', () => {
    expect(['150302', '150303', '150304'].every(isKnownDistrictCode)).toBe(true);
    expect(isKnownDistrictCode('150371')).toBe(false);
    expect(isKnownDistrictCode('150300')).toBe(false);
    expect(isKnownDistrictCode('toString')).toBe(false);
  });

  it.each([
    ['wrong length', EXAMPLE.slice(0, 27), 'length'],
    ['unknown district', replaceAt(EXAMPLE, 0, '150202'), 'districtCode'],
    ['letter in the cadastral zone', replaceAt(EXAMPLE, 6, 'A'), 'charset'],
    ['letter in the parcel sequence', replaceAt(EXAMPLE, 18, 'B'), 'charset'],
    ['collective ownership', replaceAt(EXAMPLE, 12, 'J'), 'featureCode'],
    ['a right type other than construction land', replaceAt(EXAMPLE, 13, 'A'), 'featureCode'],
    ['unknown building code', replaceAt(EXAMPLE, 19, 'L'), 'buildingCode'],
    ['land-only unit with a building sequence', replaceAt(EXAMPLE, 19, 'W'), 'buildingCode'],
    ['letter in the building-unit sequence', replaceAt(EXAMPLE, 27, 'X'), 'charset'],
  ])('rejects %s', (_case, value, rule) => {
    expect(validateUnitNumber(value)).toMatchObject({
      valid: false,
      rule,
      message: { zh: expect.stringMatching(/\S/), en: expect.stringMatching(/\S/) },
    });
  });

  it('names the known districts when the code is unknown', () => {
    expect(validateUnitNumber(replaceAt(EXAMPLE, 0, '150202'))).toMatchObject({
      message: { zh: expect.stringContaining('150302 海勃湾区'), en: expect.stringContaining('150304 Wuda') },
    });
  });

  it('round-trips every well-formed set of parts', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const unit = buildUnitNumber(p);
        expect(unit).toHaveLength(28);
        expect(isValidUnitNumber(unit)).toBe(true);
        const parsed = parseUnitNumber(unit);
        expect(parsed.valid && buildUnitNumber(parsed.parts)).toBe(unit);
        expect(parsed.valid && parsed.parts).toEqual({ ...p, parcelCode: unit.slice(0, 19) });
      }),
    );
  });

  it('refuses to build from out-of-range parts', () => {
    const base: UnitNumberParts = {
      districtCode: '150303',
      cadastralZone: 1,
      cadastralSubzone: 1,
      parcelSequence: 1,
      buildingCode: 'F',
      buildingUnitSequence: 1,
    };
    expect(() => buildUnitNumber({ ...base, cadastralZone: 1000 })).toThrow(RangeError);
    expect(() => buildUnitNumber({ ...base, parcelSequence: -1 })).toThrow(RangeError);
    expect(() => buildUnitNumber({ ...base, buildingUnitSequence: 1.5 })).toThrow(RangeError);
    expect(() => buildUnitNumber({ ...base, buildingCode: 'W' })).toThrow(RangeError);
    expect(() => buildUnitNumber({ ...base, districtCode: '150300' as DistrictCode })).toThrow(RangeError);
  });
});
