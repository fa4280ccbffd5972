import { validateResidentId } from '@domain/identifiers/resident-id';
import { validateUnitNumber } from '@domain/identifiers/unit-number';
import { validateUscc } from '@domain/identifiers/uscc';
import {
  type ApplicationSituation,
  type MaterialCondition,
  type MaterialType,
  requiredMaterials,
} from '@domain/registration/material-checklist';
import { materialName } from '@domain/registration/precheck';
import type { RegistrationKind } from '@domain/registration/registration-model';
import type { FormRule as Rule } from 'antd';
import type { ChecklistRow, UnitView } from '../api/views';

/**
 * What the counter's forms hold, and how it becomes the bodies of `POST /intake` and
 * `POST /intake/applications/:id`.
 */

export interface PartyValues {
  kind: 'person' | 'organization';
  name: string;
  idNumber?: string;
  uscc?: string;
}

/** How a party stands at the counter; `absent` only for a party who need not come (or has not). */
export type AppearanceMode = 'in_person' | 'agent' | 'absent';

export interface AppearanceValues {
  party: PartyValues;
  mode: AppearanceMode;
  agent?: Partial<PartyValues>;
  powerOfAttorneyFileId?: string;
  identityVerified?: boolean;
  identityFileId?: string;
}

/** A party not yet filled in: a person who came in person. */
export function newAppearance(): AppearanceValues {
  return { party: { kind: 'person', name: '' }, mode: 'in_person' };
}

/** How far the parties' section has got with what is checked person by person. */
export interface PerPersonStatus {
  /** Everyone at the counter has been identified and their ID document scanned. */
  identityComplete: boolean;
  /** Agents at the counter, and how many of them brought a power of attorney. */
  agents: number;
  agentsWithPowerOfAttorney: number;
}

export function perPersonStatus(appearances: AppearanceValues[]): PerPersonStatus {
  const present = appearances.filter((appearance) => appearance.mode !== 'absent');
  const agents = present.filter((appearance) => appearance.mode === 'agent');
  return {
    identityComplete:
      present.length > 0 &&
      present.every((appearance) => appearance.identityVerified && appearance.identityFileId),
    agents: agents.length,
    agentsWithPowerOfAttorney: agents.filter((agent) => agent.powerOfAttorneyFileId).length,
  };
}

/** One line of the checklist: the original seen, and its scan. */
export interface MaterialValues {
  checked?: boolean;
  fileId?: string;
}

export type MaterialsValues = Partial<Record<MaterialType, MaterialValues>>;

export interface PartyBody {
  kind: 'person' | 'organization';
  name: string;
  idNumber?: string;
  uscc?: string;
}

export interface AppearanceBody {
  party: PartyBody;
  presentInPerson?: true;
  agent?: { party: PartyBody; powerOfAttorneyFileId?: string };
  identityVerified: boolean;
  identityFileId?: string;
}

/** Material names as the one-time notice prints them, so the counter and the paper agree. */
export function materialLabel(type: MaterialType): string {
  return materialName(type).zh;
}

/** Why a checklist row applies, in the clerk's words. */
export const CONDITION_LABELS: Record<MaterialCondition, string> = {
  always: '必交',
  granted_land: '出让土地',
  allocated_land: '划拨土地',
  agent_present: '委托代理',
  co_owned: '共有',
  mortgaged_with_consent_required: '已设抵押',
  leased: '已出租',
  idle_land_disposed: '闲置土地已处置',
};

/** The applying side's role, by kind. */
export const APPLICANT_LABELS: Record<RegistrationKind, string> = {
  transfer: '转让人',
  lease: '出租人',
  mortgage: '抵押人',
  mortgage_release: '抵押人',
};

/** The counter-party's role, by kind, as the forms and receipts name it. */
export const COUNTERPARTY_LABELS: Record<RegistrationKind, string> = {
  transfer: '受让人',
  lease: '承租人',
  mortgage: '抵押权人',
  mortgage_release: '抵押权人',
};

/** Identity and the power of attorney are checked person by person in the parties' section, not ticked. */
export const PER_PERSON_MATERIALS: readonly MaterialType[] = ['identity', 'power_of_attorney'];

export const DEFAULT_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

export function partyBody(party: PartyValues): PartyBody {
  const name = party.name.trim();
  return party.kind === 'person'
    ? { kind: 'person', name, idNumber: party.idNumber?.trim().toUpperCase() }
    : { kind: 'organization', name, uscc: party.uscc?.trim().toUpperCase() };
}

/** Null for a party who did not come: the server then lists them in the notice if they were needed. */
export function appearanceBody(values: AppearanceValues): AppearanceBody | null {
  if (values.mode === 'absent') return null;
  return {
    party: partyBody(values.party),
    ...(values.mode === 'agent'
      ? {
          agent: {
            // The agent stands at the counter in person, so is always a natural person.
            party: partyBody({ ...values.agent, name: values.agent?.name ?? '', kind: 'person' }),
            ...(values.powerOfAttorneyFileId ? { powerOfAttorneyFileId: values.powerOfAttorneyFileId } : {}),
          },
        }
      : { presentInPerson: true as const }),
    identityVerified: values.identityVerified === true,
    ...(values.identityFileId ? { identityFileId: values.identityFileId } : {}),
  };
}

/** The ticked materials and the scans sent with them, in the order the checklist shows them. */
export function materialsBody(
  types: readonly MaterialType[],
  values: MaterialsValues | undefined,
): { materialsChecked: MaterialType[]; materials: { type: MaterialType; fileId: string }[] } {
  const ticked = types.filter((type) => values?.[type]?.checked);
  return {
    materialsChecked: ticked,
    materials: ticked.flatMap((type) => {
      const fileId = values?.[type]?.fileId;
      return fileId ? [{ type, fileId }] : [];
    }),
  };
}

/**
 * The situation the checklist rows are read against, from the register. Whether a mortgagee must consent is
 * a setting only supervisors read; the counter asks for the consent whenever the unit is mortgaged, which is
 * the default, and an unneeded consent never stops an acceptance.
 */
export function situationOf(
  kind: RegistrationKind,
  unit: UnitView,
  partyKinds: ('person' | 'organization')[],
  agentPresent: boolean,
): ApplicationSituation {
  return {
    kind,
    partyKinds: [...new Set(partyKinds)],
    rightType: unit.rightType,
    agentPresent,
    coOwned: (unit.currentRight?.holders.length ?? 0) > 1,
    mortgaged: unit.mortgages.length > 0,
    mortgageeConsentRequired: true,
    leased: unit.leases.length > 0,
    idleLandDisposed: unit.restrictions.some(
      (restriction) => restriction.kind === 'idle' && restriction.disposalStatus !== 'pending',
    ),
  };
}

export interface ChecklistLine {
  type: MaterialType;
  /** Why the line applies (the conditions of the rows that ask for it). */
  reasons: string[];
  accept: string[];
  maxBytes: number;
}

/** The checklist for a situation, one line per material, with the file rules of its rows combined. */
export function checklistLines(
  rows: readonly ChecklistRow[],
  situation: ApplicationSituation,
): ChecklistLine[] {
  return requiredMaterials(rows, situation).map((type) => {
    const own = rows.filter((row) => row.kind === situation.kind && row.materialType === type);
    return {
      type,
      reasons: [...new Set(own.map((row) => CONDITION_LABELS[row.condition]))],
      accept: [...new Set(own.flatMap((row) => row.allowedContentTypes))],
      maxBytes: Math.max(...own.map((row) => row.maxBytes)),
    };
  });
}

/**
 * What the counter checks once the unit and the checklist have loaded: the lines of the checklist, and the
 * materials among them ticked here rather than person by person.
 */
export function counterChecklist(
  rows: readonly ChecklistRow[] | null | undefined,
  unit: UnitView | null | undefined,
  kind: RegistrationKind,
  partyKinds: ('person' | 'organization')[],
  agentPresent: boolean,
): { lines: ChecklistLine[] | null; tickable: MaterialType[] } {
  const lines = unit && rows ? checklistLines(rows, situationOf(kind, unit, partyKinds, agentPresent)) : null;
  const tickable = (lines ?? [])
    .map((line) => line.type)
    .filter((type) => !PER_PERSON_MATERIALS.includes(type));
  return { lines, tickable };
}

/** The server accepts a start of service within the last 24 hours; an older one is left for it to default. */
export function startedAtFor(started: Date): string | undefined {
  return Date.now() - started.getTime() < 23 * 3600_000 ? started.toISOString() : undefined;
}

export const residentIdRule: Rule = {
  validator: async (_rule, value: string | undefined) => {
    if (!value) return;
    const check = validateResidentId(value);
    if (!check.valid) throw new Error(check.message.zh);
  },
};

export const usccRule: Rule = {
  validator: async (_rule, value: string | undefined) => {
    if (!value) return;
    const check = validateUscc(value);
    if (!check.valid) throw new Error(check.message.zh);
  },
};

export const unitNumberRule: Rule = {
  validator: async (_rule, value: string | undefined) => {
    if (!value) return;
    const check = validateUnitNumber(value);
    if (!check.valid) throw new Error(check.message.zh);
  },
};

/** A positive amount in yuan with at most two decimals, as the API's money fields take it. */
export const moneyRule: Rule = {
  pattern: /^(?!0+(\.0+)?$)[0-9]{1,13}(\.[0-9]{1,2})?$/,
  message: '请输入最多两位小数的正金额（元）',
};

/**
 * Where a server field of an appearance sits in an appearance's form values: `party.idNumber`,
 * `agent.party.name`, `presentInPerson` and so on.
 */
export function appearanceFieldName(
  rest: string,
  values: AppearanceValues | undefined,
): (string | number)[] | null {
  const identifier = (party: Partial<PartyValues> | undefined) =>
    party?.kind === 'organization' ? 'uscc' : 'idNumber';
  if (rest === 'party') return ['party', identifier(values?.party)];
  if (rest.startsWith('party.')) return ['party', rest.slice('party.'.length)];
  if (rest === 'presentInPerson') return ['mode'];
  if (rest === 'agent' || rest === 'agent.party') return ['agent', identifier(values?.agent)];
  if (rest.startsWith('agent.party.')) return ['agent', rest.slice('agent.party.'.length)];
  if (rest === 'agent.powerOfAttorneyFileId') return ['powerOfAttorneyFileId'];
  if (rest === 'identityVerified' || rest === 'identityFileId') return [rest];
  return null;
}

/** `applicants[2].party.idNumber` → index 2 and `party.idNumber`. */
export function splitApplicantField(field: string): { index: number; rest: string } | null {
  const match = /^applicants\[(\d+)\](?:\.(.+))?$/.exec(field);
  return match ? { index: Number(match[1]), rest: match[2] ?? '' } : null;
}

/** `materials[1].fileId` or `materialsChecked[0]` → the material the line is about. */
export function materialOfField(
  field: string,
  sent: { materialsChecked: MaterialType[]; materials: { type: MaterialType }[] },
): MaterialType | null {
  const scan = /^materials\[(\d+)\]/.exec(field);
  if (scan) return sent.materials[Number(scan[1])]?.type ?? null;
  const ticked = /^materialsChecked\[(\d+)\]/.exec(field);
  if (ticked) return sent.materialsChecked[Number(ticked[1])] ?? null;
  return null;
}
