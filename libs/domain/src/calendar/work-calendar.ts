import {
  fromDayNumber,
  isWeekend,
  isWeekendDayNumber,
  parseCalendarDate,
  toDayNumber,
} from './calendar-date';

/**
 * 工作日历: the working days that follow from the State Council's yearly holiday notice.
 *
 * Only departures from the plain Monday–Friday week are stored. A year is covered once its notice is
 * loaded; a date whose notice is missing is judged by the loaded data (usually just the weekend rule) and
 * flagged provisional, because the notice may still move it.
 */
export interface WorkCalendar {
  readonly coveredYears: ReadonlySet<number>;
  /** Monday–Friday dates that are days off. */
  readonly holidays: ReadonlySet<string>;
  /** Saturdays and Sundays that are working days (调休 make-up days). */
  readonly makeupWorkdays: ReadonlySet<string>;
}

export interface CalendarEntry {
  readonly date: string;
  readonly kind: 'holiday' | 'workday';
  /** For people reading the calendar (e.g. 春节); the arithmetic does not need it. */
  readonly name?: string;
}

export interface WorkCalendarData {
  readonly coveredYears: Iterable<number>;
  readonly entries: Iterable<CalendarEntry>;
}

/**
 * The registration clock stops while an application is requisitioned (补正) or awaiting a pre-emption
 * decision. A pause from P to R excludes the days P+1 … R: like acceptance (民法典 art. 201, the first
 * day is not counted), the day the pause begins has already been worked and still counts, and counting
 * resumes the day after it ends. Without `to` the pause is still open and excludes every day after P.
 */
export interface ClockPause {
  readonly from: string;
  readonly to?: string;
}

export interface WorkingDayCheck {
  readonly working: boolean;
  readonly provisional: boolean;
}

export interface WorkingDayDeadline {
  readonly date: string;
  readonly provisional: boolean;
}

export interface WorkingDayCount {
  readonly days: number;
  readonly provisional: boolean;
}

/**
 * Entries that restate the weekly rule (a holiday on a weekend, a working weekday) are dropped: notices
 * list whole breaks, weekends included, and only the departures change anything. A date that is both
 * a holiday and a working day is contradictory data and throws.
 */
export function createWorkCalendar(data: WorkCalendarData): WorkCalendar {
  const coveredYears = new Set<number>();
  for (const year of data.coveredYears) {
    if (!Number.isInteger(year)) throw new RangeError(`A covered year must be a whole number, got ${year}`);
    coveredYears.add(year);
  }
  const holidays = new Set<string>();
  const makeupWorkdays = new Set<string>();
  const seen = new Map<string, CalendarEntry['kind']>();
  for (const { date, kind } of data.entries) {
    const earlier = seen.get(date);
    if (earlier !== undefined && earlier !== kind) {
      throw new RangeError(`${date} is listed both as a holiday and as a working day`);
    }
    seen.set(date, kind);
    const weekend = isWeekend(date);
    if (kind === 'holiday' && !weekend) holidays.add(date);
    if (kind === 'workday' && weekend) makeupWorkdays.add(date);
  }
  return { coveredYears, holidays, makeupWorkdays };
}

/**
 * The notice for year Y can reach back into late December of Y−1 (the 2012 notice made Saturday
 * 2011-12-31 a working day; the 2019 notice did the same to 2018-12-29 and gave 12-31 off), so a
 * December date is firm only once the next year's notice is loaded too.
 */
function isCovered(date: string, calendar: WorkCalendar): boolean {
  const { year, month } = parseCalendarDate(date);
  return calendar.coveredYears.has(year) && (month < 12 || calendar.coveredYears.has(year + 1));
}

function judgeDay(dayNumber: number, calendar: WorkCalendar): WorkingDayCheck {
  const date = fromDayNumber(dayNumber);
  const working = isWeekendDayNumber(dayNumber)
    ? calendar.makeupWorkdays.has(date)
    : !calendar.holidays.has(date);
  return { working, provisional: !isCovered(date, calendar) };
}

export function isWorkingDay(date: string, calendar: WorkCalendar): WorkingDayCheck {
  return judgeDay(toDayNumber(date), calendar);
}

/** A pause as day numbers: it stops the clock on the days d with after < d <= until. */
interface Stop {
  readonly after: number;
  readonly until: number;
}

function toStops(pauses: readonly ClockPause[]): Stop[] {
  return pauses.map(({ from, to }) => {
    const after = toDayNumber(from);
    const until = to === undefined ? Infinity : toDayNumber(to);
    if (until < after) throw new RangeError(`A pause cannot end (${to}) before it begins (${from})`);
    return { after, until };
  });
}

function isStopped(dayNumber: number, stops: readonly Stop[]): boolean {
  return stops.some((stop) => dayNumber > stop.after && dayNumber <= stop.until);
}

/**
 * The date of the n-th working day after `start` (the acceptance day itself is not counted); the
 * deadline ends at the end of that day. `provisional` is set when any day judged on the way lies where
 * the holiday notice is not loaded yet.
 *
 * An open pause that begins before the n-th working day leaves the deadline undetermined and throws;
 * to project one, close the pause at today.
 */
export function addWorkingDays(
  start: string,
  n: number,
  calendar: WorkCalendar,
  pauses: readonly ClockPause[] = [],
): WorkingDayDeadline {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`The number of working days must be a whole number >= 0, got ${n}`);
  }
  const stops = toStops(pauses);
  const openSince = Math.min(...stops.filter((stop) => stop.until === Infinity).map((stop) => stop.after));
  let dayNumber = toDayNumber(start);
  let provisional = false;
  for (let counted = 0; counted < n;) {
    dayNumber++;
    if (dayNumber > openSince) {
      throw new RangeError(
        `The clock has been stopped since ${fromDayNumber(openSince)}, so there is no deadline yet`,
      );
    }
    if (isStopped(dayNumber, stops)) continue;
    const day = judgeDay(dayNumber, calendar);
    provisional ||= day.provisional;
    if (day.working) counted++;
  }
  return { date: fromDayNumber(dayNumber), provisional };
}

/**
 * Working days in (from, to]: `from` is excluded like the acceptance day, `to` is included. Days under
 * a pause are skipped, each at most once however many pauses cover it.
 */
export function countWorkingDays(
  from: string,
  to: string,
  calendar: WorkCalendar,
  pauses: readonly ClockPause[] = [],
): WorkingDayCount {
  const stops = toStops(pauses);
  const last = toDayNumber(to);
  let days = 0;
  let provisional = false;
  for (let dayNumber = toDayNumber(from) + 1; dayNumber <= last; dayNumber++) {
    if (isStopped(dayNumber, stops)) continue;
    const day = judgeDay(dayNumber, calendar);
    provisional ||= day.provisional;
    if (day.working) days++;
  }
  return { days, provisional };
}
