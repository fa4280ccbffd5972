import type { RegistrationKind } from '@app/domain';

export interface TableCell {
  label: string;
  value: string;
}

/** A label with its value, or two of them side by side where both values are short. */
export type TableRow = TableCell | [TableCell, TableCell];

export interface TableSection<Row extends TableRow = TableRow> {
  heading: string | null;
  rows: Row[];
}

export const REGISTRATION_KIND_NAMES: Readonly<Record<RegistrationKind, string>> = {
  transfer: '转移登记',
  lease: '租赁登记',
  mortgage: '抵押权首次登记',
  mortgage_release: '抵押权注销登记',
};

export interface CalendarDate {
  year: string;
  month: string;
  day: string;
}

/** Month and day keep their leading zeros; each document decides whether to print them. */
export function calendarDate(value: string): CalendarDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) throw new Error(`Invalid date "${value}", expected YYYY-MM-DD`);
  return { year: match[1], month: match[2], day: match[3] };
}

export interface ShanghaiTime extends CalendarDate {
  hour: string;
  minute: string;
}

const SHANGHAI_TIME = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  // Without it some ICU versions print midnight as 24:00.
  hourCycle: 'h23',
});

/**
 * Wuhai keeps Beijing time: an instant after 16:00 UTC already belongs to the next day there. `what` names the
 * timestamp in the error, since a bad one is a bug in the caller's data.
 */
export function shanghaiTime(iso: string, what: string): ShanghaiTime {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) throw new Error(`Invalid ${what} timestamp "${iso}"`);
  const parts = Object.fromEntries(
    SHANGHAI_TIME.formatToParts(instant).map((part) => [part.type, part.value]),
  );
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute };
}
