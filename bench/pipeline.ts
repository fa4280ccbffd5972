import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { buildUnitNumber, computeResidentIdCheckChar } from '@app/domain';
import { QUEUE_NAMES } from '@app/queue';
import {
  ADMIN_ENV,
  ADMIN_URL,
  API_SCRIPT,
  BENCH_ADMIN,
  codeDescription,
  coresUsed,
  cpuCounters,
  databaseUrl,
  deleteQueueKeys,
  dropDatabase,
  exited,
  Figure,
  figureTable,
  integer,
  machineDescription,
  median,
  OnCleanup,
  percentile,
  ratio,
  recreateDatabase,
  REDIS_URL,
  requireBuilt,
  runCommand,
  runMain,
  Service,
  sleep,
  startApi,
  startWorker,
  stopProcess,
  withCleanups,
  WORKER_SCRIPT,
} from './support';

/**
 * `npm run bench:pipeline [-- --applications=500 --runs=3 --concurrency=50 --scale-out]`, after `npm run build`:
 * N transfer applications go through submit → background pre-check (worker job) → acceptance by a clerk →
 * routing to a reviewer (worker job), over the HTTP API of the built API process with the built worker beside
 * it. The figure is applications per second from the first submit to the moment every application has a
 * reviewer; the anchor is pgbench's TPC-B TPS on the same PostgreSQL server, measured in the same invocation.
 * With `--scale-out`, runs with 2 API and 2 worker processes on the same database and Redis alternate with the
 * 1 + 1 runs, the requests spread over both APIs, and each run's effects are checked to have happened exactly
 * once. Not a test.
 */

const DATABASE = 'wuhai_bench_pipeline';
/** The setup, done once over HTTP; every run starts from a copy of it. */
const SETUP_DATABASE = 'wuhai_bench_pipeline_setup';
const PGBENCH_DATABASE = 'wuhai_bench_pgbench';
const TARGET_RATIO = 0.25;
const PASSWORD = 'Bench-password-1';
const DISTRICT = '150302';
const REVIEWERS = 4;
/** A 503 carries Retry-After; a client waits that long and tries again, at most this many times. */
const RETRIES_AFTER_503 = 5;
/** Setup requests in flight: registration and login hash with argon2, which 2 cores cannot spread further. */
const SETUP_IN_FLIGHT = 8;
/** Applications pushed through untimed first in each run, so the clock starts on warmed-up processes. */
const WARM_UP_SHARE = 0.1;
const POLL_MS = 50;
const STALL_MS = 90_000;
const TRANSFER_MATERIALS = [
  'identity',
  'certificate',
  'contract',
  'price_declaration',
  'investment_audit',
  'grant_fee_receipt',
] as const;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

export interface PipelineOptions {
  applications: number;
  runs: number;
  /** Requests in flight while submitting and while accepting: a busy portal and window. */
  concurrency: number;
  pgbench: { scale: number; seconds: number };
  /** The pipeline against pgbench (1 API + 1 worker), and 2 API + 2 worker processes against 1 + 1. */
  measure: { pipeline: boolean; scaleOut: boolean };
}

export const PIPELINE_FULL = {
  applications: 500,
  runs: 3,
  concurrency: 50,
  pgbench: { scale: 10, seconds: 20 },
};
export const PIPELINE_QUICK = {
  applications: 20,
  runs: 1,
  concurrency: 10,
  pgbench: { scale: 1, seconds: 5 },
};

interface Topology {
  apis: number;
  workers: number;
}

const SINGLE: Topology = { apis: 1, workers: 1 };
const SCALED_OUT: Topology = { apis: 2, workers: 2 };
const describeTopology = ({ apis, workers }: Topology) => `${apis} API + ${workers} worker`;

interface Holder {
  username: string;
  token: string;
  partyId: string;
}

interface Timed {
  seconds: number;
  perSecond: number;
  submittedAt: number;
  precheckedAt: number;
  acceptedAt: number;
  submitLatency: { p50: number; p95: number };
  acceptLatency: { p50: number; p95: number };
}

/** Where the timed span's work went: PostgreSQL write transactions and CPU, per application. */
interface Cost {
  /** Transactions that were given a transaction id, i.e. wrote something, as every pgbench TPC-B one does. */
  writeTransactions: number;
  /** Milliseconds of CPU per application in the API processes, the workers and PostgreSQL. */
  cpuMs: { api: number; worker: number; postgres: number };
  /** Cores busy on the whole machine during the span. */
  machineCores: number;
}

interface RunResult extends Timed {
  cost: Cost;
  retried503: number;
  committedDespite503: number;
  perReviewer: number[];
  logErrors: number;
  /** What shows an effect missing or happening twice; empty when each happened once. */
  violations: string[];
}

// -----------------------------------------------------------------------------------------------------------
// Small helpers

/** Runs tasks with at most `max` in flight; a freed slot goes straight to the longest waiter. */
class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.max) this.active += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}

/** Every item through `work`, `max` in flight; after the first failure no new item starts, then it throws. */
async function forEach<T>(
  items: readonly T[],
  max: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: unknown;
  await Promise.all(
    Array.from({ length: Math.min(max, items.length) }, async () => {
      while (failure === undefined && next < items.length) {
        const index = next++;
        try {
          await work(items[index], index);
        } catch (error) {
          failure ??= error;
        }
      }
    }),
  );
  if (failure !== undefined) throw failure;
}

// -----------------------------------------------------------------------------------------------------------
// Logs and queues of the built processes

interface LogFile {
  name: string;
  log: string;
}

interface LogLine {
  level?: number;
  msg?: string;
  [key: string]: unknown;
}

async function logLines(service: LogFile): Promise<{ raw: string; parsed: LogLine | null }[]> {
  const text = await readFile(service.log, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((raw) => {
      try {
        return { raw, parsed: JSON.parse(raw) as LogLine };
      } catch {
        return { raw, parsed: null };
      }
    });
}

/** The last lines at `minLevel` or above (pino: 40 warn, 50 error); lines that are not JSON always count. */
async function logTail(service: LogFile, minLevel: number, count = 20): Promise<string> {
  const lines = (await logLines(service)).filter((line) => (line.parsed?.level ?? 100) >= minLevel);
  return lines
    .slice(-count)
    .map((line) => `  [${service.name}] ${line.raw.slice(0, 1500)}`)
    .join('\n');
}

async function errorLineCount(service: LogFile): Promise<number> {
  return (await logLines(service)).filter((line) => (line.parsed?.level ?? 100) >= 50).length;
}

/** Warnings and errors grouped by message (numbers and ids blanked), most frequent first. */
async function logSummary(service: LogFile): Promise<string[]> {
  const groups = new Map<string, number>();
  for (const line of await logLines(service)) {
    const level = line.parsed?.level ?? 100;
    if (level < 40) continue;
    const message = (line.parsed?.msg ?? line.raw)
      .split('\n')[0]
      .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')
      .replace(/\d+/g, '#')
      .slice(0, 160);
    const key = `${level >= 50 ? 'error' : 'warn'} ${message}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return [...groups.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([key, count]) => `  [${service.name}] ${count} × ${key}`);
}

/** Completed jobs that failed at least once before succeeding, by name, with the first failure of each. */
async function retriedJobs(prefix: string): Promise<string[]> {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const lines: string[] = [];
  try {
    for (const name of QUEUE_NAMES) {
      const queue = new Queue(name, { connection, prefix });
      const retried = new Map<string, { count: number; reason: string }>();
      for (const job of await queue.getCompleted(0, -1)) {
        if (!job.stacktrace?.length) continue;
        const entry = retried.get(job.name) ?? { count: 0, reason: job.stacktrace[0].split('\n')[0] };
        entry.count += 1;
        retried.set(job.name, entry);
      }
      for (const [job, { count, reason }] of retried)
        lines.push(`  ${count} × ${job}: ${reason.slice(0, 300)}`);
      await queue.close();
    }
  } finally {
    connection.disconnect();
  }
  return lines;
}

async function jobCounts(prefix: string): Promise<string> {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  try {
    const lines = [];
    for (const name of QUEUE_NAMES) {
      const queue = new Queue(name, { connection, prefix });
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
      lines.push(`  queue ${name}: ${JSON.stringify(counts)}`);
      const failed = await queue.getFailed(0, 2);
      for (const job of failed) lines.push(`    failed ${job.name} ${job.id}: ${job.failedReason}`);
      await queue.close();
    }
    return lines.join('\n');
  } finally {
    connection.disconnect();
  }
}

// -----------------------------------------------------------------------------------------------------------
// The built processes on one database

interface Platform {
  /** The APIs' base URLs. */
  apis: string[];
  services: Service[];
  logs: LogFile[];
  db: Client;
  prefix: string;
  /** Stops the processes, workers first, so their logs are complete. */
  stop: () => Promise<void>;
}

/**
 * Runs `work` against API and worker processes on `database`, with a queue prefix of their own and their output in
 * log files. A failure carries the state of the applications, the outbox and the queues and the logs' last
 * warnings. The processes are stopped afterwards; the logs are kept when they hold errors or the work failed.
 */
async function onPlatform<T>(
  label: string,
  slug: string,
  database: string,
  files: string,
  topology: Topology,
  work: (platform: Platform) => Promise<T>,
): Promise<T> {
  const prefix = `bench-pipeline-${process.pid}-${slug}`;
  const logPrefix = join(tmpdir(), `wuhai-bench-pipeline-${process.pid}-${slug}`);
  const numbered = (kind: string, count: number) =>
    Array.from({ length: count }, (_, index) => ({
      name: count > 1 ? `${kind} ${index + 1}` : kind,
      log: `${logPrefix}-${kind}${count > 1 ? index + 1 : ''}.log`,
    }));
  const apiLogs = numbered('api', topology.apis);
  const workerLogs = numbered('worker', topology.workers);
  const logs = [...apiLogs, ...workerLogs];
  const env = {
    DATABASE_URL: databaseUrl(database),
    QUEUE_PREFIX: prefix,
    ...ADMIN_ENV,
    FILE_STORAGE_DIR: files,
    // Setup logs in 2N + 6 accounts from one address; the limit is per client address and minute.
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
    // The tokens of the setup serve every run of the invocation.
    JWT_EXPIRES_IN_SECONDS: '86400',
    LOG_LEVEL: 'warn',
  };
  return withCleanups(async (onCleanup) => {
    onCleanup('queue keys', () => deleteQueueKeys(prefix));
    let keepLogs = true;
    onCleanup('logs', () =>
      keepLogs ? Promise.resolve() : Promise.all(logs.map((file) => rm(file.log, { force: true }))),
    );
    const db = new Client({ connectionString: databaseUrl(database) });
    let connected = false;
    try {
      const services: Service[] = [];
      const stops: (() => Promise<void>)[] = [];
      const apis: string[] = [];
      for (const file of apiLogs) {
        const api = await startApi(env, file);
        stops.push(onCleanup(file.name, () => stopProcess(api.process)));
        services.push(api);
        apis.push(api.baseUrl);
      }
      // The first API migrated the database; the workers start on the current schema.
      for (const file of workerLogs) {
        const worker = startWorker(env, file);
        stops.push(onCleanup(file.name, () => stopProcess(worker.process)));
        services.push(worker);
      }
      await db.connect();
      connected = true;
      onCleanup('bench database client', () => db.end());
      const stop = async () => {
        for (const stopOne of [...stops].reverse()) await stopOne();
      };
      const result = await work({ apis, services, logs, db, prefix, stop });
      keepLogs = (await Promise.all(logs.map(errorLineCount))).some((count) => count > 0);
      return result;
    } catch (error) {
      const detail = connected
        ? await diagnostics(db, prefix, logs).catch(
            (failure: unknown) => `(diagnostics failed: ${String(failure)})`,
          )
        : (await Promise.all(logs.map((file) => logTail(file, 40)))).join('\n');
      throw new Error(
        `${label}: ${error instanceof Error ? error.message : String(error)}\n${detail}\n` +
          `logs: ${logs.map((file) => file.log).join(', ')}`,
      );
    }
  });
}

async function waitForOutbox(platform: Platform, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const gone = platform.services.find((service) => exited(service.process));
    if (gone) throw new Error(`${gone.name} exited`);
    const { rows } = await platform.db.query<{ open: number }>(
      // Deadline checks are scheduled days ahead; only work that is due now counts.
      `SELECT count(*)::int AS open FROM outbox WHERE completed_at IS NULL AND available_at <= now()`,
    );
    if (rows[0].open === 0) return;
    if (Date.now() > deadline) throw new Error(`The outbox still has ${rows[0].open} unfinished row(s)`);
    await sleep(200);
  }
}

async function diagnostics(db: Client, prefix: string, services: LogFile[]): Promise<string> {
  const statuses = await db.query<{ status: string; precheck_status: string; assigned: boolean; n: number }>(
    `SELECT status, precheck_status, assigned_to IS NOT NULL AS assigned, count(*)::int AS n
       FROM registration_application GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  );
  const outbox = await db.query<{ job_name: string; dispatched: boolean; n: number }>(
    `SELECT job_name, dispatched_at IS NOT NULL AS dispatched, count(*)::int AS n
       FROM outbox WHERE completed_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const offPath = await db.query<{ application_number: string; status: string; precheck_findings: unknown }>(
    `SELECT application_number, status, precheck_findings FROM registration_application
      WHERE status NOT IN ('draft', 'submitted', 'accepted') LIMIT 3`,
  );
  return [
    'applications by status, pre-check and assignment:',
    ...statuses.rows.map(
      (row) => `  ${row.status} / ${row.precheck_status} / assigned=${row.assigned}: ${row.n}`,
    ),
    'unfinished outbox rows:',
    ...outbox.rows.map((row) => `  ${row.job_name} dispatched=${row.dispatched}: ${row.n}`),
    ...offPath.rows.map(
      (row) =>
        `off the expected path: ${row.application_number} ${row.status} ${JSON.stringify(row.precheck_findings)}`,
    ),
    await jobCounts(prefix).catch((error: unknown) => `  (BullMQ counts unavailable: ${String(error)})`),
    'last warnings and errors in the logs:',
    ...(await Promise.all(services.map((service) => logTail(service, 40)))),
  ].join('\n');
}

// -----------------------------------------------------------------------------------------------------------
// HTTP

class HttpFailure extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} /api/v1${path} → ${status}: ${body.slice(0, 2000)}`);
  }
}

interface RequestOptions {
  token?: string;
  body?: unknown;
  form?: FormData;
  expect: number;
  /**
   * States that prove an earlier attempt of this state change committed: a 409 naming one of them, after a
   * 503, means the 503 came after the commit, and the request counts as done.
   */
  doneIn?: readonly string[];
}

/**
 * A client of the API. A 503 (the API could not get a database connection in time) carries Retry-After, and
 * the request is sent again after that wait, as the portal would; every such retry is counted and reported,
 * with the first few responses kept for the report.
 */
class Http {
  retried503 = 0;
  committedDespite503 = 0;
  readonly first503: string[] = [];
  private sent = 0;

  /** Requests go to the APIs in turn; a retry goes where its first attempt went. */
  constructor(private readonly baseUrls: readonly string[]) {}

  resetCounts(): void {
    this.retried503 = 0;
    this.committedDespite503 = 0;
    this.first503.length = 0;
  }

  async request<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | FormData | undefined = options.form;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const baseUrl = this.baseUrls[this.sent++ % this.baseUrls.length];
    for (let attempt = 0; ; attempt += 1) {
      const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
      const text = await response.text();
      const retryAfter = Number(response.headers.get('retry-after'));
      if (response.status === 503 && attempt < RETRIES_AFTER_503 && retryAfter > 0) {
        this.retried503 += 1;
        if (this.first503.length < 3)
          this.first503.push(
            `${new Date().toISOString()} ${method} /api/v1${path} → 503 (Retry-After ${retryAfter}): ${text}`,
          );
        await sleep(retryAfter * 1000);
        continue;
      }
      if (attempt > 0 && response.status === 409 && options.doneIn) {
        const conflict = JSON.parse(text) as { details?: { currentStatus?: string } };
        if (options.doneIn.includes(conflict.details?.currentStatus ?? '')) {
          this.committedDespite503 += 1;
          return undefined as T;
        }
      }
      if (response.status !== options.expect) throw new HttpFailure(method, path, response.status, text);
      return (text ? JSON.parse(text) : undefined) as T;
    }
  }

  async login(username: string, password: string): Promise<string> {
    const { accessToken } = await this.request<{ accessToken: string }>('POST', '/auth/login', {
      body: { username, password },
      expect: 200,
    });
    return accessToken;
  }
}

function describeCost({ cost, seconds }: RunResult): string {
  const { writeTransactions, cpuMs, machineCores } = cost;
  return (
    `${integer(writeTransactions)} write transactions (${integer(writeTransactions / seconds)}/s); CPU per ` +
    `application: API ${cpuMs.api.toFixed(1)} ms, worker ${cpuMs.worker.toFixed(1)} ms, PostgreSQL ` +
    `${cpuMs.postgres.toFixed(1)} ms; whole machine ${machineCores.toFixed(2)} cores`
  );
}

// -----------------------------------------------------------------------------------------------------------
// Setup (not timed): staff, holders, units, materials, confirmed drafts

/** A valid resident ID, unique per index: 900 serials per birth day, days counted from 1 January 1960. */
function residentId(index: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1 + Math.floor(index / 900)));
  const body = `${DISTRICT}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${100 + (index % 900)}`;
  return body + computeResidentIdCheckChar(body);
}

/** Squares of 100 m × 100 m on a grid of 100 columns, 3/1000 degree apart, so no two parcels overlap. */
function unitBody(index: number, partyId: string): Record<string, unknown> {
  const lon0 = 106.7 + (index % 100) * 0.003;
  const lat0 = 39.6 + Math.floor(index / 100) * 0.003;
  const dLon = 100 / (111_320 * Math.cos((lat0 * Math.PI) / 180));
  const dLat = 100 / 110_574;
  return {
    unitNumber: buildUnitNumber({
      districtCode: DISTRICT,
      cadastralZone: 1,
      cadastralSubzone: 1,
      parcelSequence: index + 1,
      buildingCode: 'W',
      buildingUnitSequence: 0,
    }),
    districtCode: DISTRICT,
    location: `海勃湾区新华大街以北 ${index + 1} 号地块`,
    landUse: '0601',
    landGrade: 2,
    rightType: 'granted',
    termStart: '2015-06-01',
    termEnd: '2065-05-31',
    areaM2: '10000.00',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [lon0, lat0],
          [lon0 + dLon, lat0],
          [lon0 + dLon, lat0 + dLat],
          [lon0, lat0 + dLat],
          [lon0, lat0],
        ],
      ],
    },
    holders: [{ partyId, share: '1.00000000' }],
    grantFeePaid: true,
    investmentRatio: '0.30',
  };
}

async function registerHolder(http: Http, username: string, index: number): Promise<Holder> {
  const registered = await http.request<{ party: { id: string } }>('POST', '/auth/register', {
    body: {
      username,
      password: PASSWORD,
      displayName: `张${index}`,
      party: { kind: 'person', name: `张${index}`, idNumber: residentId(index) },
    },
    expect: 201,
  });
  return { username, token: await http.login(username, PASSWORD), partyId: registered.party.id };
}

async function upload(http: Http, token: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([PDF], { type: 'application/pdf' }), 'scan.pdf');
  const { fileId } = await http.request<{ fileId: string }>('POST', '/files', { token, form, expect: 201 });
  return fileId;
}

async function setUp(
  http: Http,
  applications: number,
): Promise<{ clerk: string; sellers: Holder[]; ids: string[] }> {
  const started = performance.now();
  const progress = (label: string, done: number, total: number) => {
    if (done === total || done % Math.max(1, Math.ceil(total / 4)) === 0)
      process.stdout.write(
        `  ${((performance.now() - started) / 1000).toFixed(0)} s: ${label} ${integer(done)}/${integer(total)}\n`,
      );
  };
  const admin = await http.login(BENCH_ADMIN.username, BENCH_ADMIN.password);
  const staff = async (username: string, roles: string[], windowId?: string) => {
    await http.request('POST', '/users', {
      token: admin,
      body: { username, password: PASSWORD, displayName: username, roles, districts: [DISTRICT], windowId },
      expect: 201,
    });
    return http.login(username, PASSWORD);
  };
  const windows = await http.request<{ id: string; code: string }[]>('GET', '/windows', { expect: 200 });
  const hall = windows.find((window) => window.code === 'ZX')!;
  const clerk = await staff('bench.clerk', ['clerk'], hall.id);
  for (let index = 1; index <= REVIEWERS; index += 1) await staff(`bench.reviewer.${index}`, ['reviewer']);

  const sellers: Holder[] = [];
  const buyers: Holder[] = [];
  const indexes = Array.from({ length: applications }, (_, index) => index);
  let done = 0;
  await forEach(indexes, SETUP_IN_FLIGHT, async (index) => {
    sellers[index] = await registerHolder(http, `bench.seller.${index}`, 2 * index);
    buyers[index] = await registerHolder(http, `bench.buyer.${index}`, 2 * index + 1);
    progress('sellers and buyers registered', ++done, applications);
  });

  const unitNumbers: string[] = [];
  done = 0;
  await forEach(indexes, SETUP_IN_FLIGHT, async (index) => {
    const body = unitBody(index, sellers[index].partyId);
    await http.request('POST', '/units', { token: admin, body, expect: 201 });
    unitNumbers[index] = body.unitNumber as string;
    progress('units registered', ++done, applications);
  });

  const ids: string[] = [];
  done = 0;
  await forEach(indexes, SETUP_IN_FLIGHT, async (index) => {
    const seller = sellers[index];
    const materials = [];
    for (const type of TRANSFER_MATERIALS) materials.push({ type, fileId: await upload(http, seller.token) });
    const draft = await http.request<{ id: string }>('POST', '/applications', {
      token: seller.token,
      body: {
        kind: 'transfer',
        unitNumber: unitNumbers[index],
        counterparty: { partyId: buyers[index].partyId },
        declaredPrice: '2600000.00',
        materials,
      },
      expect: 201,
    });
    await http.request('POST', `/applications/${draft.id}/confirm`, {
      token: buyers[index].token,
      expect: 200,
    });
    ids[index] = draft.id;
    progress('drafts with 6 materials, confirmed by the buyer', ++done, applications);
  });
  return { clerk, sellers, ids };
}

// -----------------------------------------------------------------------------------------------------------
// The timed pipeline

interface Snapshot {
  passed: number;
  assigned: number;
  off_path: number;
  ready: string[];
}

/** Pushes `ids` (drafts confirmed by the buyer) through submit → pre-check → acceptance → routing. */
async function timedPipeline(
  http: Http,
  platform: Platform,
  clerk: string,
  sellers: Holder[],
  ids: string[],
  inFlightMax: number,
): Promise<Timed> {
  const total = ids.length;
  const submitLatencies: number[] = [];
  const acceptLatencies: number[] = [];
  const failures: unknown[] = [];
  const submitLimiter = new Limiter(inFlightMax);
  const acceptLimiter = new Limiter(inFlightMax);
  const acceptStarted = new Set<string>();
  const inFlight: Promise<void>[] = [];
  let submitted = 0;
  let accepted = 0;
  let submittedAt = NaN;
  let precheckedAt = NaN;
  let acceptedAt = NaN;

  const timed = async (latencies: number[], request: () => Promise<unknown>) => {
    const begin = performance.now();
    try {
      await request();
      latencies.push(performance.now() - begin);
    } catch (error) {
      failures.push(error);
    }
  };

  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  ids.forEach((id, index) =>
    inFlight.push(
      submitLimiter.run(() =>
        failures.length
          ? Promise.resolve()
          : timed(submitLatencies, () =>
              http.request('POST', `/applications/${id}/submit`, {
                token: sellers[index].token,
                expect: 200,
                doneIn: ['submitted', 'accepted'],
              }),
            ).then(() => {
              if (++submitted === total) submittedAt = elapsed();
            }),
      ),
    ),
  );

  let lastProgress = '';
  let lastProgressAt = performance.now();
  let lastReport = 0;
  for (;;) {
    const { rows } = await platform.db.query<Snapshot>(
      `SELECT count(*) FILTER (WHERE precheck_status = 'passed')::int AS passed,
              count(*) FILTER (WHERE assigned_to IS NOT NULL)::int AS assigned,
              count(*) FILTER (WHERE status NOT IN ('draft', 'submitted', 'accepted'))::int AS off_path,
              coalesce(array_agg(id::text) FILTER (WHERE status = 'submitted' AND precheck_status = 'passed'),
                       '{}') AS ready
         FROM registration_application WHERE id = ANY ($1::uuid[])`,
      [ids],
    );
    const snapshot = rows[0];
    if (snapshot.passed === total && Number.isNaN(precheckedAt)) precheckedAt = elapsed();
    if (snapshot.assigned === total) break;
    for (const id of snapshot.ready) {
      if (acceptStarted.has(id)) continue;
      acceptStarted.add(id);
      inFlight.push(
        acceptLimiter.run(() =>
          failures.length
            ? Promise.resolve()
            : timed(acceptLatencies, () =>
                http.request('POST', `/applications/${id}/actions/accept`, {
                  token: clerk,
                  body: {},
                  expect: 200,
                  doneIn: ['accepted'],
                }),
              ).then(() => {
                if (++accepted === total) acceptedAt = elapsed();
              }),
        ),
      );
    }
    if (failures.length) break;
    if (snapshot.off_path > 0) {
      failures.push(new Error(`${snapshot.off_path} application(s) left the submit → accept path`));
      break;
    }
    const gone = platform.services.find((service) => exited(service.process));
    if (gone) {
      failures.push(new Error(`${gone.name} exited during the timed phase`));
      break;
    }
    const state = `${submitted}/${snapshot.passed}/${accepted}/${snapshot.assigned}`;
    if (state !== lastProgress) {
      lastProgress = state;
      lastProgressAt = performance.now();
    } else if (performance.now() - lastProgressAt > STALL_MS) {
      failures.push(new Error(`No progress for ${STALL_MS / 1000} s`));
      break;
    }
    if (elapsed() - lastReport >= 5) {
      lastReport = elapsed();
      process.stdout.write(
        `  ${elapsed().toFixed(1)} s: submitted ${submitted}, pre-checked ${snapshot.passed}, accepted ${accepted}, assigned ${snapshot.assigned}\n`,
      );
    }
    await sleep(POLL_MS);
  }
  const seconds = elapsed();
  await Promise.all(inFlight);
  if (failures.length) {
    const [first] = failures;
    throw new Error(
      `${failures.length} failure(s) in the timed phase after ${seconds.toFixed(1)} s; first: ` +
        (first instanceof Error ? first.message : String(first)),
    );
  }
  return {
    seconds,
    perSecond: total / seconds,
    submittedAt,
    precheckedAt: Number.isNaN(precheckedAt) ? seconds : precheckedAt,
    acceptedAt,
    submitLatency: { p50: percentile(submitLatencies, 50), p95: percentile(submitLatencies, 95) },
    acceptLatency: { p50: percentile(acceptLatencies, 50), p95: percentile(acceptLatencies, 95) },
  };
}

// -----------------------------------------------------------------------------------------------------------
// The setup, once, in a database and a file store every run copies

interface Prepared {
  clerk: string;
  sellers: Holder[];
  ids: string[];
  /** The file store with the uploaded scans, copied for every run like the database. */
  files: string;
}

async function prepare(applications: number, onCleanup: OnCleanup): Promise<Prepared> {
  await recreateDatabase(SETUP_DATABASE);
  onCleanup('setup database', () => dropDatabase(SETUP_DATABASE));
  const files = await mkdtemp(join(tmpdir(), 'wuhai-bench-pipeline-setup-'));
  onCleanup('setup file store', () => rm(files, { recursive: true, force: true }));
  const started = performance.now();
  const prepared = await onPlatform('setup', 'setup', SETUP_DATABASE, files, SINGLE, async (platform) => {
    process.stdout.write(`setup: ${integer(applications)} applications (not timed)\n`);
    const http = new Http(platform.apis);
    const world = await setUp(http, applications);
    // Welcome and other notifications of the setup are delivered before any copy is made.
    await waitForOutbox(platform, 300_000);
    await platform.stop();
    if (http.retried503)
      process.stdout.write(`setup: ${http.retried503} request(s) answered 503 and were retried\n`);
    return { ...world, files };
  });
  process.stdout.write(`setup: took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return prepared;
}

// -----------------------------------------------------------------------------------------------------------
// One run: a copy of the setup, the processes started on it, a warm-up, the timed pipeline, the checks

/**
 * Every effect of the pipeline exactly once: a pre-check per submission, an assignment per review stage, no job
 * completed twice for the same work, no notification made or delivered twice.
 */
async function exactlyOnceViolations(db: Client, ids: string[]): Promise<string[]> {
  const { rows } = await db.query<{ problem: string }>(
    `SELECT problem FROM (
       SELECT format('application %s: %s submission(s), %s pre-check(s), %s assignment(s) on acceptance',
                     id, submissions, prechecks, assigned) AS problem
         FROM (SELECT a.id,
                      count(*) FILTER (WHERE e.action IN ('application.submit', 'application.resubmit')) AS submissions,
                      count(*) FILTER (WHERE e.action = 'application.prechecked') AS prechecks,
                      count(*) FILTER (WHERE e.action = 'application.assign' AND e.data ->> 'to' = 'accepted') AS assigned
                 FROM unnest($1::text[]) AS a(id)
                 LEFT JOIN audit_event e ON e.entity_type = 'registration_application' AND e.entity_id = a.id
                GROUP BY a.id) counted
        WHERE submissions = 0 OR prechecks <> submissions OR assigned = 0
       UNION ALL
       SELECT format('application %s: %s assignments at stage %s', entity_id, count(*), data ->> 'to')
         FROM audit_event WHERE action = 'application.assign' AND entity_id = ANY ($1::text[])
        GROUP BY entity_id, data ->> 'to' HAVING count(*) > 1
       UNION ALL
       -- Each job of this pipeline names its piece of work in its payload (routing is enqueued once, on
       -- acceptance), so two completed rows with one payload are the same work done twice.
       SELECT format('outbox job %s %s completed %s times', job_name, payload, count(*))
         FROM outbox WHERE completed_at IS NOT NULL GROUP BY queue, job_name, payload HAVING count(*) > 1
       UNION ALL
       SELECT format('notification %s delivered %s times', id, delivery_count) FROM notification
        WHERE delivery_count > 1
       UNION ALL
       SELECT format('notification %s to user %s made %s times', template, user_id, count(*)) FROM notification
        GROUP BY user_id, template, data HAVING count(*) > 1
     ) problems LIMIT 50`,
    [ids],
  );
  return rows.map((row) => row.problem);
}

async function pipelineRun(
  run: number,
  topology: Topology,
  prepared: Prepared,
  warmUp: number,
  inFlightMax: number,
): Promise<RunResult> {
  const label = `run ${run}, ${describeTopology(topology)}`;
  return withCleanups(async (onCleanup) => {
    await recreateDatabase(DATABASE, SETUP_DATABASE);
    onCleanup('bench database', () => dropDatabase(DATABASE));
    const files = await mkdtemp(join(tmpdir(), 'wuhai-bench-pipeline-'));
    onCleanup('file store', () => rm(files, { recursive: true, force: true }));
    await cp(prepared.files, files, { recursive: true });
    const slug = `run${run}-${topology.apis}x${topology.workers}`;
    return onPlatform(label, slug, DATABASE, files, topology, async (platform) => {
      const http = new Http(platform.apis);
      const { clerk } = prepared;
      process.stdout.write(`${label}: warming up with ${warmUp} application(s), not timed\n`);
      await timedPipeline(
        http,
        platform,
        clerk,
        prepared.sellers.slice(0, warmUp),
        prepared.ids.slice(0, warmUp),
        inFlightMax,
      );
      await waitForOutbox(platform, 120_000);
      http.resetCounts();
      const ids = prepared.ids.slice(warmUp);
      process.stdout.write(`${label}: timing ${integer(ids.length)} applications\n`);
      const pids = platform.services.map((service) => service.process.pid!);
      const xidBefore = await currentTransactionId(platform.db);
      const cpuBefore = await cpuCounters(pids);
      const timed = await timedPipeline(
        http,
        platform,
        clerk,
        prepared.sellers.slice(warmUp),
        ids,
        inFlightMax,
      );
      const cpu = coresUsed(cpuBefore, await cpuCounters(pids));
      // Each reading takes a transaction id of its own.
      const writeTransactions = (await currentTransactionId(platform.db)) - xidBefore - 1;
      const perApplication = (cores: number) => (cores * timed.seconds * 1000) / ids.length;
      const sum = (kind: string) =>
        platform.services.reduce(
          (total, service, index) => total + (service.name.startsWith(kind) ? cpu.processes[index] : 0),
          0,
        );
      const cost: Cost = {
        writeTransactions,
        cpuMs: {
          api: perApplication(sum('api')),
          worker: perApplication(sum('worker')),
          postgres: perApplication(cpu.postgres),
        },
        machineCores: cpu.machine,
      };
      const { retried503, committedDespite503 } = http;
      const { rows } = await platform.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM registration_application
          WHERE id = ANY ($1::uuid[]) AND status = 'accepted' AND assigned_to IS NOT NULL
            AND assigned_stage = 'accepted'
          GROUP BY assigned_to ORDER BY n DESC`,
        [ids],
      );
      const perReviewer = rows.map((row) => row.n);
      if (perReviewer.reduce((sum, n) => sum + n, 0) !== ids.length)
        throw new Error(`assignments do not add up: ${perReviewer.join(', ')}`);
      // Let the notifications of the last steps go out, so the checks and logs below cover everything.
      await waitForOutbox(platform, 120_000);
      const violations = await exactlyOnceViolations(platform.db, prepared.ids);
      await platform.stop();
      if (violations.length)
        process.stdout.write(`${label}: effects not exactly once:\n  ${violations.join('\n  ')}\n`);
      const logErrors = (await Promise.all(platform.logs.map(errorLineCount))).reduce((sum, n) => sum + n, 0);
      const retried = await retriedJobs(platform.prefix);
      if (retried.length)
        process.stdout.write(
          `${label}: jobs that failed before succeeding on a retry:\n${retried.join('\n')}\n`,
        );
      const summary = (await Promise.all(platform.logs.map(logSummary))).flat();
      if (summary.length)
        process.stdout.write(`${label}: warnings and errors in the logs:\n${summary.join('\n')}\n`);
      if (retried503) {
        process.stdout.write(
          `${label}: ${retried503} timed request(s) answered 503 and were retried after Retry-After; ` +
            `${committedDespite503} of them had committed before the 503 (the retry got 409 in the target state); first:\n`,
        );
        for (const line of http.first503) process.stdout.write(`  ${line}\n`);
      }
      if (logErrors > 0) {
        process.stdout.write(
          `${label}: ${logErrors} error line(s) in the logs (kept: ${platform.logs.map((file) => file.log).join(', ')}); last:\n`,
        );
        for (const file of platform.logs) {
          const tail = await logTail(file, 50, 6);
          if (tail) process.stdout.write(`${tail}\n`);
        }
      }
      return { ...timed, cost, perReviewer, logErrors, retried503, committedDespite503, violations };
    });
  });
}

/** The cluster's transaction counter: it moves once for every transaction that writes, in any database. */
async function currentTransactionId(db: Client): Promise<number> {
  const { rows } = await db.query<{ xid: string }>(`SELECT pg_current_xact_id()::text AS xid`);
  return Number(rows[0].xid);
}

// -----------------------------------------------------------------------------------------------------------
// The anchor: pgbench TPC-B on the same server

function pgbenchBinary(): string {
  for (const directory of (process.env.PATH ?? '').split(':')) {
    if (directory && existsSync(join(directory, 'pgbench'))) return join(directory, 'pgbench');
  }
  const fallback = '/usr/lib/postgresql/15/bin/pgbench';
  if (existsSync(fallback)) return fallback;
  throw new Error('pgbench not found on PATH nor in /usr/lib/postgresql/15/bin');
}

async function pgbenchTps(
  { scale, seconds }: PipelineOptions['pgbench'],
  onCleanup: OnCleanup,
): Promise<{ tps: number; latencyMs: number }> {
  const binary = pgbenchBinary();
  const url = new URL(ADMIN_URL);
  const connection = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username)];
  const env: Record<string, string> = url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {};
  await recreateDatabase(PGBENCH_DATABASE);
  const drop = onCleanup('pgbench database', () => dropDatabase(PGBENCH_DATABASE));
  try {
    await runCommand(binary, ['-i', '-q', '-s', String(scale), ...connection, PGBENCH_DATABASE], { env });
    const { stdout } = await runCommand(binary, [...pgbenchArgs(seconds), ...connection, PGBENCH_DATABASE], {
      env,
    });
    const tps =
      /tps = ([0-9.]+) \(without initial connection time\)/.exec(stdout) ?? /tps = ([0-9.]+)/.exec(stdout);
    const latency = /latency average = ([0-9.]+) ms/.exec(stdout);
    if (!tps) throw new Error(`no tps in pgbench's output:\n${stdout}`);
    return { tps: Number(tps[1]), latencyMs: latency ? Number(latency[1]) : NaN };
  } finally {
    await drop();
  }
}

const pgbenchArgs = (seconds: number) => ['-c', '8', '-j', '2', '-T', String(seconds)];

// -----------------------------------------------------------------------------------------------------------

/**
 * The pipeline figure (applications per second with 1 API + 1 worker against pgbench's TPS) and the scale-out
 * figures (2 API + 2 worker against 1 + 1, and every effect exactly once), as `options.measure` asks.
 */
export async function benchPipeline(options: PipelineOptions): Promise<Figure[]> {
  requireBuilt(API_SCRIPT, WORKER_SCRIPT);
  const { applications, runs, concurrency, pgbench } = options;
  const warmUp = Math.max(1, Math.round(applications * WARM_UP_SHARE));
  return withCleanups(async (onCleanup) => {
    let anchor: { tps: number; latencyMs: number } | undefined;
    if (options.measure.pipeline) {
      process.stdout.write(
        `Anchor: pgbench -i -s ${pgbench.scale}, then pgbench ${pgbenchArgs(pgbench.seconds).join(' ')} on ${PGBENCH_DATABASE}\n`,
      );
      anchor = await pgbenchTps(pgbench, onCleanup);
      process.stdout.write(
        `  ${anchor.tps.toFixed(0)} TPS (latency average ${anchor.latencyMs.toFixed(2)} ms)\n`,
      );
    }

    const prepared = await prepare(applications + warmUp, onCleanup);
    const topologies = options.measure.scaleOut ? [SINGLE, SCALED_OUT] : [SINGLE];
    const results = new Map<Topology, RunResult[]>(topologies.map((topology) => [topology, []]));
    // Alternating, so whatever else the machine does meanwhile meets both alike.
    for (let run = 1; run <= runs; run += 1) {
      for (const topology of topologies) {
        const result = await pipelineRun(run, topology, prepared, warmUp, concurrency);
        results.get(topology)!.push(result);
        process.stdout.write(
          `run ${run}, ${describeTopology(topology)}: ${integer(applications)} applications in ${result.seconds.toFixed(2)} s = ` +
            `${result.perSecond.toFixed(1)} applications/s (all submitted ${result.submittedAt.toFixed(2)} s, ` +
            `all pre-checked ${result.precheckedAt.toFixed(2)} s, all accepted ${result.acceptedAt.toFixed(2)} s, ` +
            `all assigned ${result.seconds.toFixed(2)} s; submit p50/p95 ${result.submitLatency.p50.toFixed(0)}/` +
            `${result.submitLatency.p95.toFixed(0)} ms, accept p50/p95 ${result.acceptLatency.p50.toFixed(0)}/` +
            `${result.acceptLatency.p95.toFixed(0)} ms; per reviewer ${result.perReviewer.join('/')}; ` +
            `503s retried ${result.retried503}, of which committed before the 503 ${result.committedDespite503}; ` +
            `effects not exactly once: ${result.violations.length})\n` +
            `  ${describeCost(result)}\n`,
        );
      }
    }

    const all = [...results.values()].flat();
    process.stdout.write(
      `machine: ${await machineDescription('load generator, APIs, workers, Redis and PostgreSQL on the same host')}\n` +
        `code: ${await codeDescription()} (dist/ built from the working tree)\n` +
        `error lines in the API and worker logs over all runs: ${all.reduce((sum, result) => sum + result.logErrors, 0)}\n` +
        `timed requests answered 503 (then retried after Retry-After) over all runs: ` +
        `${all.reduce((sum, result) => sum + result.retried503, 0)}, of which ` +
        `${all.reduce((sum, result) => sum + result.committedDespite503, 0)} had committed before the 503\n`,
    );

    const rate = (topology: Topology) => median(results.get(topology)!.map((result) => result.perSecond));
    const single = results.get(SINGLE)!;
    const transactionsPerApplication =
      median(single.map((result) => result.cost.writeTransactions)) / applications;
    const over = `${integer(applications)} applications, ${concurrency} in flight, median of ${runs}`;
    const figures: Figure[] = [];
    if (anchor) {
      figures.push({
        name: 'pipeline',
        figure: `applications/s submitted → pre-checked → accepted → routed, 1 API + 1 worker (${over})`,
        value: `${rate(SINGLE).toFixed(1)} applications/s`,
        anchor: `pgbench TPC-B ${anchor.tps.toFixed(0)} TPS (-s ${pgbench.scale} ${pgbenchArgs(pgbench.seconds).join(' ')})`,
        ratio: ratio(rate(SINGLE), anchor.tps, 3),
        target: `≥ ${TARGET_RATIO}`,
        pass: rate(SINGLE) / anchor.tps >= TARGET_RATIO,
      });
      const cpuMs = (kind: keyof Cost['cpuMs']) => median(single.map((result) => result.cost.cpuMs[kind]));
      figures.push({
        name: 'pipeline',
        figure:
          `PostgreSQL write transactions/s in those runs (${transactionsPerApplication.toFixed(1)} per application; ` +
          `CPU per application: API ${cpuMs('api').toFixed(1)} ms, worker ${cpuMs('worker').toFixed(1)} ms, ` +
          `PostgreSQL ${cpuMs('postgres').toFixed(1)} ms)`,
        value: `${(rate(SINGLE) * transactionsPerApplication).toFixed(0)} TPS`,
        anchor: `pgbench TPC-B ${anchor.tps.toFixed(0)} TPS`,
        ratio: ratio(rate(SINGLE) * transactionsPerApplication, anchor.tps),
        target: '–',
      });
    }
    if (options.measure.scaleOut) {
      const violations = topologies.flatMap((topology) =>
        results
          .get(topology)!
          .flatMap((result, index) =>
            result.violations.map(
              (violation) => `run ${index + 1}, ${describeTopology(topology)}: ${violation}`,
            ),
          ),
      );
      figures.push(
        {
          name: 'scale-out',
          figure: `applications/s with 2 API + 2 worker processes, requests spread over both APIs (${over})`,
          value: `${rate(SCALED_OUT).toFixed(1)} applications/s`,
          anchor: `${rate(SINGLE).toFixed(1)} applications/s with 1 API + 1 worker`,
          ratio: ratio(rate(SCALED_OUT), rate(SINGLE)),
          target: '> 1',
          pass: rate(SCALED_OUT) > rate(SINGLE),
        },
        {
          name: 'scale-out',
          figure:
            'effects after every run: a pre-check per submission, an assignment per stage, no outbox job ' +
            'completed twice for the same work, no notification made or delivered twice',
          value: violations.length
            ? `${violations.length} problem(s), first: ${violations[0].slice(0, 160)}`
            : `exactly once in ${all.length} runs of ${integer(applications + warmUp)} applications`,
          anchor: '–',
          ratio: '–',
          target: 'exactly once',
          pass: violations.length === 0,
        },
      );
    }
    return figures;
  });
}

if (require.main === module) {
  runMain('bench:pipeline', async () => {
    const { values } = parseArgs({
      options: {
        applications: { type: 'string' },
        runs: { type: 'string' },
        concurrency: { type: 'string' },
        'scale-out': { type: 'boolean' },
      },
    });
    const applications = Number(values.applications ?? PIPELINE_FULL.applications);
    const runs = Number(values.runs ?? PIPELINE_FULL.runs);
    const concurrency = Number(values.concurrency ?? PIPELINE_FULL.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new Error('--concurrency must be a positive integer');
    if (!Number.isInteger(applications) || applications < 1 || applications > 50_000)
      throw new Error('--applications must be an integer from 1 to 50,000');
    if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
    const figures = await benchPipeline({
      ...PIPELINE_FULL,
      applications,
      runs,
      concurrency,
      measure: { pipeline: true, scaleOut: values['scale-out'] ?? false },
    });
    process.stdout.write(`\n${figureTable(figures)}\n`);
  });
}
