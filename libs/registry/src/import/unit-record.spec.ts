import { computeResidentIdCheckChar } from '@app/domain';
import { RECORD_FIELD, REPORTED_BY_READER, SourceRecord, validateUnitRecord } from './unit-record';

const TODAY = new Date('2026-03-15T00:00:00Z');
const ID_BODY = '15030219800101123';
const ID = ID_BODY + computeResidentIdCheckChar(ID_BODY);
const WRONG_CHECK = ID_BODY + (ID.endsWith('0') ? '1' : '0');

function record(fields: Record<string, unknown> = {}): SourceRecord {
  return {
    line: 7,
    fields: {
      unitNumber: '150302001001GB00001W00000000',
      districtCode: '150302',
      location: ' 海勃湾区新华大街以北 ',
      landUse: '0601',
      landGrade: 2,
      rightType: 'granted',
      termStart: '2015-06-01',
      termEnd: '2065-05-31',
      areaM2: '10000.00',
      certificateNumber: '蒙（2020）乌海市不动产权第0001234号',
      grantFeePaid: true,
      investmentRatio: '0.3',
      holders: [
        { party: { kind: 'person', name: '刘一', idNumber: ID }, share: '0.5' },
        { party: { kind: 'organization', name: '乌海某公司', uscc: '91350100M000100Y43' }, share: '0.5' },
      ],
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [106.8, 39.6],
            [106.801, 39.6],
            [106.801, 39.601],
            [106.8, 39.6],
          ],
        ],
      },
      ...fields,
    },
  };
}

function fieldsOf(fields: Record<string, unknown>): string[] {
  const result = validateUnitRecord(record(fields), TODAY);
  return result.valid ? [] : result.problems.map((problem) => problem.field);
}

describe('validateUnitRecord', () => {
  it('accepts a valid record in canonical form', () => {
    const result = validateUnitRecord(record(), TODAY);
    expect(result).toMatchObject({
      valid: true,
      unit: {
        line: 7,
        location: '海勃湾区新华大街以北',
        certificateNumber: '蒙(2020)乌海市不动产权第0001234号',
        investmentRatio: '0.3',
        holders: [{ kind: 'person', idNumber: ID }, { kind: 'organization' }],
      },
    });
    expect(result.valid && result.unit.parcelEwkb).toMatch(/^01060000208a110000/);
  });

  it.each([
    [{ unitNumber: '150302001001GX00001W00000000' }, 'unitNumber'],
    [{ districtCode: '110101' }, 'districtCode'],
    [{ districtCode: '150303' }, 'districtCode'],
    [{ landUse: '0101' }, 'landUse'],
    [{ location: 'a\u0000b' }, 'location'],
    [{ landGrade: 0 }, 'landGrade'],
    [{ rightType: 'leased' }, 'rightType'],
    [{ termEnd: '2010-01-01' }, 'termEnd'],
    [{ termStart: '2015-02-30' }, 'termStart'],
    [{ rightType: 'allocated' }, 'termEnd'],
    [{ areaM2: '12.345' }, 'areaM2'],
    [{ areaM2: '0' }, 'areaM2'],
    [{ buildingDensity: '120' }, 'buildingDensity'],
    [{ certificateNumber: '京(2020)乌海市不动产权第0001234号' }, 'certificateNumber'],
    [{ grantFeePaid: 'yes' }, 'grantFeePaid'],
    [{ investmentRatio: '1.5' }, 'investmentRatio'],
    [{ geometry: { type: 'Point', coordinates: [106.8, 39.6] } }, 'geometry'],
    [{ holders: [] }, 'holders'],
    [{ holders: [{ party: { kind: 'person', name: '刘一', idNumber: ID }, share: '0.6' }] }, 'holders'],
    [
      { holders: [{ party: { kind: 'person', name: '刘一', idNumber: WRONG_CHECK }, share: '1' }] },
      'holders[0].party.idNumber',
    ],
    [
      { holders: [{ party: { kind: 'company', name: '某', uscc: 'x' }, share: '1' }] },
      'holders[0].party.kind',
    ],
    [{ holders: [{ partyId: 'not-a-uuid', share: '1' }] }, 'holders[0].partyId'],
  ])('reports %j on its field', (fields, field) => {
    expect(fieldsOf(fields)).toEqual([field]);
  });

  it('collects every problem of a record, not only the first', () => {
    expect(fieldsOf({ unitNumber: 'x', landUse: '0101', areaM2: 'big', holders: 'nobody' })).toEqual([
      'unitNumber',
      'landUse',
      'areaM2',
      'holders',
    ]);
  });

  it('refuses the same party twice and never echoes a resident ID', () => {
    const twice = { party: { kind: 'person', name: '刘一', idNumber: ID }, share: '0.5' };
    expect(fieldsOf({ holders: [twice, twice] })).toEqual(['holders']);
    const result = validateUnitRecord(
      record({ holders: [{ party: { kind: 'person', name: '刘一', idNumber: WRONG_CHECK }, share: '1' }] }),
      TODAY,
    );
    expect(JSON.stringify(result)).not.toContain(ID_BODY);
  });

  it('does not report again what the reader reported, and stops at a broken record', () => {
    const readerProblem = { line: 7, field: 'geometry', reason: 'x' };
    const result = validateUnitRecord(
      { ...record({ geometry: REPORTED_BY_READER }), problems: [readerProblem] },
      TODAY,
    );
    expect(result).toEqual({ valid: false, problems: [readerProblem] });
    const broken = { line: 9, fields: {}, problems: [{ line: 9, field: RECORD_FIELD, reason: 'y' }] };
    expect(validateUnitRecord(broken, TODAY)).toEqual({ valid: false, problems: broken.problems });
  });
});
