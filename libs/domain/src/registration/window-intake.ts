import type { BilingualMessage } from '../identifiers/identifier-check';
import type { MaterialType } from './material-checklist';
import type { FindingCode } from './precheck';
import { isJointKind, RegistrationKind } from './registration-model';

/** What only the counter can see: who stood there, and whose identity the clerk checked. */
export const COUNTER_ITEM_CODES = ['party_absent', 'identity_unverified'] as const;
export type CounterItemCode = (typeof COUNTER_ITEM_CODES)[number];

/** One line of a one-time notice (一次性告知书): a missing item or a blocking finding. */
export interface IntakeItem {
  readonly code: FindingCode | CounterItemCode;
  readonly message: BilingualMessage;
}

/** A party of the application as it appeared at the counter, in person or through an agent (委托代理人). */
export interface Appearance {
  readonly partyId: string;
  readonly partyName: string;
  /** The agent's name when an agent acted; null when the party came in person. */
  readonly agentName: string | null;
  readonly powerOfAttorneyPresented: boolean;
  /** The clerk compared the ID document with the person at the counter (the party, or the agent). */
  readonly identityVerified: boolean;
  /** A scan of that ID document is attached. */
  readonly identityScanned: boolean;
}

export interface CounterFacts {
  readonly kind: RegistrationKind;
  readonly applicantPartyId: string;
  readonly counterpartyPartyId: string | null;
  readonly applicantName: string;
  readonly counterpartyName: string | null;
  /** The counter-party already stood behind the application (online, or at an earlier visit). */
  readonly counterpartyConfirmed: boolean;
  readonly appearances: readonly Appearance[];
}

/**
 * The presence rules of a window application (不动产登记暂行条例 art. 14, DOMAIN.md): the applicant, and for
 * a joint application the counter-party too (unless they confirmed it already), is present or represented, and
 * everyone at the counter has been identified. Every problem is reported, never only the first.
 */
export function counterItems(facts: CounterFacts): IntakeItem[] {
  const items: IntakeItem[] = [];
  const needed: [string, string][] = [[facts.applicantPartyId, facts.applicantName]];
  if (isJointKind(facts.kind) && facts.counterpartyPartyId && !facts.counterpartyConfirmed) {
    needed.push([facts.counterpartyPartyId, facts.counterpartyName ?? '']);
  }
  for (const [partyId, name] of needed) {
    if (!facts.appearances.some((appearance) => appearance.partyId === partyId)) {
      items.push({
        code: 'party_absent',
        message: {
          zh: `${name} 未到场，也未委托代理人办理（共同申请须双方到场或委托代理）`,
          en: `${name} is neither present nor represented by an agent (a joint application needs both sides)`,
        },
      });
    }
  }
  for (const appearance of facts.appearances) {
    if (appearance.identityVerified && appearance.identityScanned) continue;
    const who = appearance.agentName
      ? `${appearance.partyName} 的委托代理人 ${appearance.agentName}`
      : appearance.partyName;
    const whoEn = appearance.agentName
      ? `the agent ${appearance.agentName} of ${appearance.partyName}`
      : appearance.partyName;
    items.push({
      code: 'identity_unverified',
      message: {
        zh: `${who} 的身份证件未经核验或未留存扫描件`,
        en: `The identity document of ${whoEn} was not checked or not scanned`,
      },
    });
  }
  return items;
}

/**
 * The materials an intake provides to the checklist: what the clerk ticked, plus proof of identity once every
 * person at the counter was identified, plus the power of attorney once every agent presented one.
 */
export function materialsPresented(
  materialsChecked: readonly MaterialType[],
  appearances: readonly Appearance[],
): MaterialType[] {
  // A ticked power of attorney proves nothing about which agent it covers; only the agents' own count.
  const presented = new Set<MaterialType>(materialsChecked.filter((type) => type !== 'power_of_attorney'));
  if (
    appearances.length > 0 &&
    appearances.every((appearance) => appearance.identityVerified && appearance.identityScanned)
  ) {
    presented.add('identity');
  }
  const agents = appearances.filter((appearance) => appearance.agentName !== null);
  if (agents.length > 0 && agents.every((agent) => agent.powerOfAttorneyPresented)) {
    presented.add('power_of_attorney');
  }
  return [...presented];
}
