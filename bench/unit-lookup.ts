import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { generateUscc } from '@app/domain';
import { MIGRATIONS, runMigrationsUnderLock } from '@app/db';
import { databaseUrl, measure, median, recreateDatabase, startApi, stopProcess, withClient } from './support';

/**
 * GET /units/:unitNumber p95 with 10k units in the register, then with 1M: the lookup goes through
 * unique and foreign-key indexes only, so its latency should not grow with the register.
 */
const DATABASE = 'wuhai_bench_lookup';
const SMALL = 10_000;
const LARGE = Number(process.argv.find((arg) => arg.startsWith('--large='))?.split('=')[1] ?? 1_000_000);
const BATCH = 100_000;
const RUNS = 3;
const ADMIN = { username: 'bench.admin', password: 'Bench-password-1' };

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
      process.stdout.write(`  ${end + 1} units\n`);
    }
    await client.query('ANALYZE');
  });
}

async function sampleUnitNumbers(): Promise<string[]> {
  return withClient(databaseUrl(DATABASE), async (client) =>
    (
      await client.query(`SELECT unit_number FROM real_estate_unit TABLESAMPLE SYSTEM (1) LIMIT 5000`)
    ).rows.map((row: { unit_number: string }) => row.unit_number),
  );
}

async function lookupP95(): Promise<{ p95: number; perSecond: number }> {
  const api = await startApi({
    DATABASE_URL: databaseUrl(DATABASE),
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    QUEUE_PREFIX: 'bench-lookup',
  });
  try {
    const login = await fetch(`${api.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const numbers = await sampleUnitNumbers();
    const headers = { authorization: `Bearer ${accessToken}` };
    const next = () => `${api.baseUrl}/units/${numbers[Math.floor(Math.random() * numbers.length)]}`;
    await measure(next, { connections: 10, durationMs: 3000, headers });
    const runs = [];
    for (let run = 0; run < RUNS; run += 1)
      runs.push(await measure(next, { connections: 10, durationMs: 10_000, headers }));
    if (runs.some((run) => run.errors > 0)) throw new Error('Lookups failed during the benchmark');
    return { p95: median(runs.map((run) => run.p95)), perSecond: median(runs.map((run) => run.perSecond)) };
  } finally {
    await stopProcess(api.process);
  }
}

async function main(): Promise<void> {
  await recreateDatabase(DATABASE);
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

  process.stdout.write(`Loading ${SMALL} units\n`);
  await addUnits(0, SMALL, partyIds);
  const small = await lookupP95();
  process.stdout.write(`Loading up to ${LARGE} units\n`);
  await addUnits(SMALL, LARGE, partyIds);
  const large = await lookupP95();

  const ratio = large.p95 / small.p95;
  const rows = [
    ['figure', 'value', 'anchor', 'ratio', 'target', 'result'],
    [
      `GET /units/:unitNumber p95 at ${LARGE.toLocaleString('en')} units`,
      `${large.p95.toFixed(2)} ms`,
      `${small.p95.toFixed(2)} ms at ${SMALL.toLocaleString('en')} units`,
      ratio.toFixed(2),
      '≤ 1.5',
      ratio <= 1.5 ? 'pass' : 'fail',
    ],
  ];
  for (const row of rows) process.stdout.write(`${row.join(' | ')}\n`);
  process.stdout.write(
    `throughput: ${small.perSecond.toFixed(0)} req/s at ${SMALL}, ${large.perSecond.toFixed(0)} req/s at ${LARGE} (10 connections, median of ${RUNS} × 10 s)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
