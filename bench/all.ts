import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchImport, IMPORT_FULL, IMPORT_QUICK } from './import';
import { benchPipeline, PIPELINE_FULL, PIPELINE_QUICK } from './pipeline';
import { benchSearch, SEARCH_FULL, SEARCH_QUICK } from './search';
import {
  codeDescription,
  DOCS,
  Figure,
  FIGURE_NAMES,
  FigureName,
  figureTable,
  machineDescription,
  recordInDocs,
  runMain,
  wrap,
} from './support';
import { benchScale, SCALE_FULL, SCALE_QUICK } from './unit-lookup';

/**
 * `npm run bench [-- --only search,memory] [-- --quick]`: every benchmark in one invocation (about 16 minutes) and
 * one table of their figures, each against an anchor measured in the same invocation, written with the machine
 * into docs/benchmarks.md. `--only` runs the benchmarks behind the figures named and leaves the document alone;
 * `--quick` runs small sizes once each to check the harness and writes a temporary copy of the document instead.
 */

interface Benchmark {
  /** The figures it measures; it runs when any of them is asked for. */
  figures: FigureName[];
  run: (options: { quick: boolean; wanted: Set<FigureName>; record: boolean }) => Promise<Figure[]>;
}

const BENCHMARKS: Benchmark[] = [
  {
    figures: ['search', 'memory'],
    run: ({ quick }) => benchSearch(quick ? SEARCH_QUICK : SEARCH_FULL),
  },
  {
    figures: ['pipeline', 'scale-out'],
    run: ({ quick, wanted }) =>
      benchPipeline({
        ...(quick ? PIPELINE_QUICK : PIPELINE_FULL),
        measure: { pipeline: wanted.has('pipeline'), scaleOut: wanted.has('scale-out') },
      }),
  },
  {
    figures: ['scale'],
    run: ({ quick }) => benchScale(quick ? SCALE_QUICK : SCALE_FULL),
  },
  {
    figures: ['import'],
    run: ({ quick, record }) =>
      benchImport({
        ...(quick ? IMPORT_QUICK : IMPORT_FULL),
        record: record ? { command: 'npm run bench' } : undefined,
      }),
  },
];

function figuresNamed(list: string): FigureName[] {
  const names = list.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(FIGURE_NAMES as readonly string[]).includes(name));
  if (unknown.length || !names.length)
    throw new Error(
      `--only takes a comma-separated list of ${FIGURE_NAMES.join(', ')}; not: ${unknown.join(', ')}`,
    );
  return names as FigureName[];
}

runMain('bench', async () => {
  const { values } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean' } } });
  const quick = values.quick ?? false;
  const wanted = new Set(values.only === undefined ? FIGURE_NAMES : figuresNamed(values.only));
  // A quick or partial table would replace the last full one.
  const record = !quick && values.only === undefined;
  const started = performance.now();
  const figures: Figure[] = [];
  let failed = false;
  for (const benchmark of BENCHMARKS) {
    const asked = benchmark.figures.filter((name) => wanted.has(name));
    if (!asked.length) continue;
    process.stdout.write(`\n=== ${asked.join(', ')}${quick ? ' (quick)' : ''} ===\n`);
    try {
      const measured = await benchmark.run({ quick, wanted, record });
      figures.push(...measured.filter((figure) => wanted.has(figure.name)));
    } catch (error) {
      failed = true;
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${asked.join(', ')} failed: ${error instanceof Error ? error.stack : message}\n`);
      for (const name of asked)
        figures.push({
          name,
          figure: 'not measured',
          value: `failed: ${message.split('\n')[0].slice(0, 160)}`,
          anchor: '–',
          ratio: '–',
          target: '–',
          pass: false,
        });
    }
  }
  figures.sort((a, b) => FIGURE_NAMES.indexOf(a.name) - FIGURE_NAMES.indexOf(b.name));

  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  const machine = await machineDescription(
    'load generators, servers, workers, Redis and PostgreSQL on the same host',
  );
  const code = await codeDescription();
  const table = figureTable(figures);
  process.stdout.write(`\n${table}\n\nMachine: ${machine}\nCode: ${code}\nTook ${minutes} min\n`);

  const command = `npm run bench${quick ? ' -- --quick' : ''}`;
  const section = [
    wrap(
      `Measured ${new Date().toISOString().slice(0, 10)} with \`${command}\` on ${code}, ${minutes} minutes in all.`,
    ),
    '',
    table,
    '',
    wrap(`Machine: ${machine}.`),
  ].join('\n');
  if (quick) {
    const copy = join(await mkdtemp(join(tmpdir(), 'wuhai-bench-quick-')), 'benchmarks.md');
    await copyFile(DOCS, copy);
    await recordInDocs('summary', section, copy);
    process.stdout.write(
      `Quick run: docs/benchmarks.md left alone; the section as it would be written: ${copy}\n`,
    );
  } else if (!record) {
    process.stdout.write('Only some figures measured: docs/benchmarks.md left alone.\n');
  } else if (failed) {
    process.stdout.write('A benchmark failed: docs/benchmarks.md left alone.\n');
  } else {
    await recordInDocs('summary', section);
    process.stdout.write('Recorded in docs/benchmarks.md.\n');
  }
  if (failed) process.exitCode = 1;
});
