import { DISTRICT_CODES } from '@domain/identifiers/unit-number';
import { LAND_USE_CLASSES } from '@domain/register/land-use';
import { ACTION_LABELS, STATE_LABELS } from '@domain/registration/registration-machine';
import type { ListingState } from '@domain/market/listing-model';
import type {
  RegistrationAction,
  RegistrationKind,
  RegistrationState,
} from '@domain/registration/registration-model';

/** Select options and labels, read from the domain so the web names things as the server does. */
export const DISTRICT_OPTIONS = Object.entries(DISTRICT_CODES).map(([value, label]) => ({
  value,
  label: label.zh,
}));

export function districtName(code: string): string {
  return DISTRICT_CODES[code as keyof typeof DISTRICT_CODES]?.zh ?? code;
}

export const LAND_USE_OPTIONS = Object.entries(LAND_USE_CLASSES).map(([value, label]) => ({
  value,
  label: label.zh,
}));

export const REGISTRATION_KIND_LABELS: Record<RegistrationKind, string> = {
  transfer: '转让登记',
  lease: '出租（租赁）登记',
  mortgage: '抵押登记',
  mortgage_release: '抵押注销登记',
};

export function stateLabel(state: string): string {
  return STATE_LABELS[state as RegistrationState]?.zh ?? state;
}

export function actionLabel(action: string): string {
  return ACTION_LABELS[action as RegistrationAction]?.zh ?? action;
}

export const LISTING_KIND_LABELS = { transfer: '转让', lease: '出租' } as const;
export const LISTING_MODE_LABELS = { negotiated: '协议', bidding: '挂牌竞价', auction: '拍卖' } as const;
export const LISTING_STATUS_LABELS: Record<ListingState, string> = {
  draft: '草稿',
  pending_confirmation: '待确认',
  published: '挂牌中',
  closed: '已成交',
  expired: '已到期',
  withdrawn: '已撤回',
};

export function yuan(amount: string | number | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  return `${Number(amount).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`;
}

export function dateTime(value: string | null | undefined): string {
  if (!value) return '—';
  return new Date(value).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

export function date(value: string | null | undefined): string {
  if (!value) return '—';
  return new Date(value).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });
}
