import fc from 'fast-check';
import { MATERIAL_TYPES } from './material-checklist';
import { PrecheckFacts, runPrecheck } from './precheck';
import { REGISTRATION_KINDS } from './registration-model';

const clean: PrecheckFacts = {
  kind: 'transfer',
  today: '2026-11-27',
  unit: {
    rightType: 'granted',
    termEnd: '2056-06-30',
    areaM2: '1000.00',
    grantFeePaid: true,
    investmentRatio: '0.4000',
    takenBackAt: null,
  },
  hasCurrentRight: true,
  applicantIsHolder: true,
  restrictions: [],
  missingMaterials: [],
  declaredPrice: '1000000.00',
  benchmarkPricePerM2: '1000.00',
  leaseTerm: null,
  mortgageTerm: null,
  releasedMortgageCurrent: null,
  settings: { investmentThreshold: 0.25, preemptionPriceRatio: 0.8 },
};

function codes(facts: Partial<PrecheckFacts>): string[] {
  return runPrecheck({ ...clean, ...facts }).findings.map((finding) => `${finding.code}:${finding.severity}`);
}

describe('runPrecheck', () => {
  it('passes a clean transfer of granted land, noting only that the buyer gets the remaining term', () => {
    const result = runPrecheck(clean);
    expect(result.status).toBe('passed');
    expect(result.preemptionRequired).toBe(false);
    expect(result.findings.map((finding) => finding.code)).toEqual(['remaining_term_only']);
    expect(result.findings[0].evidence).toEqual({ termEnd: '2056-06-30', remainingYears: 29 });
  });

  it('lists every blocking rule at once instead of stopping at the first', () => {
    const result = runPrecheck({
      ...clean,
      unit: { ...clean.unit, grantFeePaid: false, investmentRatio: '0.1000', takenBackAt: '2026-01-01' },
      applicantIsHolder: false,
      restrictions: [
        { kind: 'seizure', reference: '(2026)蒙0302执1号', disposalStatus: null },
        { kind: 'objection', reference: '异议-1', disposalStatus: null },
        { kind: 'idle', reference: '闲置-1', disposalStatus: 'pending' },
      ],
      missingMaterials: ['coowner_consent', 'mortgagee_consent', 'investment_audit', 'contract'],
    });
    expect(result.status).toBe('failed');
    expect(
      result.findings.filter((finding) => finding.severity === 'block').map((finding) => finding.code),
    ).toEqual([
      'applicant_not_holder',
      'taken_back',
      'seized',
      'objection',
      'idle_land_undisposed',
      'grant_fee_unpaid',
      'investment_below_threshold',
      'material_missing',
      'investment_audit_missing',
      'coowner_consent_missing',
      'mortgagee_consent_missing',
    ]);
  });

  it('names the rule for a missing approval document on allocated land, and skips granted-land rules', () => {
    const found = codes({
      unit: {
        ...clean.unit,
        rightType: 'allocated',
        termEnd: null,
        grantFeePaid: false,
        investmentRatio: '0',
      },
      missingMaterials: ['approval_document'],
    });
    expect(found).toEqual(['approval_document_missing:block']);
  });

  it('uses the configured investment threshold, inclusive', () => {
    expect(codes({ settings: { ...clean.settings, investmentThreshold: 0.4 } })).not.toContain(
      'investment_below_threshold:block',
    );
    expect(codes({ settings: { ...clean.settings, investmentThreshold: 0.41 } })).toContain(
      'investment_below_threshold:block',
    );
  });

  it('opens pre-emption when the declared price is below the configured share of the benchmark', () => {
    const below = runPrecheck({ ...clean, declaredPrice: '799999.99' });
    expect(below.status).toBe('passed');
    expect(below.preemptionRequired).toBe(true);
    expect(
      below.findings.find((finding) => finding.code === 'price_below_benchmark')?.evidence,
    ).toMatchObject({
      benchmarkTotal: '1000000.00',
      floor: '800000.00',
    });
    expect(runPrecheck({ ...clean, declaredPrice: '800000.00' }).preemptionRequired).toBe(false);
    expect(
      runPrecheck({
        ...clean,
        declaredPrice: '850000.00',
        settings: { ...clean.settings, preemptionPriceRatio: 0.9 },
      }).preemptionRequired,
    ).toBe(true);
  });

  it('warns, without pre-emption, when no benchmark is in effect for the unit', () => {
    const result = runPrecheck({ ...clean, benchmarkPricePerM2: null, declaredPrice: '1.00' });
    expect(result.preemptionRequired).toBe(false);
    expect(result.findings.map((finding) => finding.code)).toContain('benchmark_unavailable');
  });

  it('blocks a mortgage on a seized unit under its own code, and one running past the land term', () => {
    expect(
      codes({
        kind: 'mortgage',
        declaredPrice: null,
        mortgageTerm: { start: '2026-12-01', end: '2057-01-01' },
        restrictions: [{ kind: 'seizure', reference: 'S-1', disposalStatus: null }],
      }),
    ).toEqual(['mortgage_on_seized_unit:block', 'mortgage_beyond_land_term:block']);
  });

  it('only warns about objections and idle land for leases and mortgages', () => {
    expect(
      codes({
        kind: 'lease',
        declaredPrice: null,
        leaseTerm: { start: '2026-12-01', end: '2036-11-30' },
        restrictions: [
          { kind: 'objection', reference: 'O-1', disposalStatus: null },
          { kind: 'idle', reference: 'I-1', disposalStatus: 'pending' },
        ],
      }),
    ).toEqual(['objection:warn', 'idle_land_undisposed:warn']);
  });

  it('limits a lease to 20 years and to the remaining land term', () => {
    const lease = (start: string, end: string) =>
      codes({ kind: 'lease', declaredPrice: null, leaseTerm: { start, end } });
    expect(lease('2026-12-01', '2046-12-01')).toEqual([]);
    expect(lease('2026-12-01', '2046-12-02')).toEqual(['lease_longer_than_20_years:block']);
    expect(lease('2040-01-01', '2056-07-01')).toEqual(['lease_beyond_land_term:block']);
  });

  it('refuses to release a mortgage that is not current on the unit, whatever the restrictions', () => {
    expect(
      codes({
        kind: 'mortgage_release',
        declaredPrice: null,
        releasedMortgageCurrent: false,
        restrictions: [{ kind: 'seizure', reference: 'S-1', disposalStatus: null }],
      }),
    ).toEqual(['mortgage_not_current:block']);
  });

  it('blocks everything on a unit without a current right or with an expired term', () => {
    expect(codes({ hasCurrentRight: false })).toContain('no_current_right:block');
    expect(codes({ unit: { ...clean.unit, termEnd: '2026-11-27' } })).toContain('land_term_expired:block');
  });

  it('is deterministic, fails exactly when a finding blocks, and names every missing material once', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REGISTRATION_KINDS),
        fc.subarray([...MATERIAL_TYPES]),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('seizure', 'objection', 'idle', null),
        (kind, missing, holder, feePaid, restriction) => {
          const facts: PrecheckFacts = {
            ...clean,
            kind,
            applicantIsHolder: holder,
            unit: { ...clean.unit, grantFeePaid: feePaid },
            missingMaterials: missing,
            restrictions:
              restriction === null
                ? []
                : [
                    {
                      kind: restriction,
                      reference: 'R',
                      disposalStatus: restriction === 'idle' ? 'pending' : null,
                    },
                  ],
          };
          const first = runPrecheck(facts);
          expect(runPrecheck(facts)).toEqual(first);
          expect(first.status === 'failed').toBe(
            first.findings.some((finding) => finding.severity === 'block'),
          );
          const named = first.findings.map((finding) => finding.evidence.materialType).filter(Boolean);
          expect([...named].sort()).toEqual([...missing].sort());
        },
      ),
    );
  });
});
