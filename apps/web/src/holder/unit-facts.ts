import type { UnitView } from '../api/views';

/** What the register says about a unit, in the terms of the seller's declarations and the material checklist. */
export function unitFacts(unit: UnitView) {
  const { restrictions } = unit;
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
