import { IdentifierCheck, identifierFailure, normalizeIdentifier } from './identifier-check';

export const RESIDENT_ID_LENGTH = 18;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const EARLIEST_BIRTH_YEAR = 1900;
/** China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact. */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** A calendar day as 'YYYY-MM-DD', or an instant that is read as a date in Beijing time. */
export type CalendarDayInput = string | Date;

/** Upper-cases a trailing x so that the canonical form, and the keyed hash built from it, is unique. */
export function normalizeResidentId(value: string): string {
  return normalizeIdentifier(value);
}

/** Throws on a malformed body: callers are generators and tests, where that is a programming error. */
export function computeResidentIdCheckChar(body: string): string {
  if (!/^\d{17}$/.test(body)) throw new RangeError('Resident ID body must be exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) sum += Number(body[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export function validateResidentId(value: string, today: CalendarDayInput = new Date()): IdentifierCheck {
  const id = normalizeResidentId(value);
  if (id.length !== RESIDENT_ID_LENGTH) {
    return identifierFailure(
      'length',
      `居民身份证号应为 ${RESIDENT_ID_LENGTH} 位，实际为 ${id.length} 位`,
      `A resident ID number has ${RESIDENT_ID_LENGTH} characters, this one has ${id.length}`,
    );
  }
  for (let i = 0; i < 17; i++) {
    if (!isDigit(id[i])) {
      return identifierFailure(
        'charset',
        `居民身份证号第 ${i + 1} 位应为数字`,
        `Resident ID character ${i + 1} must be a digit`,
      );
    }
  }
  if (!isDigit(id[17]) && id[17] !== 'X') {
    return identifierFailure(
      'charset',
      '居民身份证号最后一位应为数字或 X',
      'The last character of a resident ID number must be a digit or X',
    );
  }
  // The birth date itself is personal information, so the messages name its position, not its value.
  const birth = id.slice(6, 14);
  if (!isRealDate(birth)) {
    return identifierFailure(
      'birthDate',
      `居民身份证号第 7–14 位不是有效的出生日期（须为 ${EARLIEST_BIRTH_YEAR} 年及以后的真实日期 YYYYMMDD）`,
      `Resident ID characters 7–14 are not a valid birth date (a real date YYYYMMDD in ${EARLIEST_BIRTH_YEAR} or later)`,
    );
  }
  if (birth > toYyyymmdd(today)) {
    return identifierFailure(
      'birthDateInFuture',
      '居民身份证号中的出生日期（第 7–14 位）晚于今天',
      'The birth date in the resident ID number (characters 7–14) is later than today',
    );
  }
  if (computeResidentIdCheckChar(id.slice(0, 17)) !== id[17]) {
    return identifierFailure(
      'checksum',
      '居民身份证号校验位错误，请核对是否有输错的数字',
      'The resident ID check character is wrong; please look for a mistyped digit',
    );
  }
  return { valid: true, value: id };
}

export function isValidResidentId(value: string, today: CalendarDayInput = new Date()): boolean {
  return validateResidentId(value, today).valid;
}

/** The display form required for personal information: region code and last four only. */
export function maskResidentId(id: string): string {
  const normalized = normalizeResidentId(id);
  // Refusing is safer than guessing which part of a malformed number may be shown.
  if (normalized.length !== RESIDENT_ID_LENGTH)
    throw new RangeError('Only an 18-character resident ID can be masked');
  return `${normalized.slice(0, 6)}********${normalized.slice(14)}`;
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

function isRealDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  return (
    year >= EARLIEST_BIRTH_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  );
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Compared in Beijing time: a UTC server would otherwise reject a child born today between 00:00 and 08:00. */
function toYyyymmdd(day: CalendarDayInput): string {
  if (typeof day === 'string') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    if (!match || !isRealDate(match[1] + match[2] + match[3])) {
      throw new RangeError(`today must be a real date 'YYYY-MM-DD', got '${day}'`);
    }
    return match[1] + match[2] + match[3];
  }
  if (Number.isNaN(day.getTime())) throw new RangeError('today is an invalid Date');
  return new Date(day.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
}
