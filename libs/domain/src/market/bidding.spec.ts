import fc from 'fast-check';
import { BidContext, decideBid, fromFen, minimumBid, toFen } from './bidding';

const now = new Date('2026-11-27T02:00:00Z');
const base: BidContext = {
  mode: 'bidding',
  status: 'published',
  now,
  startsAt: new Date('2026-11-20T00:00:00Z'),
  endsAt: new Date('2026-11-27T03:00:00Z'),
  askingPrice: '1000000.00',
  increment: '10000.00',
  highest: null,
  extensionSeconds: null,
  sellerPartyId: 'seller',
  bidderPartyId: 'bidder',
};

describe('bidding rules', () => {
  it('opens at the asking price, then needs the highest plus whole increments', () => {
    expect(decideBid(base, '1000000.00')).toMatchObject({ ok: true, extended: false });
    expect(decideBid(base, '999999.99')).toMatchObject({ ok: false, reason: 'below_minimum' });
    const standing = { ...base, highest: '1020000.00' };
    expect(decideBid(standing, '1020000.00')).toMatchObject({ ok: false, reason: 'below_minimum' });
    expect(decideBid(standing, '1030000.00')).toMatchObject({ ok: true });
    expect(decideBid(standing, '1035000.00')).toMatchObject({ ok: false, reason: 'not_an_increment' });
    expect(minimumBid('1000000.00', '10000.00', '1020000.00')).toBe('1030000.00');
  });

  it('refuses the seller, negotiated listings, and bids outside the period', () => {
    expect(decideBid({ ...base, bidderPartyId: 'seller' }, '1000000.00')).toMatchObject({
      reason: 'own_listing',
    });
    expect(decideBid({ ...base, mode: 'negotiated', increment: null }, '1000000.00')).toMatchObject({
      reason: 'not_biddable',
    });
    expect(decideBid({ ...base, now: base.endsAt }, '1000000.00')).toMatchObject({ reason: 'ended' });
    expect(decideBid({ ...base, now: new Date('2026-11-19T00:00:00Z') }, '1000000.00')).toMatchObject({
      reason: 'not_started',
    });
    expect(decideBid({ ...base, status: 'closed' }, '1000000.00')).toMatchObject({ reason: 'not_open' });
  });

  it('moves an auction’s close to the countdown after a late bid, and leaves an early one alone', () => {
    const auction = { ...base, mode: 'auction' as const, extensionSeconds: 240 };
    const late = decideBid({ ...auction, now: new Date(auction.endsAt.getTime() - 30_000) }, '1000000.00');
    expect(late).toEqual({ ok: true, extended: true, endsAt: new Date(auction.endsAt.getTime() + 210_000) });
    expect(decideBid(auction, '1000000.00')).toEqual({ ok: true, extended: false, endsAt: auction.endsAt });
    expect(decideBid({ ...base, now: new Date(base.endsAt.getTime() - 30_000) }, '1000000.00')).toMatchObject(
      { extended: false },
    );
  });

  it('accepts, over any sequence of offers taken one at a time, only a strictly rising chain won by the top offer', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 40 }), (steps) => {
        let highest: string | null = null;
        const accepted: bigint[] = [];
        for (const step of steps) {
          const amount = fromFen(toFen(base.askingPrice) + BigInt(step) * toFen(base.increment!));
          const decision = decideBid({ ...base, highest }, amount);
          if (decision.ok) {
            highest = amount;
            accepted.push(toFen(amount));
          }
        }
        for (let index = 1; index < accepted.length; index++) {
          expect(accepted[index] > accepted[index - 1]).toBe(true);
        }
        expect(accepted[accepted.length - 1]).toBe(
          toFen(base.askingPrice) + BigInt(Math.max(...steps)) * toFen(base.increment!),
        );
      }),
    );
  });

  it('converts yuan and fen exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 14n }), (fen) => {
        expect(toFen(fromFen(fen))).toBe(fen);
      }),
    );
    expect(toFen('12.5')).toBe(1250n);
  });
});
