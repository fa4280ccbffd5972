import {
  isConstructionLandUse,
  isKnownDistrictCode,
  isShare,
  sharesSumToOne,
  unitDistrictProblem,
  unitTermProblem,
  validateCertificateNumber,
  validateResidentId,
  validateUnitNumber,
  validateUscc,
} from '@app/domain';
import { GeoJsonPolygonal } from '../parcel-geometry';
import { bilingual, ImportProblem } from './import-problem';
import { parcelGeometryProblem, parcelToEwkbHex } from './parcel-ewkb';

/**
 * One record as read from a file, before validation: `fields` uses the names of POST /units. Readers attach the
 * problems only they can see (a malformed CSV holder, a feature that is not JSON) in `problems`.
 */
export interface SourceRecord {
  line: number;
  fields: Record<string, unknown>;
  problems?: ImportProblem[];
}

export type ImportHolder =
  | { kind: 'person'; name: string; idNumber: string; share: string }
  | { kind: 'organization'; name: string; uscc: string; share: string }
  | { kind: 'existing'; partyId: string; share: string };

/** A record that passed every check that needs no database, in canonical form. */
export interface ImportUnit {
  line: number;
  unitNumber: string;
  districtCode: string;
  location: string;
  landUse: string;
  landGrade: number | null;
  rightType: 'granted' | 'allocated';
  termStart: string | null;
  termEnd: string | null;
  areaM2: string;
  plotRatio: string | null;
  buildingDensity: string | null;
  greenRatio: string | null;
  certificateNumber: string | null;
  grantFeePaid: boolean;
  investmentRatio: string;
  parcelEwkb: string | null;
  holders: ImportHolder[];
}

export type RecordValidation =
  { valid: true; unit: ImportUnit } | { valid: false; problems: ImportProblem[] };

/**
 * Put by a reader in place of a value it could not read (a geometry that is not JSON, a malformed CSV holder)
 * after reporting it, so validation does not report the same thing a second time.
 */
export const REPORTED_BY_READER = Symbol('reported by reader');

/** The field name of problems that concern the whole record; such a record is not validated further. */
export const RECORD_FIELD = 'record';

// The same patterns as the POST /units DTO, so a record the API accepts is accepted here and vice versa.
const AREA = /^[0-9]{1,10}(\.[0-9]{1,2})?$/;
const RATIO = /^(0(\.[0-9]{1,4})?|1(\.0{1,4})?)$/;
const INDICATOR = /^[0-9]{1,3}(\.[0-9]{1,2})?$/;
const DATE_ONLY = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_HOLDERS = 50;
const MAX_LOCATION = 300;
const MAX_NAME = 200;
/** PostgreSQL text cannot hold it, and one such value would fail the whole batch's COPY. */
const NUL = '\u0000';

function isRealDate(value: string): boolean {
  const match = DATE_ONLY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** GIS exports write decimals as JSON numbers; the API's decimal strings are the canonical form. */
function decimalText(value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
}

class RecordChecker {
  readonly problems: ImportProblem[];

  constructor(private readonly record: SourceRecord) {
    this.problems = [...(record.problems ?? [])];
  }

  fail(field: string, zh: string, en: string): null {
    this.problems.push({ line: this.record.line, field, reason: bilingual(zh, en) });
    return null;
  }

  required(field: string): unknown {
    const value = this.record.fields[field];
    if (isAbsent(value)) return this.fail(field, '必填', 'is required');
    return value;
  }

  text(field: string, maxLength: number): string | null {
    const value = this.required(field);
    if (value === null) return null;
    if (typeof value !== 'string') return this.fail(field, '必须是字符串', 'must be a string');
    const trimmed = value.trim();
    if (!trimmed) return this.fail(field, '不能为空', 'must not be blank');
    if (trimmed.includes(NUL)) return this.fail(field, '不能含空字符', 'must not contain NUL characters');
    if (trimmed.length > maxLength)
      return this.fail(field, `不能超过 ${maxLength} 个字符`, `must be at most ${maxLength} characters`);
    return trimmed;
  }

  decimal(field: string, pattern: RegExp, zh: string, en: string, optional: boolean): string | null {
    const raw = this.record.fields[field];
    if (optional && isAbsent(raw)) return null;
    const value = decimalText(optional ? raw : this.required(field));
    if (value === null) return null;
    if (typeof value !== 'string' || !pattern.test(value)) return this.fail(field, zh, en);
    return value;
  }

  percent(field: string): string | null {
    const value = this.decimal(
      field,
      INDICATOR,
      '须为最多两位小数的百分比',
      'must be a percentage with up to 2 decimal places',
      true,
    );
    if (value !== null && Number(value) > 100)
      return this.fail(field, '百分比不能超过 100', 'a percentage cannot exceed 100');
    return value;
  }

  date(field: string): string | null {
    const value = this.record.fields[field];
    if (isAbsent(value)) return null;
    if (typeof value !== 'string' || !isRealDate(value))
      return this.fail(field, '日期格式须为 YYYY-MM-DD 的真实日期', 'must be a real date written YYYY-MM-DD');
    return value;
  }
}

function checkParty(
  checker: RecordChecker,
  value: unknown,
  field: string,
  share: string,
  today: Date,
): ImportHolder | null {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return checker.fail(field, '必须是对象', 'must be an object');
  const party = value as Record<string, unknown>;
  let name: string | null = null;
  if (typeof party.name !== 'string' || !party.name.trim()) {
    checker.fail(`${field}.name`, '姓名或名称必填', 'name is required');
  } else if (party.name.includes(NUL)) {
    checker.fail(`${field}.name`, '不能含空字符', 'must not contain NUL characters');
  } else if (party.name.trim().length > MAX_NAME) {
    checker.fail(`${field}.name`, `不能超过 ${MAX_NAME} 个字符`, `must be at most ${MAX_NAME} characters`);
  } else {
    name = party.name.trim();
  }
  if (party.kind === 'person') {
    if (typeof party.idNumber !== 'string')
      return checker.fail(`${field}.idNumber`, '居民身份证号必填', 'a resident ID number is required');
    const check = validateResidentId(party.idNumber, today);
    if (!check.valid) return checker.fail(`${field}.idNumber`, check.message.zh, check.message.en);
    return name === null ? null : { kind: 'person', name, idNumber: check.value, share };
  }
  if (party.kind === 'organization') {
    if (typeof party.uscc !== 'string')
      return checker.fail(
        `${field}.uscc`,
        '统一社会信用代码必填',
        'a unified social credit code is required',
      );
    const check = validateUscc(party.uscc);
    if (!check.valid) return checker.fail(`${field}.uscc`, check.message.zh, check.message.en);
    return name === null ? null : { kind: 'organization', name, uscc: check.value, share };
  }
  return checker.fail(`${field}.kind`, '必须是 person 或 organization', 'must be person or organization');
}

function holderKey(holder: ImportHolder): string {
  if (holder.kind === 'person') return `person:${holder.idNumber}`;
  if (holder.kind === 'organization') return `organization:${holder.uscc}`;
  return `party:${holder.partyId.toLowerCase()}`;
}

function checkHolders(checker: RecordChecker, value: unknown, today: Date): ImportHolder[] {
  if (!Array.isArray(value) || value.length === 0) {
    checker.fail('holders', '至少须有一名权利人', 'at least one holder is required');
    return [];
  }
  if (value.length > MAX_HOLDERS) {
    checker.fail('holders', `权利人不能超过 ${MAX_HOLDERS} 名`, `at most ${MAX_HOLDERS} holders`);
    return [];
  }
  const holders: ImportHolder[] = [];
  let complete = true;
  for (const [index, entry] of value.entries()) {
    const field = `holders[${index}]`;
    if (entry === REPORTED_BY_READER) {
      complete = false;
      continue;
    }
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      checker.fail(field, '必须是对象', 'must be an object');
      complete = false;
      continue;
    }
    const holder = entry as Record<string, unknown>;
    const share = decimalText(holder.share);
    if (typeof share !== 'string' || !isShare(share)) {
      checker.fail(
        `${field}.share`,
        '份额必须是 0 至 1 之间的小数',
        'must be a decimal in (0, 1] with up to 8 places',
      );
      complete = false;
    }
    const shareText = typeof share === 'string' ? share : '';
    let checked: ImportHolder | null = null;
    if (!isAbsent(holder.partyId)) {
      if (typeof holder.partyId !== 'string' || !UUID.test(holder.partyId))
        checker.fail(`${field}.partyId`, '必须是权利人 id（UUID）', 'must be a party id (UUID)');
      else checked = { kind: 'existing', partyId: holder.partyId.toLowerCase(), share: shareText };
    } else {
      checked = checkParty(checker, holder.party, `${field}.party`, shareText, today);
    }
    if (checked) holders.push(checked);
    else complete = false;
  }
  if (!complete) return holders;
  if (!sharesSumToOne(holders.map((holder) => holder.share))) {
    checker.fail('holders', '共有份额之和必须等于 1', 'holder shares must sum to 1');
  }
  if (new Set(holders.map(holderKey)).size !== holders.length) {
    checker.fail('holders', '同一权利人不能重复出现', 'a party may appear only once among the holders');
  }
  return holders;
}

/**
 * Every check of POST /units that needs no database, collecting all problems of the record rather than
 * stopping at the first. Database checks (already registered, parties, parcel validity, area, overlaps)
 * follow in UnitImportService.
 */
export function validateUnitRecord(record: SourceRecord, today: Date = new Date()): RecordValidation {
  if (record.problems?.some((problem) => problem.field === RECORD_FIELD))
    return { valid: false, problems: record.problems };
  const checker = new RecordChecker(record);
  const { fields } = record;

  let unitNumber: string | null = null;
  const rawUnitNumber = checker.required('unitNumber');
  if (rawUnitNumber !== null) {
    const check = typeof rawUnitNumber === 'string' ? validateUnitNumber(rawUnitNumber) : null;
    if (!check) checker.fail('unitNumber', '必须是字符串', 'must be a string');
    else if (!check.valid) checker.fail('unitNumber', check.message.zh, check.message.en);
    else unitNumber = check.value;
  }

  let districtCode: string | null = null;
  const rawDistrict = checker.required('districtCode');
  if (rawDistrict !== null) {
    const mismatch =
      typeof rawDistrict === 'string' && unitNumber ? unitDistrictProblem(unitNumber, rawDistrict) : null;
    if (typeof rawDistrict !== 'string' || !isKnownDistrictCode(rawDistrict)) {
      checker.fail('districtCode', '行政区代码不属于乌海市', 'district code is not one of Wuhai’s districts');
    } else if (mismatch) {
      checker.fail(mismatch.field, mismatch.message.zh, mismatch.message.en);
    } else {
      districtCode = rawDistrict;
    }
  }

  const location = checker.text('location', MAX_LOCATION);

  const landUse = checker.required('landUse');
  if (landUse !== null && (typeof landUse !== 'string' || !isConstructionLandUse(landUse))) {
    checker.fail(
      'landUse',
      '必须是 GB/T 21010 建设用地二级类编码',
      'must be a four-digit GB/T 21010 code of construction land (05xx–10xx)',
    );
  }

  let landGrade: number | null = null;
  if (!isAbsent(fields.landGrade)) {
    const grade = fields.landGrade;
    if (typeof grade !== 'number' || !Number.isInteger(grade) || grade < 1 || grade > 20)
      checker.fail('landGrade', '土地级别须为 1 至 20 的整数', 'must be an integer from 1 to 20');
    else landGrade = grade;
  }

  const rightType = checker.required('rightType');
  if (rightType !== null && rightType !== 'granted' && rightType !== 'allocated') {
    checker.fail('rightType', '必须是 granted（出让）或 allocated（划拨）', 'must be granted or allocated');
  }

  const termStart = checker.date('termStart');
  const termEnd = checker.date('termEnd');
  const termsReadable =
    (isAbsent(fields.termStart) || termStart !== null) && (isAbsent(fields.termEnd) || termEnd !== null);
  if (termsReadable && (rightType === 'granted' || rightType === 'allocated')) {
    const problem = unitTermProblem(rightType, termStart ?? undefined, termEnd ?? undefined);
    if (problem) checker.fail(problem.field, problem.message.zh, problem.message.en);
  }

  const areaM2 = checker.decimal(
    'areaM2',
    AREA,
    '面积须为最多两位小数的正数',
    'must be a decimal string in m² with up to 2 places',
    false,
  );
  if (areaM2 !== null && Number(areaM2) <= 0)
    checker.fail('areaM2', '面积必须大于 0', 'must be greater than 0');

  const plotRatio = checker.decimal(
    'plotRatio',
    INDICATOR,
    '容积率须为最多两位小数的数',
    'must be a decimal with up to 2 places',
    true,
  );
  const buildingDensity = checker.percent('buildingDensity');
  const greenRatio = checker.percent('greenRatio');

  let certificateNumber: string | null = null;
  if (!isAbsent(fields.certificateNumber)) {
    const check =
      typeof fields.certificateNumber === 'string'
        ? validateCertificateNumber(fields.certificateNumber)
        : null;
    if (!check) checker.fail('certificateNumber', '必须是字符串', 'must be a string');
    else if (!check.valid) checker.fail('certificateNumber', check.message.zh, check.message.en);
    else certificateNumber = check.value;
  }

  if (!isAbsent(fields.grantFeePaid) && typeof fields.grantFeePaid !== 'boolean') {
    checker.fail('grantFeePaid', '必须是 true 或 false', 'must be true or false');
  }
  const investmentRatio = checker.decimal(
    'investmentRatio',
    RATIO,
    '须为 0 至 1 之间最多四位小数的比例',
    'must be a ratio from 0 to 1 with up to 4 places',
    true,
  );

  let parcelEwkb: string | null = null;
  if (!isAbsent(fields.geometry) && fields.geometry !== REPORTED_BY_READER) {
    const problem = parcelGeometryProblem(fields.geometry);
    if (problem) checker.fail('geometry', '宗地图形必须是 EPSG:4490 的 GeoJSON 面', problem);
    else parcelEwkb = parcelToEwkbHex(fields.geometry as GeoJsonPolygonal);
  }

  const holders = checkHolders(checker, fields.holders, today);

  if (checker.problems.length > 0) return { valid: false, problems: checker.problems };
  return {
    valid: true,
    unit: {
      line: record.line,
      unitNumber: unitNumber!,
      districtCode: districtCode!,
      location: location!,
      landUse: landUse as string,
      landGrade,
      rightType: rightType as 'granted' | 'allocated',
      termStart,
      termEnd,
      areaM2: areaM2!,
      plotRatio,
      buildingDensity,
      greenRatio,
      certificateNumber,
      grantFeePaid: fields.grantFeePaid === true,
      investmentRatio: investmentRatio ?? '0',
      parcelEwkb,
      holders,
    },
  };
}
