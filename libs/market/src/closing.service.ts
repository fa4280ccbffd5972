import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService, SYSTEM_ACTOR } from '@app/audit';
import { ApiError, AuthenticatedUser } from '@app/common';
import { checkListing, LISTING_ACTION_FROM, ListingFinding, listingActionAllowed } from '@app/domain';
import { PartyInput } from '@app/identity';
import { NotificationService } from '@app/notification';
import { ApplicationsService } from '@app/registration';
import { LISTING_SELECT, ListingRow } from './listing-record';
import { ListingTransitions } from './listing-transitions';
import { listingNotFound, ListingsService } from './listings.service';

function dealRefused(findings: ListingFinding[]): ApiError {
  return ApiError.conflict(
    {
      zh: `登记簿情况已变化，不能成交：${findings.map((finding) => finding.message.zh).join('；')}`,
      en: `The register has changed; no deal can close: ${findings.map((finding) => finding.message.en).join('; ')}`,
    },
    { reason: 'deal_refused', findings },
  );
}

export interface CloseResult {
  status: 'closed' | 'expired';
  winningBid?: { amount: string; sequence: number };
  applicationId?: string;
  finalPrice?: string;
}

/** A negotiated deal names its counter-party and price; a bidding or auction deal is the highest bid. */
export interface NegotiatedDeal {
  counterparty: { partyId?: string; party?: PartyInput };
  price: string;
}

export const SWEEP_BATCH = 200;

/**
 * 成交 and 到期. At the end of its period a listing closes with its highest bid, or expires without one; the
 * delayed job does it on time and the sweep does it when the job was lost. A deal opens the matching draft
 * registration application, prefilled and linked to the listing, in the same transaction.
 */
@Injectable()
export class ClosingService {
  private readonly logger = new Logger(ClosingService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transitions: ListingTransitions,
    private readonly listings: ListingsService,
    private readonly applications: ApplicationsService,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
  ) {}

  async closeBySeller(
    listingId: string,
    deal: NegotiatedDeal | undefined,
    user: AuthenticatedUser,
    actor: AuditActor,
  ): Promise<CloseResult> {
    return this.audit.transaction(async (manager) => {
      const [listing]: ListingRow[] = await manager.query(
        `${LISTING_SELECT} WHERE l.id = $1 FOR UPDATE OF l`,
        [listingId],
      );
      if (!listing || !user.partyId || listing.seller_party_id !== user.partyId) throw listingNotFound();
      const [{ now }]: { now: Date }[] = await manager.query(`SELECT now() AS now`);
      if (!listingActionAllowed('close', listing.status)) {
        throw ApiError.conflict(
          { zh: '只有挂牌中的信息可以成交', en: 'Only a published listing can close' },
          { currentStatus: listing.status },
        );
      }
      if (listing.mode === 'negotiated') {
        if (!deal) {
          throw ApiError.invalidField('counterparty', 'required', {
            zh: '协议成交须填写受让（承租）方和成交价格',
            en: 'a negotiated deal names the counter-party and the price',
          });
        }
        if (now < listing.starts_at || now >= listing.ends_at) {
          throw ApiError.conflict(
            { zh: '不在挂牌期内，不能成交', en: 'A deal can be closed only within the listing period' },
            { reason: 'outside_period', currentStatus: listing.status },
          );
        }
        const findings = await this.dealFindings(manager, listing);
        if (findings.length > 0) throw dealRefused(findings);
        const counterpartyId = await this.applications.counterparty(manager, deal, listing.seller_party_id);
        return this.deal(manager, listing, counterpartyId!, deal.price, actor, null);
      }
      if (deal) {
        throw ApiError.invalidField('counterparty', 'onlyNegotiated', {
          zh: '竞价、拍卖以最高有效出价成交，不能指定受让方',
          en: 'a bidding or auction listing closes with its highest bid; no counter-party is named',
        });
      }
      if (now < listing.ends_at) {
        throw ApiError.conflict(
          { zh: '竞价期尚未结束，不能提前成交', en: 'Bidding is still open; the listing cannot close early' },
          { reason: 'period_running', endsAt: listing.ends_at.toISOString(), currentStatus: listing.status },
        );
      }
      return this.closeAtEnd(manager, listing, actor);
    });
  }

  /** The job at the end of the period; a listing whose end moved (auction) or that already ended is left alone. */
  async closeDue(listingId: string): Promise<CloseResult | 'not_due'> {
    return this.audit.transaction(async (manager) => {
      const [listing]: ListingRow[] = await manager.query(
        `${LISTING_SELECT}
          WHERE l.id = $1 AND l.status = ANY ($2) AND l.ends_at <= now()
          FOR UPDATE OF l SKIP LOCKED`,
        [listingId, LISTING_ACTION_FROM.expire],
      );
      if (!listing) return 'not_due';
      // Never confirmed within its period: it ends there, and frees the unit for a new listing.
      if (listing.status === 'pending_confirmation')
        return this.expire(manager, listing, '挂牌期内未获确认 / not confirmed within its period');
      return this.closeAtEnd(manager, listing, SYSTEM_ACTOR);
    });
  }

  /** Published listings past their end, for the sweep. */
  async overdue(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM listing WHERE status = ANY ($2) AND ends_at <= now()
        ORDER BY ends_at LIMIT $1`,
      [SWEEP_BATCH, LISTING_ACTION_FROM.expire],
    );
    return rows.map((row) => row.id);
  }

  async sweep(): Promise<number> {
    let closed = 0;
    for (const id of await this.overdue()) {
      // One listing that cannot close must not hold up the others behind it in every sweep.
      try {
        if ((await this.closeDue(id)) !== 'not_due') closed++;
      } catch (error) {
        this.logger.error(
          `Listing ${id} could not be closed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    if (closed > 0) this.logger.log(`Market sweep closed ${closed} listing(s) past their end`);
    return closed;
  }

  private async closeAtEnd(
    manager: EntityManager,
    listing: ListingRow,
    actor: AuditActor,
  ): Promise<CloseResult> {
    if (listing.bid_count === 0) {
      return this.expire(manager, listing, '挂牌期满无有效出价 / the period ended without a deal', actor);
    }
    // The register may have changed since publication (a seizure, a recorded transfer): no deal then.
    const findings = await this.dealFindings(manager, listing);
    if (findings.length > 0) {
      return this.expire(
        manager,
        listing,
        `登记簿情况已变化，不能成交：${findings.map((finding) => finding.message.zh).join('；')}`,
        actor,
      );
    }
    const [winning]: { bidder_party_id: string; amount: string; sequence: number; id: string }[] =
      await manager.query(
        `SELECT id, bidder_party_id, amount, sequence FROM bid WHERE listing_id = $1 ORDER BY sequence DESC LIMIT 1`,
        [listing.id],
      );
    return this.deal(manager, listing, winning.bidder_party_id, winning.amount, actor, {
      amount: winning.amount,
      sequence: winning.sequence,
    });
  }

  private async expire(
    manager: EntityManager,
    listing: ListingRow,
    reason: string,
    actor: AuditActor = SYSTEM_ACTOR,
  ): Promise<CloseResult> {
    await this.transitions.apply(manager, listing, { action: 'expired', to: 'expired', actor, reason });
    await this.notifyParty(
      manager,
      listing.seller_party_id,
      'listing.expired',
      `挂牌未成交：${reason}`,
      listing,
    );
    return { status: 'expired' };
  }

  private async dealFindings(manager: EntityManager, listing: ListingRow): Promise<ListingFinding[]> {
    return checkListing(listing.declarations, await this.listings.registerFacts(manager, listing));
  }

  private async deal(
    manager: EntityManager,
    listing: ListingRow,
    counterpartyId: string,
    price: string,
    actor: AuditActor,
    winningBid: CloseResult['winningBid'] | null,
  ): Promise<CloseResult> {
    const [unit]: { id: string; district_code: string; right_id: string | null }[] = await manager.query(
      `SELECT u.id, u.district_code, r.id AS right_id
         FROM real_estate_unit u LEFT JOIN use_right r ON r.unit_id = u.id AND r.status = 'current'
        WHERE u.id = $1`,
      [listing.unit_id],
    );
    const applicationId = await this.applications.insertDraft(
      manager,
      {
        kind: listing.kind,
        unitNumber: listing.unit_number,
        listingId: listing.id,
        declaredPrice: listing.kind === 'transfer' ? price : undefined,
        leaseTerm:
          listing.kind === 'lease' ? { start: listing.lease_start!, end: listing.lease_end! } : undefined,
        annualRent: listing.kind === 'lease' ? price : undefined,
      },
      {
        unit,
        applicantPartyId: listing.seller_party_id,
        counterpartyPartyId: counterpartyId,
        createdBy: listing.created_by,
        windowId: null,
      },
    );
    await this.audit.record(manager, {
      actor,
      action: 'application.created',
      entityType: 'registration_application',
      entityId: applicationId,
      data: { kind: listing.kind, unitNumber: listing.unit_number, listingNumber: listing.listing_number },
    });
    await this.transitions.apply(manager, listing, {
      action: 'closed',
      to: 'closed',
      actor,
      changes: {
        closed_at: (await manager.query(`SELECT now() AS now`))[0].now,
        winner_party_id: counterpartyId,
        final_price: price,
        application_id: applicationId,
      },
      auditData: { finalPrice: price, applicationId, ...(winningBid ? { winningBid } : {}) },
    });
    const body = `挂牌 ${listing.listing_number} 已成交，成交价 ${price} 元，请在“我的申请”中完善并提交登记申请`;
    await this.notifyParty(manager, listing.seller_party_id, 'listing.closed', body, listing);
    await this.notifyParty(manager, counterpartyId, 'listing.won', body, listing);
    return {
      status: 'closed',
      applicationId,
      finalPrice: price,
      ...(winningBid ? { winningBid } : {}),
    };
  }

  private async notifyParty(
    manager: EntityManager,
    partyId: string,
    template: string,
    body: string,
    listing: ListingRow,
  ): Promise<void> {
    const [user]: { id: string }[] = await manager.query(
      `SELECT id FROM app_user WHERE party_id = $1 AND active`,
      [partyId],
    );
    if (!user) return;
    await this.notifications.notify(manager, {
      userId: user.id,
      template,
      title: `挂牌 ${listing.listing_number}`,
      body,
    });
  }
}
