import 'reflect-metadata';
import { stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { SYSTEM_ACTOR } from '@app/audit';
import { loadConfigurationOrExit } from '@app/config';
import { ProblemReport, UnitImportError, UnitImportService } from '@app/registry';
import { formatSummary, ImportCliModule, importProgressBar } from './import-cli';

const USAGE = `用法 usage: npm run import:units -- <file.geojson|file.csv> [--report errors.csv] [--batch-size N]
  --report      错误报告路径，默认在输入文件旁 / error report path, next to the input by default
  --batch-size  每个事务的单元数 / units per transaction (default 5000)
`;

class UsageError extends Error {}

function parseCommandLine(): { file: string; report: string; batchSize?: number } {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { report: { type: 'string' }, 'batch-size': { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) throw new UsageError('give exactly one input file');
  const batchSize = parsed.values['batch-size'];
  if (batchSize !== undefined && !/^[1-9][0-9]{0,5}$/.test(batchSize))
    throw new UsageError('--batch-size must be an integer from 1 to 999999');
  return {
    file,
    report: parsed.values.report ?? join(dirname(file), `${basename(file, extname(file))}.errors.csv`),
    batchSize: batchSize === undefined ? undefined : Number(batchSize),
  };
}

async function main(): Promise<void> {
  const { file, report: reportPath, batchSize } = parseCommandLine();
  const { size } = await stat(file).catch(() => {
    throw new UnitImportError(`找不到文件 ${file}`, `no such file: ${file}`);
  });
  loadConfigurationOrExit();
  const app = await NestFactory.createApplicationContext(ImportCliModule, { logger: ['error', 'warn'] });
  const report = new ProblemReport(reportPath);
  try {
    const importer = app.get(UnitImportService);
    const bar = importProgressBar(size, 'bytes');
    let summary;
    try {
      summary = await importer.importFile(file, {
        actor: { ...SYSTEM_ACTOR, label: 'import:units' },
        batchSize,
        onProblem: (problem) => report.add(problem),
        onProgress: (progress) => bar.update(progress),
      });
    } finally {
      bar.stop();
    }
    await report.close();
    process.stdout.write(formatSummary(summary, reportPath));
  } finally {
    await report.close().catch(() => undefined);
    await app.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) process.stderr.write(`${error.message}\n${USAGE}`);
  else if (error instanceof UnitImportError)
    process.stderr.write(`导入失败 Import failed: ${error.message}\n`);
  else
    process.stderr.write(`导入失败 Import failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
