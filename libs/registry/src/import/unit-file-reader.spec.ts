import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnitImportError } from './import-problem';
import { openUnitFile } from './unit-file-reader';
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
