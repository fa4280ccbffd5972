import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { ADMIN_URL, databaseUrl, dropDatabase, recreateDatabase, withClient } from './support';

/**
 * `npm run bench:import [-- --units 100000 --runs 3]`, after `npm run build`: times the import:units command on
 * fresh databases and records the figures in docs/benchmarks.md. Not a test; it takes a few minutes.
 */

const DATABASE = 'wuhai_bench_import';
const TARGET_UNITS_PER_SECOND = 5000;
const DOCS = join(__dirname, '..', 'docs', 'benchmarks.md');
const SECTION_START = '<!-- bench:import:start -->';
const SECTION_END = '<!-- bench:import:end -->';
const BUILT_CLI = [
  'dist/scripts/import-units.js',
  'dist/scripts/seed-bulk.js',
  'dist/libs/db/src/cli/migrate.js',
];

interface ImportRun {
  imported: number;
  alreadyRegistered: number;
  rejected: number;
  importSeconds: number;
  wallSeconds: number;
}

async function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ stdout: string; seconds: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code}:\n${stdout}`);
  return { stdout, seconds: (performance.now() - started) / 1000 };
}

function summaryValue(stdout: string, label: string): number {
  const match = new RegExp(`${label}: ([0-9.]+)`).exec(stdout);
  if (!match) throw new Error(`no "${label}" in the import summary:\n${stdout}`);
  return Number(match[1]);
}

async function freshDatabase(): Promise<string> {
  await recreateDatabase(DATABASE);
  const url = databaseUrl(DATABASE);
  await run(['dist/libs/db/src/cli/migrate.js'], { DATABASE_URL: url });
  return url;
}

async function importFile(file: string, url: string, report: string): Promise<ImportRun> {
  const { stdout, seconds } = await run(['dist/scripts/import-units.js', file, '--report', report], {
    DATABASE_URL: url,
    DATABASE_MIGRATIONS_RUN: 'false',
  });
  return {
    imported: summaryValue(stdout, 'imported'),
    alreadyRegistered: summaryValue(stdout, 'already registered'),
    rejected: summaryValue(stdout, 'rejected'),
    importSeconds: summaryValue(stdout, 'elapsed'),
    wallSeconds: seconds,
  };
}

async function tableCounts(url: string): Promise<Record<string, number>> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM real_estate_unit)::int AS units, (SELECT count(*) FROM use_right)::int AS rights,
              (SELECT count(*) FROM right_holder)::int AS holders, (SELECT count(*) FROM party)::int AS parties,
              (SELECT count(*) FROM audit_event)::int AS audit_events`,
    );
    return rows[0];
  });
}

async function serverDescription(): Promise<string> {
  return withClient(ADMIN_URL, async (client) => {
    const { rows } = await client.query<{ version: string; shared_buffers: string }>(
      `SELECT split_part(version(), ' ', 2) AS version, current_setting('shared_buffers') AS shared_buffers`,
    );
    return `PostgreSQL ${rows[0].version} (shared_buffers ${rows[0].shared_buffers})`;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const number = (value: number) => Math.round(value).toLocaleString('en-US');

/**
 * Prose lines as wide as the rest of the document (Prettier keeps Markdown line breaks as they are), never
 * breaking inside a code span.
 */
function wrap(text: string, width = 110): string {
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

async function recordInDocs(section: string): Promise<void> {
  const docs = await readFile(DOCS, 'utf8');
  const block = `${SECTION_START}\n${section}\n${SECTION_END}`;
  const start = docs.indexOf(SECTION_START);
  const end = docs.indexOf(SECTION_END);
  const updated =
    start >= 0 && end > start
      ? docs.slice(0, start) + block + docs.slice(end + SECTION_END.length)
      : `${docs.trimEnd()}\n\n${block}\n`;
  // The repository's lint checks formatting, so the section is written the way Prettier lays out tables.
  await writeFile(DOCS, await format(updated, { ...(await resolveConfig(DOCS)), parser: 'markdown' }));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { units: { type: 'string' }, runs: { type: 'string' } } });
  const units = Number(values.units ?? 100_000);
  const runs = Number(values.runs ?? 3);
  if (!Number.isInteger(units) || units < 1 || !Number.isInteger(runs) || runs < 1) {
    throw new Error('--units and --runs must be positive integers');
  }
  const missing = BUILT_CLI.filter((path) => !existsSync(path));
  if (missing.length) throw new Error(`${missing.join(', ')} missing: run npm run build first`);

  const file = join(tmpdir(), `wuhai-bench-import-${units}.geojson`);
  const report = join(tmpdir(), `wuhai-bench-import-${units}.errors.csv`);
  process.stdout.write(`Generating ${number(units)} units …\n`);
  await run(['dist/scripts/seed-bulk.js', '--units', String(units), '--out', file]);

  const results: ImportRun[] = [];
  let url = '';
  for (let index = 1; index <= runs; index++) {
    url = await freshDatabase();
    const result = await importFile(file, url, report);
    if (result.imported !== units)
      throw new Error(`run ${index} imported ${result.imported} of ${units} units`);
    results.push(result);
    process.stdout.write(
      `run ${index}: ${number(result.imported)} units in ${result.importSeconds.toFixed(1)} s = ${number(result.imported / result.importSeconds)} units/s (process ${result.wallSeconds.toFixed(1)} s)\n`,
    );
  }

  const before = await tableCounts(url);
  const rerun = await importFile(file, url, report);
  const after = await tableCounts(url);
  const unchanged = JSON.stringify(before) === JSON.stringify(after);
  process.stdout.write(
    `re-run: ${rerun.imported} imported, ${number(rerun.alreadyRegistered)} already registered in ${rerun.importSeconds.toFixed(1)} s; row counts ${unchanged ? 'unchanged' : 'CHANGED'}\n`,
  );
  await dropDatabase(DATABASE);
  await rm(file, { force: true });
  await rm(report, { force: true });

  const rates = results.map((result) => result.imported / result.importSeconds);
  const medianRate = median(rates);
  const [cpu] = cpus();
  const machine = `${cpus().length} cores (${cpu?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${await serverDescription()} and the import process on the same host`;
  const command = `npm run bench:import${units === 100_000 && runs === 3 ? '' : ` -- --units ${units} --runs ${runs}`}`;
  const section = [
    wrap(
      `Measured ${new Date().toISOString().slice(0, 10)} with \`${command}\`: ${number(units)} synthetic units ` +
        `(\`seed:bulk --out\`, GeoJSON), each run on a freshly created and migrated database \`${DATABASE}\`, ` +
        'timed by `node dist/scripts/import-units.js <file>` from the first record read to the last batch ' +
        'committed (process start-up excluded), overlap checks included.',
    ),
    '',
    '| run | imported | import time | units/s | whole process |',
    '| --- | -------- | ----------- | ------- | ------------- |',
    ...results.map(
      (result, index) =>
        `| ${index + 1} | ${number(result.imported)} | ${result.importSeconds.toFixed(1)} s | ${number(rates[index])} | ${result.wallSeconds.toFixed(1)} s |`,
    ),
    '',
    wrap(
      `**Median: ${number(medianRate)} units/s** over ${runs} run${runs > 1 ? 's' : ''} ` +
        `(target ≥ ${number(TARGET_UNITS_PER_SECOND)}: ${medianRate >= TARGET_UNITS_PER_SECOND ? 'met' : 'missed'}).`,
    ),
    '',
    wrap(
      `Re-running the same file on the last database: ${rerun.imported} imported, ` +
        `${number(rerun.alreadyRegistered)} already registered, ${rerun.rejected} rejected, in ` +
        `${rerun.importSeconds.toFixed(1)} s; units, rights, holders, parties and audit events ` +
        `${unchanged ? 'unchanged' : 'CHANGED'} (${Object.entries(after)
          .map(([table, count]) => `${table} ${number(count)}`)
          .join(', ')}).`,
    ),
    '',
    wrap(`Machine: ${machine}.`),
  ].join('\n');
  await recordInDocs(section);
  process.stdout.write(`median ${number(medianRate)} units/s; recorded in docs/benchmarks.md\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:import failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
