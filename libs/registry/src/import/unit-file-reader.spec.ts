import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { UnitImportError } from './import-problem';
import { checkUnitFileHead, openUnitFile, unitFileFromStream } from './unit-file-reader';
import { RECORD_FIELD, REPORTED_BY_READER, SourceRecord } from './unit-record';

const directory = mkdtempSync(join(tmpdir(), 'unit-file-reader-'));

async function read(name: string, content: string): Promise<SourceRecord[]> {
  const path = join(directory, name);
  writeFileSync(path, content);
  const records: SourceRecord[] = [];
  for await (const record of (await openUnitFile(path)).records) records.push(record);
  return records;
}

const HEADER =
  'unitNumber,districtCode,location,landUse,landGrade,rightType,areaM2,grantFeePaid,holders,geometry';

describe('openUnitFile', () => {
  it('reads CSV records with their first line, holders and geometry', async () => {
    const records = await read(
      'units.csv',
      [
        `\uFEFF${HEADER}`,
        '',
        'U1,150302,"新华大街 1 号,北侧",0601,2,granted,100.00,TRUE,person;刘一;ID1;0.5|organization;某公司;USCC1;0.5,"{""type"":""Polygon"",""coordinates"":[]}"',
        'U2,150302,"两行',
        '地址",0601,x,allocated,5,maybe,party;;1b4e28ba-2fa1-11d2-883f-0016d3cca427;1,',
      ].join('\r\n'),
    );
    expect(records).toEqual([
      {
        line: 3,
        fields: {
          unitNumber: 'U1',
          districtCode: '150302',
          location: '新华大街 1 号,北侧',
          landUse: '0601',
          landGrade: 2,
          rightType: 'granted',
          areaM2: '100.00',
          grantFeePaid: true,
          holders: [
            { party: { kind: 'person', name: '刘一', idNumber: 'ID1' }, share: '0.5' },
            { party: { kind: 'organization', name: '某公司', uscc: 'USCC1' }, share: '0.5' },
          ],
          geometry: { type: 'Polygon', coordinates: [] },
        },
        problems: [],
      },
      {
        line: 4,
        fields: {
          unitNumber: 'U2',
          districtCode: '150302',
          location: '两行\n地址',
          landUse: '0601',
          landGrade: 'x',
          rightType: 'allocated',
          areaM2: '5',
          grantFeePaid: 'maybe',
          holders: [{ partyId: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', share: '1' }],
        },
        problems: [],
      },
    ]);
  });

  it('reports malformed holders, geometry and rows on their line and field', async () => {
    const [holders, row, quotes] = await read(
      'bad.csv',
      [
        HEADER,
        'U1,150302,x,0601,,granted,1,,person;刘一;0.5|robot;a;b;1,{not json',
        'U2,150302',
        'U3,"x"y',
      ].join('\n'),
    );
    expect(holders.fields.holders).toEqual([REPORTED_BY_READER, REPORTED_BY_READER]);
    expect(holders.fields.geometry).toBe(REPORTED_BY_READER);
    expect(holders.problems!.map((problem) => problem.field)).toEqual([
      'holders[0]',
      'holders[1].party.kind',
      'geometry',
    ]);
    expect(row.problems).toEqual([expect.objectContaining({ line: 3, field: RECORD_FIELD })]);
    expect(quotes.problems).toEqual([expect.objectContaining({ line: 4, field: RECORD_FIELD })]);
  });

  it.each([
    ['an unknown column', 'unitNumber,districtCode,location,landUse,rightType,areaM2,holders,colour\n'],
    ['a missing required column', 'unitNumber,districtCode,location\n'],
    ['no header at all', ''],
  ])('stops at a CSV with %s', async (_case, content) => {
    await expect(read('header.csv', content)).rejects.toThrow(UnitImportError);
  });

  it('reads GeoJSON features with their properties and geometry', async () => {
    const records = await read(
      'units.geojson',
      '{"type":"FeatureCollection","features":[\n{"type":"Feature","properties":{"unitNumber":"U1"},"geometry":null},\n{"type":"Feature","geometry":null},\n{"type":"Other","properties":{}}\n]}',
    );
    expect(records.map((record) => record.line)).toEqual([2, 3, 4]);
    expect(records[0].fields).toEqual({ unitNumber: 'U1', geometry: null });
    expect(records[1].problems).toEqual([expect.objectContaining({ field: RECORD_FIELD })]);
    expect(records[2].problems).toEqual([expect.objectContaining({ field: RECORD_FIELD })]);
  });

  it('refuses a file type it cannot read', async () => {
    await expect(read('units.xlsx', '')).rejects.toThrow(UnitImportError);
  });
});

describe('unitFileFromStream', () => {
  it('reads records from a byte stream, keeping a character split across chunks whole, and counts the bytes', async () => {
    const text = `${HEADER}\nU1,150302,乌达区苏海图街,0601,2,granted,100.00,true,person;刘一;ID1;1,\n`;
    const bytes = Buffer.from(text);
    const cut = bytes.indexOf(Buffer.from('苏')) + 1;
    const file = unitFileFromStream(
      Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]),
      'csv',
      bytes.length,
    );
    const records: SourceRecord[] = [];
    for await (const record of file.records) records.push(record);
    expect(records.map((record) => record.fields.location)).toEqual(['乌达区苏海图街']);
    expect(file.bytesRead()).toBe(bytes.length);
  });
});

describe('checkUnitFileHead', () => {
  const head = (text: string | Buffer) => (typeof text === 'string' ? Buffer.from(text) : text);

  it('accepts a CSV header the reader accepts, and the opening of a FeatureCollection', () => {
    expect(() => checkUnitFileHead('csv', head(`\uFEFF${HEADER}\r\nU1,`), false)).not.toThrow();
    expect(() =>
      checkUnitFileHead('geojson', head('{"type":"FeatureCollection","features":[{"ty'), false),
    ).not.toThrow();
  });

  it.each([
    ['text that is not UTF-8 (GBK)', 'csv', Buffer.from([0xb5, 0xa5, 0xd4, 0xaa, 0x0a]), true],
    ['a binary file', 'csv', Buffer.from('unitNumber\u0000\n'), true],
    ['an unknown column', 'csv', head('unitNumber,地址\n'), false],
    ['a missing required column', 'csv', head('unitNumber,districtCode\n'), true],
    ['a header line longer than the head', 'csv', head('unitNumber,'.repeat(10)), false],
    ['only blank lines', 'csv', head('\n\n'), true],
    ['a top-level array', 'geojson', head('[{"type":"Feature"}]'), true],
    ['a FeatureCollection cut short', 'geojson', head('{"type":"FeatureCollection","features":['), true],
  ] as const)('refuses %s', (_case, format, content, wholeFile) => {
    expect(() => checkUnitFileHead(format, content, wholeFile)).toThrow(UnitImportError);
  });

  it('does not mistake a character cut at the end of the head for bad UTF-8', () => {
    const bytes = Buffer.from(`${HEADER}\nU1,150302,乌`);
    expect(() => checkUnitFileHead('csv', bytes.subarray(0, bytes.length - 1), false)).not.toThrow();
  });
});
