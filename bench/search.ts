import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { Client, Pool } from 'pg';
import { ListingSearch, listingSearchQuery } from '@app/market/listing-search';
import {
  ADMIN_URL,
  databaseUrl,
  dropDatabase,
  median,
  recreateDatabase,
  ROOT,
  startApi,
  stopProcess,
  withClient,
} from './support';

/**
 * `npm run bench:search` (builds first; three to four minutes): GET /api/v1/listings over 100,000 published listings,
 * the built API against an anchor measured in the same invocation: a bare Fastify + pg server that parses the same
 * query string and runs exactly `listingSearchQuery(...)`, the statement the API runs, with the same pool size.
 * Both are loaded alternately by autocannon at 50 connections. Not a test.
 */

const DATABASE = 'wuhai_bench_search';
const UNITS = 100_000;
const LISTINGS = 100_000;
const QUEUE_PREFIX = 'bench-search';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN = { username: 'bench.admin', password: 'Bench-password-1' };
/** The API's DATABASE_POOL_SIZE default, which the API runs with here too. */
const POOL_SIZE = 10;
const API_APPLICATION_NAME = 'wuhai-api';
const BARE_APPLICATION_NAME = 'wuhai-bench-search-bare';
const CONNECTIONS = 50;
const RUN_SECONDS = 10;
const WARM_UP_SECONDS = 3;
const ROUNDS = 3;
const TARGET_RATIO = 0.7;
const TARGET_P99_MS = 50;
const TYPICAL =
  '/listings?districtCode=150302&landUse=06&minPrice=1000000&maxPrice=8000000&sort=price&pageSize=20';
const EXTRAS = [
  { label: 'keyword q=工业厂房', path: `/listings?q=${encodeURIComponent('工业厂房')}&pageSize=20` },
  {
    label: 'map box bbox=106.85,39.65,106.9,39.7',
    path: '/listings?bbox=106.85,39.65,106.9,39.7&pageSize=20',
  },
];
const BUILT = ['dist/apps/api/src/main.js', 'dist/scripts/seed-bulk.js'];

// -----------------------------------------------------------------------------------------------------------
// The anchor: run as a child process of the benchmark (`--bare-server`), so it gets a process of its own like
// the API and never shares an event loop with autocannon.

function searchOf(query: Record<string, string | undefined>): ListingSearch {
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  return {
    districtCode: query.districtCode,
    landUse: query.landUse,
    kind: query.kind as ListingSearch['kind'],
    minArea: number(query.minArea),
    maxArea: number(query.maxArea),
    minPrice: number(query.minPrice),
    maxPrice: number(query.maxPrice),
    q: query.q,
    bbox: query.bbox?.split(',').map(Number) as ListingSearch['bbox'],
    sort: query.sort as ListingSearch['sort'],
    order: query.order as ListingSearch['order'],
    page: number(query.page) ?? 1,
    pageSize: number(query.pageSize) ?? 20,
  };
}

/** Only the pool size is the API's: without its 3 s wait for a connection, overload queues here instead of 503s. */
async function serveBare(): Promise<void> {
  const pool = new Pool({
    connectionString: process.env.DATABASE_URL,
    max: POOL_SIZE,
    application_name: BARE_APPLICATION_NAME,
  });
  const app = Fastify();
  app.get('/api/v1/listings', async (request) => {
    const { sql, params } = listingSearchQuery(searchOf(request.query as Record<string, string>));
    return (await pool.query(sql, params)).rows;
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.once('SIGTERM', () => void app.close().then(() => pool.end()));
}

// -----------------------------------------------------------------------------------------------------------
// Clean-up that also runs on Ctrl-C or a failure

const cleanups: { name: string; run: () => Promise<unknown> }[] = [];

function onCleanup(name: string, run: () => Promise<unknown>): void {
  cleanups.push({ name, run });
}

async function cleanUpAll(): Promise<void> {
  while (cleanups.length) {
    const entry = cleanups.pop()!;
    await entry.run().catch((error: unknown) => {
      process.stderr.write(`clean-up "${entry.name}" failed: ${String(error)}\n`);
    });
  }
}

// -----------------------------------------------------------------------------------------------------------
// Processes

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

async function run(args: string[], env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code}`);
}

async function startBare(url: string): Promise<{ process: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', __filename, '--bare-server'],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, PORT: String(port) }, stdio: 'inherit' },
  );
  const baseUrl = `http://127.0.0.1:${port}/api/v1`;
  for (let attempt = 0; attempt < 120; attempt += 1) {
    if (child.exitCode !== null) throw new Error('The bare server exited during start-up');
    try {
      if ((await fetch(`${baseUrl}/listings?pageSize=1`)).ok) return { process: child, baseUrl };
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  child.kill();
  throw new Error('The bare server did not become ready');
}

async function deleteQueueKeys(): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  try {
    const stream = redis.scanStream({ match: `${QUEUE_PREFIX}:*`, count: 1000 });
    for await (const keys of stream as AsyncIterable<string[]>) if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

// -----------------------------------------------------------------------------------------------------------
// Measuring: autocannon for throughput and latency; /proc for where the CPU went and the server's memory

/** Kernel clock ticks per second (`getconf CLK_TCK`), 100 on every Linux this runs on. */
const TICKS = 100;

interface ProcessCpu {
  comm: string;
  ppid: number;
  /** Seconds of CPU the process used itself, and that its reaped children used. */
  own: number;
  children: number;
}

async function processCpu(pid: number): Promise<ProcessCpu | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      ppid: Number(fields[1]),
      own: (Number(fields[11]) + Number(fields[12])) / TICKS,
      children: (Number(fields[13]) + Number(fields[14])) / TICKS,
    };
  } catch {
    return undefined; // it ended meanwhile
  }
}

interface CpuSnapshot {
  /** When the machine's counters were read (performance.now()); the other counters follow within milliseconds. */
  at: number;
  machine: number;
  server: number;
  /** Every PostgreSQL process by pid. */
  postgres: Map<number, number>;
  /** What the postmaster's reaped children used: parallel workers live only for one query each. */
  reaped: number;
  loadGenerator: NodeJS.CpuUsage;
}

async function cpuSnapshot(serverPid: number): Promise<CpuSnapshot> {
  const [cpu] = (await readFile('/proc/stat', 'utf8')).split('\n');
  const at = performance.now();
  const ticks = cpu.trim().split(/\s+/).slice(1, 9).map(Number);
  const busy = ticks.reduce((sum, value) => sum + value, 0) - ticks[3] - ticks[4];
  const postgres = new Map<number, ProcessCpu>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await processCpu(Number(entry));
    if (stat?.comm === 'postgres') postgres.set(Number(entry), stat);
  }
  const postmaster = [...postgres.values()].find((stat) => !postgres.has(stat.ppid));
  return {
    at,
    machine: busy / TICKS,
    server: (await processCpu(serverPid))?.own ?? NaN,
    postgres: new Map([...postgres].map(([pid, stat]) => [pid, stat.own])),
    reaped: postmaster?.children ?? 0,
    loadGenerator: process.cpuUsage(),
  };
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

interface Target {
  name: 'API' | 'bare';
  process: ChildProcess;
  baseUrl: string;
  applicationName: string;
}

/** CPU used during a run, in cores (of the machine's 2). */
interface Cores {
  server: number;
  /** The server's own pooled connections. */
  sessions: number;
  /** The rest of PostgreSQL: parallel workers above all, background processes, any other database's sessions. */
  postgresOther: number;
  loadGenerator: number;
  machine: number;
}

interface Sample {
  perSecond: number;
  /** Answers other than 2xx and connection errors, e.g. "3 × 503"; empty when there were none. */
  failures: string;
  p50: number;
  p99: number;
  cores: Cores;
  rssPeakMiB: number;
}

async function sessionPids(monitor: Client, applicationName: string): Promise<number[]> {
  const { rows } = await monitor.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`,
    [DATABASE, applicationName],
  );
  return rows.map((row) => row.pid);
}

function coresBetween(before: CpuSnapshot, after: CpuSnapshot, sessions: Set<number>): Cores {
  const wall = (after.at - before.at) / 1000;
  let postgres = after.reaped - before.reaped;
  let ours = 0;
  for (const [pid, used] of after.postgres) {
    postgres += used - (before.postgres.get(pid) ?? 0);
    if (sessions.has(pid)) ours += used - (before.postgres.get(pid) ?? 0);
  }
  // A process that ended is in `reaped` with all its CPU, also what it used before the run.
  for (const [pid, used] of before.postgres) if (!after.postgres.has(pid)) postgres -= used;
  const own = after.loadGenerator.user + after.loadGenerator.system;
  const ownBefore = before.loadGenerator.user + before.loadGenerator.system;
  return {
    server: (after.server - before.server) / wall,
    sessions: ours / wall,
    postgresOther: (postgres - ours) / wall,
    loadGenerator: (own - ownBefore) / 1e6 / wall,
    machine: (after.machine - before.machine) / wall,
  };
}

async function load(target: Target, path: string, seconds: number, monitor: Client): Promise<Sample> {
  const pid = target.process.pid!;
  const sessions = new Set(await sessionPids(monitor, target.applicationName));
  const rss: number[] = [];
  const sampler = setInterval(() => void rssMiB(pid).then((value) => rss.push(value)), 250);
  const before = await cpuSnapshot(pid);
  const result = await autocannon({
    url: `${target.baseUrl}${path}`,
    connections: CONNECTIONS,
    duration: seconds,
  });
  const after = await cpuSnapshot(pid);
  clearInterval(sampler);
  for (const session of await sessionPids(monitor, target.applicationName)) sessions.add(session);
  const statuses = Object.entries(result.statusCodeStats ?? {})
    .filter(([status]) => !status.startsWith('2'))
    .map(([status, { count }]) => `${count} × ${status}`);
  if (result.errors) statuses.push(`${result.errors} connection errors`);
  return {
    perSecond: result.requests.average,
    failures: statuses.join(', '),
    p50: result.latency.p50,
    p99: result.latency.p99,
    cores: coresBetween(before, after, sessions),
    rssPeakMiB: Math.max(...rss),
  };
}

// -----------------------------------------------------------------------------------------------------------
// Setup checks and reporting

async function sameResults(api: Target, bare: Target, path: string): Promise<number> {
  const page = (await (await fetch(`${api.baseUrl}${path}`)).json()) as { items: { id: string }[] };
  const rows = (await (await fetch(`${bare.baseUrl}${path}`)).json()) as { id: string }[];
  const apiIds = page.items.map((item) => item.id).join();
  const bareIds = rows
    .slice(0, page.items.length)
    .map((row) => row.id)
    .join();
  if (!page.items.length || apiIds !== bareIds) {
    throw new Error(`API and bare server disagree on ${path}: ${page.items.length} items`);
  }
  return page.items.length;
}

async function explain(client: Client, path: string): Promise<string> {
  const query = Object.fromEntries(new URL(path, 'http://x').searchParams);
  const { sql, params } = listingSearchQuery(searchOf(query));
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  return rows.map((row) => `    ${row['QUERY PLAN']}`).join('\n');
}

async function machineDescription(): Promise<string> {
  const server = await withClient(ADMIN_URL, async (client) => {
    const { rows } = await client.query<{ version: string; shared_buffers: string }>(
      `SELECT split_part(version(), ' ', 2) AS version, current_setting('shared_buffers') AS shared_buffers`,
    );
    return `PostgreSQL ${rows[0].version} (shared_buffers ${rows[0].shared_buffers})`;
  });
  const [cpu] = cpus();
  return `${cpus().length} cores (${cpu?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${server}, Node.js ${process.version}; load generator, API, bare server and PostgreSQL on the same host`;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const rate = (value: number) => Math.round(value).toLocaleString('en-US');
/** "other" is what the rest of the machine used meanwhile: well above 0.1 core means a shared run. */
const cores = ({ cores: used }: Sample) =>
  `server ${used.server.toFixed(2)}, its PostgreSQL sessions ${used.sessions.toFixed(2)}, ` +
  `other PostgreSQL ${used.postgresOther.toFixed(2)}, autocannon ${used.loadGenerator.toFixed(2)}, ` +
  `other ${(used.machine - used.server - used.sessions - used.postgresOther - used.loadGenerator).toFixed(2)} ` +
  `(whole machine ${used.machine.toFixed(2)})`;

const describe = (sample: Sample) =>
  `${rate(sample.perSecond)} req/s, p50 ${ms(sample.p50)}, p99 ${ms(sample.p99)}, ` +
  `${sample.failures || 'all 2xx'}, RSS peak ${sample.rssPeakMiB.toFixed(0)} MiB; CPU in cores: ${cores(sample)}`;

function medianSample(samples: Sample[]): Sample {
  const of = (pick: (sample: Sample) => number) => median(samples.map(pick));
  return {
    perSecond: of((sample) => sample.perSecond),
    failures: samples
      .map((sample, index) => (sample.failures ? `run ${index + 1}: ${sample.failures}` : ''))
      .filter(Boolean)
      .join('; '),
    p50: of((sample) => sample.p50),
    p99: of((sample) => sample.p99),
    cores: {
      server: of((sample) => sample.cores.server),
      sessions: of((sample) => sample.cores.sessions),
      postgresOther: of((sample) => sample.cores.postgresOther),
      loadGenerator: of((sample) => sample.cores.loadGenerator),
      machine: of((sample) => sample.cores.machine),
    },
    rssPeakMiB: Math.max(...samples.map((sample) => sample.rssPeakMiB)),
  };
}

// -----------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const missing = BUILT.filter((file) => !existsSync(join(ROOT, file)));
  if (missing.length) throw new Error(`${missing.join(', ')} missing: run npm run build first`);
  const url = databaseUrl(DATABASE);

  await recreateDatabase(DATABASE);
  onCleanup('bench database', () => dropDatabase(DATABASE));
  onCleanup('queue keys', deleteQueueKeys);
  const seeding = performance.now();
  await run(['dist/scripts/seed-bulk.js', '--units', String(UNITS), '--listings', String(LISTINGS)], {
    DATABASE_URL: url,
    QUEUE_PREFIX,
    LOG_LEVEL: 'warn',
  });
  // A register that has been live for a while is vacuumed: visibility map set, statistics current.
  await withClient(url, (client) => client.query('VACUUM (ANALYZE)'));
  process.stdout.write(`Seeded and vacuumed in ${((performance.now() - seeding) / 1000).toFixed(0)} s\n`);

  const files = await mkdtemp(join(tmpdir(), 'wuhai-bench-search-'));
  onCleanup('file store', () => rm(files, { recursive: true, force: true }));
  const apiProcess = await startApi({
    DATABASE_URL: url,
    QUEUE_PREFIX,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    FILE_STORAGE_DIR: files,
    PORT: String(await freePort()),
  });
  onCleanup('API process', () => stopProcess(apiProcess.process));
  const bareProcess = await startBare(url);
  onCleanup('bare server', () => stopProcess(bareProcess.process));
  const api: Target = { name: 'API', ...apiProcess, applicationName: API_APPLICATION_NAME };
  const bare: Target = { name: 'bare', ...bareProcess, applicationName: BARE_APPLICATION_NAME };

  const monitor = new Client({ connectionString: url, application_name: 'wuhai-bench-search-monitor' });
  await monitor.connect();
  onCleanup('monitor connection', () => monitor.end());

  for (const path of [TYPICAL, ...EXTRAS.map((extra) => extra.path)]) {
    const items = await sameResults(api, bare, path);
    process.stdout.write(
      `\nGET ${path}: ${items} items, the same from both servers\n${await explain(monitor, path)}\n`,
    );
  }

  process.stdout.write('\n');
  for (const target of [api, bare]) {
    const sample = await load(target, TYPICAL, WARM_UP_SECONDS, monitor);
    process.stdout.write(`warm-up ${target.name} (${WARM_UP_SECONDS} s): ${describe(sample)}\n`);
  }
  const runs: Record<Target['name'], Sample[]> = { API: [], bare: [] };
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const target of [api, bare]) {
      const sample = await load(target, TYPICAL, RUN_SECONDS, monitor);
      runs[target.name].push(sample);
      process.stdout.write(`round ${round} ${target.name}: ${describe(sample)}\n`);
    }
  }
  const extras = [];
  for (const extra of EXTRAS) {
    const samples: Partial<Record<Target['name'], Sample>> = {};
    for (const target of [api, bare]) {
      await load(target, extra.path, 2, monitor);
      const sample = await load(target, extra.path, RUN_SECONDS, monitor);
      samples[target.name] = sample;
      process.stdout.write(`${extra.label} ${target.name}: ${describe(sample)}\n`);
    }
    extras.push({ ...extra, api: samples.API!, bare: samples.bare! });
  }

  const apiTypical = medianSample(runs.API);
  const bareTypical = medianSample(runs.bare);
  const ratio = apiTypical.perSecond / bareTypical.perSecond;
  const verdict = (pass: boolean) => (pass ? 'pass' : 'fail');
  const rows = [
    ['figure', 'API', 'bare Fastify + pg', 'API/bare', 'target', 'result'],
    ['---', '---', '---', '---', '---', '---'],
    [
      `typical filter, req/s (median of ${ROUNDS} × ${RUN_SECONDS} s)`,
      rate(apiTypical.perSecond),
      rate(bareTypical.perSecond),
      ratio.toFixed(2),
      `≥ ${TARGET_RATIO}`,
      verdict(ratio >= TARGET_RATIO),
    ],
    [
      'typical filter, p99 latency (median)',
      ms(apiTypical.p99),
      ms(bareTypical.p99),
      (apiTypical.p99 / bareTypical.p99).toFixed(2),
      `API ≤ ${TARGET_P99_MS} ms`,
      verdict(apiTypical.p99 <= TARGET_P99_MS),
    ],
    ...extras.flatMap((extra) => [
      [
        `${extra.label}, req/s (one run)`,
        rate(extra.api.perSecond),
        rate(extra.bare.perSecond),
        (extra.api.perSecond / extra.bare.perSecond).toFixed(2),
        '–',
        'info',
      ],
      [
        `${extra.label}, p99 latency`,
        ms(extra.api.p99),
        ms(extra.bare.p99),
        (extra.api.p99 / extra.bare.p99).toFixed(2),
        '–',
        'info',
      ],
    ]),
    [
      'responses other than 2xx in the timed runs',
      apiTypical.failures || 'none',
      bareTypical.failures || 'none',
      '–',
      'none',
      verdict(!apiTypical.failures && !bareTypical.failures),
    ],
    [
      'server RSS, peak over the timed runs',
      `${Math.max(apiTypical.rssPeakMiB, ...extras.map((extra) => extra.api.rssPeakMiB)).toFixed(0)} MiB`,
      `${Math.max(bareTypical.rssPeakMiB, ...extras.map((extra) => extra.bare.rssPeakMiB)).toFixed(0)} MiB`,
      '–',
      '–',
      'info',
    ],
  ];
  process.stdout.write(`\nGET /api/v1${TYPICAL}, ${CONNECTIONS} connections\n\n`);
  for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
  process.stdout.write(
    `\nCPU during the typical runs (median, in cores): API run: ${cores(apiTypical)}; bare run: ${cores(bareTypical)}\n` +
      `Machine: ${await machineDescription()}\n`,
  );
}

if (process.argv.includes('--bare-server')) {
  serveBare().catch((error: unknown) => {
    process.stderr.write(`bare server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
} else {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: cleaning up …\n`);
      void cleanUpAll().finally(() => process.exit(130));
    });
  }
  main()
    .catch((error: unknown) => {
      process.stderr.write(`bench:search failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    })
    .finally(() => cleanUpAll());
}
