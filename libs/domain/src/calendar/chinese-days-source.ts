import chineseDaysJson from 'chinese-days/dist/chinese-days.json';
import { isWeekend, parseCalendarDate } from './calendar-date';
import { CalendarEntry, WorkCalendarData } from './work-calendar';

/**
 * The package's published JSON, not its functions: those read dates back through local-time Date
 * getters, so on a host west of UTC `getDayDetail('2026-02-14')` answers for 2026-02-13.
 * Each value reads "English name,中文名,holiday number". Its third table, inLieuDays, only tags holidays
 * that are repaid by make-up days, which the other two tables already describe.
 */
interface ChineseDaysData {
  readonly holidays: Readonly<Record<string, string>>;
  readonly workdays: Readonly<Record<string, string>>;
}

const DATA: ChineseDaysData = chineseDaysJson;

function chineseName(value: string): string {
  return value.split(',')[1];
}

function yearOf(date: string): number {
  return parseCalendarDate(date).year;
}

/**
 * Years whose State Council notice the package carries. Spring Festival and National Day are the first
 * and the last long break of every notice, so a year with both is complete; requiring them keeps out a
 * year that only holds a few stray dates, such as late-December days set by the next year's notice.
 */
export const CHINESE_DAYS_COVERED_YEARS: readonly number[] = (() => {
  const breaksByYear = new Map<number, Set<string>>();
  for (const [date, value] of Object.entries(DATA.holidays)) {
    const year = yearOf(date);
    const breaks = breaksByYear.get(year) ?? new Set<string>();
    breaks.add(chineseName(value));
    breaksByYear.set(year, breaks);
  }
  return [...breaksByYear]
    .filter(([, breaks]) => breaks.has('春节') && breaks.has('国庆节'))
    .map(([year]) => year)
    .sort((a, b) => a - b);
})();

/**
 * The package's data for the years fromYear … toYear, ready for createWorkCalendar: weekday holidays
 * and weekend make-up days only, since a holiday on a weekend or a working weekday changes nothing.
 */
export function chineseDaysCalendarData(fromYear: number, toYear: number): WorkCalendarData {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear) {
    throw new RangeError(`Not a range of years: ${fromYear} … ${toYear}`);
  }
  const inRange = (date: string) => yearOf(date) >= fromYear && yearOf(date) <= toYear;
  const entries: CalendarEntry[] = [
    ...Object.entries(DATA.holidays)
      .filter(([date]) => inRange(date) && !isWeekend(date))
      .map(([date, value]): CalendarEntry => ({ date, kind: 'holiday', name: chineseName(value) })),
    ...Object.entries(DATA.workdays)
      .filter(([date]) => inRange(date) && isWeekend(date))
      .map(([date, value]): CalendarEntry => ({ date, kind: 'workday', name: chineseName(value) })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  return {
    coveredYears: CHINESE_DAYS_COVERED_YEARS.filter((year) => year >= fromYear && year <= toYear),
    entries,
  };
}
