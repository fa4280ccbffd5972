/**
 * Stable machine codes for the rule an identifier broke. The API puts them into 400 responses, so clients may
 * branch on them: never rename one, only add.
 */
export type IdentifierRule =
  | 'length'
  | 'charset'
  | 'checksum'
  | 'birthDate'
  | 'birthDateInFuture'
  | 'districtCode'
  | 'featureCode'
  | 'buildingCode'
  | 'format'
  | 'sequence';

export interface BilingualMessage {
  zh: string;
  en: string;
}

/** `value` is the canonical (normalised) form: store, hash and compare that, never the raw input. */
export interface IdentifierValid {
  valid: true;
  value: string;
}

/**
 * Messages never echo the whole input back: for a resident ID that would put personal information into
 * responses and whatever logs them.
 */
export interface IdentifierFailure {
  valid: false;
  rule: IdentifierRule;
  message: BilingualMessage;
}

export type IdentifierCheck = IdentifierValid | IdentifierFailure;

export function identifierFailure(rule: IdentifierRule, zh: string, en: string): IdentifierFailure {
  return { valid: false, rule, message: { zh, en } };
}

/**
 * People paste identifiers with stray spaces and type letters in lower case (a lower-case x in a resident ID is
 * the classic), while the canonical forms are upper-case.
 */
export function normalizeIdentifier(value: string): string {
  return value.trim().toUpperCase();
}
