import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { ApiError, AuthenticatedUser, Page } from '@app/common';
import type { BidView } from '@app/contract';
import { decideBid, ListingKind, ListingMode, ListingState } from '@app/domain';
import { updateReturning } from '@app/db';
import { OutboxService } from '@app/queue';
import { LISTING_SELECT, ListingRow } from './listing-record';
import { listingConflict } from './listing-transitions';
import { listingNotFound } from './listings.service';

export type { BidView };

export interface BidResult {
  bid: BidView;
  highestBid: string;
  bidCount: number;
  endsAt: string;
  extended: boolean;
}

/** 我的竞买: one listing the caller has bid on, with where their bids stand; no other bidder is named. */
export interface MyBidView {
  listingId: string;
  listingNumber: string;
  kind: ListingKind;
  mode: ListingMode;
  status: ListingState;
  unitNumber: string;
  districtCode: string;
  location: string;
  areaM2: string;
  askingPrice: string;
  highestBid: string;
  bidCount: number;
  endsAt: string;
  closedAt: string | null;
  finalPrice: string | null;
  myHighestBid: string;
  myBidCount: number;
  myLastBidAt: string;
  /** The standing highest bid is the caller's: while bidding runs they lead, once closed it is the deal. */
  leading: boolean;
  /** The listing closed with the caller as the buyer or lessee. */
  won: boolean;
}

function holderOnly(user: AuthenticatedUser): string {
  if (!user.partyId) {
    throw ApiError.forbidden({ zh: '只有实名登记的用户可以竞买', en: 'Only a registered holder can bid' });
  }
  return user.partyId;
}

/**
 * 意向登记 and 竞价. A bid is decided under the listing's row lock with the database's clock, so parallel bids
 * are taken one at a time in the order they reach the row: each either beats the standing highest by whole
 * increments or is refused with the reason. Accepted bids form a strictly rising chain (`bid_rises`).
 */
@Injectable()
export class BiddingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  async registerInterest(
    listingId: string,
    user: AuthenticatedUser,
    actor: AuditActor,
  ): Promise<{ listingId: string; registeredAt: string }> {
    const partyId = holderOnly(user);
    return this.audit.transaction(async (manager) => {
      const [listing]: ListingRow[] = await manager.query(
        `${LISTING_SELECT} WHERE l.id = $1 FOR SHARE OF l`,
        [listingId],
      );
      if (!listing || listing.status !== 'published') throw listingNotFound();
      if (listing.seller_party_id === partyId) {
        throw ApiError.forbidden({
          zh: '挂牌人不能对自己的挂牌进行意向登记',
          en: 'A seller cannot register interest in their own listing',
        });
      }
      const [row]: { registered_at: Date }[] = await manager.query(
        `INSERT INTO listing_interest (listing_id, party_id, registered_by) VALUES ($1, $2, $3)
         ON CONFLICT (listing_id, party_id) DO NOTHING RETURNING registered_at`,
        [listingId, partyId, user.id],
      );
      if (!row) {
        throw ApiError.conflict(
          { zh: '您已对该挂牌进行过意向登记', en: 'You have already registered interest' },
          { reason: 'interest_registered' },
        );
      }
      await this.audit.record(manager, {
        actor,
        action: 'listing.interest_registered',
        entityType: 'listing',
        entityId: listingId,
        data: { listingNumber: listing.listing_number },
      });
      return { listingId, registeredAt: row.registered_at.toISOString() };
    });
  }

  async bid(
    listingId: string,
    amount: string,
    user: AuthenticatedUser,
    actor: AuditActor,
  ): Promise<BidResult> {
    const partyId = holderOnly(user);
    return this.audit.transaction(async (manager) => {
      const [listing]: ListingRow[] = await manager.query(
        `${LISTING_SELECT} WHERE l.id = $1 FOR UPDATE OF l`,
        [listingId],
      );
      if (!listing || listing.status === 'draft') throw listingNotFound();
      // Read after the lock is granted: a bid that waited its turn is judged by when it got it.
      const [{ now }]: { now: Date }[] = await manager.query(`SELECT clock_timestamp() AS now`);
      const decision = decideBid(
        {
          mode: listing.mode,
          status: listing.status,
          now,
          startsAt: listing.starts_at,
          endsAt: listing.ends_at,
          askingPrice: listing.asking_price,
          increment: listing.bid_increment,
          highest: listing.highest_bid,
          extensionSeconds: listing.extension_seconds,
          sellerPartyId: listing.seller_party_id,
          bidderPartyId: partyId,
        },
        amount,
      );
      if (!decision.ok) {
        const status =
          decision.reason === 'own_listing'
            ? ApiError.forbidden(decision.message, { reason: decision.reason })
            : ApiError.conflict(decision.message, {
                reason: decision.reason,
                highestBid: listing.highest_bid,
                endsAt: listing.ends_at.toISOString(),
              });
        throw status;
      }
      // A first bid registers the bidder's interest (意向登记) if they had not done so separately.
      await manager.query(
        `INSERT INTO listing_interest (listing_id, party_id, registered_by) VALUES ($1, $2, $3)
         ON CONFLICT (listing_id, party_id) DO NOTHING`,
        [listing.id, partyId, user.id],
      );
      const sequence = listing.bid_count + 1;
      const [bid]: { placed_at: Date }[] = await manager.query(
        `INSERT INTO bid (listing_id, sequence, bidder_party_id, placed_by, amount, previous_amount, placed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING placed_at`,
        [listing.id, sequence, partyId, user.id, amount, listing.highest_bid, now],
      );
      const [updated] = await updateReturning<{ id: string }>(
        manager,
        `UPDATE listing SET highest_bid = $2, bid_count = $3, ends_at = $4, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $5 AND status = 'published' RETURNING id`,
        [listing.id, amount, sequence, decision.endsAt, listing.version],
      );
      if (!updated) throw listingConflict(listing.status);
      if (decision.extended) {
        // The close already queued finds the end moved and does nothing; this one closes the listing.
        await this.outbox.enqueue(
          manager,
          'listing.close',
          { listingId: listing.id },
          { delayMs: decision.endsAt.getTime() - now.getTime() },
        );
      }
      await this.audit.record(manager, {
        actor,
        action: 'listing.bid_placed',
        entityType: 'listing',
        entityId: listing.id,
        data: {
          listingNumber: listing.listing_number,
          sequence,
          amount,
          ...(decision.extended ? { endsAt: decision.endsAt.toISOString() } : {}),
        },
      });
      const [{ bidder }]: { bidder: number }[] = await manager.query(
        `SELECT count(DISTINCT bidder_party_id)::int AS bidder FROM bid
          WHERE listing_id = $1 AND sequence <= (SELECT min(sequence) FROM bid WHERE listing_id = $1 AND bidder_party_id = $2)`,
        [listing.id, partyId],
      );
      return {
        bid: {
          sequence,
          amount,
          placedAt: bid.placed_at.toISOString(),
          bidder: `竞买人${bidder}`,
          mine: true,
        },
        highestBid: amount,
        bidCount: sequence,
        endsAt: decision.endsAt.toISOString(),
        extended: decision.extended,
      };
    });
  }

  /** The listings the caller has bid on, the most recently bid first. */
  async myBids(user: AuthenticatedUser, page: number, pageSize: number): Promise<Page<MyBidView>> {
    if (!user.partyId) return { items: [], total: 0, page, pageSize };
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(DISTINCT listing_id)::int AS total FROM bid WHERE bidder_party_id = $1`,
      [user.partyId],
    );
    const rows: {
      id: string;
      listing_number: string;
      kind: ListingKind;
      mode: ListingMode;
      status: ListingState;
      unit_number: string;
      district_code: string;
      location: string;
      area_m2: string;
      asking_price: string;
      highest_bid: string;
      bid_count: number;
      ends_at: Date;
      closed_at: Date | null;
      final_price: string | null;
      my_highest: string;
      my_bids: number;
      my_last_at: Date;
      leading: boolean;
      won: boolean;
    }[] = await this.dataSource.query(
      `SELECT l.id, l.listing_number, l.kind, l.mode, l.status, l.unit_number, l.district_code, l.location, l.area_m2,
              l.asking_price, l.highest_bid, l.bid_count, l.ends_at, l.closed_at, l.final_price,
              mine.highest AS my_highest, mine.bids AS my_bids, mine.last_at AS my_last_at,
              coalesce(top.bidder_party_id = $1, false) AS leading,
              (l.status = 'closed' AND l.winner_party_id IS NOT DISTINCT FROM $1) AS won
         FROM (SELECT listing_id, max(amount) AS highest, count(*)::int AS bids, max(placed_at) AS last_at
                 FROM bid WHERE bidder_party_id = $1 GROUP BY listing_id) mine
         JOIN listing l ON l.id = mine.listing_id
         LEFT JOIN bid top ON top.listing_id = l.id AND top.sequence = l.bid_count
        ORDER BY mine.last_at DESC, l.id
        LIMIT $2 OFFSET $3`,
      [user.partyId, pageSize, (page - 1) * pageSize],
    );
    return {
      items: rows.map((row) => ({
        listingId: row.id,
        listingNumber: row.listing_number,
        kind: row.kind,
        mode: row.mode,
        status: row.status,
        unitNumber: row.unit_number,
        districtCode: row.district_code,
        location: row.location,
        areaM2: row.area_m2,
        askingPrice: row.asking_price,
        highestBid: row.highest_bid,
        bidCount: row.bid_count,
        endsAt: row.ends_at.toISOString(),
        closedAt: row.closed_at?.toISOString() ?? null,
        finalPrice: row.final_price,
        myHighestBid: row.my_highest,
        myBidCount: row.my_bids,
        myLastBidAt: row.my_last_at.toISOString(),
        leading: row.leading,
        won: row.won,
      })),
      total,
      page,
      pageSize,
    };
  }

  /** The bid history of a published or finished listing, bidders numbered in order of their first bid. */
  async bids(listingId: string, user: AuthenticatedUser | undefined): Promise<BidView[]> {
    const [listing]: { status: string; seller_party_id: string }[] = await this.dataSource.query(
      `SELECT status, seller_party_id FROM listing WHERE id = $1`,
      [listingId],
    );
    if (!listing || !['published', 'closed', 'expired'].includes(listing.status)) throw listingNotFound();
    const rows: {
      sequence: number;
      amount: string;
      placed_at: Date;
      bidder_number: number;
      bidder_party_id: string;
    }[] = await this.dataSource.query(
      `SELECT b.sequence, b.amount, b.placed_at, b.bidder_party_id,
                dense_rank() OVER (ORDER BY f.first_sequence)::int AS bidder_number
           FROM bid b
           JOIN (SELECT bidder_party_id, min(sequence) AS first_sequence FROM bid WHERE listing_id = $1
                  GROUP BY bidder_party_id) f ON f.bidder_party_id = b.bidder_party_id
          WHERE b.listing_id = $1
          ORDER BY b.sequence`,
      [listingId],
    );
    return rows.map((row) => ({
      sequence: row.sequence,
      amount: row.amount,
      placedAt: row.placed_at.toISOString(),
      bidder: `竞买人${row.bidder_number}`,
      ...(user?.partyId && user.partyId === row.bidder_party_id ? { mine: true } : {}),
    }));
  }
}
