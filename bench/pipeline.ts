import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { buildUnitNumber, computeResidentIdCheckChar } from '@app/domain';
import { QUEUE_NAMES } from '@app/queue';
import { ADMIN_URL, databaseUrl, dropDatabase, median, recreateDatabase, ROOT, withClient } from './support';

/**
 * `npm run bench:pipeline [-- --applications=500 --runs=3 --concurrency=50]`, after `npm run build`: N
 * transfer applications go through submit → background pre-check (worker job) → acceptance by a clerk →
 * routing to a reviewer (worker job), over the HTTP API of the built API process with the built worker beside
 * it. The figure is applications per second from the first submit to the moment every application has a
 * reviewer; the anchor is pgbench's TPC-B TPS on the same PostgreSQL server, measured in the same invocation.
 * Not a test.
 */

const DATABASE = 'wuhai_bench_pipeline';
const PGBENCH_DATABASE = 'wuhai_bench_pgbench';
const PGBENCH_ARGS = ['-c', '8', '-j', '2', '-T', '20'];
const PGBENCH_SCALE = '10';
const TARGET_RATIO = 0.25;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN = { username: 'bench.admin', password: 'Bench-password-1' };
const PASSWORD = 'Bench-password-1';
const DISTRICT = '150302';
const REVIEWERS = 4;
/** Requests in flight while submitting and while accepting (`--concurrency`): a busy portal and window. */
const DEFAULT_IN_FLIGHT = 50;
/** A 503 carries Retry-After; a client waits that long and tries again, at most this many times. */
const RETRIES_AFTER_503 = 5;
/** Setup requests in flight: registration and login hash with argon2, which 2 cores cannot spread further. */
const SETUP_IN_FLIGHT = 8;
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

interface Holder {
  username: string;
  token: string;
  partyId: string;
}

interface RunResult {
  seconds: number;
  retried503: number;
  committedDespite503: number;
  perSecond: number;
  setupSeconds: number;
  submittedAt: number;
  precheckedAt: number;
  acceptedAt: number;
  submitLatency: { p50: number; p95: number };
  acceptLatency: { p50: number; p95: number };
  perReviewer: number[];
  logErrors: number;
}

// -----------------------------------------------------------------------------------------------------------
// Clean-up that also runs on Ctrl-C

const cleanups: { name: string; run: () => Promise<unknown> }[] = [];

function onCleanup(name: string, run: () => Promise<unknown>): () => Promise<void> {
  const entry = { name, run };
  cleanups.push(entry);
  return async () => {
    const index = cleanups.indexOf(entry);
    if (index < 0) return;
    cleanups.splice(index, 1);
    await run();
  };
}

async function cleanUpAll(): Promise<void> {
  while (cleanups.length) {
    const entry = cleanups.pop()!;
    await entry.run().catch((error: unknown) => {
      process.stderr.write(`clean-up "${entry.name}" failed: ${String(error)}\n`);
    });
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: cleaning up …\n`);
    void cleanUpAll().finally(() => process.exit(130));
  });
}

// -----------------------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const number = (value: number) => Math.round(value).toLocaleString('en-US');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

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

function command(
  file: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve({ stdout, stderr })
        : reject(new Error(`${file} ${args.join(' ')} exited with ${code}:\n${stdout}${stderr}`)),
    );
  });
}

// -----------------------------------------------------------------------------------------------------------
// The built processes

interface Service {
  name: string;
  process: ChildProcess;
  log: string;
}

/** Starts a built entry point with its output (pino JSON lines) in a log file, so failures can be shown. */
function startService(name: string, script: string, env: Record<string, string>, log: string): Service {
  const fd = openSync(log, 'a');
  const child = spawn(process.execPath, [join(ROOT, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  return { name, process: child, log };
}

function exited(service: Service): boolean {
  return service.process.exitCode !== null || service.process.signalCode !== null;
}

async function stopService(service: Service): Promise<void> {
  if (exited(service)) return;
  const gone = new Promise((resolve) => service.process.once('exit', resolve));
  service.process.kill('SIGTERM');
  const timer = setTimeout(() => service.process.kill('SIGKILL'), 20_000);
  await gone;
  clearTimeout(timer);
}

async function waitForApi(api: Service, baseUrl: string): Promise<void> {
  for (let attempt = 0; attempt < 240; attempt += 1) {
    if (exited(api)) throw new Error(`The API exited during start-up:\n${await logTail(api, 0)}`);
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error('The API did not become ready within 60 s');
}

interface LogLine {
  level?: number;
  msg?: string;
  [key: string]: unknown;
}

async function logLines(service: Service): Promise<{ raw: string; parsed: LogLine | null }[]> {
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
async function logTail(service: Service, minLevel: number, count = 20): Promise<string> {
  const lines = (await logLines(service)).filter((line) => (line.parsed?.level ?? 100) >= minLevel);
  return lines
    .slice(-count)
    .map((line) => `  [${service.name}] ${line.raw.slice(0, 1500)}`)
    .join('\n');
}

async function errorLineCount(service: Service): Promise<number> {
  return (await logLines(service)).filter((line) => (line.parsed?.level ?? 100) >= 50).length;
}

/** Warnings and errors grouped by message (numbers and ids blanked), most frequent first. */
async function logSummary(service: Service): Promise<string[]> {
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

async function deleteQueueKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  try {
    const stream = redis.scanStream({ match: `${prefix}:*`, count: 1000 });
    for await (const keys of stream as AsyncIterable<string[]>) if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
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

  constructor(readonly baseUrl: string) {}

  async request<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | FormData | undefined = options.form;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    for (let attempt = 0; ; attempt += 1) {
      const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
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

let setupStarted = 0;

function progress(label: string, done: number, total: number): void {
  if (done === total || done % Math.max(1, Math.ceil(total / 4)) === 0)
    process.stdout.write(
      `  ${((performance.now() - setupStarted) / 1000).toFixed(0)} s: ${label} ${number(done)}/${number(total)}\n`,
    );
}

async function waitForOutbox(db: Client, worker: Service, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited(worker)) throw new Error(`The worker exited:\n${await logTail(worker, 0)}`);
    const { rows } = await db.query<{ open: number }>(
      // Deadline checks are scheduled days ahead; only work that is due now counts.
      `SELECT count(*)::int AS open FROM outbox WHERE completed_at IS NULL AND available_at <= now()`,
    );
    if (rows[0].open === 0) return;
    if (Date.now() > deadline) throw new Error(`The outbox still has ${rows[0].open} unfinished row(s)`);
    await sleep(200);
  }
}

async function setUp(
  http: Http,
  applications: number,
): Promise<{ clerk: string; sellers: Holder[]; ids: string[] }> {
  const admin = await http.login(ADMIN.username, ADMIN.password);
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

async function diagnostics(db: Client, prefix: string, services: Service[]): Promise<string> {
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

async function timedPipeline(
  http: Http,
  db: Client,
  clerk: string,
  sellers: Holder[],
  ids: string[],
  worker: Service,
  inFlightMax: number,
): Promise<
  Omit<RunResult, 'setupSeconds' | 'perReviewer' | 'logErrors' | 'retried503' | 'committedDespite503'>
> {
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
    const { rows } = await db.query<Snapshot>(
      `SELECT count(*) FILTER (WHERE precheck_status = 'passed')::int AS passed,
              count(*) FILTER (WHERE assigned_to IS NOT NULL)::int AS assigned,
              count(*) FILTER (WHERE status NOT IN ('draft', 'submitted', 'accepted'))::int AS off_path,
              coalesce(array_agg(id::text) FILTER (WHERE status = 'submitted' AND precheck_status = 'passed'),
                       '{}') AS ready
         FROM registration_application`,
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
    if (exited(worker)) {
      failures.push(new Error('The worker exited during the timed phase'));
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
// One run: fresh database, fresh queue prefix, API and worker started, set up, timed, torn down

async function pipelineRun(run: number, applications: number, inFlightMax: number): Promise<RunResult> {
  const prefix = `bench-pipeline-${process.pid}-${run}`;
  const directory = await mkdtemp(join(tmpdir(), 'wuhai-bench-pipeline-'));
  onCleanup('temporary directory', () => rm(directory, { recursive: true, force: true }));
  // The logs outlive a failed run, so what went wrong can be read afterwards.
  const logs = join(tmpdir(), `wuhai-bench-pipeline-${process.pid}-run${run}`);
  let keepLogs = true;
  onCleanup('logs', () =>
    keepLogs
      ? Promise.resolve()
      : rm(`${logs}-api.log`, { force: true }).then(() => rm(`${logs}-worker.log`, { force: true })),
  );
  await recreateDatabase(DATABASE);
  onCleanup('bench database', () => dropDatabase(DATABASE));
  onCleanup('queue keys', () => deleteQueueKeys(prefix));
  const port = await freePort();
  const env = {
    DATABASE_URL: databaseUrl(DATABASE),
    QUEUE_PREFIX: prefix,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    FILE_STORAGE_DIR: join(directory, 'files'),
    // Setup logs in 2N + 6 accounts from one address; the limit is per client address and minute.
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'warn',
    PORT: String(port),
  };
  const baseUrl = `http://127.0.0.1:${port}/api/v1`;
  const services: Service[] = [];
  const db = new Client({ connectionString: databaseUrl(DATABASE) });
  let connected = false;
  try {
    const api = startService('api', 'dist/apps/api/src/main.js', env, `${logs}-api.log`);
    const stopApi = onCleanup('api process', () => stopService(api));
    services.push(api);
    await waitForApi(api, baseUrl);
    // The API migrated the database; the worker starts on the current schema.
    const worker = startService('worker', 'dist/apps/worker/src/main.js', env, `${logs}-worker.log`);
    const stopWorker = onCleanup('worker process', () => stopService(worker));
    services.push(worker);
    await db.connect();
    connected = true;
    onCleanup('bench database client', () => db.end());

    const http = new Http(baseUrl);
    process.stdout.write(`run ${run}: setting up ${number(applications)} applications (not timed)\n`);
    setupStarted = performance.now();
    const { clerk, sellers, ids } = await setUp(http, applications);
    // Welcome and other notifications of the setup are delivered before the clock starts.
    await waitForOutbox(db, worker, 300_000);
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    process.stdout.write(`run ${run}: setup took ${setupSeconds.toFixed(1)} s; timing the pipeline\n`);

    const setupRetries = http.retried503;
    if (setupRetries)
      process.stdout.write(`run ${run}: ${setupRetries} setup request(s) answered 503 and were retried\n`);
    http.retried503 = 0;
    http.committedDespite503 = 0;
    http.first503.length = 0;
    const timed = await timedPipeline(http, db, clerk, sellers, ids, worker, inFlightMax);
    const { retried503, committedDespite503 } = http;
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM registration_application
        WHERE status = 'accepted' AND assigned_to IS NOT NULL AND assigned_stage = 'accepted'
        GROUP BY assigned_to ORDER BY n DESC`,
    );
    const perReviewer = rows.map((row) => row.n);
    if (perReviewer.reduce((sum, n) => sum + n, 0) !== applications)
      throw new Error(`assignments do not add up: ${perReviewer.join(', ')}`);
    // Let the notifications of the last steps go out, so the logs below cover everything the pipeline caused.
    await waitForOutbox(db, worker, 120_000);
    await stopWorker();
    await stopApi();
    const logErrors = (await Promise.all(services.map(errorLineCount))).reduce((sum, n) => sum + n, 0);
    const retried = await retriedJobs(prefix);
    if (retried.length)
      process.stdout.write(
        `run ${run}: jobs that failed before succeeding on a retry:\n${retried.join('\n')}\n`,
      );
    const summary = (await Promise.all(services.map(logSummary))).flat();
    if (summary.length)
      process.stdout.write(`run ${run}: warnings and errors in the logs:\n${summary.join('\n')}\n`);
    if (retried503) {
      process.stdout.write(
        `run ${run}: ${retried503} timed request(s) answered 503 and were retried after Retry-After; ` +
          `${committedDespite503} of them had committed before the 503 (the retry got 409 in the target state); first:\n`,
      );
      for (const line of http.first503) process.stdout.write(`  ${line}\n`);
    }
    if (logErrors > 0) {
      process.stdout.write(
        `run ${run}: ${logErrors} error line(s) in the logs (kept in ${logs}-*.log); last:\n`,
      );
      for (const service of services) {
        const tail = await logTail(service, 50, 6);
        if (tail) process.stdout.write(`${tail}\n`);
      }
    } else {
      keepLogs = false;
    }
    return { ...timed, setupSeconds, perReviewer, logErrors, retried503, committedDespite503 };
  } catch (error) {
    const detail = connected
      ? await diagnostics(db, prefix, services).catch(
          (failure: unknown) => `(diagnostics failed: ${String(failure)})`,
        )
      : (await Promise.all(services.map((service) => logTail(service, 40)))).join('\n');
    throw new Error(
      `run ${run}: ${error instanceof Error ? error.message : String(error)}\n${detail}\nlogs: ${logs}-api.log, ${logs}-worker.log`,
    );
  } finally {
    await cleanUpAll();
  }
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

async function pgbenchTps(): Promise<{ tps: number; latencyMs: number }> {
  const binary = pgbenchBinary();
  const url = new URL(ADMIN_URL);
  const connection = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username)];
  const env: Record<string, string> = url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {};
  await recreateDatabase(PGBENCH_DATABASE);
  const drop = onCleanup('pgbench database', () => dropDatabase(PGBENCH_DATABASE));
  try {
    await command(binary, ['-i', '-q', '-s', PGBENCH_SCALE, ...connection, PGBENCH_DATABASE], env);
    const { stdout } = await command(binary, [...PGBENCH_ARGS, ...connection, PGBENCH_DATABASE], env);
    const tps =
      /tps = ([0-9.]+) \(without initial connection time\)/.exec(stdout) ?? /tps = ([0-9.]+)/.exec(stdout);
    const latency = /latency average = ([0-9.]+) ms/.exec(stdout);
    if (!tps) throw new Error(`no tps in pgbench's output:\n${stdout}`);
    return { tps: Number(tps[1]), latencyMs: latency ? Number(latency[1]) : NaN };
  } finally {
    await drop();
  }
}

/** Which code the built processes came from: the commit, and whether apps/ or libs/ had local changes. */
async function codeDescription(): Promise<string> {
  try {
    const head = (await command('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'])).stdout.trim();
    const dirty = (
      await command('git', ['-C', ROOT, 'status', '--porcelain', '--', 'apps', 'libs'])
    ).stdout.trim();
    return dirty ? `${head} with uncommitted changes in apps/ or libs/` : head;
  } catch {
    return 'unknown';
  }
}

async function serverDescription(): Promise<string> {
  return withClient(ADMIN_URL, async (client) => {
    const { rows } = await client.query<{ version: string; shared_buffers: string }>(
      `SELECT split_part(version(), ' ', 2) AS version, current_setting('shared_buffers') AS shared_buffers`,
    );
    return `PostgreSQL ${rows[0].version} (shared_buffers ${rows[0].shared_buffers})`;
  });
}

// -----------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { applications: { type: 'string' }, runs: { type: 'string' }, concurrency: { type: 'string' } },
  });
  const applications = Number(values.applications ?? 500);
  const runs = Number(values.runs ?? 3);
  const concurrency = Number(values.concurrency ?? DEFAULT_IN_FLIGHT);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error('--concurrency must be a positive integer');
  if (!Number.isInteger(applications) || applications < 1 || applications > 50_000)
    throw new Error('--applications must be an integer from 1 to 50,000');
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
  const missing = ['dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js'].filter(
    (path) => !existsSync(join(ROOT, path)),
  );
  if (missing.length) throw new Error(`${missing.join(', ')} missing: run npm run build first`);

  process.stdout.write(
    `Anchor: pgbench -i -s ${PGBENCH_SCALE}, then pgbench ${PGBENCH_ARGS.join(' ')} on ${PGBENCH_DATABASE}\n`,
  );
  const anchor = await pgbenchTps();
  process.stdout.write(
    `  ${anchor.tps.toFixed(0)} TPS (latency average ${anchor.latencyMs.toFixed(2)} ms)\n`,
  );

  const results: RunResult[] = [];
  for (let run = 1; run <= runs; run += 1) {
    const result = await pipelineRun(run, applications, concurrency);
    results.push(result);
    process.stdout.write(
      `run ${run}: ${number(applications)} applications in ${result.seconds.toFixed(2)} s = ` +
        `${result.perSecond.toFixed(1)} applications/s (all submitted ${result.submittedAt.toFixed(2)} s, ` +
        `all pre-checked ${result.precheckedAt.toFixed(2)} s, all accepted ${result.acceptedAt.toFixed(2)} s, ` +
        `all assigned ${result.seconds.toFixed(2)} s; submit p50/p95 ${result.submitLatency.p50.toFixed(0)}/` +
        `${result.submitLatency.p95.toFixed(0)} ms, accept p50/p95 ${result.acceptLatency.p50.toFixed(0)}/` +
        `${result.acceptLatency.p95.toFixed(0)} ms; per reviewer ${result.perReviewer.join('/')}; ` +
        `503s retried ${result.retried503}, of which committed before the 503 ${result.committedDespite503})\n`,
    );
  }

  const perSecond = median(results.map((result) => result.perSecond));
  const ratio = perSecond / anchor.tps;
  const rows = [
    ['figure', 'value', 'anchor', 'ratio', 'target', 'result'],
    [
      `registration pipeline (submit → pre-check → accept → route), ${number(applications)} applications, ` +
        `${concurrency} in flight, median of ${runs}`,
      `${perSecond.toFixed(1)} applications/s`,
      `pgbench TPC-B ${anchor.tps.toFixed(0)} TPS (-s ${PGBENCH_SCALE} ${PGBENCH_ARGS.join(' ')})`,
      ratio.toFixed(3),
      `≥ ${TARGET_RATIO}`,
      ratio >= TARGET_RATIO ? 'pass' : 'fail',
    ],
  ];
  process.stdout.write('\n');
  for (const row of rows) process.stdout.write(`${row.join(' | ')}\n`);
  const [cpu] = cpus();
  process.stdout.write(
    `machine: ${cpus().length} cores (${cpu?.model.trim() ?? 'unknown CPU'}), ` +
      `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${await serverDescription()}; ` +
      'load generator, API, worker, Redis and PostgreSQL on the same host\n',
  );
  process.stdout.write(`code: ${await codeDescription()} (dist/ built from the working tree)\n`);
  const errors = results.reduce((sum, result) => sum + result.logErrors, 0);
  process.stdout.write(`error lines in the API and worker logs over all runs: ${errors}\n`);
  const retried = results.reduce((sum, result) => sum + result.retried503, 0);
  process.stdout.write(
    `timed requests answered 503 (then retried after Retry-After) over all runs: ${retried}, ` +
      `of which ${results.reduce((sum, result) => sum + result.committedDespite503, 0)} had committed before the 503\n`,
  );
}

main()
  .catch(async (error: unknown) => {
    process.stderr.write(
      `bench:pipeline failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    await cleanUpAll();
    process.exitCode = 1;
  })
  .finally(() => cleanUpAll());
