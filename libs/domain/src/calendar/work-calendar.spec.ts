import fc from 'fast-check';
import { addCalendarDays, isWeekend } from './calendar-date';
import { chineseDaysCalendarData } from './chinese-days-source';
import {
  ClockPause,
  addWorkingDays,
  countWorkingDays,
  createWorkCalendar,
  isWorkingDay,
} from './work-calendar';

// The package covers 2004–2026; 2027 onwards stands in for years whose notice is not out yet.
const calendar = createWorkCalendar(chineseDaysCalendarData(2004, 2026));

describe('createWorkCalendar', () => {
  it('keeps only departures from the Monday–Friday week', () => {
    const built = createWorkCalendar({
      coveredYears: [2030],
      entries: [
        { date: '2030-10-01', kind: 'holiday', name: '国庆节' }, // Tuesday
        { date: '2030-10-05', kind: 'holiday' }, // Saturday: off anyway
        { date: '2030-10-12', kind: 'workday' }, // Saturday
        { date: '2030-10-14', kind: 'workday' }, // Monday: working anyway
      ],
    });
    expect(built.coveredYears).toEqual(new Set([2030]));
    expect(built.holidays).toEqual(new Set(['2030-10-01']));
    expect(built.makeupWorkdays).toEqual(new Set(['2030-10-12']));
  });

  it('rejects contradictory or malformed data', () => {
    const both = [
      { date: '2030-10-12', kind: 'workday' as const },
      { date: '2030-10-12', kind: 'holiday' as const },
    ];
    expect(() => createWorkCalendar({ coveredYears: [2030], entries: both })).toThrow(RangeError);
    expect(() => createWorkCalendar({ coveredYears: [2030.5], entries: [] })).toThrow(RangeError);
    expect(() =>
      createWorkCalendar({ coveredYears: [], entries: [{ date: '2030-02-30', kind: 'holiday' }] }),
    ).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it('counts a make-up Saturday, but not a holiday Monday or a plain weekend', () => {
    expect(isWorkingDay('2026-02-14', calendar)).toEqual({ working: true, provisional: false }); // 春节 调休
    expect(isWorkingDay('2026-02-16', calendar)).toEqual({ working: false, provisional: false }); // 春节
    expect(isWorkingDay('2026-03-07', calendar)).toEqual({ working: false, provisional: false }); // Saturday
    expect(isWorkingDay('2026-03-08', calendar)).toEqual({ working: false, provisional: false }); // Sunday
    expect(isWorkingDay('2026-03-09', calendar)).toEqual({ working: true, provisional: false });
  });

  it('judges a year without a loaded notice by the weekend alone, provisionally', () => {
    expect(isWorkingDay('2027-01-01', calendar)).toEqual({ working: true, provisional: true });
    expect(isWorkingDay('2027-01-02', calendar)).toEqual({ working: false, provisional: true });
  });

  it('treats December as provisional until the next notice is loaded', () => {
    expect(isWorkingDay('2026-11-30', calendar).provisional).toBe(false);
    expect(isWorkingDay('2026-12-31', calendar).provisional).toBe(true);
    expect(isWorkingDay('2025-12-31', calendar).provisional).toBe(false);
  });
});

describe('addWorkingDays and countWorkingDays', () => {
  // March 2026 has no holidays: Mon 2 … Fri 6, Mon 9 … Fri 13 are the working days.
  const accepted = '2026-03-02';

  it('does not count the first day', () => {
    expect(addWorkingDays(accepted, 1, calendar)).toEqual({ date: '2026-03-03', provisional: false });
    expect(addWorkingDays(accepted, 5, calendar)).toEqual({ date: '2026-03-09', provisional: false });
    expect(addWorkingDays('2026-03-07', 1, calendar).date).toBe('2026-03-09');
    expect(countWorkingDays(accepted, '2026-03-09', calendar)).toEqual({ days: 5, provisional: false });
  });

  it('returns the start for n = 0 and rejects other n that are not whole and >= 0', () => {
    expect(addWorkingDays('2026-03-07', 0, calendar)).toEqual({ date: '2026-03-07', provisional: false });
    for (const n of [-1, 1.5, NaN, Infinity]) {
      expect(() => addWorkingDays(accepted, n, calendar)).toThrow(RangeError);
    }
  });

  it('counts nothing when to is not after from', () => {
    expect(countWorkingDays('2026-03-09', '2026-03-09', calendar).days).toBe(0);
    expect(countWorkingDays('2026-03-09', '2026-03-02', calendar).days).toBe(0);
  });

  describe('pauses', () => {
    it('keep the day a pause begins and skip through the day it ends', () => {
      // Requisitioned on Wed 4, resubmitted Fri 6: Tue 3 and Wed 4 count, Thu 5 and Fri 6 do not,
      // then Mon 9, Tue 10 and Wed 11 make five.
      const requisition = [{ from: '2026-03-04', to: '2026-03-06' }];
      expect(addWorkingDays(accepted, 5, calendar, requisition).date).toBe('2026-03-11');
      expect(countWorkingDays(accepted, '2026-03-11', calendar, requisition).days).toBe(5);
    });

    it('that begin and end on the same day stop nothing', () => {
      expect(addWorkingDays(accepted, 5, calendar, [{ from: '2026-03-04', to: '2026-03-04' }]).date).toBe(
        '2026-03-09',
      );
    });

    it('that overlap are not subtracted twice', () => {
      const overlapping = [
        { from: '2026-03-04', to: '2026-03-06' },
        { from: '2026-03-05', to: '2026-03-09' },
      ];
      const merged = [{ from: '2026-03-04', to: '2026-03-09' }];
      expect(addWorkingDays(accepted, 5, calendar, overlapping)).toEqual(
        addWorkingDays(accepted, 5, calendar, merged),
      );
      expect(addWorkingDays(accepted, 5, calendar, merged).date).toBe('2026-03-12');
      // Tue 3 … Fri 20 holds 14 working days; Thu 5, Fri 6 and Mon 9 are paused.
      expect(countWorkingDays(accepted, '2026-03-20', calendar, overlapping).days).toBe(14 - 3);
    });

    it('that are still open stop the clock for good', () => {
      const open = [{ from: '2026-03-04' }];
      expect(countWorkingDays(accepted, '2026-03-31', calendar, open).days).toBe(2);
      expect(addWorkingDays(accepted, 2, calendar, open).date).toBe('2026-03-04');
      expect(() => addWorkingDays(accepted, 3, calendar, open)).toThrow(/no deadline yet/);
      // Beginning after the deadline, it does not matter.
      expect(addWorkingDays(accepted, 2, calendar, [{ from: '2026-03-10' }]).date).toBe('2026-03-04');
    });

    it('must not end before they begin', () => {
      expect(() =>
        countWorkingDays(accepted, '2026-03-31', calendar, [{ from: '2026-03-05', to: '2026-03-04' }]),
      ).toThrow(RangeError);
    });

    it('do not judge the days they cover', () => {
      const without2026 = createWorkCalendar({ coveredYears: [2025, 2027], entries: [] });
      // Fri 2025-11-28: Mon 12-01 would be judged, and December waits on the 2026 notice.
      expect(addWorkingDays('2025-11-28', 1, without2026)).toEqual({ date: '2025-12-01', provisional: true });
      // Paused through all of 2026, the first day judged is Mon 2027-01-04.
      const pauses = [{ from: '2025-11-28', to: '2027-01-03' }];
      expect(addWorkingDays('2025-11-28', 1, without2026, pauses)).toEqual({
        date: '2027-01-04',
        provisional: false,
      });
    });
  });

  describe('properties', () => {
    const FIRST = '2024-01-01';
    // 2024–2026 are covered, 2027–2028 are not.
    const startArb = fc.integer({ min: 0, max: 5 * 366 }).map((k) => addCalendarDays(FIRST, k));
    const nArb = fc.integer({ min: 0, max: 40 });
    // Pauses as day offsets from the start, so they land near the days being counted.
    const rawPausesArb = fc.array(
      fc.tuple(fc.integer({ min: -10, max: 60 }), fc.integer({ min: 0, max: 20 })),
      { maxLength: 3 },
    );
    const toPauses = (start: string, raw: [number, number][]): ClockPause[] =>
      raw.map(([offset, length]) => ({
        from: addCalendarDays(start, offset),
        to: addCalendarDays(start, offset + length),
      }));

    it('count(start, add(start, n)) === n, with and without pauses', () => {
      fc.assert(
        fc.property(startArb, nArb, rawPausesArb, (start, n, raw) => {
          for (const pauses of [[], toPauses(start, raw)]) {
            const deadline = addWorkingDays(start, n, calendar, pauses);
            expect(countWorkingDays(start, deadline.date, calendar, pauses).days).toBe(n);
          }
        }),
      );
    });

    it('lands on a working day that no pause covers', () => {
      fc.assert(
        fc.property(startArb, fc.integer({ min: 1, max: 40 }), rawPausesArb, (start, n, raw) => {
          const pauses = toPauses(start, raw);
          const { date } = addWorkingDays(start, n, calendar, pauses);
          expect(isWorkingDay(date, calendar).working).toBe(true);
          const dayBefore = addCalendarDays(date, -1);
          expect(countWorkingDays(dayBefore, date, calendar, pauses).days).toBe(1);
        }),
      );
    });

    it('one more working day always lands later', () => {
      fc.assert(
        fc.property(startArb, nArb, rawPausesArb, (start, n, raw) => {
          const pauses = toPauses(start, raw);
          expect(
            addWorkingDays(start, n + 1, calendar, pauses).date >
              addWorkingDays(start, n, calendar, pauses).date,
          ).toBe(true);
        }),
      );
    });

    it('pauses never bring a deadline forward, and repeating one changes nothing', () => {
      fc.assert(
        fc.property(startArb, nArb, rawPausesArb, (start, n, raw) => {
          const pauses = toPauses(start, raw);
          const paused = addWorkingDays(start, n, calendar, pauses);
          expect(paused.date >= addWorkingDays(start, n, calendar).date).toBe(true);
          expect(addWorkingDays(start, n, calendar, [...pauses, ...pauses])).toEqual(paused);
        }),
      );
    });

    it('counts add up across any split point', () => {
      fc.assert(
        fc.property(startArb, nArb, nArb, rawPausesArb, (from, k, m, raw) => {
          const pauses = toPauses(from, raw);
          const middle = addCalendarDays(from, k);
          const to = addCalendarDays(middle, m);
          expect(countWorkingDays(from, to, calendar, pauses).days).toBe(
            countWorkingDays(from, middle, calendar, pauses).days +
              countWorkingDays(middle, to, calendar, pauses).days,
          );
        }),
      );
    });

    it('is provisional once a judged day waits on a notice that is not loaded', () => {
      fc.assert(
        fc.property(startArb, nArb, (start, n) => {
          const { date, provisional } = addWorkingDays(start, n, calendar);
          if (date < '2026-12-01') expect(provisional).toBe(false);
          if (n > 0 && date >= '2026-12-01') expect(provisional).toBe(true);
          expect(countWorkingDays(start, date, calendar).provisional).toBe(provisional);
        }),
      );
    });

    it('judges uncovered years by the weekend alone', () => {
      const uncovered = fc.integer({ min: 0, max: 2 * 365 }).map((k) => addCalendarDays('2027-01-01', k));
      fc.assert(
        fc.property(uncovered, (date) => {
          expect(isWorkingDay(date, calendar)).toEqual({ working: !isWeekend(date), provisional: true });
        }),
      );
    });
  });
});
