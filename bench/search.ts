import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { Client, Pool } from 'pg';
import { ListingSearch, listingSearchQuery } from '@app/market/listing-search';
import {
  ADMIN_ENV,
  API_SCRIPT,
  CpuCounters,
  cpuCounters,
  coresUsed,
  databaseUrl,
  deleteQueueKeys,
  dropDatabase,
  Figure,
  figureTable,
  freePort,
  FULL_RUNS,
  integer,
  LoadRuns,
  machineDescription,
  median,
  QUICK_RUNS,
  ratio,
  recreateDatabase,
  requireBuilt,
  runMain,
  runNode,
  Service,
  startApi,
  startService,
  startWorker,
  stopProcess,
  waitUntilReady,
  withCleanups,
  withClient,
  WORKER_SCRIPT,
} from './support';

/**
 * `npm run bench:search` (builds first; three to four minutes): GET /api/v1/listings over 100,000 published listings,
 * the built API against an anchor measured in the same invocation: a bare Fastify + pg server that parses the same
 * query string and runs exactly `listingSearchQuery(...)`, the statement the API runs, with the same pool size.
 * Both are loaded alternately by autocannon at 50 connections, the built worker running beside the API as in
 * production; the resident memory of the API and the worker under that load is the memory figure. Then the API runs
 * once more under heap caps, for what they cost in throughput. Not a test.
 */

const DATABASE = 'wuhai_bench_search';
const QUEUE_PREFIX = 'bench-search';
/** The API's DATABASE_POOL_SIZE default, which the API runs with here too. */
const POOL_SIZE = 10;
const API_APPLICATION_NAME = 'wuhai-api';
const BARE_APPLICATION_NAME = 'wuhai-bench-search-bare';
const CONNECTIONS = 50;
const TARGET_RATIO = 0.7;
const TARGET_P99_MS = 50;
const TARGET_RSS_MB = 200;
/**
 * V8 lets the old generation grow to about four times the live heap before it compacts. These caps, documented in
 * operations as the setting for a small container, are measured here against the defaults.
 */
export const CAPPED_HEAP_NODE_OPTIONS = '--max-old-space-size=128 --max-semi-space-size=8';
export const TYPICAL_SEARCH =
  '/listings?districtCode=150302&landUse=06&minPrice=1000000&maxPrice=8000000&sort=price&pageSize=20';
const EXTRAS = [
  { label: 'keyword q=工业厂房', path: `/listings?q=${encodeURIComponent('工业厂房')}&pageSize=20` },
  {
    label: 'map box bbox=106.85,39.65,106.9,39.7',
    path: '/listings?bbox=106.85,39.65,106.9,39.7&pageSize=20',
  },
];
const SEED_BULK = 'dist/scripts/seed-bulk.js';

/** Each of the `runs` is one run of the typical search on the API and one on the bare server. */
export interface SearchOptions extends LoadRuns {
  units: number;
  listings: number;
}

export const SEARCH_FULL: SearchOptions = { units: 100_000, listings: 100_000, ...FULL_RUNS };
export const SEARCH_QUICK: SearchOptions = { units: 10_000, listings: 10_000, ...QUICK_RUNS };

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

async function startBare(url: string): Promise<Service & { baseUrl: string }> {
  const port = await freePort();
  const service = startService(
    'bare server',
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', __filename, '--bare-server'],
    { DATABASE_URL: url, PORT: String(port) },
  );
  const baseUrl = `http://127.0.0.1:${port}/api/v1`;
  await waitUntilReady(service, `${baseUrl}/listings?pageSize=1`);
  return { ...service, baseUrl };
}

// -----------------------------------------------------------------------------------------------------------
// Measuring: autocannon for throughput and latency; /proc for where the CPU went and the server's memory

interface CpuSnapshot extends CpuCounters {
  loadGenerator: NodeJS.CpuUsage;
}

async function cpuSnapshot(serverPid: number): Promise<CpuSnapshot> {
  return { ...(await cpuCounters([serverPid])), loadGenerator: process.cpuUsage() };
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

interface Target {
  name: 'API' | 'bare' | 'API, capped heap';
  process: Service['process'];
  baseUrl: string;
  applicationName: string;
  /** The processes whose resident memory is read while this target is loaded. */
  resident: Service[];
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
  /** Peak resident memory by process name. */
  rssPeakMiB: Record<string, number>;
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
  const used = coresUsed(before, after);
  let ours = 0;
  for (const [pid, seconds] of after.postgres) {
    if (sessions.has(pid)) ours += seconds - (before.postgres.get(pid) ?? 0);
  }
  const own = after.loadGenerator.user + after.loadGenerator.system;
  const ownBefore = before.loadGenerator.user + before.loadGenerator.system;
  return {
    server: used.processes[0],
    sessions: ours / wall,
    postgresOther: used.postgres - ours / wall,
    loadGenerator: (own - ownBefore) / 1e6 / wall,
    machine: used.machine,
  };
}

async function load(target: Target, path: string, seconds: number, monitor: Client): Promise<Sample> {
  const pid = target.process.pid!;
  const sessions = new Set(await sessionPids(monitor, target.applicationName));
  const rss = new Map(target.resident.map((service) => [service.name, [] as number[]]));
  const sampler = setInterval(() => {
    for (const service of target.resident)
      void rssMiB(service.process.pid!).then((value) => rss.get(service.name)!.push(value));
  }, 250);
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
    rssPeakMiB: Object.fromEntries([...rss].map(([name, values]) => [name, Math.max(...values)])),
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

const ms = (value: number) => `${value.toFixed(1)} ms`;
const mib = (values: Record<string, number>) =>
  Object.entries(values)
    .map(([name, value]) => `${name} ${value.toFixed(0)} MiB`)
    .join(', ');
/** "other" is what the rest of the machine used meanwhile: well above 0.1 core means a shared run. */
const cores = ({ cores: used }: Sample) =>
  `server ${used.server.toFixed(2)}, its PostgreSQL sessions ${used.sessions.toFixed(2)}, ` +
  `other PostgreSQL ${used.postgresOther.toFixed(2)}, autocannon ${used.loadGenerator.toFixed(2)}, ` +
  `other ${(used.machine - used.server - used.sessions - used.postgresOther - used.loadGenerator).toFixed(2)} ` +
  `(whole machine ${used.machine.toFixed(2)})`;

const describe = (sample: Sample) =>
  `${integer(sample.perSecond)} req/s, p50 ${ms(sample.p50)}, p99 ${ms(sample.p99)}, ` +
  `${sample.failures || 'all 2xx'}, RSS peak ${mib(sample.rssPeakMiB)}; CPU in cores: ${cores(sample)}`;

/** The peak of each process's resident memory over all the samples. */
function peakRss(samples: Sample[]): Record<string, number> {
  const peak: Record<string, number> = {};
  for (const sample of samples)
    for (const [name, value] of Object.entries(sample.rssPeakMiB))
      peak[name] = Math.max(peak[name] ?? 0, value);
  return peak;
}

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
    rssPeakMiB: peakRss(samples),
  };
}

// -----------------------------------------------------------------------------------------------------------

/**
 * The search figures (API throughput against the bare server's, the API's p99) and the memory figures (peak
 * resident memory of the API and of the worker beside it while the API is loaded).
 */
export async function benchSearch(options: SearchOptions): Promise<Figure[]> {
  requireBuilt(API_SCRIPT, WORKER_SCRIPT, SEED_BULK);
  return withCleanups(async (onCleanup) => {
    const url = databaseUrl(DATABASE);
    const env = { DATABASE_URL: url, QUEUE_PREFIX };
    await recreateDatabase(DATABASE);
    onCleanup('bench database', () => dropDatabase(DATABASE));
    onCleanup('queue keys', () => deleteQueueKeys(QUEUE_PREFIX));
    const seeding = performance.now();
    await runNode(SEED_BULK, ['--units', String(options.units), '--listings', String(options.listings)], {
      env: { ...env, LOG_LEVEL: 'warn' },
      show: true,
    });
    // A register that has been live for a while is vacuumed: visibility map set, statistics current.
    await withClient(url, (client) => client.query('VACUUM (ANALYZE)'));
    process.stdout.write(`Seeded and vacuumed in ${((performance.now() - seeding) / 1000).toFixed(0)} s\n`);

    const files = await mkdtemp(join(tmpdir(), 'wuhai-bench-search-'));
    onCleanup('file store', () => rm(files, { recursive: true, force: true }));
    const apiService = await startApi({ ...env, ...ADMIN_ENV, FILE_STORAGE_DIR: files });
    onCleanup('API process', () => stopProcess(apiService.process));
    const worker = startWorker({ ...env, FILE_STORAGE_DIR: files });
    onCleanup('worker process', () => stopProcess(worker.process));
    const bareService = await startBare(url);
    onCleanup('bare server', () => stopProcess(bareService.process));
    const api: Target = {
      ...apiService,
      name: 'API',
      applicationName: API_APPLICATION_NAME,
      resident: [apiService, worker],
    };
    const bare: Target = {
      ...bareService,
      name: 'bare',
      applicationName: BARE_APPLICATION_NAME,
      resident: [bareService],
    };

    const monitor = new Client({ connectionString: url, application_name: 'wuhai-bench-search-monitor' });
    await monitor.connect();
    onCleanup('monitor connection', () => monitor.end());

    for (const path of [TYPICAL_SEARCH, ...EXTRAS.map((extra) => extra.path)]) {
      const items = await sameResults(api, bare, path);
      process.stdout.write(
        `\nGET ${path}: ${items} items, the same from both servers\n${await explain(monitor, path)}\n`,
      );
    }

    process.stdout.write('\n');
    for (const target of [api, bare]) {
      const sample = await load(target, TYPICAL_SEARCH, options.warmUpSeconds, monitor);
      process.stdout.write(`warm-up ${target.name} (${options.warmUpSeconds} s): ${describe(sample)}\n`);
    }
    const runs: Record<Target['name'], Sample[]> = { API: [], bare: [], 'API, capped heap': [] };
    for (let round = 1; round <= options.runs; round += 1) {
      for (const target of [api, bare]) {
        const sample = await load(target, TYPICAL_SEARCH, options.runSeconds, monitor);
        runs[target.name].push(sample);
        process.stdout.write(`round ${round} ${target.name}: ${describe(sample)}\n`);
      }
    }
    const extras = [];
    for (const extra of EXTRAS) {
      const samples: Partial<Record<Target['name'], Sample>> = {};
      for (const target of [api, bare]) {
        await load(target, extra.path, options.warmUpSeconds, monitor);
        const sample = await load(target, extra.path, options.runSeconds, monitor);
        samples[target.name] = sample;
        process.stdout.write(`${extra.label} ${target.name}: ${describe(sample)}\n`);
      }
      extras.push({ ...extra, api: samples.API!, bare: samples.bare! });
    }

    // The same API again, under the heap caps, loaded as often as the default one was.
    await stopProcess(apiService.process);
    const cappedService = await startApi(
      { ...env, ...ADMIN_ENV, FILE_STORAGE_DIR: files, NODE_OPTIONS: CAPPED_HEAP_NODE_OPTIONS },
      { name: 'api' },
    );
    onCleanup('API process with capped heap', () => stopProcess(cappedService.process));
    const capped: Target = {
      ...cappedService,
      name: 'API, capped heap',
      applicationName: API_APPLICATION_NAME,
      resident: [cappedService],
    };
    await load(capped, TYPICAL_SEARCH, options.warmUpSeconds, monitor);
    for (let round = 1; round <= options.runs; round += 1) {
      const sample = await load(capped, TYPICAL_SEARCH, options.runSeconds, monitor);
      runs[capped.name].push(sample);
      process.stdout.write(
        `round ${round} ${capped.name} (NODE_OPTIONS=${CAPPED_HEAP_NODE_OPTIONS}): ${describe(sample)}\n`,
      );
    }

    const apiTypical = medianSample(runs.API);
    const cappedTypical = medianSample(runs[capped.name]);
    const cappedRss = peakRss(runs[capped.name]).api;
    const bareTypical = medianSample(runs.bare);
    const apiRss = peakRss([...runs.API, ...extras.map((extra) => extra.api)]);
    const bareRss = peakRss([...runs.bare, ...extras.map((extra) => extra.bare)]);
    const throughput = apiTypical.perSecond / bareTypical.perSecond;
    const verdict = (pass: boolean) => (pass ? 'pass' : 'fail');
    const over = `median of ${options.runs} × ${options.runSeconds} s`;
    const rows = [
      ['figure', 'API', 'bare Fastify + pg', 'API/bare', 'target', 'result'],
      ['---', '---', '---', '---', '---', '---'],
      [
        `typical filter, req/s (${over})`,
        integer(apiTypical.perSecond),
        integer(bareTypical.perSecond),
        throughput.toFixed(2),
        `≥ ${TARGET_RATIO}`,
        verdict(throughput >= TARGET_RATIO),
      ],
      [
        'typical filter, p99 latency (median)',
        ms(apiTypical.p99),
        ms(bareTypical.p99),
        ratio(apiTypical.p99, bareTypical.p99),
        `API ≤ ${TARGET_P99_MS} ms`,
        verdict(apiTypical.p99 <= TARGET_P99_MS),
      ],
      ...extras.flatMap((extra) => [
        [
          `${extra.label}, req/s (one run)`,
          integer(extra.api.perSecond),
          integer(extra.bare.perSecond),
          ratio(extra.api.perSecond, extra.bare.perSecond),
          '–',
          'info',
        ],
        [
          `${extra.label}, p99 latency`,
          ms(extra.api.p99),
          ms(extra.bare.p99),
          ratio(extra.api.p99, extra.bare.p99),
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
      ['RSS, peak over the timed runs', mib(apiRss), mib(bareRss), '–', '–', 'info'],
      [
        `API with NODE_OPTIONS="${CAPPED_HEAP_NODE_OPTIONS}": typical req/s, p99, RSS peak`,
        `${integer(cappedTypical.perSecond)} req/s, ${ms(cappedTypical.p99)}, api ${cappedRss.toFixed(0)} MiB`,
        `${integer(bareTypical.perSecond)} req/s`,
        ratio(cappedTypical.perSecond, bareTypical.perSecond),
        '–',
        'info',
      ],
    ];
    process.stdout.write(`\nGET /api/v1${TYPICAL_SEARCH}, ${CONNECTIONS} connections\n\n`);
    for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
    process.stdout.write(
      `\nCPU during the typical runs (median, in cores): API run: ${cores(apiTypical)}; bare run: ${cores(bareTypical)}\n` +
        `Machine: ${await machineDescription('load generator, API, worker, bare server and PostgreSQL on the same host')}\n`,
    );

    const megabytes = (value: number) => (value * 2 ** 20) / 1e6;
    const memory = (name: string, anchor?: number): Figure => {
      const peak = megabytes(apiRss[name]);
      return {
        name: 'memory',
        figure: `${name} peak RSS while the API serves the search at ${CONNECTIONS} connections`,
        value: `${peak.toFixed(0)} MB`,
        anchor: anchor === undefined ? '–' : `bare server ${megabytes(anchor).toFixed(0)} MB`,
        ratio: anchor === undefined ? '–' : ratio(peak, megabytes(anchor)),
        target: `≤ ${TARGET_RSS_MB} MB`,
        pass: peak <= TARGET_RSS_MB,
      };
    };
    return [
      {
        name: 'search',
        figure: `typical GET /listings, API req/s at ${CONNECTIONS} connections (${over})`,
        value: `${integer(apiTypical.perSecond)} req/s`,
        anchor: `bare Fastify + pg ${integer(bareTypical.perSecond)} req/s`,
        ratio: throughput.toFixed(2),
        target: `≥ ${TARGET_RATIO}`,
        pass: throughput >= TARGET_RATIO,
      },
      {
        name: 'search',
        figure: `typical GET /listings, API p99 at ${CONNECTIONS} connections (median)`,
        value: ms(apiTypical.p99),
        anchor: `bare Fastify + pg ${ms(bareTypical.p99)}`,
        ratio: ratio(apiTypical.p99, bareTypical.p99),
        target: `API ≤ ${TARGET_P99_MS} ms`,
        pass: apiTypical.p99 <= TARGET_P99_MS,
      },
      {
        name: 'search',
        figure: 'responses other than 2xx in the timed runs',
        value: apiTypical.failures || 'none',
        anchor: `bare: ${bareTypical.failures || 'none'}`,
        ratio: '–',
        target: 'none',
        pass: !apiTypical.failures && !bareTypical.failures,
      },
      memory(apiService.name, bareRss[bareService.name]),
      memory(worker.name),
      {
        name: 'memory',
        figure: `api peak RSS with NODE_OPTIONS="${CAPPED_HEAP_NODE_OPTIONS}" over its typical-search runs (req/s vs default API)`,
        value: `${megabytes(cappedRss).toFixed(0)} MB`,
        anchor: `${integer(cappedTypical.perSecond)} vs ${integer(apiTypical.perSecond)} req/s`,
        ratio: ratio(cappedTypical.perSecond, apiTypical.perSecond),
        target: `≤ ${TARGET_RSS_MB} MB`,
      },
    ];
  });
}

if (require.main === module) {
  if (process.argv.includes('--bare-server')) {
    serveBare().catch((error: unknown) => {
      process.stderr.write(`bare server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
  } else {
    runMain('bench:search', async () => {
      process.stdout.write(`\n${figureTable(await benchSearch(SEARCH_FULL))}\n`);
    });
  }
}
