import chineseDaysJson from 'chinese-days/dist/chinese-days.json';
import { addCalendarDays, dayOfWeek, isWeekend } from './calendar-date';
import { CHINESE_DAYS_COVERED_YEARS, chineseDaysCalendarData } from './chinese-days-source';
import { addWorkingDays, createWorkCalendar, isWorkingDay } from './work-calendar';

describe('chinese-days as a calendar source', () => {
  const calendar = createWorkCalendar(chineseDaysCalendarData(2004, 2026));

  it('covers every year from 2004 to 2026', () => {
    expect(CHINESE_DAYS_COVERED_YEARS).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
  });

  it('yields weekday holidays and weekend make-up days only, inside the requested years', () => {
    const { coveredYears, entries } = chineseDaysCalendarData(2020, 2026);
    expect([...coveredYears]).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const { date, kind } of entries) {
      expect(date >= '2020-01-01' && date <= '2026-12-31').toBe(true);
      expect(isWeekend(date)).toBe(kind === 'workday');
    }
    expect(() => chineseDaysCalendarData(2026, 2025)).toThrow(RangeError);
  });

  it('matches the 2026 State Council holiday notice', () => {
    const { entries } = chineseDaysCalendarData(2026, 2026);
    const makeup = [...entries].filter((e) => e.kind === 'workday');
    expect(makeup.map((e) => `${e.date} ${e.name}`)).toEqual([
      '2026-01-04 元旦',
      '2026-02-14 春节',
      '2026-02-28 春节',
      '2026-05-09 劳动节',
      '2026-09-20 国庆节',
      '2026-10-10 国庆节',
    ]);
    expect([...entries].filter((e) => e.kind === 'holiday')).toHaveLength(19);
  });

  it('counts 5 working days across Spring Festival 2026', () => {
    // Accepted Thu 02-12, which does not count. Fri 02-13 is 1, Sat 02-14 (调休 make-up day) is 2,
    // Sun 02-15 … Mon 02-23 are the nine days off, Tue 02-24 is 3, Wed 02-25 is 4, Thu 02-26 is 5.
    expect(dayOfWeek('2026-02-12')).toBe(4);
    expect(addWorkingDays('2026-02-12', 5, calendar)).toEqual({ date: '2026-02-26', provisional: false });
  });

  it('counts 5 working days across Labour Day 2026', () => {
    // Accepted Thu 04-30, which does not count. Fri 05-01 … Tue 05-05 are the five days off,
    // Wed 05-06 is 1, Thu 05-07 is 2, Fri 05-08 is 3, Sat 05-09 (调休 make-up day) is 4,
    // Sun 05-10 is off, Mon 05-11 is 5.
    expect(dayOfWeek('2026-04-30')).toBe(4);
    expect(addWorkingDays('2026-04-30', 5, calendar)).toEqual({ date: '2026-05-11', provisional: false });
  });

  it('agrees with the package’s own rule on every day it covers', () => {
    // chinese-days' isWorkday: a listed working day works, a listed holiday does not, otherwise Mon–Fri
    // work. Its functions are not called here because their answers shift with the host's time zone.
    const workdays: Record<string, string> = chineseDaysJson.workdays;
    const holidays: Record<string, string> = chineseDaysJson.holidays;
    const disagreements: string[] = [];
    for (let date = '2004-01-01'; date <= '2026-12-31'; date = addCalendarDays(date, 1)) {
      const expected = date in workdays || (!(date in holidays) && !isWeekend(date));
      if (isWorkingDay(date, calendar).working !== expected) disagreements.push(date);
    }
    expect(disagreements).toEqual([]);
  });
});
