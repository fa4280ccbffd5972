import { nextParcel } from '../support/parcels';
import { PASSWORD, residentId, uniqueName, uscc } from '../support/fixtures';
import { Platform, startPlatform } from '../support/platform';

const ADMIN = { username: 'reg.admin', password: 'Admin-password-1' };

describe('registry: units, rights, restrictions, benchmark prices and settings', () => {
  let platform: Platform;
  let adminToken: string;
  let registrarToken: string;
  let holder: { token: string; idNumber: string; partyId: string };
  let otherHolderToken: string;

  async function registerHolder() {
    const idNumber = residentId('19750505');
    const username = uniqueName('h');
    const response = await platform.request('POST', '/auth/register', {
      body: {
        username,
        password: PASSWORD,
        displayName: '业主',
        party: { kind: 'person', name: '刘一', idNumber },
      },
    });
    expect(response.status).toBe(201);
    return {
      token: await platform.login(username, PASSWORD),
      idNumber,
      partyId: response.body.party.id as string,
    };
  }

  function unitBody(overrides: Record<string, unknown> = {}) {
    const parcel = nextParcel();
    return {
      unitNumber: parcel.unitNumber,
      districtCode: '150302',
      location: '海勃湾区新华大街以北',
      landUse: '0601',
      landGrade: 2,
      rightType: 'granted',
      termStart: '2015-06-01',
      termEnd: '2065-05-31',
      areaM2: parcel.areaM2,
      geometry: parcel.geometry,
      holders: [{ partyId: holder.partyId, share: '1' }],
      certificateNumber: `蒙(2020)乌海市不动产权第${String(Math.floor(Math.random() * 9_000_000) + 1).padStart(7, '0')}号`,
      grantFeePaid: true,
      investmentRatio: '0.30',
      ...overrides,
    };
  }

  async function counts() {
    const [row] = await platform.db.query(
      `SELECT (SELECT count(*) FROM real_estate_unit)::int AS units, (SELECT count(*) FROM use_right)::int AS rights,
              (SELECT count(*) FROM right_holder)::int AS holders, (SELECT count(*) FROM party)::int AS parties,
              (SELECT count(*) FROM audit_event)::int AS events`,
    );
    return row;
  }

  beforeAll(async () => {
    platform = await startPlatform({
      env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password },
    });
    adminToken = await platform.login(ADMIN.username, ADMIN.password);
    const registrar = {
      username: 'registrar.one',
      password: PASSWORD,
      displayName: '登簿员',
      roles: ['registrar'],
    };
    expect((await platform.request('POST', '/users', { token: adminToken, body: registrar })).status).toBe(
      201,
    );
    registrarToken = await platform.login(registrar.username, PASSWORD);
    holder = await registerHolder();
    otherHolderToken = (await registerHolder()).token;
  });

  afterAll(async () => {
    await platform.close();
  });

  it('registers a unit with its right and shows it with the holder masked and the parcel measured', async () => {
    const body = unitBody();
    const created = await platform.request('POST', '/units', { token: registrarToken, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      unitNumber: body.unitNumber,
      rightType: 'granted',
      termEnd: '2065-05-31',
      currentRight: {
        certificateNumber: body.certificateNumber,
        holders: [{ share: '1.00000000', party: { kind: 'person', name: '刘一' } }],
      },
      mortgages: [],
      leases: [],
      restrictions: [],
    });
    expect(Math.abs(Number(created.body.parcelAreaM2) - 10_000)).toBeLessThan(100);
    expect(JSON.stringify(created.body)).not.toContain(holder.idNumber);
    expect(created.body.currentRight.holders[0].party.idNumberMasked).toMatch(/^150302\*{8}/);

    const fetched = await platform.request('GET', `/units/${body.unitNumber}`, { token: holder.token });
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);
  });

  it('registers co-owners whose shares sum to one, creating a new party on the way', async () => {
    const body = unitBody({
      holders: [
        { partyId: holder.partyId, share: '0.6' },
        { party: { kind: 'organization', name: '乌海某投资有限公司', uscc: uscc() }, share: '0.4' },
      ],
    });
    const created = await platform.request('POST', '/units', { token: adminToken, body });
    expect(created.status).toBe(201);
    expect(created.body.currentRight.holders.map((h: { share: string }) => h.share)).toEqual([
      '0.60000000',
      '0.40000000',
    ]);
  });

  it.each([
    ['a unit number with a bad feature code', { unitNumber: '150302001001GX00001W00000000' }, 'unitNumber'],
    ['an unknown district', { districtCode: '110101' }, 'districtCode'],
    ['a district that differs from the unit number', { districtCode: '150303' }, 'districtCode'],
    ['a land use outside construction land', { landUse: '0101' }, 'landUse'],
    ['shares that do not sum to one', { holders: [{ share: '0.5' }] }, 'holders'],
    ['a granted unit without a term', { termStart: undefined, termEnd: undefined }, 'termEnd'],
    [
      'projected coordinates sent as longitude/latitude',
      {
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [36500000, 4390000],
              [36500100, 4390000],
              [36500100, 4390100],
              [36500000, 4390000],
            ],
          ],
        },
      },
      'geometry',
    ],
    [
      'a geometry that is not a polygon',
      { geometry: { type: 'Point', coordinates: [106.8, 39.6] } },
      'geometry',
    ],
    [
      'a self-intersecting polygon',
      {
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [106.8, 39.6],
              [106.801, 39.601],
              [106.801, 39.6],
              [106.8, 39.601],
              [106.8, 39.6],
            ],
          ],
        },
      },
      'geometry',
    ],
    ['a declared area far from the parcel’s', { areaM2: '20000.00' }, 'areaM2'],
  ])('refuses %s with a 400 naming the field and writes nothing', async (_case, overrides, field) => {
    const before = await counts();
    const base = unitBody();
    const body: Record<string, unknown> = { ...base, ...overrides };
    if ('holders' in overrides) body.holders = [{ partyId: holder.partyId, share: '0.5' }];
    const response = await platform.request('POST', '/units', { token: registrarToken, body });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await counts()).toEqual(before);
  });

  it('refuses a holder given both as an existing party and as a new one, so neither escapes validation', async () => {
    const before = await counts();
    const body = unitBody({
      holders: [
        { partyId: holder.partyId, party: { kind: 'person', name: '某人', idNumber: 'garbage' }, share: '1' },
      ],
    });
    const response = await platform.request('POST', '/units', { token: registrarToken, body });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'holders[0].partyId', rule: 'oneOfPartyIdOrParty' }),
        expect.objectContaining({ field: 'holders[0].party.idNumber' }),
      ]),
    );
    expect(await counts()).toEqual(before);
  });

  it('stores identifiers in their canonical spelling, so a full-width bracket cannot dodge uniqueness', async () => {
    const first = unitBody();
    const created = await platform.request('POST', '/units', {
      token: registrarToken,
      body: {
        ...first,
        unitNumber: ` ${first.unitNumber.toLowerCase()} `,
        certificateNumber: '蒙（2021）乌海市不动产权第0765432号',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.unitNumber).toBe(first.unitNumber);
    expect(created.body.currentRight.certificateNumber).toBe('蒙(2021)乌海市不动产权第0765432号');
    const duplicate = await platform.request('POST', '/units', {
      token: registrarToken,
      body: { ...unitBody(), certificateNumber: '蒙(2021)乌海市不动产权第0765432号' },
    });
    expect(duplicate.status).toBe(409);
  });

  it('refuses a parcel that overlaps a registered one, naming that unit', async () => {
    const first = unitBody();
    expect((await platform.request('POST', '/units', { token: registrarToken, body: first })).status).toBe(
      201,
    );
    const before = await counts();
    const overlapping = unitBody({ geometry: first.geometry, areaM2: first.areaM2 });
    const response = await platform.request('POST', '/units', { token: registrarToken, body: overlapping });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([
      expect.objectContaining({
        field: 'geometry',
        rule: 'noOverlap',
        message: expect.stringContaining(first.unitNumber),
      }),
    ]);
    expect(await counts()).toEqual(before);
  });

  it('lets exactly one of two parallel overlapping parcels in', async () => {
    const first = unitBody();
    const second = unitBody({ geometry: first.geometry, areaM2: first.areaM2 });
    const responses = await Promise.all(
      [first, second].map((body) => platform.request('POST', '/units', { token: registrarToken, body })),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([201, 400]);
  });

  it('answers 409 for a unit number already registered', async () => {
    const body = unitBody({ geometry: undefined });
    expect((await platform.request('POST', '/units', { token: registrarToken, body })).status).toBe(201);
    const again = await platform.request('POST', '/units', {
      token: registrarToken,
      body: { ...body, certificateNumber: undefined },
    });
    expect(again.status).toBe(409);
  });

  it('shows holders only their own units, and hides other units behind 404', async () => {
    const body = unitBody();
    expect((await platform.request('POST', '/units', { token: registrarToken, body })).status).toBe(201);
    const mine = await platform.request('GET', '/units?mine=true&pageSize=100', { token: holder.token });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((unit: { unitNumber: string }) => unit.unitNumber)).toContain(body.unitNumber);
    const others = await platform.request('GET', '/units?mine=true', { token: otherHolderToken });
    expect(others.body).toMatchObject({ items: [], total: 0 });
    expect(
      (await platform.request('GET', `/units/${body.unitNumber}`, { token: otherHolderToken })).status,
    ).toBe(404);
    expect((await platform.request('GET', '/units', { token: otherHolderToken })).status).toBe(403);
    expect((await platform.request('GET', `/units/${body.unitNumber}`)).status).toBe(401);
    const badNumber = await platform.request('GET', '/units/150302-not-a-unit', { token: registrarToken });
    expect(badNumber.status).toBe(400);
  });

  it('adds and lifts restrictions with audit events, and refuses lifting twice', async () => {
    const body = unitBody();
    expect((await platform.request('POST', '/units', { token: registrarToken, body })).status).toBe(201);
    const seizure = await platform.request('POST', `/units/${body.unitNumber}/restrictions`, {
      token: registrarToken,
      body: {
        kind: 'seizure',
        reference: '(2026)蒙0302执123号',
        authority: '海勃湾区人民法院',
        startDate: '2026-03-01',
      },
    });
    expect(seizure.status).toBe(201);
    expect(
      (
        await platform.request('POST', `/units/${body.unitNumber}/restrictions`, {
          token: holder.token,
          body: { kind: 'seizure', reference: 'x', startDate: '2026-03-01' },
        })
      ).status,
    ).toBe(403);
    const unit = await platform.request('GET', `/units/${body.unitNumber}`, { token: holder.token });
    expect(unit.body.restrictions).toEqual([expect.objectContaining({ kind: 'seizure', liftedAt: null })]);

    const lifted = await platform.request('POST', `/restrictions/${seizure.body.id}/lift`, {
      token: registrarToken,
      body: { reason: '法院解除查封裁定' },
    });
    expect(lifted.status).toBe(200);
    expect(lifted.body.liftedAt).not.toBeNull();
    const again = await platform.request('POST', `/restrictions/${seizure.body.id}/lift`, {
      token: registrarToken,
      body: { reason: '重复' },
    });
    expect(again.status).toBe(409);
    const after = await platform.request('GET', `/units/${body.unitNumber}`, { token: holder.token });
    expect(after.body.restrictions).toEqual([]);

    const events = await platform.db.query<{ action: string; actor_label: string }>(
      `SELECT action, actor_label FROM audit_event WHERE entity_type = 'unit' AND entity_id = $1 ORDER BY id`,
      [body.unitNumber],
    );
    expect(events).toEqual([
      { action: 'unit.registered', actor_label: 'registrar.one' },
      { action: 'restriction.added', actor_label: 'registrar.one' },
      { action: 'restriction.lifted', actor_label: 'registrar.one' },
    ]);
  });

  it('keeps idle land restricted until its disposal is recorded', async () => {
    const body = unitBody();
    expect((await platform.request('POST', `/units`, { token: registrarToken, body })).status).toBe(201);
    const idle = await platform.request('POST', `/units/${body.unitNumber}/restrictions`, {
      token: registrarToken,
      body: { kind: 'idle', reference: '乌海自然资闲认〔2026〕7号', startDate: '2026-01-10' },
    });
    expect(idle.body.disposalStatus).toBe('pending');
    const withoutDisposal = await platform.request('POST', `/restrictions/${idle.body.id}/lift`, {
      token: registrarToken,
      body: { reason: '已处置' },
    });
    expect(withoutDisposal.status).toBe(400);
    const lifted = await platform.request('POST', `/restrictions/${idle.body.id}/lift`, {
      token: registrarToken,
      body: { reason: '已开工建设', disposal: 'construction_started' },
    });
    expect(lifted.body).toMatchObject({ disposalStatus: 'construction_started' });
  });

  it('looks up the benchmark price for a unit on a date, and refuses overlapping validity periods', async () => {
    const price = {
      districtCode: '150302',
      landUseClass: '06',
      grade: 2,
      pricePerM2: '420.00',
      validFrom: '2024-01-01',
      validTo: '2026-12-31',
    };
    const created = await platform.request('POST', '/benchmark-prices', { token: adminToken, body: price });
    expect(created.status).toBe(201);
    const next = await platform.request('POST', '/benchmark-prices', {
      token: adminToken,
      body: { ...price, pricePerM2: '460.00', validFrom: '2027-01-01', validTo: '2029-12-31' },
    });
    expect(next.status).toBe(201);
    const overlapping = await platform.request('POST', '/benchmark-prices', {
      token: adminToken,
      body: { ...price, validFrom: '2026-06-01', validTo: '2028-12-31' },
    });
    expect(overlapping.status).toBe(409);
    expect(
      (await platform.request('POST', '/benchmark-prices', { token: registrarToken, body: price })).status,
    ).toBe(403);

    const body = unitBody();
    expect((await platform.request('POST', '/units', { token: registrarToken, body })).status).toBe(201);
    const in2026 = await platform.request(
      'GET',
      `/units/${body.unitNumber}/benchmark-price?date=2026-11-26`,
      {
        token: holder.token,
      },
    );
    expect(in2026.body).toMatchObject({ pricePerM2: '420.00', validTo: '2026-12-31' });
    const in2027 = await platform.request(
      'GET',
      `/units/${body.unitNumber}/benchmark-price?date=2027-03-01`,
      {
        token: holder.token,
      },
    );
    expect(in2027.body.pricePerM2).toBe('460.00');
    const before = await platform.request(
      'GET',
      `/units/${body.unitNumber}/benchmark-price?date=2020-01-01`,
      {
        token: holder.token,
      },
    );
    expect(before.status).toBe(404);
    const rewrite = await platform.request('PUT', `/benchmark-prices/${created.body.id}`, {
      token: adminToken,
      body: { ...price, pricePerM2: '300.00' },
    });
    expect(rewrite.status).toBe(409);
    const removeInEffect = await platform.request('DELETE', `/benchmark-prices/${created.body.id}`, {
      token: adminToken,
      body: { reason: '录入错误' },
    });
    expect(removeInEffect.status).toBe(409);
    const future = await platform.request('PUT', `/benchmark-prices/${next.body.id}`, {
      token: adminToken,
      body: { ...price, pricePerM2: '470.00', validFrom: '2027-01-01', validTo: '2029-12-31' },
    });
    expect(future.status).toBe(200);
    expect(future.body.pricePerM2).toBe('470.00');
    const publicSearch = await platform.request(
      'GET',
      '/benchmark-prices?districtCode=150302&landUse=0601&date=2027-06-30',
    );
    expect(publicSearch.status).toBe(200);
    expect(publicSearch.body.map((row: { pricePerM2: string }) => row.pricePerM2)).toEqual(['470.00']);
  });

  it('lists every configurable value and lets an admin change one, audited and validated', async () => {
    const list = await platform.request('GET', '/settings', { token: adminToken });
    expect(list.status).toBe(200);
    expect(list.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'transfer.investmentThreshold', value: 0.25 }),
        expect.objectContaining({ key: 'preemption.priceRatio', value: 0.8 }),
        expect.objectContaining({ key: 'timeLimit.transfer', value: 5 }),
      ]),
    );
    const bad = await platform.request('PUT', '/settings/preemption.priceRatio', {
      token: adminToken,
      body: { value: 2 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'value' })]);
    const unknown = await platform.request('PUT', '/settings/no.such', {
      token: adminToken,
      body: { value: 1 },
    });
    expect(unknown.status).toBe(404);
    const changed = await platform.request('PUT', '/settings/preemption.priceRatio', {
      token: adminToken,
      body: { value: 0.7, reason: '重点产业用地按70%执行' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ value: 0.7, version: 2 });
    const [event] = await platform.db.query(
      `SELECT reason, data FROM audit_event WHERE action = 'setting.changed' AND entity_id = 'preemption.priceRatio'`,
    );
    expect(event).toEqual({ reason: '重点产业用地按70%执行', data: { from: 0.8, to: 0.7 } });
    expect(
      (
        await platform.request('PUT', '/settings/preemption.priceRatio', {
          token: registrarToken,
          body: { value: 0.8 },
        })
      ).status,
    ).toBe(403);
  });

  it('publishes the material checklist as data, per kind', async () => {
    const transfer = await platform.request('GET', '/material-checklists?kind=transfer');
    expect(transfer.status).toBe(200);
    expect(transfer.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ materialType: 'investment_audit', condition: 'granted_land' }),
        expect.objectContaining({ materialType: 'approval_document', condition: 'allocated_land' }),
        expect.objectContaining({ materialType: 'power_of_attorney', condition: 'agent_present' }),
      ]),
    );
    expect(transfer.body.every((row: { kind: string }) => row.kind === 'transfer')).toBe(true);
    expect((await platform.request('GET', '/material-checklists?kind=gift')).status).toBe(400);
  });
});
