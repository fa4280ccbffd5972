/**
 * Calendar dates travel as 'YYYY-MM-DD' strings. China keeps a single time zone (UTC+8), so such a string
 * names the same day for every user; the arithmetic below runs on UTC midnights only, so the host's own
 * zone can never move a date by one.
 */

const MS_PER_DAY = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
/** 1970-01-01, day number 0, was a Thursday. */
const EPOCH_DAY_OF_WEEK = 4;

export interface CalendarDateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function utcMidnight(year: number, month: number, day: number): Date {
  // Date.UTC would read the years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

/** Throws a RangeError unless `value` is a real date in 'YYYY-MM-DD' form. */
export function parseCalendarDate(value: string): CalendarDateParts {
  const match = DATE_PATTERN.exec(value);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    // Date silently rolls 2026-02-30 over into March, so only a date that survives the round trip is real.
    const utc = utcMidnight(year, month, day);
    if (utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === day) {
      return { year, month, day };
    }
  }
  throw new RangeError(`'${value}' is not a calendar date in YYYY-MM-DD form`);
}

/** Days since 1970-01-01: whole numbers make "the next day" and "is after" plain integer operations. */
export function toDayNumber(date: string): number {
  const { year, month, day } = parseCalendarDate(date);
  return utcMidnight(year, month, day).getTime() / MS_PER_DAY;
}

export function fromDayNumber(dayNumber: number): string {
  const utc = new Date(dayNumber * MS_PER_DAY);
  const year = utc.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError('Calendar dates are limited to the years 0000–9999');
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(year, 4)}-${pad(utc.getUTCMonth() + 1, 2)}-${pad(utc.getUTCDate(), 2)}`;
}

export function addCalendarDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`Calendar days must be a whole number, got ${days}`);
  return fromDayNumber(toDayNumber(date) + days);
}

function weekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + EPOCH_DAY_OF_WEEK) % 7) + 7) % 7;
}

export function isWeekendDayNumber(dayNumber: number): boolean {
  const weekday = weekdayOfDayNumber(dayNumber);
  return weekday === 0 || weekday === 6;
}

/** 0 = Sunday … 6 = Saturday, as in Date#getDay. */
export function dayOfWeek(date: string): number {
  return weekdayOfDayNumber(toDayNumber(date));
}

export function isWeekend(date: string): boolean {
  return isWeekendDayNumber(toDayNumber(date));
}
