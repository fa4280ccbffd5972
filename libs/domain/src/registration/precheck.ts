import type { BilingualMessage } from '../identifiers/identifier-check';
import type { RightType } from '../register/unit-term';
import { MATERIAL_TYPES, type MaterialType } from './material-checklist';
import type { RegistrationKind } from './registration-model';

export type FindingSeverity = 'block' | 'warn';

/**
 * Stable codes: clients and the one-time notice branch on them, so never rename one, only add. A material the
 * checklist asks for gets its own code where DOMAIN.md names the rule (co-owner consent, approval document …).
 */
export const FINDING_CODES = [
  'no_current_right',
  'applicant_not_holder',
  'seized',
  'mortgage_on_seized_unit',
  'objection',
  'taken_back',
  'idle_land_undisposed',
  'grant_fee_unpaid',
  'investment_below_threshold',
  'land_term_expired',
  'remaining_term_only',
  'lease_longer_than_20_years',
  'lease_beyond_land_term',
  'mortgage_beyond_land_term',
  'mortgage_not_current',
  'price_below_benchmark',
  'benchmark_unavailable',
  'coowner_consent_missing',
  'mortgagee_consent_missing',
  'approval_document_missing',
  'investment_audit_missing',
  'material_missing',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export interface PrecheckFinding {
  readonly code: FindingCode;
  readonly severity: FindingSeverity;
  readonly message: BilingualMessage;
  readonly evidence: Readonly<Record<string, string | number | boolean | null>>;
}

export interface PrecheckRestriction {
  readonly kind: 'seizure' | 'objection' | 'idle';
  readonly reference: string;
  readonly disposalStatus: string | null;
}

/** Everything the rules read, loaded by the caller in one snapshot of the register. */
export interface PrecheckFacts {
  readonly kind: RegistrationKind;
  /** Beijing-time calendar date the check runs on. */
  readonly today: string;
  readonly unit: {
    readonly rightType: RightType;
    readonly termEnd: string | null;
    readonly areaM2: string;
    readonly grantFeePaid: boolean;
    readonly investmentRatio: string;
    readonly takenBackAt: string | null;
  };
  readonly hasCurrentRight: boolean;
  readonly applicantIsHolder: boolean;
  readonly restrictions: readonly PrecheckRestriction[];
  /** Materials the checklist asks for in this situation that were not provided. */
  readonly missingMaterials: readonly MaterialType[];
  readonly declaredPrice: string | null;
  /** Yuan per m² in effect for the unit today, or null when none is (no grade, no price for the period). */
  readonly benchmarkPricePerM2: string | null;
  readonly leaseTerm: { readonly start: string; readonly end: string } | null;
  readonly mortgageTerm: { readonly start: string; readonly end: string } | null;
  /** For a release: whether the mortgage named is still current on this unit. */
  readonly releasedMortgageCurrent: boolean | null;
  readonly settings: {
    readonly investmentThreshold: number;
    readonly preemptionPriceRatio: number;
  };
}

export interface PrecheckResult {
  readonly status: 'passed' | 'failed';
  readonly findings: PrecheckFinding[];
  /** Set when the declared price is below the configured share of the benchmark: 优先购买权 opens after acceptance. */
  readonly preemptionRequired: boolean;
}

const MATERIAL_FINDING: Partial<Record<MaterialType, FindingCode>> = {
  coowner_consent: 'coowner_consent_missing',
  mortgagee_consent: 'mortgagee_consent_missing',
  approval_document: 'approval_document_missing',
  investment_audit: 'investment_audit_missing',
};

const MATERIAL_NAMES: Readonly<Record<MaterialType, BilingualMessage>> = {
  identity: { zh: '身份证明（身份证或营业执照）', en: 'proof of identity (ID card or business licence)' },
  certificate: { zh: '不动产权证书', en: 'the current real-estate certificate' },
  contract: { zh: '合同（转让、租赁或抵押合同）', en: 'the transfer, lease or mortgage contract' },
  price_declaration: { zh: '价格申报表', en: 'the price declaration form' },
  investment_audit: { zh: '开发投资达25%以上的证明', en: 'evidence of the completed development investment' },
  approval_document: {
    zh: '有批准权的人民政府批准文件',
    en: 'the approval of the government with authority',
  },
  grant_fee_receipt: { zh: '土地出让金缴纳（补缴）凭证', en: 'proof that the grant fee was paid' },
  power_of_attorney: { zh: '授权委托书', en: 'the power of attorney' },
  coowner_consent: { zh: '其他共有人书面同意', en: 'the written consent of the other co-owners' },
  mortgagee_consent: { zh: '抵押权人同意书', en: 'the mortgagee’s consent' },
  lessee_consent: { zh: '承租人同意书', en: 'the lessee’s consent' },
  idle_disposal_proof: { zh: '闲置土地处置完毕证明', en: 'proof that the idle-land disposal is done' },
  loan_contract: { zh: '主债权合同', en: 'the main debt contract' },
  release_consent: { zh: '抵押权人注销同意书', en: 'the mortgagee’s release' },
  other: { zh: '其他材料', en: 'other material' },
};

export function materialName(type: MaterialType): BilingualMessage {
  return MATERIAL_NAMES[type];
}

function block(
  code: FindingCode,
  zh: string,
  en: string,
  evidence: PrecheckFinding['evidence'] = {},
): PrecheckFinding {
  return { code, severity: 'block', message: { zh, en }, evidence };
}

function warn(
  code: FindingCode,
  zh: string,
  en: string,
  evidence: PrecheckFinding['evidence'] = {},
): PrecheckFinding {
  return { code, severity: 'warn', message: { zh, en }, evidence };
}

/** Whole years and the rest in days is how a term reads in a notice; a calendar difference is enough here. */
function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  // 29 February plus whole years lands on 28 February, as a civil-law term does (民法典 art. 203).
  const day = m === 2 && d === 29 && (y + years) % 4 !== 0 ? 28 : d;
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The last day a lease starting on `start` may run to: twenty years (民法典 art. 705), as a date string. */
export function longestLeaseEnd(start: string): string {
  return addYears(start, 20);
}

function restrictionFindings(facts: PrecheckFacts): PrecheckFinding[] {
  const findings: PrecheckFinding[] = [];
  if (facts.kind === 'mortgage_release') return findings;
  for (const restriction of facts.restrictions) {
    const evidence = { reference: restriction.reference };
    if (restriction.kind === 'seizure') {
      findings.push(
        facts.kind === 'mortgage'
          ? block(
              'mortgage_on_seized_unit',
              `单元已被查封（${restriction.reference}），不得设定抵押`,
              `A seized unit (${restriction.reference}) cannot be mortgaged`,
              evidence,
            )
          : block(
              'seized',
              `单元已被查封（${restriction.reference}），不得办理该登记`,
              `The unit is seized (${restriction.reference}); it cannot be registered`,
              evidence,
            ),
      );
    } else if (restriction.kind === 'objection') {
      findings.push(
        facts.kind === 'transfer'
          ? block(
              'objection',
              '单元存在异议登记（权属争议），不得转让',
              'The unit is under an objection; it cannot be transferred',
              evidence,
            )
          : warn(
              'objection',
              '单元存在异议登记，请核实权属',
              'The unit is under an objection; check the title',
              evidence,
            ),
      );
    } else if (restriction.disposalStatus === 'pending') {
      const idle = { ...evidence, disposalStatus: restriction.disposalStatus };
      findings.push(
        facts.kind === 'transfer'
          ? block(
              'idle_land_undisposed',
              '闲置土地尚未处置完毕，不得转让',
              'Idle land may not be transferred before its disposal is recorded',
              idle,
            )
          : warn(
              'idle_land_undisposed',
              '闲置土地尚未处置完毕',
              'The idle-land disposal is not recorded yet',
              idle,
            ),
      );
    }
  }
  return findings;
}

function titleFindings(facts: PrecheckFacts): PrecheckFinding[] {
  const findings: PrecheckFinding[] = [];
  if (!facts.hasCurrentRight) {
    findings.push(
      block(
        'no_current_right',
        '单元没有现势权利，不能办理登记',
        'The unit has no current right to register against',
      ),
    );
  } else if (!facts.applicantIsHolder) {
    findings.push(
      block(
        'applicant_not_holder',
        '申请人不是该单元的现势权利人',
        'The applicant does not hold the current right on this unit',
      ),
    );
  }
  if (facts.unit.takenBackAt !== null && facts.kind !== 'mortgage_release') {
    findings.push(
      block('taken_back', '土地已被依法收回', 'The state has taken the land back', {
        takenBackAt: facts.unit.takenBackAt,
      }),
    );
  }
  if (facts.unit.termEnd !== null && facts.unit.termEnd <= facts.today && facts.kind !== 'mortgage_release') {
    findings.push(
      block('land_term_expired', '土地使用期限已届满', 'The land term has ended', {
        termEnd: facts.unit.termEnd,
      }),
    );
  }
  return findings;
}

function transferFindings(facts: PrecheckFacts): PrecheckFinding[] {
  const findings: PrecheckFinding[] = [];
  const { unit } = facts;
  if (unit.rightType === 'granted') {
    if (!unit.grantFeePaid) {
      findings.push(
        block(
          'grant_fee_unpaid',
          '土地出让金尚未全部缴清，不得转让',
          'The grant fee is not fully paid; the land cannot be transferred',
        ),
      );
    }
    const ratio = Number(unit.investmentRatio);
    const threshold = facts.settings.investmentThreshold;
    if (ratio < threshold) {
      findings.push(
        block(
          'investment_below_threshold',
          `完成开发投资${(ratio * 100).toFixed(1)}%，未达到总投资的${(threshold * 100).toFixed(0)}%`,
          `Completed investment is ${(ratio * 100).toFixed(1)}%, below the required ${(threshold * 100).toFixed(0)}%`,
          { investmentRatio: unit.investmentRatio, threshold },
        ),
      );
    }
    if (unit.termEnd !== null && unit.termEnd > facts.today) {
      findings.push(
        warn(
          'remaining_term_only',
          `受让人取得剩余年期，至${unit.termEnd}止`,
          `The buyer receives only the remaining term, until ${unit.termEnd}`,
          { termEnd: unit.termEnd, remainingYears: yearsBetween(facts.today, unit.termEnd) },
        ),
      );
    }
  }
  findings.push(...priceFindings(facts));
  return findings;
}

/** Money in yuan as decimal strings; doubles are exact enough for a comparison at this scale (≤ 10^14 fen). */
function priceFindings(facts: PrecheckFacts): PrecheckFinding[] {
  if (facts.declaredPrice === null) return [];
  if (facts.benchmarkPricePerM2 === null) {
    return [
      warn(
        'benchmark_unavailable',
        '该单元当前无适用的基准地价，无法比对申报价格',
        'No benchmark price is in effect for this unit; the declared price was not compared',
      ),
    ];
  }
  const benchmarkTotal = Number(facts.benchmarkPricePerM2) * Number(facts.unit.areaM2);
  const floor = benchmarkTotal * facts.settings.preemptionPriceRatio;
  if (Number(facts.declaredPrice) >= floor) return [];
  return [
    warn(
      'price_below_benchmark',
      `申报价格低于基准地价的${(facts.settings.preemptionPriceRatio * 100).toFixed(0)}%，受理后启动优先购买程序`,
      `The declared price is below ${(facts.settings.preemptionPriceRatio * 100).toFixed(0)}% of the benchmark; pre-emption opens after acceptance`,
      {
        declaredPrice: facts.declaredPrice,
        benchmarkPricePerM2: facts.benchmarkPricePerM2,
        benchmarkTotal: benchmarkTotal.toFixed(2),
        floor: floor.toFixed(2),
      },
    ),
  ];
}

function leaseFindings(facts: PrecheckFacts): PrecheckFinding[] {
  const term = facts.leaseTerm;
  if (term === null) return [];
  const findings: PrecheckFinding[] = [];
  if (term.end > longestLeaseEnd(term.start)) {
    findings.push(
      block(
        'lease_longer_than_20_years',
        '租赁期限超过二十年（民法典第七百零五条）',
        'A lease may not exceed 20 years (Civil Code art. 705)',
        {
          start: term.start,
          end: term.end,
        },
      ),
    );
  }
  if (facts.unit.termEnd !== null && term.end > facts.unit.termEnd) {
    findings.push(
      block(
        'lease_beyond_land_term',
        '租赁期限超过土地剩余使用期限',
        'The lease runs beyond the remaining land term',
        {
          leaseEnd: term.end,
          termEnd: facts.unit.termEnd,
        },
      ),
    );
  }
  return findings;
}

function mortgageFindings(facts: PrecheckFacts): PrecheckFinding[] {
  const term = facts.mortgageTerm;
  if (term === null || facts.unit.termEnd === null || term.end <= facts.unit.termEnd) return [];
  return [
    block(
      'mortgage_beyond_land_term',
      '抵押期限超过土地剩余使用期限',
      'The mortgage term runs beyond the remaining land term',
      {
        mortgageEnd: term.end,
        termEnd: facts.unit.termEnd,
      },
    ),
  ];
}

function releaseFindings(facts: PrecheckFacts): PrecheckFinding[] {
  if (facts.releasedMortgageCurrent !== false) return [];
  return [
    block(
      'mortgage_not_current',
      '所注销的抵押权不是该单元的现势抵押',
      'The mortgage to release is not current on this unit',
    ),
  ];
}

function materialFindings(facts: PrecheckFacts): PrecheckFinding[] {
  const missing = MATERIAL_TYPES.filter((type) => facts.missingMaterials.includes(type));
  return missing.map((type) => {
    const name = MATERIAL_NAMES[type];
    return block(
      MATERIAL_FINDING[type] ?? 'material_missing',
      `缺少材料：${name.zh}`,
      `Missing material: ${name.en}`,
      {
        materialType: type,
      },
    );
  });
}

const KIND_FINDINGS: Readonly<Record<RegistrationKind, (facts: PrecheckFacts) => PrecheckFinding[]>> = {
  transfer: transferFindings,
  lease: leaseFindings,
  mortgage: mortgageFindings,
  mortgage_release: releaseFindings,
};

/**
 * Every rule of DOMAIN.md that the register can answer, all at once: a requisition must list every problem
 * (一次性告知), so no rule stops the others. The same facts always give the same findings in the same order,
 * which is what makes re-running the pre-check change nothing.
 */
export function runPrecheck(facts: PrecheckFacts): PrecheckResult {
  const findings = [
    ...titleFindings(facts),
    ...restrictionFindings(facts),
    ...KIND_FINDINGS[facts.kind](facts),
    ...materialFindings(facts),
  ];
  return {
    status: findings.some((finding) => finding.severity === 'block') ? 'failed' : 'passed',
    findings,
    preemptionRequired: findings.some((finding) => finding.code === 'price_below_benchmark'),
  };
}
