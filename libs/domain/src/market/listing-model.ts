import type { BilingualMessage } from '../identifiers/identifier-check';

export const LISTING_KINDS = ['transfer', 'lease'] as const;
export type ListingKind = (typeof LISTING_KINDS)[number];

/** 协议 (negotiated with one counter-party), 挂牌竞价 (bids until a fixed end), 拍卖 (live, each bid extends the close). */
export const LISTING_MODES = ['negotiated', 'bidding', 'auction'] as const;
export type ListingMode = (typeof LISTING_MODES)[number];

/** Persisted as the listing status: never rename one, only add. */
export const LISTING_STATES = [
  'draft',
  'pending_confirmation',
  'published',
  'closed',
  'expired',
  'withdrawn',
] as const;
export type ListingState = (typeof LISTING_STATES)[number];

/** What may be done to a listing, and from which states; each action has one target (`update` keeps the state). */
export const LISTING_ACTION_FROM = {
  update: ['draft', 'pending_confirmation', 'published'],
  publish: ['draft'],
  confirm: ['pending_confirmation'],
  withdraw: ['draft', 'pending_confirmation', 'published'],
  revoke: ['pending_confirmation', 'published'],
  close: ['published'],
  /** At the end of the period: a published listing without a deal, or one never confirmed. */
  expire: ['pending_confirmation', 'published'],
} as const satisfies Record<string, readonly ListingState[]>;
export type ListingAction = keyof typeof LISTING_ACTION_FROM;

export function listingActionAllowed(action: ListingAction, state: ListingState): boolean {
  return (LISTING_ACTION_FROM[action] as readonly ListingState[]).includes(state);
}

/** A unit has at most one listing in these states: the partial unique index `listing_one_open_per_unit`. */
export const OPEN_LISTING_STATES: readonly ListingState[] = ['pending_confirmation', 'published'];

export const LISTING_STATE_LABELS: Readonly<Record<ListingState, BilingualMessage>> = {
  draft: { zh: '草稿', en: 'draft' },
  pending_confirmation: { zh: '待确认', en: 'awaiting confirmation' },
  published: { zh: '挂牌中', en: 'published' },
  closed: { zh: '已成交', en: 'closed with a deal' },
  expired: { zh: '已到期', en: 'expired' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
};

/** The seller's mandatory declarations (API.md); each one is checked against the register before publishing. */
export const DECLARATION_KEYS = [
  'disputed',
  'seized',
  'mortgaged',
  'mortgageeConsent',
  'leased',
  'lesseeConsent',
  'idle',
  'reserveLand',
  'grantFeePaid',
  'coownerConsent',
] as const;
export type DeclarationKey = (typeof DECLARATION_KEYS)[number];
export type Declarations = Readonly<Record<DeclarationKey, boolean>>;

export const DECLARATION_LABELS: Readonly<Record<DeclarationKey, BilingualMessage>> = {
  disputed: { zh: '存在权属争议或异议登记', en: 'under an ownership dispute or objection' },
  seized: { zh: '已被查封', en: 'seized' },
  mortgaged: { zh: '已设定抵押', en: 'mortgaged' },
  mortgageeConsent: { zh: '抵押权人同意转让或出租', en: 'the mortgagee consents' },
  leased: { zh: '已出租', en: 'leased' },
  lesseeConsent: { zh: '承租人同意（放弃优先购买权）', en: 'the lessee consents' },
  idle: { zh: '属于闲置土地', en: 'idle land' },
  reserveLand: { zh: '属于储备土地', en: 'reserve land' },
  grantFeePaid: { zh: '土地出让金已足额缴纳', en: 'the grant fee is paid in full' },
  coownerConsent: { zh: '其他共有人书面同意', en: 'the other co-owners consent in writing' },
};
