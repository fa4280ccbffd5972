import type { RestrictionView, UnitView } from '../api/views';

/** Today's date in Wuhai (YYYY-MM-DD), the calendar the register and the deadlines count in, whatever the browser's zone. */
export function wuhaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

/** A restriction binds until it is lifted or its end date has passed, as the register reads it. */
export function restrictionsInForce(unit: UnitView, today = wuhaiToday()): RestrictionView[] {
  return unit.restrictions.filter(
    (restriction) =>
      restriction.liftedAt === null && (restriction.endDate === null || restriction.endDate >= today),
  );
}
