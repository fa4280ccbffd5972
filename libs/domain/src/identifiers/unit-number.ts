import {
  IdentifierCheck,
  IdentifierFailure,
  IdentifierValid,
  identifierFailure,
  normalizeIdentifier,
} from './identifier-check';

export const UNIT_NUMBER_LENGTH = 28;

/**
 * County-level codes a Wuhai unit number may start with: the GB/T 2260 codes of the three districts. The
 * high-tech zone (高新区) is an administrative zone inside them with no county code of its own, so its
 * parcels carry the code of the district they lie in; it appears only as a window.
 */
export const DISTRICT_CODES = {
  '150302': { zh: '海勃湾区', en: 'Haibowan' },
  '150303': { zh: '海南区', en: 'Hainan' },
  '150304': { zh: '乌达区', en: 'Wuda' },
} as const;

export type DistrictCode = keyof typeof DISTRICT_CODES;

/** F: a building or structure stands on the parcel; W: land only (GB/T 37346 定着物单元). */
export type BuildingCode = 'F' | 'W';

export interface UnitNumberParts {
  districtCode: DistrictCode;
  /** 地籍区 */
  cadastralZone: number;
  /** 地籍子区 */
  cadastralSubzone: number;
  /** 宗地顺序号 */
  parcelSequence: number;
  buildingCode: BuildingCode;
  /** 定着物单元顺序号; always 0 for land-only units. */
  buildingUnitSequence: number;
}

export interface ParsedUnitNumber extends UnitNumberParts {
  /** The first 19 characters (宗地代码): every unit on the same parcel shares it. */
  parcelCode: string;
}

export type UnitNumberParse = (IdentifierValid & { parts: ParsedUnitNumber }) | IdentifierFailure;

/**
 * GB/T 37346 also defines J (collective) and Z (disputed) ownership and many right types, but all land in
 * Wuhai is state-owned and the secondary market trades only construction-land use rights, so anything other
 * than GB is a unit this platform must not register.
 */
const FEATURE_CODE = 'GB';
const LAND_ONLY_SEQUENCE = '00000000';

const DIGIT_FIELDS = [
  { start: 6, end: 9, zh: '地籍区', en: 'cadastral zone' },
  { start: 9, end: 12, zh: '地籍子区', en: 'cadastral subzone' },
  { start: 14, end: 19, zh: '宗地顺序号', en: 'parcel sequence' },
  { start: 20, end: 28, zh: '定着物单元顺序号', en: 'building-unit sequence' },
] as const;

export function isKnownDistrictCode(code: string): code is DistrictCode {
  return Object.prototype.hasOwnProperty.call(DISTRICT_CODES, code);
}

export function parseUnitNumber(value: string): UnitNumberParse {
  const unit = normalizeIdentifier(value);
  if (unit.length !== UNIT_NUMBER_LENGTH) {
    return identifierFailure(
      'length',
      `不动产单元号应为 ${UNIT_NUMBER_LENGTH} 位，实际为 ${unit.length} 位`,
      `A real-estate unit number has ${UNIT_NUMBER_LENGTH} characters, this one has ${unit.length}`,
    );
  }
  const districtCode = unit.slice(0, 6);
  if (!isKnownDistrictCode(districtCode)) {
    const known = Object.entries(DISTRICT_CODES);
    return identifierFailure(
      'districtCode',
      `不动产单元号前 6 位“${districtCode}”不是乌海市的区县代码（应为 ${known.map(([code, name]) => `${code} ${name.zh}`).join('、')}）`,
      `Unit number characters 1–6 ('${districtCode}') are not a Wuhai district code (expected ${known.map(([code, name]) => `${code} ${name.en}`).join(', ')})`,
    );
  }
  for (const field of DIGIT_FIELDS) {
    if (!/^\d+$/.test(unit.slice(field.start, field.end))) {
      return identifierFailure(
        'charset',
        `不动产单元号第 ${field.start + 1}–${field.end} 位（${field.zh}）应全部为数字`,
        `Unit number characters ${field.start + 1}–${field.end} (${field.en}) must all be digits`,
      );
    }
  }
  if (unit.slice(12, 14) !== FEATURE_CODE) {
    return identifierFailure(
      'featureCode',
      `不动产单元号第 13–14 位宗地特征码应为 GB（国有建设用地使用权），实际为“${unit.slice(12, 14)}”`,
      `Unit number characters 13–14 (parcel feature code) must be GB (state-owned construction-land use right), got '${unit.slice(12, 14)}'`,
    );
  }
  const buildingCode = unit[19];
  if (buildingCode !== 'F' && buildingCode !== 'W') {
    return identifierFailure(
      'buildingCode',
      `不动产单元号第 20 位定着物代码应为 F（房屋等建筑物）或 W（无定着物），实际为“${buildingCode}”`,
      `Unit number character 20 (building code) must be F (building) or W (land only), got '${buildingCode}'`,
    );
  }
  if (buildingCode === 'W' && unit.slice(20) !== LAND_ONLY_SEQUENCE) {
    return identifierFailure(
      'buildingCode',
      '无定着物（W）的不动产单元号第 21–28 位应为 00000000',
      'A land-only (W) unit number must end in 00000000 (characters 21–28)',
    );
  }
  return {
    valid: true,
    value: unit,
    parts: {
      districtCode,
      cadastralZone: Number(unit.slice(6, 9)),
      cadastralSubzone: Number(unit.slice(9, 12)),
      parcelSequence: Number(unit.slice(14, 19)),
      buildingCode,
      buildingUnitSequence: Number(unit.slice(20)),
      parcelCode: unit.slice(0, 19),
    },
  };
}

export function validateUnitNumber(value: string): IdentifierCheck {
  const parsed = parseUnitNumber(value);
  return parsed.valid ? { valid: true, value: parsed.value } : parsed;
}

export function isValidUnitNumber(value: string): boolean {
  return parseUnitNumber(value).valid;
}

/** Throws on bad parts: callers are the demo seed and the synthetic register generator. */
export function buildUnitNumber(parts: UnitNumberParts): string {
  const unit =
    parts.districtCode +
    pad(parts.cadastralZone, 3, 'cadastralZone') +
    pad(parts.cadastralSubzone, 3, 'cadastralSubzone') +
    FEATURE_CODE +
    pad(parts.parcelSequence, 5, 'parcelSequence') +
    parts.buildingCode +
    pad(parts.buildingUnitSequence, 8, 'buildingUnitSequence');
  const parsed = parseUnitNumber(unit);
  if (!parsed.valid) throw new RangeError(parsed.message.en);
  return parsed.value;
}

function pad(n: number, width: number, field: string): string {
  if (!Number.isInteger(n) || n < 0 || n >= 10 ** width) {
    throw new RangeError(`${field} must be an integer from 0 to ${10 ** width - 1}, got ${n}`);
  }
  return String(n).padStart(width, '0');
}
