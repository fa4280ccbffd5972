import type { BilingualMessage } from '../identifiers/identifier-check';
import type { ListingMode, ListingState } from './listing-model';

export const BID_REFUSALS = [
  'not_biddable',
  'not_open',
  'not_started',
  'ended',
  'own_listing',
  'below_minimum',
  'not_an_increment',
] as const;
export type BidRefusalReason = (typeof BID_REFUSALS)[number];

/** The listing as it stands under its row lock, with the database's clock. */
export interface BidContext {
  readonly mode: ListingMode;
  readonly status: ListingState;
  readonly now: Date;
  readonly startsAt: Date;
  readonly endsAt: Date;
  /** Decimal strings in yuan. */
  readonly askingPrice: string;
  readonly increment: string | null;
  readonly highest: string | null;
  readonly extensionSeconds: number | null;
  readonly sellerPartyId: string;
  readonly bidderPartyId: string;
}

export type BidDecision =
  | { readonly ok: true; readonly endsAt: Date; readonly extended: boolean }
  | { readonly ok: false; readonly reason: BidRefusalReason; readonly message: BilingualMessage };

/** Money as integer fen, so increments are compared exactly. */
export function toFen(amount: string): bigint {
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
}

export function fromFen(fen: bigint): string {
  return `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;
}

/** The least amount the next bid may offer: the asking price, then the highest bid plus one increment. */
export function minimumBid(askingPrice: string, increment: string, highest: string | null): string {
  return highest === null ? askingPrice : fromFen(toFen(highest) + toFen(increment));
}

function refuse(reason: BidRefusalReason, zh: string, en: string): BidDecision {
  return { ok: false, reason, message: { zh, en } };
}

/**
 * 竞价规则: bids start at the asking price and rise by whole increments (加价幅度的整数倍), and a seller cannot
 * bid on their own listing. In an auction a bid in the last
 * `extensionSeconds` moves the close to that many seconds after the bid, so nobody wins by sniping.
 */
export function decideBid(context: BidContext, amount: string): BidDecision {
  if (context.mode === 'negotiated' || context.increment === null) {
    return refuse('not_biddable', '协议出让（出租）的挂牌不接受竞价', 'A negotiated listing takes no bids');
  }
  if (context.status !== 'published') {
    return refuse('not_open', '该挂牌当前不接受竞价', 'The listing is not open for bids');
  }
  if (context.now < context.startsAt) {
    return refuse('not_started', '挂牌期尚未开始', 'The listing period has not started');
  }
  if (context.now >= context.endsAt) {
    return refuse('ended', '竞价已截止，出价无效', 'Bidding has closed; the bid came too late');
  }
  if (context.bidderPartyId === context.sellerPartyId) {
    return refuse('own_listing', '挂牌人不能对自己的挂牌出价', 'A seller cannot bid on their own listing');
  }
  const minimum = minimumBid(context.askingPrice, context.increment, context.highest);
  if (toFen(amount) < toFen(minimum)) {
    return refuse('below_minimum', `出价须不低于 ${minimum} 元`, `The bid must be at least ${minimum} yuan`);
  }
  if ((toFen(amount) - toFen(context.askingPrice)) % toFen(context.increment) !== 0n) {
    return refuse(
      'not_an_increment',
      `加价须为加价幅度 ${context.increment} 元的整数倍`,
      `The bid must rise from the asking price in whole increments of ${context.increment} yuan`,
    );
  }
  if (context.mode === 'auction' && context.extensionSeconds !== null) {
    const extendedEnd = new Date(context.now.getTime() + context.extensionSeconds * 1000);
    if (extendedEnd > context.endsAt) return { ok: true, endsAt: extendedEnd, extended: true };
  }
  return { ok: true, endsAt: context.endsAt, extended: false };
}
