import { LAND_USE_CLASSES } from '@domain/register/land-use';
import type { ListingState } from '@domain/market/listing-model';
import type { MaterialType } from '@domain/registration/material-checklist';
import { materialName } from '@domain/registration/precheck';
import type { RegistrationKind, RegistrationState } from '@domain/registration/registration-model';
import type { PartyView } from '../api/views';
import { actionLabel, districtName } from '../common/labels';

export const RIGHT_TYPE_LABELS = { granted: '出让', allocated: '划拨' } as const;

export const RESTRICTION_KIND_LABELS = { seizure: '查封', objection: '异议登记', idle: '闲置土地' } as const;

/** Who the other party of each kind of application is. */
export const COUNTERPARTY_ROLE: Record<RegistrationKind, string> = {
  transfer: '受让人',
  lease: '承租人',
  mortgage: '抵押权人',
  mortgage_release: '抵押权人',
};

export const PARTY_KIND_LABELS = { person: '个人', organization: '企业（单位）' } as const;

export function materialLabel(type: MaterialType): string {
  return materialName(type).zh;
}

export function landUseName(code: string): string {
  const landClass = LAND_USE_CLASSES[code.slice(0, 2) as keyof typeof LAND_USE_CLASSES];
  return landClass ? `${landClass.zh}（${code}）` : code;
}

/** The history also records steps that are not workflow actions: the counter-party's confirmation, routing. */
const HISTORY_ONLY_ACTIONS: Record<string, string> = {
  confirm: '对方当事人确认共同申请',
  assign: '分派承办人',
};

export function historyActionLabel(action: string): string {
  return HISTORY_ONLY_ACTIONS[action] ?? actionLabel(action);
}

/** A unit's place: the location as registered, after its district unless the location already names it. */
export function placeOf(districtCode: string, location: string): string {
  const district = districtName(districtCode);
  return location.startsWith(district) ? location : `${district} ${location}`;
}

export function partyIdentifier(party: PartyView): string {
  return party.kind === 'person' ? (party.idNumberMasked ?? '—') : (party.uscc ?? '—');
}

export function area(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return `${Number(value).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} ㎡`;
}

export const LISTING_STATUS_COLORS: Record<ListingState, string> = {
  draft: 'default',
  pending_confirmation: 'gold',
  published: 'green',
  closed: 'blue',
  expired: 'default',
  withdrawn: 'default',
};

export const APPLICATION_STATUS_COLORS: Record<RegistrationState, string> = {
  draft: 'default',
  submitted: 'processing',
  accepted: 'processing',
  first_review: 'processing',
  second_review: 'processing',
  approved: 'cyan',
  recorded: 'blue',
  certified: 'green',
  requisitioned: 'orange',
  preemption_pending: 'gold',
  rejected: 'red',
  withdrawn: 'default',
};

/** An amount from an InputNumber in string mode, as the API's money format wants it: two decimals. */
export function money(value: string | number): string {
  return Number(value).toFixed(2);
}
