import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { ApiError, Page } from '@app/common';
import { StorageConfig } from '@app/config';
import { updateReturning } from '@app/db';
import { FileStorage } from '@app/files';
import { OutboxService } from '@app/queue';
import { bilingual, ImportProblem, UnitImportError } from './import-problem';
import { ProblemReport } from './problem-report';
import { checkUnitFileHead, UnitFileFormat, unitFileFormat, unitFileFromStream } from './unit-file-reader';
import { UnitImportProgress, UnitImportService } from './unit-import.service';

export type UnitImportStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** `GET /unit-imports`, `GET /unit-imports/:id`. */
export interface UnitImportView {
  id: string;
  status: UnitImportStatus;
  fileName: string;
  format: UnitFileFormat;
  fileSize: number;
  fileSha256: string;
  /** The share of the file read so far, from 0 to 1. */
  progress: number;
  read: number;
  imported: number;
  alreadyRegistered: number;
  rejected: number;
  /** Lines of the problem report; a rejected record may have several. */
  problems: number;
  /** The problem report (CSV), once an import that found problems has succeeded. */
  errorReportUrl: string | null;
  /** Why the import stopped, in Chinese and English, when it failed. */
  failure: string | null;
  requestedBy: { id: string; displayName: string };
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  version: number;
}

export type UnitImportRunOutcome = 'done' | 'skipped' | 'busy';

/** A running import writes its progress this often; the write also shows that its worker is alive. */
const PROGRESS_WRITE_MS = 1000;

/**
 * A running import whose row has not been written for this long has lost its worker (killed, or cut off from the
 * database), and a delivery of its job may take it over.
 */
export const UNIT_IMPORT_STALE_AFTER_MS = 60_000;

/** Enough of the file to read a CSV header or the opening of a FeatureCollection. */
const HEAD_BYTES = 64 * 1024;

interface UnitImportRow {
  id: string;
  status: UnitImportStatus;
  version: number;
  file_name: string;
  format: UnitFileFormat;
  file_size: string;
  file_sha256: string;
  file_key: string;
  bytes_read: string;
  records_read: number;
  imported: number;
  already_registered: number;
  rejected: number;
  problems: number;
  report_key: string | null;
  failure: string | null;
  requested_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

type ViewRow = UnitImportRow & { display_name: string };

const SELECT_VIEW = `SELECT i.*, u.display_name FROM unit_import i JOIN app_user u ON u.id = i.requested_by`;

function toView(row: ViewRow): UnitImportView {
  const size = Number(row.file_size);
  return {
    id: row.id,
    status: row.status,
    fileName: row.file_name,
    format: row.format,
    fileSize: size,
    fileSha256: row.file_sha256,
    progress: Math.min(1, Number(row.bytes_read) / size),
    read: row.records_read,
    imported: row.imported,
    alreadyRegistered: row.already_registered,
    rejected: row.rejected,
    problems: row.problems,
    errorReportUrl: row.report_key ? `/api/v1/unit-imports/${row.id}/errors` : null,
    failure: row.failure,
    requestedBy: { id: row.requested_by, displayName: row.display_name },
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    version: row.version,
  };
}

const NOT_FOUND = { zh: '导入记录不存在', en: 'Unit import not found' };

/** Thrown into the import when another delivery of the job has taken the row over. */
class ClaimLost extends Error {
  constructor() {
    super('The unit import was taken over by another run');
  }
}

/**
 * Writes a running import's counts to its row every second (and only then, however fast the import reports),
 * guarded by the version this run last wrote: a row taken over by another run refuses the write, and the import
 * is stopped at its next report. The write doubles as the run's sign of life.
 */
class ProgressWriter {
  private latest?: { progress: UnitImportProgress; problems: number };
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private lost = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly importId: string,
    public version: number,
    private readonly logger: Logger,
  ) {
    this.timer = setInterval(() => {
      this.writing = this.writing.then(() => this.write());
    }, PROGRESS_WRITE_MS);
  }

  note(progress: UnitImportProgress, problems: number): void {
    if (this.lost) throw new ClaimLost();
    this.latest = { progress, problems };
  }

  /** Waits for a write in flight, so the final update follows it and sees the version it left. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.writing;
    if (this.lost) throw new ClaimLost();
  }

  private async write(): Promise<void> {
    const latest = this.latest;
    try {
      const [row] = await updateReturning<{ version: number }>(
        this.dataSource.manager,
        `UPDATE unit_import
            SET version = version + 1, updated_at = now(),
                bytes_read = least(coalesce($3, bytes_read), file_size), records_read = coalesce($4, records_read),
                imported = coalesce($5, imported), already_registered = coalesce($6, already_registered),
                rejected = coalesce($7, rejected), problems = coalesce($8, problems)
          WHERE id = $1 AND status = 'running' AND version = $2
          RETURNING version`,
        [
          this.importId,
          this.version,
          latest?.progress.bytesRead ?? null,
          latest?.progress.read ?? null,
          latest?.progress.imported ?? null,
          latest?.progress.alreadyRegistered ?? null,
          latest?.progress.rejected ?? null,
          latest?.problems ?? null,
        ],
      );
      if (row) this.version = row.version;
      else this.lost = true;
    } catch (error) {
      // A missed write only delays the progress shown; the next tick tries again.
      this.logger.warn(
        `Progress of unit import ${this.importId} not written: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/**
 * Unit import over HTTP: an administrator uploads a file, which is checked at once as far as its first bytes
 * allow, stored, and recorded as a queued `unit_import` row with an outbox job in the same transaction; the worker
 * claims the row, runs UnitImportService on the stored file while keeping the row's progress current, stores the
 * problem report and records the outcome.
 */
@Injectable()
export class UnitImportJobsService {
  private readonly logger = new Logger(UnitImportJobsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: FileStorage,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly importer: UnitImportService,
    private readonly config: StorageConfig,
  ) {}

  /** The most an upload may hold; the multipart layer stops reading there and marks the file truncated. */
  get maxBytes(): number {
    return this.config.unitImportMaxBytes;
  }

  async start(
    content: Readable & { truncated?: boolean },
    fileName: string | undefined,
    actor: AuditActor & { id: string },
  ): Promise<UnitImportView> {
    const name = fileName?.trim().slice(0, 255) ?? '';
    let format: UnitFileFormat;
    try {
      format = unitFileFormat(name);
    } catch (error) {
      content.resume();
      throw this.refusal(error);
    }
    const upload = await this.storage.receive(content, HEAD_BYTES);
    const { size } = upload;
    try {
      if (content.truncated) {
        throw new ApiError(413, {
          zh: `文件超过大小上限（${this.maxBytes} 字节）`,
          en: `The file exceeds the size limit of ${this.maxBytes} bytes`,
        });
      }
      if (size === 0) {
        throw ApiError.invalidField('file', 'notEmpty', { zh: '文件为空', en: 'the file is empty' });
      }
      try {
        checkUnitFileHead(format, upload.head, size <= upload.head.length);
      } catch (error) {
        throw this.refusal(error);
      }
      await this.storage.adopt(upload.temporaryPath, upload.key);
      return await this.dataSource.transaction(async (manager) => {
        const [{ id }]: { id: string }[] = await manager.query(
          `INSERT INTO unit_import (file_name, format, file_size, file_sha256, file_key, requested_by)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [name, format, size, upload.sha256, upload.key, actor.id],
        );
        await this.audit.record(manager, {
          actor,
          action: 'unitImport.started',
          entityType: 'unit_import',
          entityId: id,
          reason: 'units uploaded for import',
          data: { fileName: name, format, size },
        });
        await this.outbox.enqueue(manager, 'unitImport.run', { importId: id });
        const [row]: ViewRow[] = await manager.query(`${SELECT_VIEW} WHERE i.id = $1`, [id]);
        return toView(row);
      });
    } catch (error) {
      await this.storage.discard(upload);
      throw error;
    }
  }

  async list(page: number, pageSize: number): Promise<Page<UnitImportView>> {
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM unit_import`,
    );
    const rows: ViewRow[] = await this.dataSource.query(
      `${SELECT_VIEW} ORDER BY i.created_at DESC, i.id DESC LIMIT $1 OFFSET $2`,
      [pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map(toView), total, page, pageSize };
  }

  async get(id: string): Promise<UnitImportView> {
    return toView(await this.row(id));
  }

  /** The problem report of a finished import, as a stream, with the name to download it under. */
  async errorReport(id: string): Promise<{ fileName: string; content: Readable }> {
    const row = await this.row(id);
    if (row.status !== 'succeeded') {
      throw ApiError.conflict(
        { zh: '导入尚未成功完成，没有错误报告', en: 'The import has not succeeded, so there is no report' },
        { currentStatus: row.status },
      );
    }
    if (!row.report_key) {
      throw ApiError.notFound({ zh: '本次导入没有发现问题', en: 'This import found no problems' });
    }
    const stem = row.file_name.replace(/\.[^.]*$/, '');
    return { fileName: `${stem}.errors.csv`, content: this.storage.read(row.report_key) };
  }

  private async row(id: string): Promise<ViewRow> {
    const [row]: ViewRow[] = await this.dataSource.query(`${SELECT_VIEW} WHERE i.id = $1`, [id]);
    if (!row) throw ApiError.notFound(NOT_FOUND);
    return row;
  }

  /**
   * Runs the import the row describes, once: the claim is a guarded UPDATE, so a job delivered again finds the row
   * finished ('skipped') or still held by a live run ('busy', to be looked at again later). A run whose worker died
   * is taken over once its row has gone stale; it reads the file again from the start, and the units the dead run
   * had committed count as already registered. A problem with the file as a whole fails the import; any other
   * error hands the row back to the queue for the job's next attempt, or fails it on the last one.
   */
  async run(importId: string, lastAttempt: boolean): Promise<UnitImportRunOutcome> {
    const claim = await this.claim(importId);
    if (claim === 'skipped' || claim === 'busy') return claim;
    const { row, actor } = claim;
    const reportKey = randomUUID();
    const reportPath = await this.storage.temporaryPath(reportKey);
    const report = new ProblemReport(reportPath);
    const content = this.storage.read(row.file_key);
    const progress = new ProgressWriter(this.dataSource, importId, row.version, this.logger);
    let problems = 0;
    try {
      const summary = await this.importer.importUnitFile(
        unitFileFromStream(content, row.format, Number(row.file_size)),
        {
          actor,
          source: row.file_name,
          importId,
          onProblem: (problem: ImportProblem) => {
            problems += 1;
            report.add(problem);
          },
          onProgress: (counts) => progress.note(counts, problems),
        },
      );
      await progress.stop();
      await report.close();
      if (problems > 0) await this.storage.adopt(reportPath, reportKey);
      else await rm(reportPath, { force: true });
      const finished = await this.finish(importId, progress.version, actor, {
        status: 'succeeded',
        counts: summary,
        problems,
        reportKey: problems > 0 ? reportKey : null,
      });
      if (!finished) await this.storage.remove(reportKey);
      return finished ? 'done' : 'skipped';
    } catch (error) {
      content.destroy();
      await progress.stop().catch(() => undefined);
      await report.close().catch(() => undefined);
      await rm(reportPath, { force: true });
      if (error instanceof ClaimLost) return 'skipped';
      if (error instanceof UnitImportError || lastAttempt) {
        const failure =
          error instanceof UnitImportError
            ? error.message
            : bilingual(
                '导入因系统故障中断，已提交的批次保留，可重新上传同一文件补齐',
                `the import stopped on a system error (${error instanceof Error ? error.message : String(error)}); ` +
                  'committed batches stay, and uploading the same file again adds the rest',
              );
        await this.finish(importId, progress.version, actor, {
          status: 'failed',
          failure: failure.slice(0, 2000),
        });
        return 'done';
      }
      await this.dataSource.query(
        `UPDATE unit_import SET status = 'queued', version = version + 1, updated_at = now()
          WHERE id = $1 AND status = 'running' AND version = $2`,
        [importId, progress.version],
      );
      throw error;
    }
  }

  private async claim(
    importId: string,
  ): Promise<'skipped' | 'busy' | { row: UnitImportRow; actor: AuditActor }> {
    const [claimed] = await updateReturning<UnitImportRow & { username: string }>(
      this.dataSource.manager,
      `UPDATE unit_import i
          SET status = 'running', version = i.version + 1, started_at = coalesce(i.started_at, now()),
              updated_at = now(), bytes_read = 0, records_read = 0, imported = 0, already_registered = 0,
              rejected = 0, problems = 0
         FROM app_user u
        WHERE i.id = $1 AND u.id = i.requested_by
          AND (i.status = 'queued'
               OR (i.status = 'running' AND i.updated_at < now() - make_interval(secs => $2)))
        RETURNING i.*, u.username`,
      [importId, UNIT_IMPORT_STALE_AFTER_MS / 1000],
    );
    if (claimed) return { row: claimed, actor: { id: claimed.requested_by, label: claimed.username } };
    const [current]: { status: UnitImportStatus }[] = await this.dataSource.query(
      `SELECT status FROM unit_import WHERE id = $1`,
      [importId],
    );
    return current?.status === 'running' ? 'busy' : 'skipped';
  }

  /** The final state and its audit event, in one transaction, only if this run still holds the row. */
  private async finish(
    importId: string,
    version: number,
    actor: AuditActor,
    outcome:
      | {
          status: 'succeeded';
          counts: UnitImportProgress;
          problems: number;
          reportKey: string | null;
        }
      | { status: 'failed'; failure: string },
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [row] =
        outcome.status === 'succeeded'
          ? await updateReturning<UnitImportRow>(
              manager,
              `UPDATE unit_import
                  SET status = 'succeeded', version = version + 1, updated_at = now(), finished_at = now(),
                      bytes_read = file_size, records_read = $3, imported = $4, already_registered = $5,
                      rejected = $6, problems = $7, report_key = $8
                WHERE id = $1 AND status = 'running' AND version = $2
                RETURNING *`,
              [
                importId,
                version,
                outcome.counts.read,
                outcome.counts.imported,
                outcome.counts.alreadyRegistered,
                outcome.counts.rejected,
                outcome.problems,
                outcome.reportKey,
              ],
            )
          : await updateReturning<UnitImportRow>(
              manager,
              `UPDATE unit_import
                  SET status = 'failed', version = version + 1, updated_at = now(), finished_at = now(),
                      failure = $3
                WHERE id = $1 AND status = 'running' AND version = $2
                RETURNING *`,
              [importId, version, outcome.failure],
            );
      if (!row) return false;
      await this.audit.record(manager, {
        actor,
        action: 'unitImport.finished',
        entityType: 'unit_import',
        entityId: importId,
        reason: row.status === 'succeeded' ? 'unit import finished' : 'unit import failed',
        data: {
          status: row.status,
          fileName: row.file_name,
          read: row.records_read,
          imported: row.imported,
          alreadyRegistered: row.already_registered,
          rejected: row.rejected,
          problems: row.problems,
          ...(row.failure ? { failure: row.failure } : {}),
        },
      });
      return true;
    });
  }

  private refusal(error: unknown): unknown {
    if (!(error instanceof UnitImportError)) return error;
    return ApiError.invalidField('file', 'unitFile', { zh: error.zh, en: error.en });
  }
}
