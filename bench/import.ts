import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  databaseUrl,
  dropDatabase,
  Figure,
  figureTable,
  integer,
  machineDescription,
  median,
  recordInDocs,
  recreateDatabase,
  requireBuilt,
  runMain,
  runNode,
  withCleanups,
  withClient,
  wrap,
} from './support';

/**
 * `npm run bench:import [-- --units 100000 --runs 3]`, after `npm run build`: times the import:units command on
 * fresh databases and records the figures in docs/benchmarks.md. Not a test; it takes a few minutes.
 */

const DATABASE = 'wuhai_bench_import';
const TARGET_UNITS_PER_SECOND = 5000;
const MIGRATE = 'dist/libs/db/src/cli/migrate.js';
const IMPORT = 'dist/scripts/import-units.js';
const SEED_BULK = 'dist/scripts/seed-bulk.js';

export interface ImportOptions {
  units: number;
  runs: number;
  /** Rewrite this benchmark's section of docs/benchmarks.md, naming `command` as the way to reproduce it. */
  record?: { command: string };
}

export const IMPORT_FULL = { units: 100_000, runs: 3 };
export const IMPORT_QUICK = { units: 2_000, runs: 1 };

interface ImportRun {
  imported: number;
  alreadyRegistered: number;
  rejected: number;
  importSeconds: number;
  wallSeconds: number;
}

function summaryValue(stdout: string, label: string): number {
  const match = new RegExp(`${label}: ([0-9.]+)`).exec(stdout);
  if (!match) throw new Error(`no "${label}" in the import summary:\n${stdout}`);
  return Number(match[1]);
}

async function freshDatabase(): Promise<string> {
  await recreateDatabase(DATABASE);
  const url = databaseUrl(DATABASE);
  await runNode(MIGRATE, [], { env: { DATABASE_URL: url } });
  return url;
}

async function importFile(file: string, url: string, report: string): Promise<ImportRun> {
  const { stdout, seconds } = await runNode(IMPORT, [file, '--report', report], {
    env: { DATABASE_URL: url, DATABASE_MIGRATIONS_RUN: 'false' },
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

/** Units per second importing `units` synthetic units, median of `runs`, and whether a re-run writes nothing. */
export async function benchImport({ units, runs, record }: ImportOptions): Promise<Figure[]> {
  requireBuilt(IMPORT, SEED_BULK, MIGRATE);
  return withCleanups(async (onCleanup) => {
    const file = join(tmpdir(), `wuhai-bench-import-${units}.geojson`);
    const report = join(tmpdir(), `wuhai-bench-import-${units}.errors.csv`);
    onCleanup('bench database', () => dropDatabase(DATABASE));
    onCleanup('files', () => Promise.all([rm(file, { force: true }), rm(report, { force: true })]));
    process.stdout.write(`Generating ${integer(units)} units …\n`);
    await runNode(SEED_BULK, ['--units', String(units), '--out', file]);

    const results: ImportRun[] = [];
    let url = '';
    for (let index = 1; index <= runs; index++) {
      url = await freshDatabase();
      const result = await importFile(file, url, report);
      if (result.imported !== units)
        throw new Error(`run ${index} imported ${result.imported} of ${units} units`);
      results.push(result);
      process.stdout.write(
        `run ${index}: ${integer(result.imported)} units in ${result.importSeconds.toFixed(1)} s = ${integer(result.imported / result.importSeconds)} units/s (process ${result.wallSeconds.toFixed(1)} s)\n`,
      );
    }

    const before = await tableCounts(url);
    const rerun = await importFile(file, url, report);
    const after = await tableCounts(url);
    const unchanged = JSON.stringify(before) === JSON.stringify(after);
    process.stdout.write(
      `re-run: ${rerun.imported} imported, ${integer(rerun.alreadyRegistered)} already registered in ${rerun.importSeconds.toFixed(1)} s; row counts ${unchanged ? 'unchanged' : 'CHANGED'}\n`,
    );

    const rates = results.map((result) => result.imported / result.importSeconds);
    const medianRate = median(rates);
    const over = `${runs} run${runs > 1 ? 's' : ''}`;
    if (record) {
      const machine = await machineDescription('the import process on the same host');
      await recordInDocs(
        'import',
        [
          wrap(
            `Measured ${new Date().toISOString().slice(0, 10)} with \`${record.command}\`: ${integer(units)} synthetic units ` +
              `(\`seed:bulk --out\`, GeoJSON), each run on a freshly created and migrated database \`${DATABASE}\`, ` +
              'timed by `node dist/scripts/import-units.js <file>` from the first record read to the last batch ' +
              'committed (process start-up excluded), overlap checks included.',
          ),
          '',
          '| run | imported | import time | units/s | whole process |',
          '| --- | -------- | ----------- | ------- | ------------- |',
          ...results.map(
            (result, index) =>
              `| ${index + 1} | ${integer(result.imported)} | ${result.importSeconds.toFixed(1)} s | ${integer(rates[index])} | ${result.wallSeconds.toFixed(1)} s |`,
          ),
          '',
          wrap(
            `**Median: ${integer(medianRate)} units/s** over ${over} ` +
              `(target ≥ ${integer(TARGET_UNITS_PER_SECOND)}: ${medianRate >= TARGET_UNITS_PER_SECOND ? 'met' : 'missed'}).`,
          ),
          '',
          wrap(
            `Re-running the same file on the last database: ${rerun.imported} imported, ` +
              `${integer(rerun.alreadyRegistered)} already registered, ${rerun.rejected} rejected, in ` +
              `${rerun.importSeconds.toFixed(1)} s; units, rights, holders, parties and audit events ` +
              `${unchanged ? 'unchanged' : 'CHANGED'} (${Object.entries(after)
                .map(([table, count]) => `${table} ${integer(count)}`)
                .join(', ')}).`,
          ),
          '',
          wrap(`Machine: ${machine}.`),
        ].join('\n'),
      );
      process.stdout.write('recorded in docs/benchmarks.md\n');
    }
    return [
      {
        name: 'import',
        figure: `units/s importing ${integer(units)} units with import:units (median of ${over})`,
        value: `${integer(medianRate)} units/s`,
        anchor: '–',
        ratio: '–',
        target: `≥ ${integer(TARGET_UNITS_PER_SECOND)} units/s`,
        pass: medianRate >= TARGET_UNITS_PER_SECOND,
      },
      {
        name: 'import',
        figure: 'the same file imported again writes nothing',
        value: `${rerun.imported} imported, row counts ${unchanged ? 'unchanged' : 'changed'}`,
        anchor: '–',
        ratio: '–',
        target: 'nothing written',
        pass: unchanged,
      },
    ];
  });
}

if (require.main === module) {
  runMain('bench:import', async () => {
    const { values } = parseArgs({ options: { units: { type: 'string' }, runs: { type: 'string' } } });
    const units = Number(values.units ?? IMPORT_FULL.units);
    const runs = Number(values.runs ?? IMPORT_FULL.runs);
    if (!Number.isInteger(units) || units < 1 || !Number.isInteger(runs) || runs < 1) {
      throw new Error('--units and --runs must be positive integers');
    }
    const defaults = units === IMPORT_FULL.units && runs === IMPORT_FULL.runs;
    const command = `npm run bench:import${defaults ? '' : ` -- --units ${units} --runs ${runs}`}`;
    process.stdout.write(`\n${figureTable(await benchImport({ units, runs, record: { command } }))}\n`);
  });
}
