import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { generateUscc } from '@app/domain';
import { MIGRATIONS, runMigrationsUnderLock } from '@app/db';
import { TYPICAL_SEARCH } from './search';
import {
  ADMIN_ENV,
  API_SCRIPT,
  BENCH_ADMIN,
  databaseUrl,
  deleteQueueKeys,
  dropDatabase,
  Figure,
  figureTable,
  FULL_RUNS,
  integer,
  LatencySummary,
  LoadRuns,
  measure,
  median,
  QUICK_RUNS,
  ratio,
  recreateDatabase,
  requireBuilt,
  runMain,
  startApi,
  stopProcess,
  withCleanups,
  withClient,
} from './support';

/**
 * GET /units/:unitNumber and the typical GET /listings p95 with 10k units in the register, then with 1M, a
 * published listing on every unit: the lookup goes through unique and foreign-key indexes only, and the search
 * reads an index in its sort order and stops at the page's end, so neither should grow with the register.
 */
const DATABASE = 'wuhai_bench_lookup';
const QUEUE_PREFIX = 'bench-lookup';
const BATCH = 100_000;
const CONNECTIONS = 10;
const TARGET_RATIO = 1.5;

export interface ScaleOptions extends LoadRuns {
  small: number;
  large: number;
}

export const SCALE_FULL: ScaleOptions = { small: 10_000, large: 1_000_000, ...FULL_RUNS };
export const SCALE_QUICK: ScaleOptions = { small: 2_000, large: 20_000, ...QUICK_RUNS };

async function addUnits(from: number, to: number, partyIds: string[]): Promise<void> {
  await withClient(databaseUrl(DATABASE), async (client) => {
    for (let start = from; start < to; start += BATCH) {
      const end = Math.min(to, start + BATCH) - 1;
      await client.query('BEGIN');
      // District cycles over the three; zone and parcel sequence come from the rest of the counter.
      await client.query(
        `INSERT INTO real_estate_unit (unit_number, district_code, location, land_use, land_grade, right_type,
           term_start, term_end, area_m2, geometry)
         SELECT d.code || lpad(((g / 3) / 100000 + 1)::text, 3, '0') || '001GB' || lpad(((g / 3) % 100000)::text, 5, '0')
                  || 'W00000000',
                d.code, '乌海市示例地块 ' || g, (ARRAY['0601','0701','0501'])[g % 3 + 1], g % 5 + 1, 'granted',
                date '2010-01-01', date '2060-01-01', 300,
                ST_Multi(ST_MakeEnvelope(106.6 + (g % 2000) * 0.0002, 39.3 + (g / 2000) * 0.0002,
                  106.6 + (g % 2000) * 0.0002 + 0.00015, 39.3 + (g / 2000) * 0.0002 + 0.00015, 4490))
           FROM generate_series($1::int, $2::int) g
           JOIN (VALUES (0, '150302'), (1, '150303'), (2, '150304')) d(i, code) ON d.i = g % 3`,
        [start, end],
      );
      await client.query(
        `INSERT INTO use_right (unit_id, status)
         SELECT u.id, 'current' FROM real_estate_unit u
          WHERE NOT EXISTS (SELECT 1 FROM use_right r WHERE r.unit_id = u.id)`,
      );
      await client.query(
        `INSERT INTO right_holder (right_id, party_id, share)
         SELECT r.id, ($1::uuid[])[1 + (abs(hashtext(r.id::text)) % array_length($1::uuid[], 1))], 1
           FROM use_right r WHERE NOT EXISTS (SELECT 1 FROM right_holder h WHERE h.right_id = r.id)`,
        [partyIds],
      );
      await client.query('COMMIT');
      process.stdout.write(`  ${integer(end + 1)} units\n`);
    }
  });
}

/**
 * A published listing on every unit without one, offered by its holder at 0.5–20 million yuan and published over
 * the last 90 days (both drawn from a hash of the unit number), confirmed by the benchmark's administrator.
 */
async function addListings(): Promise<void> {
  await withClient(databaseUrl(DATABASE), async (client) => {
    const { rowCount } = await client.query(
      `INSERT INTO listing (listing_number, unit_id, seller_party_id, created_by, confirmed_by, kind, mode, status,
         asking_price, starts_at, published_at, ends_at, declarations, unit_number, district_code, land_use, area_m2,
         location, search_text)
       SELECT 'GPBENCH' || u.unit_number, u.id, h.party_id, a.id, a.id, 'transfer', 'negotiated', 'published',
              500000 + abs(hashtext(u.unit_number || ':price')) % 19500000, p.at, p.at, now() + interval '60 days',
              '{}', u.unit_number, u.district_code, u.land_use, u.area_m2, u.location, u.location
         FROM real_estate_unit u
         JOIN use_right r ON r.unit_id = u.id AND r.status = 'current'
         JOIN right_holder h ON h.right_id = r.id
        CROSS JOIN (SELECT id FROM app_user WHERE username = $1) a
        CROSS JOIN LATERAL (SELECT now() - abs(hashtext(u.unit_number || ':published')) % 90 * interval '1 day' AS at) p
        WHERE NOT EXISTS (SELECT 1 FROM listing l WHERE l.unit_id = u.id)`,
      [BENCH_ADMIN.username],
    );
    process.stdout.write(`  ${integer(rowCount ?? 0)} listings published\n`);
    // A register that has been live for a while is vacuumed: visibility map set, statistics current.
    await client.query('VACUUM (ANALYZE)');
  });
}

async function sampleUnitNumbers(): Promise<string[]> {
  return withClient(databaseUrl(DATABASE), async (client) =>
    (await client.query(`SELECT unit_number FROM real_estate_unit ORDER BY random() LIMIT 5000`)).rows.map(
      (row: { unit_number: string }) => row.unit_number,
    ),
  );
}

interface AtSize {
  lookup: Pick<LatencySummary, 'p95' | 'perSecond'>;
  search: Pick<LatencySummary, 'p95' | 'perSecond'>;
}

/** Starts the API on the register as it is, lists every unit, and loads the lookup and the search in turn. */
async function measureAtSize(options: ScaleOptions): Promise<AtSize> {
  const api = await startApi({
    DATABASE_URL: databaseUrl(DATABASE),
    ...ADMIN_ENV,
    QUEUE_PREFIX,
  });
  try {
    await addListings();
    const login = await fetch(`${api.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(BENCH_ADMIN),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const numbers = await sampleUnitNumbers();
    const lookup = {
      next: () => `${api.baseUrl}/units/${numbers[Math.floor(Math.random() * numbers.length)]}`,
      headers: { authorization: `Bearer ${accessToken}` },
    };
    const search = { next: () => `${api.baseUrl}${TYPICAL_SEARCH}`, headers: {} };
    const page = (await (await fetch(search.next())).json()) as { items?: unknown[] };
    if (!page.items?.length) throw new Error(`GET ${TYPICAL_SEARCH} found no listings`);
    const load = (target: { next: () => string; headers: Record<string, string> }, seconds: number) =>
      measure(target.next, { connections: CONNECTIONS, durationMs: seconds * 1000, headers: target.headers });
    await load(lookup, options.warmUpSeconds);
    await load(search, options.warmUpSeconds);
    const runs = { lookup: [] as LatencySummary[], search: [] as LatencySummary[] };
    for (let run = 0; run < options.runs; run += 1) {
      runs.lookup.push(await load(lookup, options.runSeconds));
      runs.search.push(await load(search, options.runSeconds));
    }
    const failures = [...runs.lookup, ...runs.search].map((run) => run.failures).filter(Boolean);
    if (failures.length) throw new Error(`Requests failed during the benchmark: ${failures.join('; ')}`);
    const summary = (samples: LatencySummary[]) => ({
      p95: median(samples.map((sample) => sample.p95)),
      perSecond: median(samples.map((sample) => sample.perSecond)),
    });
    return { lookup: summary(runs.lookup), search: summary(runs.search) };
  } finally {
    await stopProcess(api.process);
  }
}

/** p95 of the unit lookup and of the typical listing search at `large` units over the same at `small`. */
export async function benchScale(options: ScaleOptions): Promise<Figure[]> {
  requireBuilt(API_SCRIPT);
  return withCleanups(async (onCleanup) => {
    const { small, large } = options;
    await recreateDatabase(DATABASE);
    onCleanup('bench database', () => dropDatabase(DATABASE));
    onCleanup('queue keys', () => deleteQueueKeys(QUEUE_PREFIX));
    const dataSource = await new DataSource({
      type: 'postgres',
      url: databaseUrl(DATABASE),
      migrations: MIGRATIONS,
      migrationsTableName: 'schema_migration',
    }).initialize();
    await runMigrationsUnderLock(dataSource);
    await dataSource.destroy();

    const partyIds = await withClient(databaseUrl(DATABASE), async (client) => {
      const codes = Array.from({ length: 2000 }, () => generateUscc());
      const rows = await client.query(
        `INSERT INTO party (kind, name, uscc) SELECT 'organization', '乌海示例企业' || ordinality, code
           FROM unnest($1::text[]) WITH ORDINALITY AS t(code, ordinality) ON CONFLICT DO NOTHING RETURNING id`,
        [codes],
      );
      return rows.rows.map((row: { id: string }) => row.id);
    });

    process.stdout.write(`Loading ${integer(small)} units\n`);
    await addUnits(0, small, partyIds);
    const atSmall = await measureAtSize(options);
    process.stdout.write(`Loading up to ${integer(large)} units\n`);
    await addUnits(small, large, partyIds);
    const atLarge = await measureAtSize(options);

    const over = `${CONNECTIONS} connections, median of ${options.runs} × ${options.runSeconds} s`;
    for (const [label, key] of [
      ['lookup', 'lookup'],
      ['search', 'search'],
    ] as const)
      process.stdout.write(
        `${label} throughput: ${integer(atSmall[key].perSecond)} req/s at ${integer(small)} units, ` +
          `${integer(atLarge[key].perSecond)} req/s at ${integer(large)} (${over})\n`,
      );
    const row = (figure: string, key: keyof AtSize, units = 'units'): Figure => ({
      name: 'scale',
      figure: `${figure} p95 at ${integer(large)} ${units} (${over})`,
      value: `${atLarge[key].p95.toFixed(2)} ms`,
      anchor: `${atSmall[key].p95.toFixed(2)} ms at ${integer(small)} units`,
      ratio: ratio(atLarge[key].p95, atSmall[key].p95),
      target: `≤ ${TARGET_RATIO}`,
      pass: atLarge[key].p95 / atSmall[key].p95 <= TARGET_RATIO,
    });
    return [
      row('GET /units/:unitNumber', 'lookup'),
      row('typical GET /listings', 'search', 'units, each listed'),
    ];
  });
}

if (require.main === module) {
  runMain('bench:lookup', async () => {
    const { values } = parseArgs({ options: { large: { type: 'string' } } });
    const large = Number(values.large ?? SCALE_FULL.large);
    if (!Number.isInteger(large) || large <= SCALE_FULL.small)
      throw new Error(`--large must be an integer above ${SCALE_FULL.small}`);
    process.stdout.write(`\n${figureTable(await benchScale({ ...SCALE_FULL, large }))}\n`);
  });
}
