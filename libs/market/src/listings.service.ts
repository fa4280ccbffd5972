import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { ApiError, AuthenticatedUser, hasAnyRole } from '@app/common';
import { pgConstraintName } from '@app/db';
import {
  checkListing,
  Declarations,
  IN_FLIGHT_STATES,
  listingActionAllowed,
  longestLeaseEnd,
  ListingFinding,
  ListingKind,
  ListingMode,
  ListingRegisterFacts,
} from '@app/domain';
import { NotificationService } from '@app/notification';
import { OutboxService } from '@app/queue';
import { SettingsService } from '@app/registry';
import {
  LISTING_SELECT,
  ListingOwnerView,
  listingOwnerView,
  ListingRow,
  ListingView,
  listingView,
} from './listing-record';
import { ListingTransitions } from './listing-transitions';

export interface NewListing {
  unitNumber: string;
  kind: ListingKind;
  mode: ListingMode;
  askingPrice: string;
  bidIncrement?: string;
  leaseTerm?: { start: string; end: string };
  startsAt: string;
  endsAt: string;
  declarations: Declarations;
  description?: string;
  attachments?: { fileId: string; kind: 'photo' | 'document' }[];
}

export type ListingChanges = Partial<
  Pick<
    NewListing,
    'askingPrice' | 'bidIncrement' | 'leaseTerm' | 'startsAt' | 'endsAt' | 'declarations' | 'description'
  >
>;

const STAFF = ['registrar', 'admin', 'auditor', 'reviewer', 'clerk'] as const;

export function listingNotFound(): ApiError {
  return ApiError.notFound({ zh: '挂牌信息不存在', en: 'Listing not found' });
}

function refused(findings: ListingFinding[]): ApiError {
  return ApiError.conflict(
    {
      zh: `挂牌声明或登记状况不符合挂牌条件：${findings.map((finding) => finding.message.zh).join('；')}`,
      en: `The listing cannot be published: ${findings.map((finding) => finding.message.en).join('; ')}`,
    },
    { reason: 'listing_refused', findings },
  );
}

/** Listings from draft to publication; bids and closing have their own services. */
@Injectable()
export class ListingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transitions: ListingTransitions,
    private readonly settings: SettingsService,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
  ) {}

  async create(input: NewListing, user: AuthenticatedUser, actor: AuditActor): Promise<ListingOwnerView> {
    if (!user.partyId) {
      throw ApiError.forbidden({
        zh: '只有实名登记的权利人可以挂牌',
        en: 'Only a registered holder can list',
      });
    }
    return this.audit.transaction(async (manager) => {
      const [unit]: {
        id: string;
        district_code: string;
        land_use: string;
        area_m2: string;
        location: string;
        term_end: string | null;
        holder: boolean;
      }[] = await manager.query(
        `SELECT u.id, u.district_code, u.land_use, u.area_m2, u.location, u.term_end,
                EXISTS (SELECT 1 FROM use_right r JOIN right_holder h ON h.right_id = r.id
                         WHERE r.unit_id = u.id AND r.status = 'current' AND h.party_id = $2) AS holder
           FROM real_estate_unit u WHERE u.unit_number = $1`,
        [input.unitNumber, user.partyId],
      );
      if (!unit) {
        throw ApiError.invalidField('unitNumber', 'registered', {
          zh: '该不动产单元未在登记簿中登记',
          en: 'no unit with this number is in the register',
        });
      }
      if (!unit.holder) {
        throw ApiError.forbidden({
          zh: '您不是该不动产单元的现势权利人，不能挂牌',
          en: 'You do not hold the current right on this unit',
        });
      }
      await this.checkTerms(input, unit.term_end);
      await this.checkFiles(manager, input.attachments ?? [], user);
      const extension =
        input.mode === 'auction' ? await this.settings.get('market.auctionExtensionSeconds') : null;
      const [row]: { id: string }[] = await manager.query(
        `INSERT INTO listing
           (listing_number, unit_id, seller_party_id, created_by, kind, mode, status, asking_price, bid_increment,
            extension_seconds, lease_start, lease_end, starts_at, ends_at, description, declarations, district_code,
            land_use, area_m2, location, search_text, unit_number)
         SELECT 'GP' || to_char((now() AT TIME ZONE 'Asia/Shanghai')::date, 'YYYYMMDD')
                  || lpad(n::text, greatest(6, length(n::text)), '0'),
                $1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                $18 || ' ' || $13, $19
           FROM nextval('listing_number_seq') n
         RETURNING id`,
        [
          unit.id,
          user.partyId,
          user.id,
          input.kind,
          input.mode,
          input.askingPrice,
          input.mode === 'negotiated'
            ? null
            : (input.bidIncrement ?? (await this.defaultIncrement(input.askingPrice))),
          extension,
          input.kind === 'lease' ? input.leaseTerm!.start : null,
          input.kind === 'lease' ? input.leaseTerm!.end : null,
          new Date(input.startsAt).toISOString(),
          new Date(input.endsAt).toISOString(),
          input.description ?? '',
          JSON.stringify(input.declarations),
          unit.district_code,
          unit.land_use,
          unit.area_m2,
          unit.location,
          input.unitNumber,
        ],
      );
      for (const attachment of input.attachments ?? []) {
        await manager.query(
          `INSERT INTO listing_attachment (listing_id, file_id, kind) VALUES ($1, $2, $3)
           ON CONFLICT (listing_id, file_id) DO UPDATE SET kind = EXCLUDED.kind`,
          [row.id, attachment.fileId, attachment.kind],
        );
      }
      await this.audit.record(manager, {
        actor,
        action: 'listing.created',
        entityType: 'listing',
        entityId: row.id,
        data: {
          unitNumber: input.unitNumber,
          kind: input.kind,
          mode: input.mode,
          askingPrice: input.askingPrice,
        },
      });
      return this.ownerView(manager, await this.row(manager, row.id));
    });
  }

  /**
   * Changes by the seller. A published listing may have its description corrected in place; any other change
   * sends it back to staff for confirmation, and once bids stand its terms are fixed.
   */
  async update(
    listingId: string,
    expectedVersion: number,
    changes: ListingChanges,
    user: AuthenticatedUser,
    actor: AuditActor,
  ): Promise<ListingOwnerView> {
    return this.audit.transaction(async (manager) => {
      const listing = await this.ownedBySeller(manager, listingId, user);
      if (listing.version !== expectedVersion) throw this.stale(listing);
      if (!listingActionAllowed('update', listing.status)) {
        throw ApiError.conflict(
          { zh: '该挂牌已结束，不能修改', en: 'The listing has ended and cannot be changed' },
          { currentStatus: listing.status },
        );
      }
      if (changes.leaseTerm !== undefined && listing.kind !== 'lease') {
        throw ApiError.invalidField('leaseTerm', 'onlyForLease', {
          zh: '只有出租挂牌有租赁期限',
          en: 'only a lease listing has a lease term',
        });
      }
      if (changes.bidIncrement !== undefined && listing.mode === 'negotiated') {
        throw ApiError.invalidField('bidIncrement', 'onlyForBidding', {
          zh: '协议方式的挂牌没有加价幅度',
          en: 'a negotiated listing has no bid increment',
        });
      }
      const [{ now }]: { now: Date }[] = await manager.query(`SELECT now() AS now`);
      if (listing.status === 'published' && listing.ends_at <= now) {
        throw ApiError.conflict(
          { zh: '挂牌期已结束，不能再修改', en: 'The listing period is over; it can no longer change' },
          { reason: 'period_over', currentStatus: listing.status },
        );
      }
      const termsChanged = Object.entries(changes).some(
        ([key, value]) => key !== 'description' && value !== undefined,
      );
      if (termsChanged && listing.bid_count > 0) {
        throw ApiError.conflict(
          { zh: '已有出价，挂牌条件不能再修改', en: 'Bids stand; the terms can no longer change' },
          { reason: 'bids_placed', currentStatus: listing.status },
        );
      }
      const merged: NewListing = {
        unitNumber: listing.unit_number,
        kind: listing.kind,
        mode: listing.mode,
        askingPrice: changes.askingPrice ?? listing.asking_price,
        bidIncrement: changes.bidIncrement ?? listing.bid_increment ?? undefined,
        leaseTerm:
          changes.leaseTerm ??
          (listing.lease_start ? { start: listing.lease_start, end: listing.lease_end! } : undefined),
        startsAt: changes.startsAt ?? listing.starts_at.toISOString(),
        endsAt: changes.endsAt ?? listing.ends_at.toISOString(),
        declarations: changes.declarations ?? listing.declarations,
        description: changes.description ?? listing.description,
      };
      await this.checkTerms(merged, listing.term_end);
      const to = termsChanged && listing.status === 'published' ? 'pending_confirmation' : listing.status;
      const updated = await this.transitions.apply(manager, listing, {
        action: to === listing.status ? 'updated' : 'changed_for_confirmation',
        to,
        actor,
        changes: {
          asking_price: merged.askingPrice,
          bid_increment: listing.mode === 'negotiated' ? null : merged.bidIncrement,
          lease_start: merged.leaseTerm?.start ?? null,
          lease_end: merged.leaseTerm?.end ?? null,
          starts_at: new Date(merged.startsAt).toISOString(),
          ends_at: new Date(merged.endsAt).toISOString(),
          declarations: JSON.stringify(merged.declarations),
          description: merged.description,
          search_text: `${listing.location} ${merged.description}`,
          ...(to === 'pending_confirmation' ? { published_at: null, confirmed_by: null } : {}),
        },
        auditData: { changes },
      });
      return this.ownerView(manager, updated);
    });
  }

  /** 提交挂牌: every declaration is compared with the register before staff see it. */
  async publish(listingId: string, user: AuthenticatedUser, actor: AuditActor): Promise<ListingOwnerView> {
    return this.withIndexConflicts(() =>
      this.audit.transaction(async (manager) => {
        const listing = await this.ownedBySeller(manager, listingId, user);
        if (!listingActionAllowed('publish', listing.status)) {
          throw ApiError.conflict(
            { zh: '只有草稿可以提交挂牌', en: 'Only a draft can be published' },
            { currentStatus: listing.status },
          );
        }
        const findings = checkListing(listing.declarations, await this.registerFacts(manager, listing));
        if (findings.length > 0) throw refused(findings);
        const pending = await this.transitions.apply(manager, listing, {
          action: 'published_for_confirmation',
          to: 'pending_confirmation',
          actor,
        });
        return this.ownerView(manager, pending);
      }),
    );
  }

  /**
   * 平台确认: staff confirm, the register is checked again (it may have changed since the seller published),
   * and the close is scheduled for the end of the period.
   */
  async confirm(
    listingId: string,
    expectedVersion: number,
    user: AuthenticatedUser,
    actor: AuditActor,
  ): Promise<ListingOwnerView> {
    return this.audit.transaction(async (manager) => {
      const listing = await this.row(manager, listingId);
      // Staff confirm what they read: a seller's change in between makes them read it again.
      if (listing.version !== expectedVersion) throw this.stale(listing);
      if (!listingActionAllowed('confirm', listing.status)) {
        throw ApiError.conflict(
          { zh: '只有待确认的挂牌可以确认发布', en: 'Only a listing awaiting confirmation can be confirmed' },
          { currentStatus: listing.status },
        );
      }
      if (listing.seller_party_id === user.partyId) {
        throw ApiError.forbidden({ zh: '不能确认自己的挂牌', en: 'You cannot confirm your own listing' });
      }
      const findings = checkListing(listing.declarations, await this.registerFacts(manager, listing));
      if (findings.length > 0) throw refused(findings);
      const [{ now }]: { now: Date }[] = await manager.query(`SELECT now() AS now`);
      if (listing.ends_at <= now) {
        throw ApiError.conflict(
          {
            zh: '挂牌期已过，请修改挂牌期后重新提交',
            en: 'The listing period is over; change it and publish again',
          },
          { reason: 'period_over', currentStatus: listing.status },
        );
      }
      const published = await this.transitions.apply(manager, listing, {
        action: 'confirmed',
        to: 'published',
        actor,
        changes: { published_at: now, confirmed_by: user.id },
      });
      await this.outbox.enqueue(
        manager,
        'listing.close',
        { listingId: published.id },
        { delayMs: published.ends_at.getTime() - now.getTime() },
      );
      return this.ownerView(manager, published);
    });
  }

  async withdraw(
    listingId: string,
    user: AuthenticatedUser,
    actor: AuditActor,
    reason: string | undefined,
  ): Promise<ListingOwnerView> {
    return this.audit.transaction(async (manager) => {
      const listing = await this.ownedBySeller(manager, listingId, user);
      if (!listingActionAllowed('withdraw', listing.status)) {
        throw ApiError.conflict(
          { zh: '该挂牌已结束，不能撤回', en: 'The listing has ended and cannot be withdrawn' },
          { currentStatus: listing.status },
        );
      }
      if (listing.bid_count > 0) {
        throw ApiError.conflict(
          { zh: '已有出价，挂牌不能撤回', en: 'Bids stand; the listing cannot be withdrawn' },
          { reason: 'bids_placed', currentStatus: listing.status },
        );
      }
      const withdrawn = await this.transitions.apply(manager, listing, {
        action: 'withdrawn',
        to: 'withdrawn',
        actor,
        reason,
      });
      return this.ownerView(manager, withdrawn);
    });
  }

  /**
   * 撤销挂牌 by staff: when the register changes under a listing (a court seizure, an objection) or a listing
   * breaks the rules, a registrar takes it down, bids or not, with the reason on record and the seller told.
   */
  async revoke(listingId: string, actor: AuditActor, reason: string): Promise<ListingOwnerView> {
    return this.audit.transaction(async (manager) => {
      const listing = await this.row(manager, listingId);
      if (!listingActionAllowed('revoke', listing.status)) {
        throw ApiError.conflict(
          {
            zh: '只能撤销待确认或挂牌中的挂牌',
            en: 'Only a listing awaiting confirmation or published can be revoked',
          },
          { currentStatus: listing.status },
        );
      }
      const revoked = await this.transitions.apply(manager, listing, {
        action: 'revoked',
        to: 'withdrawn',
        actor,
        reason,
      });
      const [seller]: { id: string }[] = await manager.query(
        `SELECT id FROM app_user WHERE id = $1 AND active`,
        [listing.created_by],
      );
      if (seller) {
        await this.notifications.notify(manager, {
          userId: seller.id,
          template: 'listing.revoked',
          title: `挂牌 ${listing.listing_number} 已被撤销`,
          body: `撤销原因：${reason}`,
        });
      }
      return this.ownerView(manager, revoked);
    });
  }

  /** Published listings are public; anything else only for its seller and staff. */
  async get(listingId: string, user: AuthenticatedUser | undefined): Promise<ListingView | ListingOwnerView> {
    const manager = this.dataSource.manager;
    const [listing]: ListingRow[] = await manager.query(`${LISTING_SELECT} WHERE l.id = $1`, [listingId]);
    if (!listing) throw listingNotFound();
    const privileged =
      hasAnyRole(user, STAFF) || (!!user?.partyId && user.partyId === listing.seller_party_id);
    if (privileged) return this.ownerView(manager, listing);
    if (listing.status !== 'published') throw listingNotFound();
    return listingView(listing, await this.attachments(manager, listing.id));
  }

  async mine(user: AuthenticatedUser): Promise<ListingOwnerView[]> {
    if (!user.partyId) return [];
    const rows: ListingRow[] = await this.dataSource.query(
      `${LISTING_SELECT} WHERE l.seller_party_id = $1 ORDER BY l.created_at DESC LIMIT 200`,
      [user.partyId],
    );
    const views: ListingOwnerView[] = [];
    for (const row of rows) views.push(await this.ownerView(this.dataSource.manager, row));
    return views;
  }

  /** Listings waiting for staff confirmation, oldest first. */
  async pendingConfirmation(): Promise<ListingOwnerView[]> {
    const rows: ListingRow[] = await this.dataSource.query(
      `${LISTING_SELECT} WHERE l.status = 'pending_confirmation' ORDER BY l.updated_at LIMIT 200`,
    );
    const views: ListingOwnerView[] = [];
    for (const row of rows) views.push(await this.ownerView(this.dataSource.manager, row));
    return views;
  }

  async registerFacts(manager: EntityManager, listing: ListingRow): Promise<ListingRegisterFacts> {
    const [facts]: {
      has_right: boolean;
      seller_is_holder: boolean;
      holders: number;
      right_type: 'granted' | 'allocated';
      grant_fee_paid: boolean;
      investment_ratio: string;
      taken_back: boolean;
      mortgaged: boolean;
      leased: boolean;
      seized: boolean;
      objection: boolean;
      idle_undisposed: boolean;
      transfer_in_flight: boolean;
    }[] = await manager.query(
      `SELECT r.id IS NOT NULL AS has_right,
              EXISTS (SELECT 1 FROM right_holder h WHERE h.right_id = r.id AND h.party_id = $2) AS seller_is_holder,
              (SELECT count(*)::int FROM right_holder h WHERE h.right_id = r.id) AS holders,
              u.right_type, u.grant_fee_paid, u.investment_ratio, u.taken_back_at IS NOT NULL AS taken_back,
              EXISTS (SELECT 1 FROM mortgage m WHERE m.unit_id = u.id AND m.status = 'current') AS mortgaged,
              EXISTS (SELECT 1 FROM lease l WHERE l.unit_id = u.id AND l.status = 'current') AS leased,
              EXISTS (SELECT 1 FROM restriction x WHERE x.unit_id = u.id AND x.kind = 'seizure' AND x.lifted_at IS NULL
                        AND (x.end_date IS NULL OR x.end_date >= (now() AT TIME ZONE 'Asia/Shanghai')::date)) AS seized,
              EXISTS (SELECT 1 FROM restriction x WHERE x.unit_id = u.id AND x.kind = 'objection' AND x.lifted_at IS NULL
                        AND (x.end_date IS NULL OR x.end_date >= (now() AT TIME ZONE 'Asia/Shanghai')::date)) AS objection,
              EXISTS (SELECT 1 FROM restriction x WHERE x.unit_id = u.id AND x.kind = 'idle' AND x.lifted_at IS NULL
                        AND x.disposal_status = 'pending') AS idle_undisposed,
              EXISTS (SELECT 1 FROM registration_application a WHERE a.unit_id = u.id AND a.kind = 'transfer'
                        AND a.status = ANY ($3)) AS transfer_in_flight
         FROM real_estate_unit u
         LEFT JOIN use_right r ON r.unit_id = u.id AND r.status = 'current'
        WHERE u.id = $1`,
      [listing.unit_id, listing.seller_party_id, IN_FLIGHT_STATES],
    );
    return {
      kind: listing.kind,
      hasCurrentRight: facts.has_right,
      sellerIsHolder: facts.seller_is_holder,
      coOwned: facts.holders > 1,
      rightType: facts.right_type,
      grantFeePaid: facts.grant_fee_paid,
      investmentRatio: facts.investment_ratio,
      takenBack: facts.taken_back,
      mortgaged: facts.mortgaged,
      leased: facts.leased,
      seized: facts.seized,
      objection: facts.objection,
      idleUndisposed: facts.idle_undisposed,
      transferInFlight: facts.transfer_in_flight,
      settings: {
        investmentThreshold: await this.settings.get('transfer.investmentThreshold'),
        mortgageeConsentRequired: await this.settings.get('transfer.mortgageeConsentRequired'),
      },
    };
  }

  async row(manager: EntityManager, listingId: string): Promise<ListingRow> {
    const [row]: ListingRow[] = await manager.query(`${LISTING_SELECT} WHERE l.id = $1`, [listingId]);
    if (!row) throw listingNotFound();
    return row;
  }

  async ownerView(manager: EntityManager, listing: ListingRow): Promise<ListingOwnerView> {
    return listingOwnerView(listing, await this.attachments(manager, listing.id));
  }

  /**
   * A photo of a published listing is for anyone; other attachments (contracts, consents) may carry personal
   * data and stay with the seller and staff.
   */
  async publicPhoto(listingId: string, fileId: string): Promise<void> {
    const [photo]: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM listing_attachment a JOIN listing l ON l.id = a.listing_id
        WHERE a.listing_id = $1 AND a.file_id = $2 AND a.kind = 'photo' AND l.status = 'published'`,
      [listingId, fileId],
    );
    if (!photo) throw ApiError.notFound({ zh: '图片不存在', en: 'Photo not found' });
  }

  private async attachments(manager: EntityManager, listingId: string): Promise<ListingView['attachments']> {
    return manager.query(
      `SELECT file_id AS "fileId", kind FROM listing_attachment WHERE listing_id = $1 ORDER BY added_at, file_id`,
      [listingId],
    );
  }

  /** Others' drafts are invisible (404); a seller's own listing that is not theirs to change is a 403. */
  private async ownedBySeller(
    manager: EntityManager,
    listingId: string,
    user: AuthenticatedUser,
  ): Promise<ListingRow> {
    const listing = await this.row(manager, listingId);
    if (!user.partyId || listing.seller_party_id !== user.partyId) {
      if (listing.status === 'published' || hasAnyRole(user, STAFF)) {
        throw ApiError.forbidden({ zh: '只有挂牌人可以操作', en: 'Only the seller can do this' });
      }
      throw listingNotFound();
    }
    return listing;
  }

  private async checkTerms(input: NewListing, landTermEnd: string | null): Promise<void> {
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    const day = 24 * 3600_000;
    for (const [field, moment] of [
      ['startsAt', startsAt],
      ['endsAt', endsAt],
    ] as const) {
      if (Number.isNaN(moment.getTime()) || Math.abs(moment.getTime() - Date.now()) > 3 * 366 * day) {
        throw ApiError.invalidField(field, 'validTime', {
          zh: '须为有效时间，且在前后三年之内',
          en: 'must be a real moment within three years of now',
        });
      }
    }
    if (endsAt <= startsAt) {
      throw ApiError.invalidField('endsAt', 'afterStartsAt', {
        zh: '挂牌截止时间须晚于开始时间',
        en: 'endsAt must be after startsAt',
      });
    }
    const maxDays = await this.settings.get('market.maxListingDays');
    if (endsAt.getTime() - startsAt.getTime() > maxDays * 24 * 3600_000) {
      throw ApiError.invalidField('endsAt', 'maxListingDays', {
        zh: `挂牌期不得超过 ${maxDays} 天`,
        en: `a listing period is at most ${maxDays} days`,
      });
    }
    if (input.kind === 'lease' && input.leaseTerm) {
      const { start, end } = input.leaseTerm;
      if (end <= start) {
        throw ApiError.invalidField('leaseTerm.end', 'afterStart', {
          zh: '租赁期限的结束日期须晚于开始日期',
          en: 'the lease must end after it starts',
        });
      }
      if (end > longestLeaseEnd(start)) {
        throw ApiError.invalidField('leaseTerm.end', 'atMost20Years', {
          zh: '租赁期限不得超过 20 年（民法典第七百零五条）',
          en: 'a lease runs at most 20 years (Civil Code art. 705)',
        });
      }
      if (landTermEnd && end > landTermEnd) {
        throw ApiError.invalidField('leaseTerm.end', 'withinLandTerm', {
          zh: `租赁期限不得超过土地使用权终止日期 ${landTermEnd}`,
          en: `a lease cannot run past the end of the land term, ${landTermEnd}`,
        });
      }
    }
  }

  private async checkFiles(
    manager: EntityManager,
    attachments: { fileId: string }[],
    user: AuthenticatedUser,
  ): Promise<void> {
    for (const [index, attachment] of attachments.entries()) {
      const [file]: { uploaded_by: string }[] = await manager.query(
        `SELECT uploaded_by FROM stored_file WHERE id = $1`,
        [attachment.fileId],
      );
      if (!file || file.uploaded_by !== user.id) {
        throw ApiError.invalidField(`attachments[${index}].fileId`, 'uploadedByYou', {
          zh: '附件文件不存在或不是您上传的',
          en: 'no file with this id was uploaded by you',
        });
      }
    }
  }

  /** The configured share of the asking price, in whole yuan and at least one. */
  private async defaultIncrement(askingPrice: string): Promise<string> {
    const ratio = await this.settings.get('market.defaultBidIncrementRatio');
    return Math.max(1, Math.round(Number(askingPrice) * ratio)).toFixed(2);
  }

  private stale(listing: ListingRow): ApiError {
    return ApiError.conflict(
      {
        zh: '挂牌信息已被修改，请刷新后重试',
        en: 'The listing was changed meanwhile; reload and try again',
      },
      { currentStatus: listing.status, currentVersion: listing.version },
    );
  }

  private async withIndexConflicts<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (pgConstraintName(error) === 'listing_one_open_per_unit') {
        throw ApiError.conflict(
          {
            zh: '该不动产单元已有一条挂牌中或待确认的挂牌信息',
            en: 'This unit already has a listing published or awaiting confirmation',
          },
          { reason: 'unit_already_listed' },
        );
      }
      throw error;
    }
  }
}
