import { Module } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import { AuditModule } from '@app/audit';
import { AppConfigModule } from '@app/config';
import { DatabaseModule } from '@app/db';
import { IdentityModule } from '@app/identity';
import { NotificationModule } from '@app/notification';
import { QueueModule } from '@app/queue';
import { RegistryModule, UnitImportProgress, UnitImportSummary } from '@app/registry';

/** What import:units and seed:bulk share: the application context, the progress bar, the summary. */

@Module({
  imports: [
    AppConfigModule,
    DatabaseModule.forRoot('wuhai-import'),
    QueueModule,
    AuditModule,
    NotificationModule,
    IdentityModule,
    RegistryModule,
  ],
})
export class ImportCliModule {}

export interface ImportProgressBar {
  update(progress: UnitImportProgress): void;
  stop(): void;
}

/**
 * Progress against the bytes of the file read so far (or units, when there is no file), which is what the ETA
 * needs; the counters and the rate are in units.
 */
export function importProgressBar(total: number, measure: 'bytes' | 'units'): ImportProgressBar {
  const bar = new SingleBar({
    format:
      '{bar} {percentage}% | ETA {eta_formatted} | 读取 read {read} · 导入 imported {imported} · 已登记 already {already} · 拒绝 rejected {rejected} | {rate} units/s',
    barsize: 24,
    etaBuffer: 50,
    fps: 5,
    hideCursor: true,
  });
  const started = performance.now();
  const payload = (progress: UnitImportProgress) => ({
    read: progress.read,
    imported: progress.imported,
    already: progress.alreadyRegistered,
    rejected: progress.rejected,
    rate: Math.round(progress.read / Math.max((performance.now() - started) / 1000, 0.001)),
  });
  bar.start(Math.max(total, 1), 0, payload({ read: 0, imported: 0, alreadyRegistered: 0, rejected: 0 }));
  return {
    update: (progress) =>
      bar.update(measure === 'bytes' ? (progress.bytesRead ?? 0) : progress.read, payload(progress)),
    stop: () => bar.stop(),
  };
}

/** Stable `label: value` lines; bench/import.ts reads them. */
export function formatSummary(summary: UnitImportSummary, reportPath?: string): string {
  const seconds = summary.elapsedMs / 1000;
  const lines = [
    `读取 read: ${summary.read}`,
    `导入 imported: ${summary.imported}`,
    `已登记 already registered: ${summary.alreadyRegistered}`,
    `拒绝 rejected: ${summary.rejected}${reportPath ? ` (${summary.problems} problem(s) in ${reportPath})` : ''}`,
    `用时 elapsed: ${seconds.toFixed(1)} s in ${summary.batches} batch(es)`,
    `速度 rate: ${Math.round(summary.recordsPerSecond)} units/s`,
  ];
  return `${lines.join('\n')}\n`;
}
