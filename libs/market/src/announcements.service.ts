import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@app/audit';
import { Page } from '@app/common';
import type { ListingKind } from '@app/domain';
import { SettingsService } from '@app/registry';

export type AnnouncedRole = 'transferor' | 'transferee' | 'lessor' | 'lessee';

/** A party as the public may see it: organisations in full, persons masked. */
export interface AnnouncedParty {
  role: AnnouncedRole;
  name: string;
  identifier: string;
}

export interface AnnouncementView {
  id: string;
  kind: ListingKind;
  unitNumber: string;
  districtCode: string;
  location: string;
  landUse: string;
  areaM2: string;
  /** Transfer: the declared price; lease: the annual rent (yuan). */
  price: string;
  dealDate: string;
  visibleUntil: string;
  publishedAt: string;
  listingId: string | null;
  parties: AnnouncedParty[];
}

export interface AnnouncementQuery {
  page: number;
  pageSize: number;
  districtCode?: string;
  kind?: ListingKind;
}

interface PartyRow {
  side: 'from' | 'to';
  kind: 'person' | 'organization';
  name: string;
  id_number_masked: string | null;
  uscc: string | null;
}

/** Keeps the sweep from catching an application whose `announcement.publish` job is simply still on its way. */
const SWEEP_GRACE_SECONDS = 120;

/**
 * Which applications are announced: recorded transfers and leases. Shared by `publish` and `unannounced`, so the
 * sweep never keeps returning an application that publishing would skip (a rent-free lease has no price to show).
 */
const ANNOUNCEABLE = `a.kind IN ('transfer', 'lease') AND a.status IN ('recorded', 'certified')
  AND coalesce(a.declared_price, a.annual_rent) > 0`;

const WUHAI_TODAY = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;

/**
 * Well-known compound surnames (复姓): 欧阳** shows no more than 张* does, while 欧** would misstate the surname.
 * The list stays short because where the first character is a surname too (欧 is), keeping the second one can
 * show the first character of a given name instead.
 */
const COMPOUND_SURNAME_LIST =
  '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 司徒 宇文 长孙 端木 南宫 西门 独孤 呼延 拓跋 轩辕';
const COMPOUND_SURNAMES = new Set(COMPOUND_SURNAME_LIST.split(' '));

/** 张三 → 张*, 欧阳娜娜 → 欧阳**: the surname stays readable, every other character is starred. */
export function maskPersonName(name: string): string {
  const characters = Array.from(name.trim());
  const kept = characters.length > 2 && COMPOUND_SURNAMES.has(characters.slice(0, 2).join('')) ? 2 : 1;
  return characters.slice(0, kept).join('') + '*'.repeat(Math.max(characters.length - kept, 0));
}

export function announcedParty(role: AnnouncedRole, party: Omit<PartyRow, 'side'>): AnnouncedParty {
  return party.kind === 'organization'
    ? { role, name: party.name, identifier: party.uscc! }
    : { role, name: maskPersonName(party.name), identifier: party.id_number_masked! };
}

/**
 * 成交公示: a recorded transfer or lease is shown publicly for `market.announcementDays` from its deal date. The
 * row is a snapshot taken once (unique per application), so a later change to a party or the unit does not
 * rewrite what was announced.
 */
@Injectable()
export class AnnouncementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {}

  async publish(applicationId: string): Promise<'published' | 'skipped'> {
    const days = await this.settings.get('market.announcementDays');
    return this.audit.transaction(async (manager) => {
      const [application]: { kind: ListingKind; unit_number: string }[] = await manager.query(
        `SELECT a.kind, u.unit_number FROM registration_application a JOIN real_estate_unit u ON u.id = a.unit_id
          WHERE a.id = $1 AND ${ANNOUNCEABLE}`,
        [applicationId],
      );
      if (!application) return 'skipped';
      // The seller's side is everyone who held the right the application was made against (co-owners
      // included), which stays true after a transfer has ended that right.
      const parties: PartyRow[] = await manager.query(
        `SELECT side, p.kind, p.name, p.id_number_masked, p.uscc
           FROM (SELECT 'from' AS side, h.party_id, h.share
                   FROM registration_application a JOIN right_holder h ON h.right_id = a.right_id
                  WHERE a.id = $1
                 UNION
                 SELECT 'from', a.applicant_party_id, NULL FROM registration_application a
                  WHERE a.id = $1 AND NOT EXISTS (SELECT 1 FROM right_holder h WHERE h.right_id = a.right_id)
                 UNION
                 SELECT 'to', a.counterparty_party_id, NULL FROM registration_application a WHERE a.id = $1) s
           JOIN party p ON p.id = s.party_id
          ORDER BY side = 'to', s.share DESC NULLS LAST, p.name, p.id`,
        [applicationId],
      );
      const roles: Record<PartyRow['side'], AnnouncedRole> =
        application.kind === 'transfer'
          ? { from: 'transferor', to: 'transferee' }
          : { from: 'lessor', to: 'lessee' };
      const announced = parties.map(({ side, ...party }) => announcedParty(roles[side], party));
      const [row]: { id: string; deal_date: string; visible_until: string }[] = await manager.query(
        `INSERT INTO deal_announcement
           (application_id, listing_id, kind, unit_number, district_code, location, land_use, area_m2, price,
            deal_date, parties, visible_until)
         SELECT a.id, a.listing_id, a.kind, u.unit_number, u.district_code, u.location, u.land_use, u.area_m2,
                coalesce(a.declared_price, a.annual_rent), d.deal_date, $2, d.deal_date + $3::int
           FROM registration_application a JOIN real_estate_unit u ON u.id = a.unit_id,
                LATERAL (SELECT (a.recorded_at AT TIME ZONE 'Asia/Shanghai')::date AS deal_date) d
          WHERE a.id = $1
         ON CONFLICT (application_id) DO NOTHING
         RETURNING id, deal_date, visible_until`,
        [applicationId, JSON.stringify(announced), days],
      );
      if (!row) return 'skipped';
      await this.audit.record(manager, {
        actor: SYSTEM_ACTOR,
        action: 'announcement.published',
        entityType: 'deal_announcement',
        entityId: row.id,
        data: {
          applicationId,
          kind: application.kind,
          unitNumber: application.unit_number,
          dealDate: row.deal_date,
          visibleUntil: row.visible_until,
        },
      });
      return 'published';
    });
  }

  /** Recorded transfers and leases still without an announcement, oldest first, for the market sweep. */
  async unannounced(limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT a.id FROM registration_application a
        WHERE ${ANNOUNCEABLE} AND a.recorded_at < now() - make_interval(secs => $2)
          AND NOT EXISTS (SELECT 1 FROM deal_announcement d WHERE d.application_id = a.id)
        ORDER BY a.recorded_at, a.id
        LIMIT $1`,
      [limit, SWEEP_GRACE_SECONDS],
    );
    return rows.map((row) => row.id);
  }

  /** The public list: announcements still in their period, newest first. */
  async list(query: AnnouncementQuery): Promise<Page<AnnouncementView>> {
    const params: unknown[] = [];
    const where = [`d.visible_until >= ${WUHAI_TODAY}`];
    if (query.districtCode !== undefined) {
      params.push(query.districtCode);
      where.push(`d.district_code = $${params.length}`);
    }
    if (query.kind !== undefined) {
      params.push(query.kind);
      where.push(`d.kind = $${params.length}`);
    }
    const filter = where.join(' AND ');
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM deal_announcement d WHERE ${filter}`,
      params,
    );
    const items: AnnouncementView[] = await this.dataSource.query(
      `SELECT d.id, d.kind, d.unit_number AS "unitNumber", d.district_code AS "districtCode", d.location,
              d.land_use AS "landUse", d.area_m2 AS "areaM2", d.price, d.deal_date AS "dealDate",
              d.visible_until AS "visibleUntil", d.published_at AS "publishedAt", d.listing_id AS "listingId",
              d.parties
         FROM deal_announcement d
        WHERE ${filter}
        ORDER BY d.published_at DESC, d.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  }
}
