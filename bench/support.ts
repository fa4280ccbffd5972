import { ChildProcess, spawn, StdioOptions } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { format, resolveConfig } from 'prettier';

const ROOT = path.resolve(__dirname, '..');
export const ADMIN_URL =
  process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const DOCS = path.join(ROOT, 'docs', 'benchmarks.md');
/** The administrator the API creates at start-up in every benchmark database. */
export const BENCH_ADMIN = { username: 'bench.admin', password: 'Bench-password-1' };
export const ADMIN_ENV = { ADMIN_USERNAME: BENCH_ADMIN.username, ADMIN_PASSWORD: BENCH_ADMIN.password };
export const API_SCRIPT = 'dist/apps/api/src/main.js';
export const WORKER_SCRIPT = 'dist/apps/worker/src/main.js';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const integer = (value: number) => Math.round(value).toLocaleString('en-US');

// -----------------------------------------------------------------------------------------------------------
// Figures: what every benchmark returns, and the one table `npm run bench` prints

export const FIGURE_NAMES = ['search', 'pipeline', 'scale', 'memory', 'import', 'scale-out'] as const;
export type FigureName = (typeof FIGURE_NAMES)[number];

export interface Figure {
  name: FigureName;
  figure: string;
  value: string;
  /** Measured in the same invocation, so a busy machine moves value and anchor alike; '–' where there is none. */
  anchor: string;
  ratio: string;
  target: string;
  /** Absent for a row given for information. */
  pass?: boolean;
}

export function ratio(value: number, anchor: number, digits = 2): string {
  return Number.isFinite(value / anchor) ? (value / anchor).toFixed(digits) : '–';
}

export function figureTable(figures: readonly Figure[]): string {
  const rows = [
    ['figure', 'value', 'anchor', 'ratio', 'target', 'result'],
    ...figures.map((figure) => [
      `${figure.name}: ${figure.figure}`,
      figure.value,
      figure.anchor,
      figure.ratio,
      figure.target,
      figure.pass === undefined ? 'info' : figure.pass ? 'pass' : 'fail',
    ]),
  ].map((row) => row.map((cell) => cell.replaceAll('|', '\\|')));
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(rows[0]), line(widths.map((width) => '-'.repeat(width))), ...rows.slice(1).map(line)].join(
    '\n',
  );
}

// -----------------------------------------------------------------------------------------------------------
// Databases

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new empty database, or a copy of `template`, which must have no sessions meanwhile. */
export async function recreateDatabase(name: string, template?: string): Promise<void> {
  await withClient(ADMIN_URL, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  });
}

export async function dropDatabase(name: string): Promise<void> {
  await withClient(ADMIN_URL, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function deleteQueueKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  try {
    const stream = redis.scanStream({ match: `${prefix}:*`, count: 1000 });
    for await (const keys of stream as AsyncIterable<string[]>) if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

// -----------------------------------------------------------------------------------------------------------
// CPU by process, from /proc

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

/** CPU seconds used so far: by the machine, by each of some processes, and by PostgreSQL. */
export interface CpuCounters {
  /** When the machine's counters were read (performance.now()); the other counters follow within milliseconds. */
  at: number;
  machine: number;
  processes: number[];
  /** Every PostgreSQL process by pid. */
  postgres: Map<number, number>;
  /** What the postmaster's reaped children used: parallel workers and closed sessions. */
  reaped: number;
}

export async function cpuCounters(pids: number[]): Promise<CpuCounters> {
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
  const processes = await Promise.all(pids.map(async (pid) => (await processCpu(pid))?.own ?? NaN));
  return {
    at,
    machine: busy / TICKS,
    processes,
    postgres: new Map([...postgres].map(([pid, stat]) => [pid, stat.own])),
    reaped: postmaster?.children ?? 0,
  };
}

/** Cores used between two readings: by each process, by all of PostgreSQL, by the whole machine. */
export function coresUsed(
  before: CpuCounters,
  after: CpuCounters,
): { processes: number[]; postgres: number; machine: number } {
  const wall = (after.at - before.at) / 1000;
  let postgres = after.reaped - before.reaped;
  for (const [pid, used] of after.postgres) postgres += used - (before.postgres.get(pid) ?? 0);
  // A process that ended is in `reaped` with all its CPU, also what it used before the first reading.
  for (const [pid, used] of before.postgres) if (!after.postgres.has(pid)) postgres -= used;
  return {
    processes: after.processes.map((seconds, index) => (seconds - before.processes[index]) / wall),
    postgres: postgres / wall,
    machine: (after.machine - before.machine) / wall,
  };
}

// -----------------------------------------------------------------------------------------------------------
// Clean-up that also runs on Ctrl-C or a failure

type CleanupEntry = { name: string; run: () => Promise<unknown> };
/** Registers a clean-up; the function returned runs it early (once). */
export type OnCleanup = (name: string, run: () => Promise<unknown>) => () => Promise<void>;

/** Every clean-up not yet run, oldest first, so a signal can undo everything in reverse. */
const pending: CleanupEntry[] = [];

async function runCleanup(entry: CleanupEntry): Promise<void> {
  const index = pending.indexOf(entry);
  if (index < 0) return;
  pending.splice(index, 1);
  await entry.run().catch((error: unknown) => {
    process.stderr.write(`clean-up "${entry.name}" failed: ${String(error)}\n`);
  });
}

/** Runs `work`, then whatever it registered, newest first, whether it succeeded or not. */
export async function withCleanups<T>(work: (onCleanup: OnCleanup) => Promise<T>): Promise<T> {
  const mine: CleanupEntry[] = [];
  const onCleanup: OnCleanup = (name, run) => {
    const entry = { name, run };
    mine.push(entry);
    pending.push(entry);
    return () => runCleanup(entry);
  };
  try {
    return await work(onCleanup);
  } finally {
    for (const entry of mine.reverse()) await runCleanup(entry);
  }
}

function cleanUpOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: cleaning up …\n`);
      void (async () => {
        while (pending.length) await runCleanup(pending[pending.length - 1]);
      })().finally(() => process.exit(130));
    });
  }
}

/** Runs a benchmark's command-line entry point: clean-up on signals, failures reported with exit code 1. */
export function runMain(name: string, main: () => Promise<void>): void {
  cleanUpOnSignals();
  main().catch((error: unknown) => {
    process.stderr.write(
      `${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}

// -----------------------------------------------------------------------------------------------------------
// Processes

export function requireBuilt(...files: string[]): void {
  const missing = files.filter((file) => !existsSync(path.join(ROOT, file)));
  if (missing.length) throw new Error(`${missing.join(', ')} missing: run npm run build first`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Runs a command to its end; it throws with the output when the command fails. */
export function runCommand(
  file: string,
  args: string[],
  options: { env?: Record<string, string>; show?: boolean } = {},
): Promise<{ stdout: string; stderr: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: options.show ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve({ stdout, stderr, seconds: (performance.now() - started) / 1000 })
        : reject(new Error(`${file} ${args.join(' ')} exited with ${code}:\n${stdout}${stderr}`)),
    );
  });
}

export function runNode(script: string, args: string[], options: Parameters<typeof runCommand>[2] = {}) {
  return runCommand(process.execPath, [path.join(ROOT, script), ...args], options);
}

export interface Service {
  name: string;
  process: ChildProcess;
  /** Where its output (pino JSON lines) goes; without one, only its stderr shows, on the benchmark's own. */
  log?: string;
}

/** Starts `node <args>` from the repository root. */
export function startService(
  name: string,
  args: string[],
  env: Record<string, string>,
  log?: string,
): Service {
  const fd = log ? openSync(log, 'a') : undefined;
  const stdio: StdioOptions = fd === undefined ? ['ignore', 'ignore', 'inherit'] : ['ignore', fd, fd];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio });
  if (fd !== undefined) closeSync(fd);
  return { name, process: child, log };
}

export function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM for a graceful shutdown, SIGKILL if that takes longer than `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 20_000): Promise<void> {
  if (exited(child)) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

/** Waits until `url` answers 2xx; a service that exits or stays silent is stopped and reported. */
export async function waitUntilReady(service: Service, url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const where = service.log ? ` (log: ${service.log})` : '';
  while (Date.now() < deadline) {
    if (exited(service.process)) throw new Error(`${service.name} exited during start-up${where}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await stopProcess(service.process);
  throw new Error(`${service.name} did not become ready within ${timeoutMs / 1000} s${where}`);
}

/** Starts the built API (on a free port unless `env.PORT` names one) and resolves once it reports ready. */
export async function startApi(
  env: Record<string, string>,
  options: { name?: string; log?: string } = {},
): Promise<Service & { baseUrl: string }> {
  const port = env.PORT ?? String(await freePort());
  const service = startService(
    options.name ?? 'api',
    [path.join(ROOT, API_SCRIPT)],
    { LOG_LEVEL: 'warn', ...env, PORT: port },
    options.log,
  );
  const baseUrl = `http://127.0.0.1:${port}/api/v1`;
  await waitUntilReady(service, `${baseUrl}/health/ready`);
  return { ...service, baseUrl };
}

/** Starts the built worker; it has no port to poll, so it is ready when its first jobs run. */
export function startWorker(
  env: Record<string, string>,
  options: { name?: string; log?: string } = {},
): Service {
  return startService(
    options.name ?? 'worker',
    [path.join(ROOT, WORKER_SCRIPT)],
    { LOG_LEVEL: 'warn', ...env },
    options.log,
  );
}

// -----------------------------------------------------------------------------------------------------------
// Statistics and load

/** The middle value; the mean of the two middle ones for an even count. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest rank; NaN for no values. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** How long a load benchmark loads a server: a warm-up, then `runs` timed runs whose median is the figure. */
export interface LoadRuns {
  runs: number;
  runSeconds: number;
  warmUpSeconds: number;
}

export const FULL_RUNS: LoadRuns = { runs: 3, runSeconds: 10, warmUpSeconds: 3 };
export const QUICK_RUNS: LoadRuns = { runs: 1, runSeconds: 3, warmUpSeconds: 1 };

export interface LatencySummary {
  requests: number;
  errors: number;
  /** The answers other than 2xx, e.g. "3 × 503" and the first of them; empty when there were none. */
  failures: string;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

/** A closed-loop load: `connections` clients each sending the next request as soon as one answers. */
export async function measure(
  nextUrl: () => string,
  options: { connections: number; durationMs: number; headers?: Record<string, string> },
): Promise<LatencySummary> {
  const latencies: number[] = [];
  const failed = new Map<number, number>();
  let first = '';
  const deadline = Date.now() + options.durationMs;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (Date.now() < deadline) {
        const begin = performance.now();
        const url = nextUrl();
        const response = await fetch(url, { headers: options.headers });
        const body = await response.text();
        latencies.push(performance.now() - begin);
        if (response.ok) continue;
        failed.set(response.status, (failed.get(response.status) ?? 0) + 1);
        first ||= `GET ${url} → ${response.status} ${body.slice(0, 300)}`;
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  return {
    requests: latencies.length,
    errors: [...failed.values()].reduce((sum, count) => sum + count, 0),
    failures:
      first && `${[...failed].map(([status, count]) => `${count} × ${status}`).join(', ')} (first: ${first})`,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

// -----------------------------------------------------------------------------------------------------------
// Describing the machine and the code

/** `host` says what shared the machine during the measurement. */
export async function machineDescription(host: string): Promise<string> {
  const server = await withClient(ADMIN_URL, async (client) => {
    const { rows } = await client.query<{ version: string; shared_buffers: string }>(
      `SELECT split_part(version(), ' ', 2) AS version, current_setting('shared_buffers') AS shared_buffers`,
    );
    return `PostgreSQL ${rows[0].version} (shared_buffers ${rows[0].shared_buffers})`;
  });
  const [cpu] = cpus();
  return (
    `${cpus().length} cores (${cpu?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
    `${server}, Node.js ${process.version}; ${host}`
  );
}

/** Which code the built processes came from: the commit, and whether apps/ or libs/ had local changes. */
export async function codeDescription(): Promise<string> {
  try {
    const head = (await runCommand('git', ['rev-parse', '--short', 'HEAD'])).stdout.trim();
    const dirty = (await runCommand('git', ['status', '--porcelain', '--', 'apps', 'libs'])).stdout.trim();
    return dirty ? `${head} with uncommitted changes in apps/ or libs/` : head;
  } catch {
    return 'unknown';
  }
}

// -----------------------------------------------------------------------------------------------------------
// docs/benchmarks.md

/**
 * Prose lines as wide as the rest of the document (Prettier keeps Markdown line breaks as they are), never
 * breaking inside a code span.
 */
export function wrap(text: string, width = 110): string {
  const words: string[] = [];
  for (const piece of text.split(' ')) {
    const last = words[words.length - 1];
    if (last !== undefined && (last.split('`').length - 1) % 2 === 1)
      words[words.length - 1] = `${last} ${piece}`;
    else words.push(piece);
  }
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line].join('\n');
}

/**
 * Replaces what stands between `<!-- bench:<marker>:start -->` and `…:end -->` in `file` (appending the pair if
 * missing).
 */
export async function recordInDocs(marker: string, section: string, file = DOCS): Promise<void> {
  const start = `<!-- bench:${marker}:start -->`;
  const end = `<!-- bench:${marker}:end -->`;
  const docs = await readFile(file, 'utf8');
  const block = `${start}\n${section}\n${end}`;
  const from = docs.indexOf(start);
  const to = docs.indexOf(end);
  const updated =
    from >= 0 && to > from
      ? docs.slice(0, from) + block + docs.slice(to + end.length)
      : `${docs.trimEnd()}\n\n${block}\n`;
  // The repository's lint checks formatting, so the section is written the way Prettier lays out tables.
  await writeFile(file, await format(updated, { ...(await resolveConfig(DOCS)), parser: 'markdown' }));
}
