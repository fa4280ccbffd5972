export { addCalendarDays, dayOfWeek, parseCalendarDate } from './calendar-date';
export type { CalendarDateParts } from './calendar-date';
export * from './work-calendar';
export * from './chinese-days-source';
export * from './wuhai-time';
