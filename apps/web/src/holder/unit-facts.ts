import type { RestrictionView, UnitView } from './views';

/** Today's calendar date in Wuhai, as the register's dates are written. */
export function wuhaiToday(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

/** A restriction binds until it is lifted or its end date has passed, as the register reads it. */
export function activeRestrictions(unit: UnitView): RestrictionView[] {
  const today = wuhaiToday();
  return unit.restrictions.filter(
    (restriction) => !restriction.liftedAt && (!restriction.endDate || restriction.endDate >= today),
  );
}

/** What the register says about a unit, in the terms of the seller's declarations and the material checklist. */
export function unitFacts(unit: UnitView) {
  const restrictions = activeRestrictions(unit);
  const idle = restrictions.filter((restriction) => restriction.kind === 'idle');
  return {
    mortgaged: unit.mortgages.length > 0,
    leased: unit.leases.length > 0,
    seized: restrictions.some((restriction) => restriction.kind === 'seizure'),
    objection: restrictions.some((restriction) => restriction.kind === 'objection'),
    idleUndisposed: idle.some((restriction) => restriction.disposalStatus === 'pending'),
    idleDisposed: idle.some((restriction) => restriction.disposalStatus !== 'pending'),
    coOwned: (unit.currentRight?.holders.length ?? 0) > 1,
  };
}
