import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline, Readable, Transform } from 'node:stream';
import {
  CSV_COLUMNS,
  CSV_HOLDER_KINDS,
  CSV_HOLDER_PART_SEPARATOR,
  CSV_HOLDER_SEPARATOR,
  CSV_REQUIRED_COLUMNS,
} from '@app/domain';
import { isCompleteCsvRecord, parseCsvRecord } from './csv';
import { FeatureCollectionScanner } from './geojson-scanner';
import { bilingual, ImportProblem, UnitImportError } from './import-problem';
import { RECORD_FIELD, REPORTED_BY_READER, SourceRecord } from './unit-record';

/**
 * Small reads keep each synchronous parsing step short, so the queries of the batch already in PostgreSQL are not
 * held up: with 1 MiB chunks every round trip of that batch waited tens of milliseconds for the parser.
 */
const READ_CHUNK_BYTES = 64 * 1024;

export type UnitFileFormat = 'csv' | 'geojson';

export interface UnitFile {
  format: UnitFileFormat;
  totalBytes: number;
  bytesRead(): number;
  records: AsyncIterable<SourceRecord>;
}

export function unitFileFormat(path: string): UnitFileFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.geojson' || extension === '.json') return 'geojson';
  throw new UnitImportError(
    `无法识别文件类型“${extension || '（无扩展名）'}”：须为 .csv、.geojson 或 .json`,
    `unknown file type '${extension || '(no extension)'}': use .csv, .geojson or .json`,
  );
}

export async function openUnitFile(path: string): Promise<UnitFile> {
  const format = unitFileFormat(path);
  let totalBytes: number;
  try {
    totalBytes = (await stat(path)).size;
  } catch (error) {
    throw new UnitImportError(
      `无法读取文件 ${path}`,
      `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: READ_CHUNK_BYTES });
  return {
    format,
    totalBytes,
    bytesRead: () => stream.bytesRead,
    records: format === 'csv' ? readCsvRecords(stream) : readGeoJsonRecords(stream),
  };
}

/** A unit file read from a byte stream (the file store), counting the bytes read so far for progress. */
export function unitFileFromStream(content: Readable, format: UnitFileFormat, totalBytes: number): UnitFile {
  let bytesRead = 0;
  const counter = new Transform({
    highWaterMark: READ_CHUNK_BYTES,
    transform(chunk: Buffer, _encoding, done) {
      bytesRead += chunk.length;
      done(null, chunk);
    },
  });
  // A read error of the source reaches the reader through the counter, which it destroys.
  pipeline(content, counter, () => undefined);
  // Decoding in the stream keeps a character that straddles two chunks whole.
  counter.setEncoding('utf8');
  return {
    format,
    totalBytes,
    bytesRead: () => bytesRead,
    records: format === 'csv' ? readCsvRecords(counter) : readGeoJsonRecords(counter),
  };
}

/**
 * The checks an upload can get at once from its first bytes, before it is queued: UTF-8 text (a spreadsheet's
 * GBK export is the common mistake), and a CSV header the reader accepts or the opening of a GeoJSON
 * FeatureCollection. Throws the UnitImportError the import itself would stop with.
 */
export function checkUnitFileHead(format: UnitFileFormat, head: Buffer, wholeFile: boolean): void {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !wholeFile });
  } catch {
    throw new UnitImportError(
      '文件须为 UTF-8 编码的文本（从电子表格导出时请选择“CSV UTF-8”）',
      'the file must be UTF-8 text (export spreadsheets as "CSV UTF-8")',
    );
  }
  if (text.includes('\u0000')) {
    throw new UnitImportError('文件不是文本文件', 'the file is not a text file');
  }
  if (format === 'geojson') {
    const scanner = new FeatureCollectionScanner();
    scanner.push(text);
    if (wholeFile) scanner.end();
    return;
  }
  const body = text.replace(/^\uFEFF/, '').replace(/^(\s*\r?\n)+/, '');
  if (!body.trim()) throw new UnitImportError('CSV 文件没有表头', 'the CSV file has no header');
  const newline = body.search(/\r?\n/);
  if (newline === -1 && !wholeFile) {
    throw new UnitImportError('CSV 表头过长', 'the CSV header line is too long');
  }
  parseHeader(newline === -1 ? body : body.slice(0, newline));
}

function problem(line: number, field: string, zh: string, en: string): ImportProblem {
  return { line, field, reason: bilingual(zh, en) };
}

function parseHeader(text: string): string[] {
  const cells = parseCsvRecord(text);
  if (!cells) throw new UnitImportError('CSV 表头格式错误', 'the CSV header is malformed');
  const names = cells.map((cell) => cell.trim());
  const known = new Set<string>(CSV_COLUMNS);
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length) {
    throw new UnitImportError(
      `CSV 表头含未知列：${unknown.join('、')}（可用列：${CSV_COLUMNS.join(',')}）`,
      `the CSV header has unknown columns: ${unknown.join(', ')} (known columns: ${CSV_COLUMNS.join(',')})`,
    );
  }
  const duplicated = names.filter((name, index) => names.indexOf(name) !== index);
  if (duplicated.length) {
    throw new UnitImportError(
      `CSV 表头列重复：${duplicated.join('、')}`,
      `the CSV header repeats columns: ${duplicated.join(', ')}`,
    );
  }
  const missing = CSV_REQUIRED_COLUMNS.filter((name) => !names.includes(name));
  if (missing.length) {
    throw new UnitImportError(
      `CSV 表头缺少必需列：${missing.join('、')}`,
      `the CSV header lacks required columns: ${missing.join(', ')}`,
    );
  }
  return names;
}

function parseCsvHolders(cell: string, line: number, problems: ImportProblem[]): unknown[] {
  return cell.split(CSV_HOLDER_SEPARATOR).map((entry, index) => {
    const parts = entry.split(CSV_HOLDER_PART_SEPARATOR).map((part) => part.trim());
    if (parts.length !== 4) {
      problems.push(
        problem(
          line,
          `holders[${index}]`,
          '权利人须写作“类型;姓名或名称;证件号码;份额”四项，以分号分隔，多名权利人以 | 分隔',
          'a holder must be holderKind;holderName;holderId;share, several holders joined with |',
        ),
      );
      return REPORTED_BY_READER;
    }
    const [kind, name, id, share] = parts;
    if (kind === 'party') return { partyId: id, share };
    if (kind === 'person') return { party: { kind, name, idNumber: id }, share };
    if (kind === 'organization') return { party: { kind, name, uscc: id }, share };
    problems.push(
      problem(
        line,
        `holders[${index}].party.kind`,
        `权利人类型须为 ${CSV_HOLDER_KINDS.join('、')} 之一`,
        `holderKind must be one of ${CSV_HOLDER_KINDS.join(', ')}`,
      ),
    );
    return REPORTED_BY_READER;
  });
}

function csvRecord(header: string[], text: string, line: number): SourceRecord {
  const cells = parseCsvRecord(text);
  if (!cells || cells.length !== header.length) {
    return {
      line,
      fields: {},
      problems: [
        cells
          ? problem(
              line,
              RECORD_FIELD,
              `本行有 ${cells.length} 列，表头有 ${header.length} 列`,
              `the row has ${cells.length} cells, the header ${header.length}`,
            )
          : problem(line, RECORD_FIELD, '引号使用不符合 CSV 格式', 'quotes are not used as CSV requires'),
      ],
    };
  }
  const fields: Record<string, unknown> = {};
  const problems: ImportProblem[] = [];
  for (let index = 0; index < header.length; index++) {
    const column = header[index];
    const cell = cells[index];
    if (cell === '') continue;
    switch (column) {
      case 'landGrade':
        fields.landGrade = /^\s*-?\d+\s*$/.test(cell) ? Number(cell) : cell;
        break;
      case 'grantFeePaid': {
        const flag = cell.trim().toLowerCase();
        fields.grantFeePaid = flag === 'true' ? true : flag === 'false' ? false : cell;
        break;
      }
      case 'holders':
        fields.holders = parseCsvHolders(cell, line, problems);
        break;
      case 'geometry':
        try {
          fields.geometry = JSON.parse(cell);
        } catch {
          problems.push(
            problem(
              line,
              'geometry',
              '宗地图形不是有效的 GeoJSON 文本',
              'the geometry is not valid GeoJSON text',
            ),
          );
          fields.geometry = REPORTED_BY_READER;
        }
        break;
      default:
        fields[column] = cell;
    }
  }
  return { line, fields, problems };
}

/** Lines are numbered as an editor shows them; a record whose quoted cell spans lines has its first line. */
async function* readCsvRecords(stream: Readable): AsyncGenerator<SourceRecord> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let header: string[] | null = null;
  let lineNumber = 0;
  let pending: string | null = null;
  let pendingLine = 0;
  for await (const rawLine of lines) {
    lineNumber += 1;
    const line = lineNumber === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
    if (pending === null) {
      if (!line.trim()) continue;
      pending = line;
      pendingLine = lineNumber;
    } else {
      pending += `\n${line}`;
    }
    if (!isCompleteCsvRecord(pending)) continue;
    const text = pending;
    pending = null;
    if (!header) header = parseHeader(text);
    else yield csvRecord(header, text, pendingLine);
  }
  if (!header) throw new UnitImportError('CSV 文件没有表头', 'the CSV file has no header');
  if (pending !== null) {
    yield {
      line: pendingLine,
      fields: {},
      problems: [problem(pendingLine, RECORD_FIELD, '引号未闭合', 'a quoted cell is never closed')],
    };
  }
}

function geoJsonRecord(line: number, text: string | null): SourceRecord {
  const notAFeature = (): SourceRecord => ({
    line,
    fields: {},
    problems: [problem(line, RECORD_FIELD, '不是 GeoJSON Feature 对象', 'not a GeoJSON Feature object')],
  });
  if (text === null) return notAFeature();
  let feature: unknown;
  try {
    feature = JSON.parse(text);
  } catch {
    return {
      line,
      fields: {},
      problems: [problem(line, RECORD_FIELD, '不是有效的 JSON', 'not valid JSON')],
    };
  }
  const candidate = feature as { type?: unknown; properties?: unknown; geometry?: unknown };
  if (candidate.type !== 'Feature') return notAFeature();
  const properties = candidate.properties;
  if (!properties || typeof properties !== 'object' || Array.isArray(properties)) {
    return {
      line,
      fields: {},
      problems: [problem(line, RECORD_FIELD, '缺少 properties 对象', 'the feature has no properties object')],
    };
  }
  return { line, fields: { ...(properties as Record<string, unknown>), geometry: candidate.geometry } };
}

async function* readGeoJsonRecords(stream: Readable): AsyncGenerator<SourceRecord> {
  const scanner = new FeatureCollectionScanner();
  for await (const chunk of stream) {
    for (const feature of scanner.push(chunk as string)) yield geoJsonRecord(feature.line, feature.text);
  }
  scanner.end();
}
