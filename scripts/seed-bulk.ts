import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@app/audit';
import { loadConfigurationOrExit } from '@app/config';
import { DeclarationKey } from '@app/domain';
import { PartyInput, PartyService, UsersService } from '@app/identity';
import { ProblemReport, SettingsService, UnitImportError, UnitImportService } from '@app/registry';
import { formatSummary, ImportCliModule, importProgressBar } from './import-cli';
import {
  DEFAULT_SEED,
  LISTING_PHRASES_BY_CLASS,
  LISTING_PRICES,
  LISTING_SELLING_POINTS,
  SyntheticParty,
  syntheticOrganization,
  syntheticPerson,
  SyntheticRegister,
  usccWithOrdinal,
  writeSyntheticFile,
} from './synthetic-register';

const USAGE = `用法 usage: npm run seed:bulk -- --units N [--out file.geojson|file.csv] [--seed S] [--listings L]
  --units     生成的不动产单元数 / number of units to generate (1 to 9999999)
  --out       只写文件，供 import:units 导入 / only write a file for import:units
  --seed      随机种子，相同种子生成相同登记簿 / the same seed gives the same register (default ${DEFAULT_SEED})
  --listings  挂牌中的挂牌补足到 L 条，每个单元至多一条 / top the published listings up to L, at most one per unit
              (0 to N, default 0; not with --out)
不带 --out 时直接导入，再添加抵押、租赁、查封和闲置土地 / without --out the units are imported, then mortgages, leases, seizures and idle land are added
`;

const ACTOR = { ...SYSTEM_ACTOR, label: 'seed:bulk' };
const DEFAULT_REPORT = 'var/seed-bulk.errors.csv';

/** Mortgagees are any legal or natural person: the banks of Wuhai, a guarantee company and private lenders. */
const MORTGAGEE_BANKS = [
  '中国工商银行股份有限公司乌海分行',
  '中国农业银行股份有限公司乌海分行',
  '中国银行股份有限公司乌海分行',
  '中国建设银行股份有限公司乌海分行',
  '内蒙古银行股份有限公司乌海分行',
  '蒙商银行股份有限公司乌海分行',
  '乌海银行股份有限公司',
  '鄂尔多斯银行股份有限公司乌海分行',
  '内蒙古乌海农村商业银行股份有限公司',
  '乌海市融资担保有限责任公司',
];
const PRIVATE_LENDERS = 6;
const LESSEE_ORGANIZATIONS = 80;
const LESSEE_PERSONS = 40;
// Ordinals far beyond any holder pool, so lessees and lenders are people of their own.
const LESSEE_ORDINAL_BASE = 5_000_000;
const LENDER_ORDINAL_BASE = 6_000_000;

class UsageError extends Error {}

function parseCommandLine(): { units: number; out?: string; seed: number; listings: number } {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        units: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        listings: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { units, out, seed, listings } = parsed.values;
  if (!units || !/^[1-9][0-9]{0,6}$/.test(units))
    throw new UsageError('--units must be an integer from 1 to 9999999');
  if (seed !== undefined && !/^[0-9]{1,9}$/.test(seed))
    throw new UsageError('--seed must be a non-negative integer');
  if (listings !== undefined && (!/^[0-9]{1,7}$/.test(listings) || Number(listings) > Number(units)))
    throw new UsageError('--listings must be an integer from 0 to the number of units');
  if (listings !== undefined && out !== undefined)
    throw new UsageError('--listings writes to the database, so it cannot be combined with --out');
  return {
    units: Number(units),
    out,
    seed: seed === undefined ? DEFAULT_SEED : Number(seed),
    listings: Number(listings ?? 0),
  };
}

async function writeFile(register: SyntheticRegister, path: string): Promise<void> {
  const started = performance.now();
  const bar = importProgressBar(register.units, 'units');
  try {
    await writeSyntheticFile(register, path, (written) =>
      bar.update({ read: written, imported: 0, alreadyRegistered: 0, rejected: 0 }),
    );
  } finally {
    bar.stop();
  }
  const { size } = await stat(path);
  process.stdout.write(
    `已写入 wrote ${register.units} units to ${path} (${(size / 1024 / 1024).toFixed(1)} MiB) in ${((performance.now() - started) / 1000).toFixed(1)} s\n` +
      `导入 import with: npm run import:units -- ${path}\n`,
  );
}

function asInput(party: SyntheticParty): PartyInput {
  return party.kind === 'person'
    ? { kind: 'person', name: party.name, idNumber: party.idNumber! }
    : { kind: 'organization', name: party.name, uscc: party.uscc! };
}

async function partyIds(
  manager: EntityManager,
  parties: PartyService,
  inputs: PartyInput[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const input of inputs) ids.push((await parties.findOrCreate(manager, input)).id);
  return ids;
}

interface EncumbranceCounts {
  mortgages: number;
  secondRankMortgages: number;
  leases: number;
  seizures: number;
  idleLand: number;
}

async function count(client: PoolClient, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `WITH inserted AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM inserted`,
    params,
  );
  return rows[0].n;
}

/**
 * Proof numbers (不动产登记证明) continue each year's series after the highest number already issued, so the
 * series stays gapless when the seed runs again over a larger register. Joined as `issued` by year.
 */
const PROOF_NUMBER = `format('蒙(%s)乌海市不动产证明第%s号', n.year, lpad((coalesce(issued.last, 0) + n.serial)::text, 7, '0'))`;
const ISSUED_PROOFS = `(SELECT substring(certificate_number FROM '[(]([0-9]{4})[)]')::int AS year,
         max(substring(certificate_number FROM '第([0-9]{7})号')::int) AS last
    FROM mortgage WHERE certificate_number IS NOT NULL GROUP BY 1) issued`;

/**
 * Encumbrances and restrictions for a share of the units, chosen by a hash of the unit number, so a second run
 * adds nothing to units it has seen. Set-based: one INSERT … SELECT each, however large the register.
 */
async function addEncumbrances(
  dataSource: DataSource,
  parties: PartyService,
  audit: AuditService,
  seed: number,
): Promise<EncumbranceCounts> {
  // Bulk statements go to the driver directly: through TypeORM each would be logged as a slow query.
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  await runner.startTransaction();
  try {
    await client.query(`SET LOCAL statement_timeout = '30min'`);
    await client.query(`SET LOCAL jit = off`);
    const mortgagees = await partyIds(runner.manager, parties, [
      ...MORTGAGEE_BANKS.map((name, index): PartyInput => ({
        kind: 'organization',
        name,
        uscc: usccWithOrdinal('91150300BK', index),
      })),
      ...Array.from({ length: PRIVATE_LENDERS }, (_, index) =>
        asInput(syntheticPerson(LENDER_ORDINAL_BASE + index, seed)),
      ),
    ]);
    const lessees = await partyIds(runner.manager, parties, [
      ...Array.from({ length: LESSEE_ORGANIZATIONS }, (_, index) =>
        asInput(syntheticOrganization(LESSEE_ORDINAL_BASE + index, seed)),
      ),
      ...Array.from({ length: LESSEE_PERSONS }, (_, index) =>
        asInput(syntheticPerson(LESSEE_ORDINAL_BASE + index, seed)),
      ),
    ]);

    const mortgages = await count(
      client,
      `INSERT INTO mortgage (unit_id, mortgagee_party_id, amount, max_amount, rank, term_start, term_end, status,
         certificate_number, allocated_land_fee_first, registered_at)
       SELECT n.id, ($1::uuid[])[1 + (n.h / 7 % cardinality($1::uuid[]))::int],
              round(n.area_m2 * (400 + n.h % 2600), -3) + 1000, n.h % 5 = 0, 1, n.term_start,
              (n.term_start + interval '3 years')::date, 'current', ${PROOF_NUMBER},
              n.right_type = 'allocated', n.term_start
         FROM (SELECT c.*, extract(year FROM c.term_start)::int AS year,
                      row_number() OVER (PARTITION BY extract(year FROM c.term_start) ORDER BY c.unit_number) AS serial
                 FROM (SELECT u.id, u.unit_number, u.area_m2, u.right_type, h.h,
                              date '2021-01-01' + (h.h % 1400)::int AS term_start
                         FROM real_estate_unit u, abs(hashtext(u.unit_number || ':mortgage')::bigint) AS h(h)
                        WHERE h.h % 1000 < 150 AND u.taken_back_at IS NULL
                          AND NOT EXISTS (SELECT 1 FROM mortgage m WHERE m.unit_id = u.id)
                          AND NOT EXISTS (SELECT 1 FROM restriction r
                                           WHERE r.unit_id = u.id AND r.kind = 'seizure' AND r.lifted_at IS NULL)) c) n
         LEFT JOIN ${ISSUED_PROOFS} ON issued.year = n.year`,
      [mortgagees],
    );
    const secondRankMortgages = await count(
      client,
      `INSERT INTO mortgage (unit_id, mortgagee_party_id, amount, max_amount, rank, term_start, term_end, status,
         certificate_number, allocated_land_fee_first, registered_at)
       SELECT n.unit_id, ($1::uuid[])[1 + ((n.h / 11 + 1) % cardinality($1::uuid[]))::int],
              round(n.amount * 0.4, -3) + 1000, false, 2, n.term_start, (n.term_start + interval '2 years')::date,
              'current', ${PROOF_NUMBER}, n.allocated_land_fee_first, n.term_start
         FROM (SELECT c.*, extract(year FROM c.term_start)::int AS year,
                      row_number() OVER (PARTITION BY extract(year FROM c.term_start) ORDER BY c.unit_id) AS serial
                 FROM (SELECT first.unit_id, first.amount, first.allocated_land_fee_first, h.h,
                              first.term_start + 180 AS term_start
                         FROM mortgage first
                         JOIN real_estate_unit u ON u.id = first.unit_id,
                              abs(hashtext(u.unit_number || ':second-mortgage')::bigint) AS h(h)
                        WHERE first.rank = 1 AND first.status = 'current' AND h.h % 1000 < 200
                          AND NOT EXISTS (SELECT 1 FROM mortgage m
                                           WHERE m.unit_id = first.unit_id AND m.rank = 2)) c) n
         LEFT JOIN ${ISSUED_PROOFS} ON issued.year = n.year`,
      [mortgagees],
    );
    const leases = await count(
      client,
      `INSERT INTO lease (unit_id, lessee_party_id, term_start, term_end, annual_rent, allocated_land_income,
         land_income_amount, status, registered_at)
       SELECT c.id, ($1::uuid[])[1 + (c.h / 13 % cardinality($1::uuid[]))::int], c.term_start,
              LEAST((c.term_start + make_interval(years => 1 + (c.h % 10)::int))::date, c.term_end),
              round(c.area_m2 * (5 + c.h % 35), 2), c.right_type = 'allocated',
              CASE WHEN c.right_type = 'allocated' THEN round(c.area_m2 * (5 + c.h % 35) * 0.3, 2) END,
              'current', c.term_start
         FROM (SELECT u.id, u.area_m2, u.right_type, u.term_end, h.h,
                      date '2022-01-01' + (h.h % 1000)::int AS term_start
                 FROM real_estate_unit u, abs(hashtext(u.unit_number || ':lease')::bigint) AS h(h)
                WHERE h.h % 1000 < 120 AND (u.land_use LIKE '05%' OR u.land_use LIKE '06%')
                  AND u.taken_back_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM lease l WHERE l.unit_id = u.id)) c
        WHERE c.term_end IS NULL OR c.term_end > c.term_start + interval '1 year'`,
      [lessees],
    );
    const seizures = await count(
      client,
      `INSERT INTO restriction (unit_id, kind, reference, authority, start_date, end_date)
       SELECT c.id, 'seizure',
              format('(%s)%s执%s号', extract(year FROM c.start_date)::int, c.court_code, 1 + c.h % 3000),
              c.court, c.start_date, (c.start_date + interval '3 years')::date
         FROM (SELECT u.id, h.h, date '2023-01-01' + (h.h % 900)::int AS start_date,
                      CASE WHEN h.h % 5 = 0 THEN '蒙03' ELSE '蒙' || right(u.district_code, 4) END AS court_code,
                      CASE WHEN h.h % 5 = 0 THEN '乌海市中级人民法院'
                           WHEN u.district_code = '150302' THEN '乌海市海勃湾区人民法院'
                           WHEN u.district_code = '150303' THEN '乌海市海南区人民法院'
                           ELSE '乌海市乌达区人民法院' END AS court
                 FROM real_estate_unit u, abs(hashtext(u.unit_number || ':seizure')::bigint) AS h(h)
                WHERE h.h % 1000 < 10 AND u.taken_back_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM restriction r WHERE r.unit_id = u.id AND r.kind = 'seizure')) c`,
    );
    // Idle land (闲置土地) is granted industrial land where little of the investment was made; some of it has
    // since been disposed of (fee paid or construction started) and the restriction lifted.
    const idleLand = await count(
      client,
      `INSERT INTO restriction (unit_id, kind, reference, authority, start_date, disposal_status, lifted_at, lift_reason)
       SELECT c.id, 'idle', format('乌自然资闲认〔%s〕%s号', extract(year FROM c.start_date)::int, 1 + c.h % 500),
              '乌海市自然资源局', c.start_date,
              CASE c.h % 10 WHEN 0 THEN 'fee_paid' WHEN 1 THEN 'construction_started' ELSE 'pending' END,
              CASE WHEN c.h % 10 < 2 THEN (c.start_date + 200)::timestamptz END,
              CASE c.h % 10 WHEN 0 THEN '已缴纳土地闲置费' WHEN 1 THEN '已动工开发' END
         FROM (SELECT u.id, h.h, GREATEST(u.term_start + 730, date '2021-01-01') + (h.h % 365)::int AS start_date
                 FROM real_estate_unit u, abs(hashtext(u.unit_number || ':idle')::bigint) AS h(h)
                WHERE u.right_type = 'granted' AND u.land_use LIKE '06%' AND u.investment_ratio < 0.25
                  AND u.term_start < date '2023-01-01' AND h.h % 1000 < 800 AND u.taken_back_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM restriction r WHERE r.unit_id = u.id AND r.kind = 'idle')) c`,
    );
    const counts = { mortgages, secondRankMortgages, leases, seizures, idleLand };
    if (Object.values(counts).some((n) => n > 0)) {
      await audit.record(runner.manager, {
        actor: ACTOR,
        action: 'registry.bulk_seeded',
        entityType: 'seed',
        entityId: 'seed:bulk',
        reason: 'synthetic encumbrances and restrictions for demos and benchmarks',
        data: { ...counts },
      });
    }
    await runner.commitTransaction();
    return counts;
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}

const LISTING_STAFF = {
  username: 'seed.market',
  displayName: '批量挂牌确认 seed:bulk',
  roles: ['registrar' as const],
  districts: ['150302', '150303', '150304'],
  windowId: null,
};

/** The staff account that confirmed the seeded listings, created once. */
async function listingStaffId(dataSource: DataSource, users: UsersService): Promise<string> {
  const [existing]: { id: string }[] = await dataSource.query(
    `SELECT id FROM app_user WHERE lower(username) = $1`,
    [LISTING_STAFF.username],
  );
  if (existing) return existing.id;
  // Nobody learns the password: the account only stands for the confirmations; an administrator may reset it.
  const password = randomBytes(24).toString('base64url');
  return (await users.createStaff({ ...LISTING_STAFF, password }, ACTOR)).id;
}

/**
 * The seller tells the truth, so each declaration is what the register says and confirmation would accept the
 * listing wherever the register allows one. Keyed by DeclarationKey, so a new declaration cannot be left out.
 */
const DECLARED_FROM_REGISTER: Record<DeclarationKey, string> = {
  disputed: 'c.objection',
  seized: 'c.seized',
  mortgaged: 'c.mortgaged',
  mortgageeConsent: 'c.mortgaged',
  leased: 'c.leased',
  lesseeConsent: 'c.leased',
  idle: 'c.idle',
  reserveLand: 'false',
  grantFeePaid: 'c.grant_fee_paid',
  coownerConsent: 'c.holders > 1',
};
const DECLARATIONS_SQL = `jsonb_build_object(${Object.entries(DECLARED_FROM_REGISTER)
  .map(([key, expression]) => `'${key}', ${expression}`)
  .join(', ')})`;

/** A uniform draw in (0, 1) from the unit number, one independent stream per name. */
const draw = (stream: string) =>
  `(hashtext(u.unit_number || ':listing-${stream}')::float8 + 2147483648.5) / 4294967296`;

/** What confirmation checks against the register (listing-rules.ts), so refused units are listed last. */
const LISTABLE = `NOT (c.seized OR c.objection OR c.idle OR c.taken_back) AND (c.kind = 'lease' OR c.transferable)`;

interface ListingCounts {
  added: number;
  published: number;
  refusable: number;
}

/**
 * Adds published listings, on units without an open one, until `target` are published; set-based, in one
 * statement. Kind, mode, price, dates and description are drawn from a hash of the unit number, the seller is the
 * unit's first current holder, and the unit's facts are copied as the API copies them. Units the register would
 * refuse are used only when the others run out.
 */
async function addListings(
  dataSource: DataSource,
  users: UsersService,
  settings: SettingsService,
  audit: AuditService,
  target: number,
): Promise<ListingCounts> {
  const staffId = await listingStaffId(dataSource, users);
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  await runner.startTransaction();
  try {
    await client.query(`SET LOCAL statement_timeout = '30min'`);
    await client.query(`SET LOCAL jit = off`);
    // One seeding at a time, so the top-up below counts what is really there.
    await client.query(`LOCK TABLE listing IN SHARE ROW EXCLUSIVE MODE`);
    const {
      rows: [{ published }],
    } = await client.query<{ published: number }>(
      `SELECT count(*)::int AS published FROM listing WHERE status = 'published'`,
    );
    const {
      rows: [counts],
    } = await client.query<{ added: number; refusable: number }>(
      `WITH candidate AS (
         SELECT u.id, u.unit_number, u.district_code, u.land_use, u.area_m2, u.location, u.term_end, u.grant_fee_paid,
                u.taken_back_at IS NOT NULL AS taken_back,
                u.right_type = 'allocated' OR (u.grant_fee_paid AND u.investment_ratio >= $4) AS transferable,
                holder.party_id, holder.holders,
                EXISTS (SELECT 1 FROM mortgage m WHERE m.unit_id = u.id AND m.status = 'current') AS mortgaged,
                EXISTS (SELECT 1 FROM lease l WHERE l.unit_id = u.id AND l.status = 'current') AS leased,
                EXISTS (SELECT 1 FROM restriction x WHERE x.unit_id = u.id AND x.kind = 'seizure' AND x.lifted_at IS NULL
                          AND (x.end_date IS NULL OR x.end_date >= current_date)) AS seized,
                EXISTS (SELECT 1 FROM restriction x WHERE x.unit_id = u.id AND x.kind = 'objection' AND x.lifted_at IS NULL
                          AND (x.end_date IS NULL OR x.end_date >= current_date)) AS objection,
                EXISTS (SELECT 1 FROM restriction x WHERE x.unit_id = u.id AND x.kind = 'idle' AND x.lifted_at IS NULL
                          AND x.disposal_status = 'pending') AS idle,
                -- A lease needs a year of land term left after the listing period.
                CASE WHEN ${draw('kind')} < 0.2 AND (u.term_end IS NULL OR u.term_end > current_date + 400)
                     THEN 'lease' ELSE 'transfer' END AS kind,
                ${draw('mode')} AS u_mode, ${draw('price-a')} AS u_price_a, ${draw('price-b')} AS u_price_b,
                now() - (${draw('published')}) * interval '90 days' AS published_at, ${draw('created')} AS u_created, ${draw('ends')} AS u_ends,
                ${draw('years')} AS u_years, ${draw('what')} AS u_what, ${draw('point-a')} AS u_point_a,
                ${draw('point-b')} AS u_point_b, ${draw('order')} AS u_order
           FROM real_estate_unit u
           JOIN use_right r ON r.unit_id = u.id AND r.status = 'current'
          CROSS JOIN LATERAL (SELECT (array_agg(h.party_id ORDER BY h.share DESC, h.party_id))[1] AS party_id,
                                     count(*)::int AS holders
                                FROM right_holder h WHERE h.right_id = r.id) holder
          WHERE holder.party_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM listing l
                             WHERE l.unit_id = u.id AND l.status IN ('pending_confirmation', 'published'))
       ),
       chosen AS (
         SELECT c.*, nextval('listing_number_seq') AS serial, ${LISTABLE} AS listable,
                CASE WHEN c.u_mode < 0.6 THEN 'negotiated' WHEN c.u_mode < 0.9 THEN 'bidding' ELSE 'auction' END AS mode,
                -- Box–Muller: a standard normal from two uniforms makes the price log-normal.
                round(exp(ln(CASE c.kind WHEN 'lease' THEN $10::float8 ELSE $8::float8 END)
                          + CASE c.kind WHEN 'lease' THEN $11::float8 ELSE $9::float8 END
                            * sqrt(-2 * ln(c.u_price_a)) * cos(2 * pi() * c.u_price_b))::numeric,
                      CASE c.kind WHEN 'lease' THEN -2 ELSE -4 END) AS asking_price,
                c.published_at - (1 + c.u_created * 5) * interval '1 day' AS created_at,
                least(now() + (30 + c.u_ends * 90) * interval '1 day', c.published_at + $5 * interval '1 day') AS ends_at,
                coalesce($6::jsonb -> left(c.land_use, 2), $6::jsonb -> '*') AS phrases,
                floor(c.u_point_a * cardinality($7::text[]))::int AS point
           FROM (SELECT * FROM candidate c ORDER BY ${LISTABLE} DESC, c.u_order LIMIT $1) c
       ),
       inserted AS (
         INSERT INTO listing (listing_number, unit_id, seller_party_id, created_by, kind, mode, status, asking_price,
           bid_increment, extension_seconds, lease_start, lease_end, starts_at, ends_at, description, declarations,
           district_code, land_use, area_m2, location, search_text, published_at, confirmed_by, created_at, updated_at,
           unit_number)
         SELECT 'GP' || to_char((c.created_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYYMMDD')
                  || lpad(c.serial::text, greatest(6, length(c.serial::text)), '0'),
                c.id, c.party_id, $2, c.kind, c.mode, 'published', c.asking_price,
                -- The increment the API sets when the seller names none.
                CASE WHEN c.mode <> 'negotiated' THEN greatest(1, round(c.asking_price * $12::numeric)) END,
                CASE WHEN c.mode = 'auction' THEN $3::int END,
                CASE WHEN c.kind = 'lease' THEN t.lease_start END,
                CASE WHEN c.kind = 'lease'
                     THEN least((t.lease_start + make_interval(years => 1 + floor(c.u_years * 20)::int))::date - 1,
                                c.term_end) END,
                c.published_at, c.ends_at, d.description, ${DECLARATIONS_SQL},
                c.district_code, c.land_use, c.area_m2, c.location, c.location || ' ' || d.description,
                c.published_at, $2, c.created_at, c.published_at, c.unit_number
           FROM chosen c
          CROSS JOIN LATERAL (SELECT (c.ends_at AT TIME ZONE 'Asia/Shanghai')::date + 1 AS lease_start) t
          CROSS JOIN LATERAL (
                SELECT (c.phrases ->> floor(c.u_what * jsonb_array_length(c.phrases))::int) || '，'
                         || ($7::text[])[1 + c.point] || '，'
                         || ($7::text[])[1 + (c.point + 1 + floor(c.u_point_b * (cardinality($7::text[]) - 1))::int)
                                             % cardinality($7::text[])] AS description) d
         RETURNING 1
       )
       SELECT (SELECT count(*)::int FROM inserted) AS added,
              (SELECT count(*)::int FROM chosen WHERE NOT listable) AS refusable`,
      [
        Math.max(0, target - published),
        staffId,
        await settings.get('market.auctionExtensionSeconds'),
        await settings.get('transfer.investmentThreshold'),
        await settings.get('market.maxListingDays'),
        JSON.stringify(LISTING_PHRASES_BY_CLASS),
        LISTING_SELLING_POINTS,
        LISTING_PRICES.transfer.median,
        LISTING_PRICES.transfer.sigma,
        LISTING_PRICES.lease.median,
        LISTING_PRICES.lease.sigma,
        await settings.get('market.defaultBidIncrementRatio'),
      ],
    );
    const { added, refusable } = counts;
    if (added > 0) {
      await audit.record(runner.manager, {
        actor: ACTOR,
        action: 'market.bulk_seeded',
        entityType: 'seed',
        entityId: 'seed:bulk',
        reason: 'synthetic published listings for demos and benchmarks',
        data: { listings: added },
      });
    }
    await runner.commitTransaction();
    // The search plans need the new rows' statistics now, not whenever autovacuum comes by.
    if (added > 0) await client.query('ANALYZE listing');
    return { added, published: published + added, refusable };
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}

async function seedDatabase(register: SyntheticRegister, listings: number): Promise<void> {
  loadConfigurationOrExit();
  const app = await NestFactory.createApplicationContext(ImportCliModule, { logger: ['error', 'warn'] });
  await mkdir('var', { recursive: true });
  const report = new ProblemReport(DEFAULT_REPORT);
  try {
    const bar = importProgressBar(register.units, 'units');
    let summary;
    try {
      summary = await app.get(UnitImportService).importRecords(register.records(), {
        actor: ACTOR,
        source: `seed:bulk --units ${register.units} --seed ${register.seed}`,
        onProblem: (problem) => report.add(problem),
        onProgress: (progress) => bar.update(progress),
      });
    } finally {
      bar.stop();
    }
    await report.close();
    process.stdout.write(formatSummary(summary, DEFAULT_REPORT));
    const started = performance.now();
    const counts = await addEncumbrances(
      app.get(DataSource),
      app.get(PartyService),
      app.get(AuditService),
      register.seed,
    );
    process.stdout.write(
      `抵押 mortgages: ${counts.mortgages} (+${counts.secondRankMortgages} second-rank) · 租赁 leases: ${counts.leases}` +
        ` · 查封 seizures: ${counts.seizures} · 闲置土地 idle land: ${counts.idleLand}` +
        ` (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
    );
    if (listings > 0) {
      const listed = performance.now();
      const counts = await addListings(
        app.get(DataSource),
        app.get(UsersService),
        app.get(SettingsService),
        app.get(AuditService),
        listings,
      );
      process.stdout.write(
        `挂牌 listings: +${counts.added} published (${counts.published} in all, ${counts.refusable} on units` +
          ` confirmation would refuse) (${((performance.now() - listed) / 1000).toFixed(1)} s)\n`,
      );
    }
  } finally {
    await report.close().catch(() => undefined);
    await app.close();
  }
}

async function main(): Promise<void> {
  const { units, out, seed, listings } = parseCommandLine();
  const register = new SyntheticRegister(units, seed);
  if (out) await writeFile(register, out);
  else await seedDatabase(register, listings);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) process.stderr.write(`${error.message}\n${USAGE}`);
  else if (error instanceof UnitImportError)
    process.stderr.write(`生成失败 Seeding failed: ${error.message}\n`);
  else
    process.stderr.write(
      `生成失败 Seeding failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  process.exit(1);
});
