import type { BilingualMessage } from '../identifiers/identifier-check';
import { DECLARATION_LABELS, DeclarationKey, Declarations, ListingKind } from './listing-model';

export const LISTING_FINDING_CODES = [
  'declaration_contradicts_register',
  'no_current_right',
  'seller_not_holder',
  'transfer_in_flight',
  'seized',
  'disputed',
  'taken_back',
  'idle_land_undisposed',
  'reserve_land',
  'grant_fee_unpaid',
  'investment_below_threshold',
  'mortgagee_consent_missing',
  'lessee_consent_missing',
  'coowner_consent_missing',
] as const;
export type ListingFindingCode = (typeof LISTING_FINDING_CODES)[number];

export interface ListingFinding {
  readonly code: ListingFindingCode;
  readonly message: BilingualMessage;
  /** For a contradiction: which declaration, what the seller said and what the register says. */
  readonly declaration?: DeclarationKey;
  readonly declared?: boolean;
  readonly register?: boolean;
}

/** What the register says about the unit, read in one snapshot when the listing is published or confirmed. */
export interface ListingRegisterFacts {
  readonly kind: ListingKind;
  readonly hasCurrentRight: boolean;
  readonly sellerIsHolder: boolean;
  readonly coOwned: boolean;
  readonly rightType: 'granted' | 'allocated';
  readonly grantFeePaid: boolean;
  /** Decimal string, 0–1. */
  readonly investmentRatio: string;
  readonly takenBack: boolean;
  readonly mortgaged: boolean;
  readonly leased: boolean;
  readonly seized: boolean;
  readonly objection: boolean;
  readonly idleUndisposed: boolean;
  /** A transfer application of the unit is accepted or under way: the unit is already being sold. */
  readonly transferInFlight: boolean;
  readonly settings: { readonly investmentThreshold: number; readonly mortgageeConsentRequired: boolean };
}

function finding(code: ListingFindingCode, zh: string, en: string): ListingFinding {
  return { code, message: { zh, en } };
}

/**
 * A platform form that trusts the seller is how a seized or mortgaged unit gets sold twice; here every
 * declaration the register can answer is compared with it, and DOMAIN.md's transfer and lease rules that block a
 * trade are applied. Every finding is returned at once, so the seller can correct everything in one go.
 */
export function checkListing(declarations: Declarations, facts: ListingRegisterFacts): ListingFinding[] {
  const findings: ListingFinding[] = [];
  const registerSays: Partial<Record<DeclarationKey, boolean>> = {
    disputed: facts.objection,
    seized: facts.seized,
    mortgaged: facts.mortgaged,
    leased: facts.leased,
    idle: facts.idleUndisposed,
    ...(facts.rightType === 'granted' ? { grantFeePaid: facts.grantFeePaid } : {}),
  };
  for (const [key, register] of Object.entries(registerSays) as [DeclarationKey, boolean][]) {
    if (declarations[key] === register) continue;
    const label = DECLARATION_LABELS[key];
    findings.push({
      code: 'declaration_contradicts_register',
      message: {
        zh: `声明与登记簿不符：“${label.zh}”声明为${declarations[key] ? '是' : '否'}，登记簿记载为${register ? '是' : '否'}`,
        en: `The declaration contradicts the register: "${label.en}" declared ${declarations[key]}, the register says ${register}`,
      },
      declaration: key,
      declared: declarations[key],
      register,
    });
  }
  if (!facts.hasCurrentRight) {
    findings.push(finding('no_current_right', '该单元没有现势权利', 'The unit has no current right'));
  } else if (!facts.sellerIsHolder) {
    findings.push(
      finding(
        'seller_not_holder',
        '挂牌人不是该单元的现势权利人',
        'The seller does not hold the current right',
      ),
    );
  }
  if (facts.kind === 'transfer' && facts.transferInFlight) {
    findings.push(
      finding(
        'transfer_in_flight',
        '该单元已有正在办理的转移登记，不得再挂牌转让',
        'A transfer of this unit is already in progress',
      ),
    );
  }
  if (facts.seized)
    findings.push(finding('seized', '单元已被查封，不得挂牌', 'A seized unit cannot be listed'));
  if (facts.objection || declarations.disputed) {
    findings.push(
      finding(
        'disputed',
        '存在权属争议或异议登记，不得挂牌',
        'A unit under dispute or objection cannot be listed',
      ),
    );
  }
  if (facts.takenBack) {
    findings.push(finding('taken_back', '土地使用权已被依法收回', 'The land use right has been taken back'));
  }
  if (facts.idleUndisposed) {
    findings.push(
      finding(
        'idle_land_undisposed',
        '属于闲置土地且尚未处置完毕，不得挂牌',
        'Idle land cannot be listed until its disposal is recorded',
      ),
    );
  }
  if (declarations.reserveLand) {
    findings.push(
      finding(
        'reserve_land',
        '储备土地由政府供应，不得在二级市场挂牌',
        'Reserve land is supplied by the state, not listed',
      ),
    );
  }
  if (facts.kind === 'transfer' && facts.rightType === 'granted') {
    if (!facts.grantFeePaid) {
      findings.push(
        finding('grant_fee_unpaid', '土地出让金未足额缴纳，不得转让', 'The grant fee is not paid in full'),
      );
    }
    if (Number(facts.investmentRatio) < facts.settings.investmentThreshold) {
      const percent = Math.round(facts.settings.investmentThreshold * 100);
      findings.push(
        finding(
          'investment_below_threshold',
          `开发投资未达总投资的 ${percent}%，不得转让`,
          `Less than ${percent}% of the development investment is completed`,
        ),
      );
    }
  }
  if (facts.mortgaged && facts.settings.mortgageeConsentRequired && !declarations.mortgageeConsent) {
    findings.push(
      finding('mortgagee_consent_missing', '已抵押，须取得抵押权人同意', 'The mortgagee’s consent is needed'),
    );
  }
  if (facts.leased && facts.kind === 'transfer' && !declarations.lesseeConsent) {
    findings.push(
      finding(
        'lessee_consent_missing',
        '已出租，转让须取得承租人同意（放弃优先购买权）',
        'The lessee must consent to the transfer',
      ),
    );
  }
  if (facts.coOwned && !declarations.coownerConsent) {
    findings.push(
      finding(
        'coowner_consent_missing',
        '共有土地须取得其他共有人书面同意',
        'The other co-owners must consent',
      ),
    );
  }
  return findings;
}
