import { RegistrationKind } from './registration-model';

/** The material codes of the public API (API.md, "Material types"). */
export const MATERIAL_TYPES = [
  'identity',
  'certificate',
  'contract',
  'price_declaration',
  'investment_audit',
  'approval_document',
  'grant_fee_receipt',
  'power_of_attorney',
  'coowner_consent',
  'mortgagee_consent',
  'lessee_consent',
  'idle_disposal_proof',
  'loan_contract',
  'release_consent',
  'other',
] as const;
export type MaterialType = (typeof MATERIAL_TYPES)[number];

/**
 * The situations a checklist row can depend on. Rows are data (table `material_requirement`), so the
 * registration centre can change what is asked without a release; only the vocabulary lives here.
 */
export const MATERIAL_CONDITIONS = [
  'always',
  'granted_land',
  'allocated_land',
  'agent_present',
  'co_owned',
  'mortgaged_with_consent_required',
  'leased',
  'idle_land_disposed',
] as const;
export type MaterialCondition = (typeof MATERIAL_CONDITIONS)[number];

export interface ChecklistRule {
  kind: RegistrationKind;
  /** `any`, or the kind of party the row applies to (an organization shows a business licence, say). */
  partyKind: 'any' | 'person' | 'organization';
  materialType: MaterialType;
  condition: MaterialCondition;
}

export interface ApplicationSituation {
  kind: RegistrationKind;
  partyKinds: ReadonlyArray<'person' | 'organization'>;
  rightType: 'granted' | 'allocated';
  agentPresent: boolean;
  coOwned: boolean;
  mortgaged: boolean;
  mortgageeConsentRequired: boolean;
  leased: boolean;
  idleLandDisposed: boolean;
}

function holds(condition: MaterialCondition, situation: ApplicationSituation): boolean {
  switch (condition) {
    case 'always':
      return true;
    case 'granted_land':
      return situation.rightType === 'granted';
    case 'allocated_land':
      return situation.rightType === 'allocated';
    case 'agent_present':
      return situation.agentPresent;
    case 'co_owned':
      return situation.coOwned;
    case 'mortgaged_with_consent_required':
      return situation.mortgaged && situation.mortgageeConsentRequired;
    case 'leased':
      return situation.leased;
    case 'idle_land_disposed':
      return situation.idleLandDisposed;
  }
}

/** Every material the checklist asks for in this situation, each once, in the order of MATERIAL_TYPES. */
export function requiredMaterials(
  rules: readonly ChecklistRule[],
  situation: ApplicationSituation,
): MaterialType[] {
  const required = new Set(
    rules
      .filter(
        (rule) =>
          rule.kind === situation.kind &&
          (rule.partyKind === 'any' || situation.partyKinds.includes(rule.partyKind)) &&
          holds(rule.condition, situation),
      )
      .map((rule) => rule.materialType),
  );
  return MATERIAL_TYPES.filter((type) => required.has(type));
}

/** What is still missing: the whole list at once, as a one-time notice (一次性告知) must give it. */
export function missingMaterials(
  rules: readonly ChecklistRule[],
  situation: ApplicationSituation,
  provided: readonly MaterialType[],
): MaterialType[] {
  const present = new Set(provided);
  return requiredMaterials(rules, situation).filter((type) => !present.has(type));
}
