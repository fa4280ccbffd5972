import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '@app/audit';
import { computeResidentIdCheckChar, CSV_COLUMNS } from '@app/domain';
import { PiiCipher } from '@app/identity';
import { csvLine, ImportProblem, UnitImportService, UnitImportSummary } from '@app/registry';
import {
  SyntheticRegister,
  SyntheticUnit,
  syntheticCsvRow,
  syntheticFeature,
} from '../../scripts/synthetic-register';
import { PASSWORD } from '../support/fixtures';
import { Platform, startPlatform } from '../support/platform';

const ADMIN = { username: 'import.admin', password: 'Admin-password-1' };
const ACTOR = { ...SYSTEM_ACTOR, label: 'import:units' };
/** One synthetic register, so the two files share one parcel layout and never overlap by accident. */
const REGISTER = new SyntheticRegister(700, 4242);
const FIRST_FILE_UNITS = 300;

describe('unit import', () => {
  let platform: Platform;
  let importer: UnitImportService;
  let registrarToken: string;
  let auditorToken: string;
  let directory: string;

  async function createStaff(username: string, roles: string[]): Promise<string> {
    const adminToken = await platform.login(ADMIN.username, ADMIN.password);
    const response = await platform.request('POST', '/users', {
      token: adminToken,
      body: { username, password: PASSWORD, displayName: username, roles },
    });
    expect(response.status).toBe(201);
    return platform.login(username, PASSWORD);
  }

  async function runImport(
    path: string,
    batchSize?: number,
  ): Promise<{ summary: UnitImportSummary; problems: ImportProblem[] }> {
    const problems: ImportProblem[] = [];
    const summary = await importer.importFile(path, {
      actor: ACTOR,
      batchSize,
      onProblem: (problem) => problems.push(problem),
    });
    return { summary, problems };
  }

  async function counts() {
    const [row] = await platform.db.query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM real_estate_unit)::int AS units, (SELECT count(*) FROM use_right)::int AS rights,
              (SELECT count(*) FROM right_holder)::int AS holders, (SELECT count(*) FROM party)::int AS parties,
              (SELECT count(*) FROM audit_event)::int AS events`,
    );
    return row;
  }

  function geoJsonFile(name: string, units: SyntheticUnit[]): string {
    const path = join(directory, name);
    writeFileSync(
      path,
      `{"type":"FeatureCollection","features":[\n${units.map(syntheticFeature).join(',\n')}\n]}\n`,
    );
    return path;
  }

  beforeAll(async () => {
    platform = await startPlatform({
      env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password },
    });
    importer = platform.api!.get(UnitImportService);
    registrarToken = await createStaff('import.registrar', ['registrar']);
    auditorToken = await createStaff('import.auditor', ['auditor']);
    directory = mkdtempSync(join(tmpdir(), 'wuhai-import-'));
  });

  afterAll(async () => {
    rmSync(directory, { recursive: true, force: true });
    await platform.close();
  });

  const firstUnits = Array.from({ length: FIRST_FILE_UNITS }, (_, ordinal) => REGISTER.unit(ordinal));

  it('imports a generated GeoJSON register in batches; every unit reads back with holders masked', async () => {
    const path = geoJsonFile('register.geojson', firstUnits);
    const { summary, problems } = await runImport(path, 120);
    expect(problems).toEqual([]);
    expect(summary).toMatchObject({
      read: FIRST_FILE_UNITS,
      imported: FIRST_FILE_UNITS,
      alreadyRegistered: 0,
      rejected: 0,
      batches: 3,
    });

    const events = await platform.db.query<{ data: Record<string, unknown> }>(
      `SELECT data FROM audit_event WHERE action = 'unit.imported' ORDER BY id`,
    );
    expect(events.map((event) => event.data.count)).toEqual([120, 120, 60]);
    expect(events[0].data).toMatchObject({ source: 'register.geojson', firstUnitNumber: expect.any(String) });

    for (const unit of firstUnits) {
      const response = await platform.request('GET', `/units/${unit.unitNumber}`, { token: registrarToken });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        unitNumber: unit.unitNumber,
        rightType: unit.rightType,
        termEnd: unit.termEnd ?? null,
        areaM2: Number(unit.areaM2).toFixed(2),
        currentRight: { certificateNumber: unit.certificateNumber ?? null },
      });
      expect(Math.abs(Number(response.body.parcelAreaM2) / Number(unit.areaM2) - 1)).toBeLessThan(0.01);
      const holders = response.body.currentRight.holders as { party: Record<string, string> }[];
      expect(holders).toHaveLength(unit.holders.length);
      for (const { party } of unit.holders) {
        if (party.kind !== 'person') continue;
        expect(JSON.stringify(response.body)).not.toContain(party.idNumber);
        expect(holders.map((holder) => holder.party.idNumberMasked)).toContain(
          `${party.idNumber!.slice(0, 6)}********${party.idNumber!.slice(14)}`,
        );
      }
    }
    const cipher = platform.api!.get(PiiCipher);
    const people = firstUnits
      .flatMap((unit) => unit.holders.map(({ party }) => party))
      .filter((party) => party.idNumber);
    for (const party of people.slice(0, 50)) {
      const [stored] = await platform.db.query<{ name: string; ciphertext: Buffer; masked: string }>(
        `SELECT name, id_number_ciphertext AS ciphertext, id_number_masked AS masked FROM party WHERE id_number_hmac = $1`,
        [cipher.lookupHash(party.idNumber!)],
      );
      expect(stored.name).toBe(party.name);
      expect(stored.ciphertext.includes(Buffer.from(party.idNumber!))).toBe(false);
      expect(cipher.decrypt(stored.ciphertext)).toBe(party.idNumber);
    }
  });

  it('writes nothing new when the same file is imported again', async () => {
    const before = await counts();
    const { summary, problems } = await runImport(join(directory, 'register.geojson'));
    expect(problems).toEqual([]);
    expect(summary).toMatchObject({
      read: FIRST_FILE_UNITS,
      imported: 0,
      alreadyRegistered: FIRST_FILE_UNITS,
    });
    expect(await counts()).toEqual(before);
  });

  it('imports the good rows of a CSV file with bad ones and reports every bad row on its line and field', async () => {
    const units = Array.from({ length: 400 }, (_, index) => REGISTER.unit(FIRST_FILE_UNITS + index));
    const withPerson = (from: number) =>
      units.findIndex((unit, i) => i >= from && unit.holders[0].party.kind === 'person');
    const bad = new Map<number, { field: string; reason?: RegExp }>();
    const lineOf = (index: number) => index + 2;

    const badNumber = 10;
    units[badNumber] = { ...units[badNumber], unitNumber: units[badNumber].unitNumber.replace('GB', 'GX') };
    bad.set(badNumber, { field: 'unitNumber' });

    const badChecksum = withPerson(60);
    const person = units[badChecksum].holders[0].party;
    const body = person.idNumber!.slice(0, 17);
    const wrongCheck = '10X98765432'.split('').find((char) => char !== computeResidentIdCheckChar(body))!;
    units[badChecksum] = {
      ...units[badChecksum],
      holders: [{ party: { ...person, idNumber: body + wrongCheck }, share: '1' }],
    };
    bad.set(badChecksum, { field: 'holders[0].party.idNumber' });

    const badShares = 120;
    units[badShares] = {
      ...units[badShares],
      holders: [
        { party: units[badShares].holders[0].party, share: '0.5' },
        {
          party: { kind: 'organization', name: '乌海某投资有限公司', uscc: '91350100M000100Y43' },
          share: '0.4',
        },
      ],
    };
    bad.set(badShares, { field: 'holders' });

    const overlapsEarlierRow = 183;
    units[overlapsEarlierRow] = {
      ...units[overlapsEarlierRow],
      geometry: units[180].geometry,
      areaM2: units[180].areaM2,
    };
    bad.set(overlapsEarlierRow, { field: 'geometry', reason: new RegExp(`line ${lineOf(180)} `) });

    const overlapsRegistered = 240;
    units[overlapsRegistered] = {
      ...units[overlapsRegistered],
      geometry: firstUnits[5].geometry,
      areaM2: firstUnits[5].areaM2,
    };
    bad.set(overlapsRegistered, { field: 'geometry', reason: new RegExp(firstUnits[5].unitNumber) });

    const bowTie = 300;
    const [[[x0, y0], [x1], [, y1]]] = units[bowTie].geometry.coordinates as number[][][];
    units[bowTie] = {
      ...units[bowTie],
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x0, y0],
            [x1, y1],
            [x1, y0],
            [x0, y1],
            [x0, y0],
          ],
        ],
      },
    };
    bad.set(bowTie, { field: 'geometry', reason: /Self-intersection/ });

    const renamed = withPerson(350);
    const sameIdAs = units[withPerson(330)].holders[0].party;
    units[renamed] = {
      ...units[renamed],
      holders: [{ party: { ...sameIdAs, name: `${sameIdAs.name}某` }, share: '1' }],
    };
    bad.set(renamed, { field: 'holders[0].party.name' });

    const path = join(directory, 'more.csv');
    writeFileSync(path, csvLine(CSV_COLUMNS) + units.map(syntheticCsvRow).join(''));
    const before = await counts();
    const { summary, problems } = await runImport(path, 100);

    expect(summary).toMatchObject({
      read: 400,
      imported: 400 - bad.size,
      alreadyRegistered: 0,
      rejected: bad.size,
    });
    expect(problems.map((problem) => problem.line)).toEqual(
      [...bad.keys()].sort((a, b) => a - b).map(lineOf),
    );
    for (const [index, expected] of bad) {
      const problem = problems.find((candidate) => candidate.line === lineOf(index))!;
      expect(problem.field).toBe(expected.field);
      expect(problem.reason).toMatch(/ \/ /);
      if (expected.reason) expect(problem.reason).toMatch(expected.reason);
    }
    const conflict = problems.find((problem) => problem.line === lineOf(renamed))!;
    expect(conflict.reason).toContain(
      `${sameIdAs.idNumber!.slice(0, 6)}********${sameIdAs.idNumber!.slice(14)}`,
    );
    const report = JSON.stringify(problems);
    for (const unit of units) {
      for (const { party } of unit.holders) if (party.idNumber) expect(report).not.toContain(party.idNumber);
    }

    const after = await counts();
    expect(after.units - before.units).toBe(400 - bad.size);
    for (const [index, unit] of units.entries()) {
      const response = await platform.request('GET', `/units/${unit.unitNumber}`, { token: registrarToken });
      expect(response.status).toBe(index === badNumber ? 400 : bad.has(index) ? 404 : 200);
    }

    const rerun = await runImport(path, 100);
    expect(rerun.summary).toMatchObject({
      imported: 0,
      alreadyRegistered: 400 - bad.size,
      rejected: bad.size,
    });
    expect(await counts()).toEqual(after);
  });

  it('leaves the audit chain intact', async () => {
    const response = await platform.request('GET', '/audit/verify', { token: auditorToken });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ valid: true });
  });
});
