const WUHAI_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

/** Dates in the register and on deadlines are Beijing-time calendar dates, whatever the server's time zone. */
export function wuhaiDate(at: Date = new Date()): string {
  return WUHAI_DATE.format(at);
}

/** A deadline ends at the end of its last working day, Beijing time. */
export function endOfWuhaiDay(date: string): string {
  return `${date}T23:59:59+08:00`;
}

/** The first moment of a Beijing-time calendar date. */
export function startOfWuhaiDay(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}
