import fc from 'fast-check';
import { addCalendarDays, dayOfWeek, isWeekend, parseCalendarDate } from './calendar-date';

describe('calendar dates', () => {
  it('parses real dates and rejects anything else', () => {
    expect(parseCalendarDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    for (const bad of [
      '2025-02-29',
      '2026-02-30',
      '2026-13-01',
      '2026-2-1',
      '20260201',
      '2026-02-01T00:00',
      '',
    ]) {
      expect(() => parseCalendarDate(bad)).toThrow(RangeError);
    }
  });

  it('keeps years below 100 as written', () => {
    expect(addCalendarDays('0099-12-31', 1)).toBe('0100-01-01');
  });

  it('crosses month, leap-day and year boundaries', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(() => addCalendarDays('2026-03-01', 0.5)).toThrow(RangeError);
  });

  it('knows the day of the week', () => {
    expect(dayOfWeek('2026-02-14')).toBe(6);
    expect(dayOfWeek('2026-02-16')).toBe(1);
    expect(dayOfWeek('1969-12-31')).toBe(3);
    expect(isWeekend('2026-02-15')).toBe(true);
    expect(isWeekend('2026-02-13')).toBe(false);
  });

  it('agrees with Date read in UTC, and adding days round-trips', () => {
    const date = fc.integer({ min: -700_000, max: 2_900_000 }).map((k) => addCalendarDays('1970-01-01', k));
    fc.assert(
      fc.property(date, fc.integer({ min: -5000, max: 5000 }), (d, k) => {
        const utc = new Date(`${d}T00:00:00Z`);
        expect(dayOfWeek(d)).toBe(utc.getUTCDay());
        expect(addCalendarDays(addCalendarDays(d, k), -k)).toBe(d);
      }),
    );
  });
});
