import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, QueryRunner } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { pgErrorCode } from '@app/db';
import { maskResidentId } from '@app/domain';
import { PiiCipher } from '@app/identity';
import { AREA_SRID, PARCEL_LOCK_KEY } from '../parcel-geometry';
import { SettingsService } from '../settings.service';
import { bilingual, ImportProblem } from './import-problem';
import { openUnitFile, UnitFile } from './unit-file-reader';
import { ImportHolder, ImportUnit, SourceRecord, validateUnitRecord } from './unit-record';

/**
 * Units per transaction. Large enough that per-batch costs (lock, staging tables, audit event, commit) vanish, small
 * enough that the parcel lock is held for under a second.
 */
export const DEFAULT_IMPORT_BATCH_SIZE = 5000;

/** A batch that lost a race with the API (a certificate number or party taken meanwhile) is checked again. */
const MAX_BATCH_ATTEMPTS = 3;
const RETRYABLE_ERRORS = new Set(['23505', '40001', '40P01']);

/** Bulk statements, not request-path queries: the API's per-statement timeout would cut a large batch short. */
const IMPORT_STATEMENT_TIMEOUT = '10min';

const PROGRESS_EVERY_RECORDS = 1000;

export interface UnitImportCounts {
  read: number;
  imported: number;
  alreadyRegistered: number;
  rejected: number;
}

export interface UnitImportProgress extends UnitImportCounts {
  bytesRead?: number;
}

export interface UnitImportSummary extends UnitImportCounts {
  problems: number;
  batches: number;
  elapsedMs: number;
  /** Records read per second over the whole run. */
  recordsPerSecond: number;
  importId: string;
}

export interface UnitImportOptions {
  actor: AuditActor;
  /** Named in the audit events, e.g. the file name. */
  source: string;
  /** The id the audit events name the run by: a recorded `unit_import` row's, or a fresh one. */
  importId?: string;
  batchSize?: number;
  /** Called in line order, after the batch holding the record has been decided. */
  onProblem?: (problem: ImportProblem) => void;
  onProgress?: (progress: UnitImportProgress) => void;
}

interface PreparedHolder {
  holder: ImportHolder;
  /** `person:<hmac hex>`, `organization:<uscc>` or `party:<id>`: never a resident ID in clear. */
  key: string;
  hmac?: Buffer;
}

interface PreparedUnit {
  unit: ImportUnit;
  holders: PreparedHolder[];
}

interface PendingBatch {
  units: PreparedUnit[];
  problems: ImportProblem[];
  rejectedRows: number;
}

interface KnownParty {
  id: string;
  name: string;
}

interface BatchOutcome {
  problems: ImportProblem[];
  rejectedRows: number;
  imported: number;
  alreadyRegistered: number;
}

const STAGE_COLUMNS = [
  'line',
  'unit_number',
  'district_code',
  'location',
  'land_use',
  'land_grade',
  'right_type',
  'term_start',
  'term_end',
  'area_m2',
  'plot_ratio',
  'building_density',
  'green_ratio',
  'grant_fee_paid',
  'investment_ratio',
  'certificate_number',
  'geom',
] as const;

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyValue(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (char) => COPY_ESCAPES[char]) : text;
}

function copyRow(values: (string | number | boolean | null)[]): string {
  return `${values.map(copyValue).join('\t')}\n`;
}

function describeParty(holder: ImportHolder): { zh: string; en: string } {
  if (holder.kind === 'person') {
    const masked = maskResidentId(holder.idNumber);
    return { zh: `居民身份证号 ${masked}`, en: `resident ID ${masked}` };
  }
  if (holder.kind === 'organization')
    return { zh: `统一社会信用代码 ${holder.uscc}`, en: `credit code ${holder.uscc}` };
  return { zh: `权利人 ${holder.partyId}`, en: `party ${holder.partyId}` };
}

function holderField(index: number, holder: ImportHolder): string {
  return holder.kind === 'existing' ? `holders[${index}].partyId` : `holders[${index}].party.name`;
}

/** Keeps the state of one import run that spans batches: counters and what the file has already used. */
class ImportRun {
  readonly today = new Date();
  readonly counts: UnitImportCounts = { read: 0, imported: 0, alreadyRegistered: 0, rejected: 0 };
  problems = 0;
  batches = 0;
  private readonly unitNumberLines = new Map<string, number>();
  private readonly certificateLines = new Map<string, number>();

  constructor(
    private readonly cipher: PiiCipher,
    readonly id: string,
  ) {}

  /** The checks that need no database, plus duplicates within the file; problems go to the open batch. */
  prepare(record: SourceRecord, batch: PendingBatch): void {
    this.counts.read += 1;
    const validation = validateUnitRecord(record, this.today);
    if (!validation.valid) {
      batch.problems.push(...validation.problems);
      batch.rejectedRows += 1;
      return;
    }
    const { unit } = validation;
    const duplicates: ImportProblem[] = [];
    const unitLine = this.unitNumberLines.get(unit.unitNumber);
    if (unitLine !== undefined) {
      duplicates.push({
        line: unit.line,
        field: 'unitNumber',
        reason: bilingual(
          `不动产单元号与本文件第 ${unitLine} 行重复`,
          `the unit number repeats line ${unitLine} of this file`,
        ),
      });
    }
    const certificateLine = unit.certificateNumber
      ? this.certificateLines.get(unit.certificateNumber)
      : undefined;
    if (certificateLine !== undefined) {
      duplicates.push({
        line: unit.line,
        field: 'certificateNumber',
        reason: bilingual(
          `证书号与本文件第 ${certificateLine} 行重复`,
          `the certificate number repeats line ${certificateLine} of this file`,
        ),
      });
    }
    if (duplicates.length) {
      batch.problems.push(...duplicates);
      batch.rejectedRows += 1;
      return;
    }
    this.unitNumberLines.set(unit.unitNumber, unit.line);
    if (unit.certificateNumber) this.certificateLines.set(unit.certificateNumber, unit.line);
    batch.units.push({ unit, holders: unit.holders.map((holder) => this.prepareHolder(holder)) });
  }

  private prepareHolder(holder: ImportHolder): PreparedHolder {
    if (holder.kind === 'person') {
      const hmac = this.cipher.lookupHash(holder.idNumber);
      return { holder, hmac, key: `person:${hmac.toString('hex')}` };
    }
    if (holder.kind === 'organization') return { holder, key: `organization:${holder.uscc}` };
    return { holder, key: `party:${holder.partyId}` };
  }
}

/**
 * Bulk registration of units from CSV or GeoJSON with the checks of POST /units. Records are validated as they
 * are read; valid ones are written in batches, each one transaction that holds the parcel lock while it checks
 * and inserts, with set-based SQL throughout: COPY into a temporary staging table, overlap checks as GiST joins
 * against the register and within the batch, one multi-table INSERT, one audit event.
 */
@Injectable()
export class UnitImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: PiiCipher,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {}

  async importFile(
    path: string,
    options: Omit<UnitImportOptions, 'source'> & { source?: string },
  ): Promise<UnitImportSummary> {
    const file = await openUnitFile(path);
    return this.importUnitFile(file, { ...options, source: options.source ?? basename(path) });
  }

  /** Progress reports carry the bytes of the file read so far, which is what a progress bar or ETA needs. */
  async importUnitFile(file: UnitFile, options: UnitImportOptions): Promise<UnitImportSummary> {
    const onProgress = options.onProgress;
    return this.importRecords(file.records, {
      ...options,
      onProgress: onProgress && ((progress) => onProgress({ ...progress, bytesRead: file.bytesRead() })),
    });
  }

  async importRecords(
    records: AsyncIterable<SourceRecord>,
    options: UnitImportOptions,
  ): Promise<UnitImportSummary> {
    const started = performance.now();
    const run = new ImportRun(this.cipher, options.importId ?? randomUUID());
    const batchSize = options.batchSize ?? DEFAULT_IMPORT_BATCH_SIZE;
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    let writing: Promise<void> = Promise.resolve();
    try {
      await this.configureSession(client);
      let batch: PendingBatch = { units: [], problems: [], rejectedRows: 0 };
      // While one batch is in PostgreSQL, the next is read and validated.
      const flush = async (next: PendingBatch): Promise<void> => {
        await writing;
        writing = this.completeBatch(runner, client, run, next, options);
        writing.catch(() => undefined);
      };
      for await (const record of records) {
        run.prepare(record, batch);
        if (batch.units.length >= batchSize) {
          await flush(batch);
          batch = { units: [], problems: [], rejectedRows: 0 };
        }
        if (run.counts.read % PROGRESS_EVERY_RECORDS === 0) options.onProgress?.({ ...run.counts });
      }
      await flush(batch);
      await writing;
    } finally {
      // A batch still in flight uses the same connection; the session is reset only after it.
      await writing.catch(() => undefined);
      await this.resetSession(client).finally(() => runner.release());
    }
    options.onProgress?.({ ...run.counts });
    const elapsedMs = performance.now() - started;
    return {
      ...run.counts,
      problems: run.problems,
      batches: run.batches,
      elapsedMs,
      recordsPerSecond: run.counts.read / Math.max(elapsedMs / 1000, 0.001),
      importId: run.id,
    };
  }

  private async configureSession(client: PoolClient): Promise<void> {
    await client.query(`SET statement_timeout = '${IMPORT_STATEMENT_TIMEOUT}'`);
    // Compiling each bulk statement took longer than running it (hundreds of milliseconds per batch).
    await client.query(`SET jit = off`);
  }

  /** The connection goes back to the pool, so nothing of the import may stay on it. */
  private async resetSession(client: PoolClient): Promise<void> {
    await client.query(`RESET statement_timeout`);
    await client.query(`RESET jit`);
  }

  /** Writes a batch, then reports its problems in line order and counts, only once the batch is final. */
  private async completeBatch(
    runner: QueryRunner,
    client: PoolClient,
    run: ImportRun,
    batch: PendingBatch,
    options: UnitImportOptions,
  ): Promise<void> {
    let outcome: BatchOutcome = { problems: [], rejectedRows: 0, imported: 0, alreadyRegistered: 0 };
    if (batch.units.length) {
      for (let attempt = 1; ; attempt++) {
        await runner.startTransaction();
        try {
          outcome = await this.writeBatch(runner, client, run, batch.units, options);
          await runner.commitTransaction();
          break;
        } catch (error) {
          await runner.rollbackTransaction();
          if (attempt >= MAX_BATCH_ATTEMPTS || !RETRYABLE_ERRORS.has(pgErrorCode(error) ?? '')) throw error;
        }
      }
      run.batches += 1;
    }
    const problems = [...batch.problems, ...outcome.problems].sort((a, b) => a.line - b.line);
    run.problems += problems.length;
    run.counts.rejected += batch.rejectedRows + outcome.rejectedRows;
    run.counts.imported += outcome.imported;
    run.counts.alreadyRegistered += outcome.alreadyRegistered;
    if (options.onProblem) for (const problem of problems) options.onProblem(problem);
    options.onProgress?.({ ...run.counts });
  }

  private async writeBatch(
    runner: QueryRunner,
    client: PoolClient,
    run: ImportRun,
    units: PreparedUnit[],
    options: UnitImportOptions,
  ): Promise<BatchOutcome> {
    await client.query('SELECT pg_advisory_xact_lock($1)', [PARCEL_LOCK_KEY]);
    const problems: ImportProblem[] = [];
    const rejected = new Set<number>();
    const reject = (line: number, field: string, zh: string, en: string) => {
      problems.push({ line, field, reason: bilingual(zh, en) });
      rejected.add(line);
    };

    const { rows: existingRows } = await client.query<{ unit_number: string }>(
      `SELECT unit_number FROM real_estate_unit WHERE unit_number = ANY($1::text[])`,
      [units.map(({ unit }) => unit.unitNumber)],
    );
    const existing = new Set(existingRows.map((row) => row.unit_number));
    let candidates = units.filter(({ unit }) => !existing.has(unit.unitNumber));
    const outcome = (imported: number): BatchOutcome => ({
      problems,
      rejectedRows: rejected.size,
      imported,
      alreadyRegistered: existing.size + candidates.length - imported,
    });
    if (!candidates.length) return outcome(0);

    await this.checkCertificates(client, candidates, reject);
    const parties = await this.resolveParties(client, candidates, reject);
    candidates = candidates.filter(({ unit }) => !rejected.has(unit.line));
    if (!candidates.length) return outcome(0);

    const areas = await this.checkParcels(client, candidates, reject);
    candidates = candidates.filter(({ unit }) => !rejected.has(unit.line));
    if (!candidates.length) return outcome(0);

    await this.createParties(client, candidates, parties, reject);
    candidates = candidates.filter(({ unit }) => !rejected.has(unit.line));
    if (!candidates.length) return outcome(0);

    const inserted = await this.insertUnits(client, candidates, parties, areas);
    if (inserted.length) {
      inserted.sort();
      await this.audit.record(runner.manager, {
        actor: options.actor,
        action: 'unit.imported',
        entityType: 'unit_import',
        entityId: run.id,
        reason: 'units entered into the register from a file',
        data: {
          source: options.source,
          batch: run.batches + 1,
          count: inserted.length,
          firstUnitNumber: inserted[0],
          lastUnitNumber: inserted[inserted.length - 1],
        },
      });
    }
    return outcome(inserted.length);
  }

  private async checkCertificates(
    client: PoolClient,
    candidates: PreparedUnit[],
    reject: (line: number, field: string, zh: string, en: string) => void,
  ): Promise<void> {
    const numbered = candidates.filter(({ unit }) => unit.certificateNumber);
    if (!numbered.length) return;
    const { rows } = await client.query<{ certificate_number: string }>(
      `SELECT certificate_number FROM use_right WHERE certificate_number = ANY($1::text[])`,
      [numbered.map(({ unit }) => unit.certificateNumber)],
    );
    const used = new Set(rows.map((row) => row.certificate_number));
    for (const { unit } of numbered) {
      if (used.has(unit.certificateNumber!))
        reject(
          unit.line,
          'certificateNumber',
          '该证书号已被使用',
          'this certificate number is already in use',
        );
    }
  }

  /**
   * Finds the parties the batch names, as PartyService does: by keyed hash of the resident ID or by credit code,
   * never by name, and a different name for a known identifier is refused. Parties still unknown are left for
   * createParties, so records rejected later leave no party behind.
   */
  private async resolveParties(
    client: PoolClient,
    candidates: PreparedUnit[],
    reject: (line: number, field: string, zh: string, en: string) => void,
  ): Promise<Map<string, KnownParty>> {
    const hmacs = new Map<string, Buffer>();
    const usccs = new Set<string>();
    const partyIds = new Set<string>();
    for (const { holders } of candidates) {
      for (const { holder, key, hmac } of holders) {
        if (hmac) hmacs.set(key, hmac);
        else if (holder.kind === 'organization') usccs.add(holder.uscc);
        else if (holder.kind === 'existing') partyIds.add(holder.partyId);
      }
    }
    const known = new Map<string, KnownParty>();
    if (hmacs.size) {
      const { rows } = await client.query<{ id: string; name: string; hmac: string }>(
        `SELECT id, name, encode(id_number_hmac, 'hex') AS hmac FROM party WHERE id_number_hmac = ANY($1::bytea[])`,
        [[...hmacs.values()]],
      );
      for (const row of rows) known.set(`person:${row.hmac}`, { id: row.id, name: row.name });
    }
    if (usccs.size) {
      const { rows } = await client.query<{ id: string; name: string; uscc: string }>(
        `SELECT id, name, uscc FROM party WHERE uscc = ANY($1::text[])`,
        [[...usccs]],
      );
      for (const row of rows) known.set(`organization:${row.uscc}`, { id: row.id, name: row.name });
    }
    if (partyIds.size) {
      const { rows } = await client.query<{ id: string; name: string }>(
        `SELECT id, name FROM party WHERE id = ANY($1::uuid[])`,
        [[...partyIds]],
      );
      for (const row of rows) known.set(`party:${row.id}`, { id: row.id, name: row.name });
    }

    const newInBatch = new Map<string, { name: string; line: number }>();
    for (const { unit, holders } of candidates) {
      const partyIdsOfUnit = new Set<string>();
      let repeated = false;
      for (const [index, { holder, key }] of holders.entries()) {
        const party = known.get(key);
        if (party) {
          if (holder.kind !== 'existing' && party.name !== holder.name) {
            const subject = describeParty(holder);
            reject(
              unit.line,
              holderField(index, holder),
              `${subject.zh} 已登记在另一姓名或名称下，请核对`,
              `${subject.en} is already registered under a different name`,
            );
          }
          // A party named once by its identifier and once by its id is still the same party.
          repeated ||= partyIdsOfUnit.has(party.id);
          partyIdsOfUnit.add(party.id);
        } else if (holder.kind === 'existing') {
          reject(unit.line, holderField(index, holder), '权利人不存在', 'no party with this id');
        } else {
          const first = newInBatch.get(key);
          if (!first) newInBatch.set(key, { name: holder.name, line: unit.line });
          else if (first.name !== holder.name) {
            const subject = describeParty(holder);
            reject(
              unit.line,
              holderField(index, holder),
              `${subject.zh} 在本文件第 ${first.line} 行以另一姓名或名称出现`,
              `${subject.en} appears under a different name on line ${first.line} of this file`,
            );
          }
        }
      }
      if (repeated) {
        reject(
          unit.line,
          'holders',
          '同一权利人不能重复出现',
          'a party may appear only once among the holders',
        );
      }
    }
    return known;
  }

  /**
   * Validity and area per parcel, then overlaps with current parcels of the register and among the batch, all
   * as joins through GiST indexes. Returns the measured area of every parcel that passed.
   */
  private async checkParcels(
    client: PoolClient,
    candidates: PreparedUnit[],
    reject: (line: number, field: string, zh: string, en: string) => void,
  ): Promise<Map<number, string>> {
    await this.copyStage(client, candidates);
    const areas = new Map<number, string>();
    if (!candidates.some(({ unit }) => unit.parcelEwkb)) return areas;

    const areaTolerance = await this.settings.get('parcel.areaToleranceRatio');
    const { rows: shapes } = await client.query<{
      line: number;
      valid: boolean;
      reason: string | null;
      area: number | null;
      declared: string;
    }>(
      `SELECT s.line, d.valid, d.reason || coalesce('[' || ST_X(d.location) || ' ' || ST_Y(d.location) || ']', '') AS reason,
              CASE WHEN d.valid THEN ST_Area(ST_Transform(s.geom, ${AREA_SRID})) END AS area, s.area_m2 AS declared
         FROM unit_import_stage s CROSS JOIN LATERAL ST_IsValidDetail(s.geom) AS d
        WHERE s.geom IS NOT NULL`,
    );
    for (const shape of shapes) {
      if (!shape.valid) {
        reject(
          shape.line,
          'geometry',
          `宗地图形无效：${shape.reason}`,
          `the parcel geometry is invalid: ${shape.reason}`,
        );
        continue;
      }
      const declared = Number(shape.declared);
      const measured = shape.area as number;
      if (Math.abs(measured - declared) > declared * areaTolerance) {
        reject(
          shape.line,
          'areaM2',
          `申报面积 ${declared} 平方米与宗地图形面积 ${measured.toFixed(2)} 平方米相差超过 ${areaTolerance * 100}%`,
          `declared area ${declared} m² differs from the parcel's ${measured.toFixed(2)} m² by more than ${areaTolerance * 100}%`,
        );
        continue;
      }
      areas.set(shape.line, measured.toFixed(2));
    }

    await this.dropFromStage(
      client,
      shapes.filter((shape) => !areas.has(shape.line)).map((shape) => shape.line),
    );

    const overlapTolerance = await this.settings.get('parcel.overlapToleranceM2');
    // LATERAL … OFFSET 0 pins one GiST probe of the register per staged parcel. As a plain join, the planner
    // (with the register's statistics stale during a bulk load) walked every current right for each batch,
    // which grew with the register: 640 ms per batch at 100,000 units instead of a few milliseconds.
    const { rows: registered } = await client.query<{ line: number; unit_numbers: string[] }>(
      `SELECT s.line, array_agg(o.unit_number ORDER BY o.unit_number) AS unit_numbers
         FROM unit_import_stage s
         CROSS JOIN LATERAL (
           SELECT u.unit_number, ST_Area(ST_Transform(ST_Intersection(u.geometry, s.geom), ${AREA_SRID})) AS overlap
             FROM real_estate_unit u
            WHERE u.geometry && s.geom AND ST_Intersects(u.geometry, s.geom) AND u.taken_back_at IS NULL
              AND EXISTS (SELECT 1 FROM use_right r WHERE r.unit_id = u.id AND r.status = 'current')
           OFFSET 0) o
        WHERE s.geom IS NOT NULL AND o.overlap > $1
        GROUP BY s.line`,
      [overlapTolerance],
    );
    for (const { line, unit_numbers } of registered) {
      reject(
        line,
        'geometry',
        `宗地与已登记宗地重叠：${unit_numbers.join('、')}`,
        `the parcel overlaps registered parcels: ${unit_numbers.join(', ')}`,
      );
      areas.delete(line);
    }
    await this.dropFromStage(
      client,
      registered.map((row) => row.line),
    );

    const { rows: pairs } = await client.query<{ earlier: number; later: number; earlier_unit: string }>(
      `SELECT a.line AS earlier, b.line AS later, a.unit_number AS earlier_unit
         FROM unit_import_stage a
         CROSS JOIN LATERAL (
           SELECT b.line, ST_Area(ST_Transform(ST_Intersection(a.geom, b.geom), ${AREA_SRID})) AS overlap
             FROM unit_import_stage b
            WHERE b.geom && a.geom AND b.line > a.line AND ST_Intersects(a.geom, b.geom)
           OFFSET 0) b
        WHERE a.geom IS NOT NULL AND b.overlap > $1
        ORDER BY later, earlier`,
      [overlapTolerance],
    );
    // In file order, as if registered one by one: a parcel loses only to an earlier one that was accepted.
    for (const { earlier, later, earlier_unit } of pairs) {
      if (!areas.has(earlier) || !areas.has(later)) continue;
      reject(
        later,
        'geometry',
        `宗地与本文件第 ${earlier} 行的宗地（${earlier_unit}）重叠`,
        `the parcel overlaps the parcel on line ${earlier} of this file (${earlier_unit})`,
      );
      areas.delete(later);
    }
    return areas;
  }

  /**
   * The staging tables live for one batch (ON COMMIT DROP), so nothing stays behind on the pooled connection.
   * The GiST index is built after COPY: a bulk build gives a far better tree than row-by-row inserts, which
   * made the self-join three times slower.
   */
  private async copyStage(client: PoolClient, candidates: PreparedUnit[]): Promise<void> {
    await client.query(`
      CREATE TEMP TABLE unit_import_stage (
        line integer NOT NULL,
        unit_number text NOT NULL,
        district_code text NOT NULL,
        location text NOT NULL,
        land_use text NOT NULL,
        land_grade smallint,
        right_type text NOT NULL,
        term_start date,
        term_end date,
        area_m2 numeric(14, 2) NOT NULL,
        plot_ratio numeric(6, 2),
        building_density numeric(5, 2),
        green_ratio numeric(5, 2),
        grant_fee_paid boolean NOT NULL,
        investment_ratio numeric(5, 4) NOT NULL,
        certificate_number text,
        geom geometry(MultiPolygon, 4490)
      ) ON COMMIT DROP`);
    let text = '';
    for (const { unit } of candidates) {
      text += copyRow([
        unit.line,
        unit.unitNumber,
        unit.districtCode,
        unit.location,
        unit.landUse,
        unit.landGrade,
        unit.rightType,
        unit.termStart,
        unit.termEnd,
        unit.areaM2,
        unit.plotRatio,
        unit.buildingDensity,
        unit.greenRatio,
        unit.grantFeePaid,
        unit.investmentRatio,
        unit.certificateNumber,
        unit.parcelEwkb,
      ]);
    }
    await this.copy(client, `COPY unit_import_stage (${STAGE_COLUMNS.join(', ')}) FROM STDIN`, text);
    await client.query(`CREATE INDEX ON unit_import_stage USING gist (geom)`);
  }

  /** Rejected records leave the staging table, so later checks and the insert need not exclude them. */
  private async dropFromStage(client: PoolClient, lines: number[]): Promise<void> {
    if (lines.length)
      await client.query(`DELETE FROM unit_import_stage WHERE line = ANY ($1::int[])`, [lines]);
  }

  private async copy(client: PoolClient, sql: string, text: string): Promise<void> {
    await pipeline(Readable.from([text]), client.query(copyFrom(sql)));
  }

  /**
   * Creates the parties that accepted records need and the register does not know, with ID numbers encrypted
   * and hashed exactly as PartyService stores them. A party created meanwhile by the API is looked up instead.
   */
  private async createParties(
    client: PoolClient,
    candidates: PreparedUnit[],
    known: Map<string, KnownParty>,
    reject: (line: number, field: string, zh: string, en: string) => void,
  ): Promise<void> {
    const missing = new Map<string, PreparedHolder>();
    for (const { holders } of candidates) {
      for (const prepared of holders) if (!known.has(prepared.key)) missing.set(prepared.key, prepared);
    }
    if (!missing.size) return;
    const columns = {
      kind: [] as string[],
      name: [] as string[],
      ciphertext: [] as (Buffer | null)[],
      hmac: [] as (Buffer | null)[],
      masked: [] as (string | null)[],
      uscc: [] as (string | null)[],
    };
    for (const { holder, hmac } of missing.values()) {
      if (holder.kind === 'existing') continue;
      columns.kind.push(holder.kind);
      columns.name.push(holder.name);
      columns.ciphertext.push(holder.kind === 'person' ? this.cipher.encrypt(holder.idNumber) : null);
      columns.hmac.push(hmac ?? null);
      columns.masked.push(holder.kind === 'person' ? maskResidentId(holder.idNumber) : null);
      columns.uscc.push(holder.kind === 'organization' ? holder.uscc : null);
    }
    const { rows } = await client.query<{
      id: string;
      name: string;
      hmac: string | null;
      uscc: string | null;
    }>(
      `INSERT INTO party (kind, name, id_number_ciphertext, id_number_hmac, id_number_masked, uscc)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::bytea[], $5::text[], $6::text[])
       ON CONFLICT DO NOTHING
       RETURNING id, name, encode(id_number_hmac, 'hex') AS hmac, uscc`,
      [columns.kind, columns.name, columns.ciphertext, columns.hmac, columns.masked, columns.uscc],
    );
    for (const row of rows) {
      known.set(row.hmac ? `person:${row.hmac}` : `organization:${row.uscc}`, { id: row.id, name: row.name });
    }
    const raced = new Set([...missing.keys()].filter((key) => !known.has(key)));
    if (!raced.size) return;
    const affected = candidates.filter(({ holders }) => holders.some(({ key }) => raced.has(key)));
    for (const [key, party] of await this.resolveParties(client, affected, reject)) known.set(key, party);
    for (const { unit, holders } of affected) {
      if (holders.every(({ key }) => known.has(key))) continue;
      reject(
        unit.line,
        'holders',
        '权利人同时被他人登记后又撤销，请重新导入本行',
        'a holder was being registered concurrently and is not available; import this record again',
      );
    }
  }

  private async insertUnits(
    client: PoolClient,
    candidates: PreparedUnit[],
    parties: Map<string, KnownParty>,
    areas: Map<number, string>,
  ): Promise<string[]> {
    let holders = '';
    for (const { unit, holders: unitHolders } of candidates) {
      for (const { key, holder } of unitHolders) {
        holders += copyRow([unit.unitNumber, parties.get(key)!.id, holder.share]);
      }
    }
    await client.query(`
      CREATE TEMP TABLE unit_import_holder_stage (
        unit_number text NOT NULL,
        party_id uuid NOT NULL,
        share numeric(9, 8) NOT NULL
      ) ON COMMIT DROP`);
    await this.copy(
      client,
      `COPY unit_import_holder_stage (unit_number, party_id, share) FROM STDIN`,
      holders,
    );
    const lines = candidates.map(({ unit }) => unit.line);
    const { rows } = await client.query<{ unit_number: string }>(
      `WITH accepted AS (
         SELECT * FROM unnest($1::int[], $2::numeric[]) AS a(line, parcel_area_m2)
       ), units AS (
         INSERT INTO real_estate_unit (unit_number, district_code, location, land_use, land_grade, right_type,
           term_start, term_end, area_m2, parcel_area_m2, plot_ratio, building_density, green_ratio,
           grant_fee_paid, investment_ratio, geometry)
         SELECT s.unit_number, s.district_code, s.location, s.land_use, s.land_grade, s.right_type,
                s.term_start, s.term_end, s.area_m2, a.parcel_area_m2, s.plot_ratio, s.building_density,
                s.green_ratio, s.grant_fee_paid, s.investment_ratio, s.geom
           FROM unit_import_stage s JOIN accepted a ON a.line = s.line
          ORDER BY s.line
         ON CONFLICT (unit_number) DO NOTHING
         RETURNING id, unit_number
       ), rights AS (
         INSERT INTO use_right (unit_id, certificate_number, status)
         SELECT units.id, s.certificate_number, 'current'
           FROM units JOIN unit_import_stage s ON s.unit_number = units.unit_number
         RETURNING id, unit_id
       ), holders AS (
         INSERT INTO right_holder (right_id, party_id, share)
         SELECT rights.id, h.party_id, h.share
           FROM rights JOIN units ON units.id = rights.unit_id
           JOIN unit_import_holder_stage h ON h.unit_number = units.unit_number
       )
       SELECT unit_number FROM units`,
      [lines, lines.map((line) => areas.get(line) ?? null)],
    );
    return rows.map((row) => row.unit_number);
  }
}
