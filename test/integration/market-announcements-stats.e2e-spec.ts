import { buildUnitNumber, DistrictCode, wuhaiDate } from '@app/domain';
import { AnnouncementsService } from '@app/market';
import { PASSWORD, residentId, uniqueName } from '../support/fixtures';
import { Platform, startPlatform, waitFor } from '../support/platform';
import { ADMIN_ENV, Person, RegistrationWorld, Staff } from '../support/registration';

interface UnitSpec {
  districtCode: DistrictCode;
  landUse: string;
  landGrade: number;
  areaM2: string;
}

const UNIT_A: UnitSpec = { districtCode: '150302', landUse: '0601', landGrade: 2, areaM2: '10000.00' };
const UNIT_B: UnitSpec = { districtCode: '150303', landUse: '0701', landGrade: 1, areaM2: '5000.00' };
const UNIT_C: UnitSpec = { districtCode: '150304', landUse: '0601', landGrade: 3, areaM2: '2500.00' };

/** 800 yuan/m² × 10,000 m² = 8,000,000: this price is 90 % of the benchmark, above the pre-emption floor. */
const PRICE_A = '7200000.00';
const RENT_B = '180000.00';
const MORTGAGE_B = '3000000.00';
/** No benchmark is entered for Wuda, so this transfer has none to be compared with. */
const PRICE_C = '1234567.89';

function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

describe('market: deal announcements (成交公示) and transaction statistics', () => {
  let platform: Platform;
  let world: RegistrationWorld;
  let clerk: Staff;
  let registrar: Staff;
  let seller: Person & { idNumberMasked: string };
  let buyer: Person;
  let lessor: Person;
  let lessee: Person & { idNumberMasked: string };
  let bank: Person;
  let idleSeller: Person;
  let idleBuyer: Person;
  const units: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
  const ids: Record<'transferA' | 'leaseB' | 'mortgageB' | 'transferC', string> = {
    transferA: '',
    leaseB: '',
    mortgageB: '',
    transferC: '',
  };
  let unitSequence = Math.floor(Math.random() * 50_000);

  async function person(name: string): Promise<Person & { idNumberMasked: string }> {
    const username = uniqueName('annc');
    const party = { kind: 'person' as const, name, idNumber: residentId('19750412') };
    const response = await platform.request('POST', '/auth/register', {
      body: { username, password: PASSWORD, displayName: name, party },
    });
    expect(response.status).toBe(201);
    return {
      id: response.body.id,
      username,
      token: await platform.login(username, PASSWORD),
      partyId: response.body.party.id,
      party,
      idNumberMasked: response.body.party.idNumberMasked,
    };
  }

  /** A land-only unit without a parcel, so its area is exactly the one the statistics must add up. */
  async function unit(holder: Person, spec: UnitSpec): Promise<string> {
    unitSequence += 1;
    const unitNumber = buildUnitNumber({
      districtCode: spec.districtCode,
      cadastralZone: 7,
      cadastralSubzone: 7,
      parcelSequence: unitSequence,
      buildingCode: 'W',
      buildingUnitSequence: 0,
    });
    const response = await platform.request('POST', '/units', {
      token: await world.admin(),
      body: {
        unitNumber,
        districtCode: spec.districtCode,
        location: '乌海市测试路一号',
        landUse: spec.landUse,
        landGrade: spec.landGrade,
        rightType: 'granted',
        termStart: '2015-06-01',
        termEnd: '2065-05-31',
        areaM2: spec.areaM2,
        holders: [{ partyId: holder.partyId, share: '1' }],
        grantFeePaid: true,
        investmentRatio: '0.30',
      },
    });
    expect(response.status).toBe(201);
    return unitNumber;
  }

  /** Draft, counter-party confirmation for joint kinds, submission, pre-check, acceptance, reviews and 登簿. */
  async function record(
    applicant: Person,
    counterparty: Person,
    body: Record<string, unknown>,
  ): Promise<string> {
    const created = await world.draft(applicant, {
      ...body,
      counterparty: { partyId: counterparty.partyId },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    if (body.kind === 'transfer' || body.kind === 'mortgage') {
      const confirmed = await platform.request('POST', `/applications/${id}/confirm`, {
        token: counterparty.token,
      });
      expect(confirmed.status).toBe(200);
    }
    const submitted = await platform.request('POST', `/applications/${id}/submit`, {
      token: applicant.token,
    });
    expect(submitted.status).toBe(200);
    expect((await world.prechecked(applicant.token, id)).precheck.status).toBe('passed');
    expect((await world.act(clerk.token, id, 'accept')).status).toBe(200);
    await world.reviewAndApprove(registrar, id);
    const recorded = await world.act(registrar.token, id, 'record');
    expect(recorded.status).toBe(200);
    expect(recorded.body.status).toBe('recorded');
    return id;
  }

  async function dealDay(applicationId: string): Promise<string> {
    const [row] = await platform.db.query<{ day: string }>(
      `SELECT to_char(recorded_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day
         FROM registration_application WHERE id = $1`,
      [applicationId],
    );
    return row.day;
  }

  beforeAll(async () => {
    platform = await startPlatform({ worker: true, env: { ...ADMIN_ENV, OUTBOX_SWEEP_INTERVAL_MS: '1000' } });
    world = new RegistrationWorld(platform);
    const districts = ['150302', '150303', '150304'];
    clerk = await world.staff(['clerk'], districts);
    await world.staff(['reviewer'], districts);
    await world.staff(['reviewer'], districts);
    registrar = await world.staff(['registrar']);
    const year = Number(wuhaiDate().slice(0, 4));
    const benchmark = await platform.request('POST', '/benchmark-prices', {
      token: await world.admin(),
      body: {
        districtCode: '150302',
        landUseClass: '06',
        grade: 2,
        pricePerM2: '800.00',
        validFrom: `${year - 1}-01-01`,
        validTo: `${year + 1}-12-31`,
      },
    });
    expect(benchmark.status).toBe(201);

    seller = await person('欧阳娜娜');
    buyer = await world.holder('organization');
    lessor = await world.holder('organization');
    lessee = await person('张三');
    bank = await world.holder('organization');
    idleSeller = await person('李四');
    idleBuyer = await world.holder('organization');
    units.a = await unit(seller, UNIT_A);
    units.b = await unit(lessor, UNIT_B);
    units.c = await unit(idleSeller, UNIT_C);

    // Unit C was idle land (闲置土地) until its disposal was recorded; trading it afterwards revitalises it.
    const idle = await platform.request('POST', `/units/${units.c}/restrictions`, {
      token: registrar.token,
      body: { kind: 'idle', reference: '乌自然资闲〔2025〕9号', startDate: `${year - 1}-06-01` },
    });
    expect(idle.status).toBe(201);
    const lifted = await platform.request('POST', `/restrictions/${idle.body.id}/lift`, {
      token: registrar.token,
      body: { reason: '已动工开发', disposal: 'construction_started' },
    });
    expect(lifted.status).toBe(200);

    [ids.transferA, [ids.leaseB, ids.mortgageB], ids.transferC] = await Promise.all([
      record(seller, buyer, { kind: 'transfer', unitNumber: units.a, declaredPrice: PRICE_A }),
      (async () => {
        const lease = await record(lessor, lessee, {
          kind: 'lease',
          unitNumber: units.b,
          leaseTerm: { start: `${year + 1}-01-01`, end: `${year + 10}-12-31` },
          annualRent: RENT_B,
        });
        const mortgage = await record(lessor, bank, {
          kind: 'mortgage',
          unitNumber: units.b,
          mortgage: {
            amount: MORTGAGE_B,
            maxAmount: false,
            start: `${year + 1}-01-01`,
            end: `${year + 4}-12-31`,
          },
        });
        return [lease, mortgage] as const;
      })(),
      record(idleSeller, idleBuyer, { kind: 'transfer', unitNumber: units.c, declaredPrice: PRICE_C }),
    ]);
    // Unrecorded work counts nowhere: a draft lease of the transferred unit by its new holder.
    const draft = await world.draft(buyer, {
      kind: 'lease',
      unitNumber: units.a,
      counterparty: { partyId: lessee.partyId },
      leaseTerm: { start: `${year + 1}-01-01`, end: `${year + 2}-12-31` },
      annualRent: '99999.00',
    });
    expect(draft.status).toBe(201);
  }, 240_000);

  afterAll(async () => {
    await platform.close();
  });

  describe('GET /announcements', () => {
    let announcements: any;

    beforeAll(async () => {
      announcements = await waitFor(
        async () => {
          const response = await platform.request('GET', '/announcements');
          return response.status === 200 && response.body.total === 3 ? response : null;
        },
        { timeoutMs: 60_000, intervalMs: 250, what: 'three deal announcements' },
      );
    }, 70_000);

    it('publishes recorded transfers and leases to anyone, newest first, and no mortgage', async () => {
      const body = announcements.body;
      expect(body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
      expect(body.items.map((item: { unitNumber: string }) => item.unitNumber).sort()).toEqual(
        [units.a, units.b, units.c].sort(),
      );
      const published = body.items.map((item: { publishedAt: string }) => Date.parse(item.publishedAt));
      expect(published).toEqual([...published].sort((x, y) => y - x));
      const [mortgageRows] = await platform.db.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM deal_announcement WHERE application_id = $1`,
        [ids.mortgageB],
      );
      expect(mortgageRows.count).toBe(0);
    });

    it('shows a transfer with the organisation in full and the person masked, never a full resident ID', async () => {
      const body = announcements.body;
      const transfer = body.items.find((item: { unitNumber: string }) => item.unitNumber === units.a);
      const day = await dealDay(ids.transferA);
      expect(transfer).toMatchObject({
        kind: 'transfer',
        districtCode: '150302',
        location: '乌海市测试路一号',
        landUse: '0601',
        areaM2: '10000.00',
        price: PRICE_A,
        dealDate: day,
        visibleUntil: addDays(day, 10),
        listingId: null,
      });
      const sellerId = seller.party.kind === 'person' ? seller.party.idNumber : '';
      expect(seller.idNumberMasked).toBe(`${sellerId.slice(0, 6)}********${sellerId.slice(-4)}`);
      expect(transfer.parties).toEqual([
        { role: 'transferor', name: '欧阳**', identifier: seller.idNumberMasked },
        {
          role: 'transferee',
          name: buyer.party.name,
          identifier: buyer.party.kind === 'organization' ? buyer.party.uscc : '',
        },
      ]);
      const text = JSON.stringify(body);
      for (const full of [seller, lessee].map((party) =>
        party.party.kind === 'person' ? party.party.idNumber : '',
      ))
        expect(text).not.toContain(full);
      expect(text).not.toContain('欧阳娜娜');
      expect(text).not.toContain('张三');
    });

    it('shows a lease with its annual rent, lessor and masked lessee', async () => {
      const lease = announcements.body.items.find(
        (item: { unitNumber: string }) => item.unitNumber === units.b,
      );
      expect(lease).toMatchObject({
        kind: 'lease',
        districtCode: '150303',
        areaM2: '5000.00',
        price: RENT_B,
      });
      expect(lease.parties).toEqual([
        {
          role: 'lessor',
          name: lessor.party.name,
          identifier: lessor.party.kind === 'organization' ? lessor.party.uscc : '',
        },
        { role: 'lessee', name: '张*', identifier: lessee.idNumberMasked },
      ]);
    });

    it('filters by district and kind, pages, and refuses bad input naming the field', async () => {
      const wuda = await platform.request('GET', '/announcements?districtCode=150304');
      expect(wuda.body.total).toBe(1);
      expect(wuda.body.items[0]).toMatchObject({ unitNumber: units.c, kind: 'transfer', price: PRICE_C });
      expect(wuda.body.items[0].parties[0]).toMatchObject({ role: 'transferor', name: '李*' });
      const leases = await platform.request('GET', '/announcements?kind=lease');
      expect(leases.body.items.map((item: { unitNumber: string }) => item.unitNumber)).toEqual([units.b]);
      const second = await platform.request('GET', '/announcements?page=2&pageSize=2');
      expect(second.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(second.body.items).toHaveLength(1);

      for (const [query, field] of [
        ['kind=mortgage', 'kind'],
        ['districtCode=150399', 'districtCode'],
        ['pageSize=101', 'pageSize'],
        ['page=0', 'page'],
        ['sort=price', 'sort'],
      ]) {
        const response = await platform.request('GET', `/announcements?${query}`);
        expect(response.status).toBe(400);
        expect(response.body.details.map((detail: { field: string }) => detail.field)).toEqual([field]);
      }
    });

    it('publishes once per application, audited, and skips what is not a recorded transfer or lease', async () => {
      const service = platform.api!.get(AnnouncementsService);
      expect(await service.publish(ids.transferA)).toBe('skipped');
      expect(await service.publish(ids.mortgageB)).toBe('skipped');
      expect(await service.unannounced(200)).toEqual([]);
      const events = await platform.db.query<{ entity_id: string; data: Record<string, unknown> }>(
        `SELECT entity_id, data FROM audit_event WHERE action = 'announcement.published'`,
      );
      expect(events).toHaveLength(3);
      expect(events.map((event) => event.data.applicationId).sort()).toEqual(
        [ids.transferA, ids.leaseB, ids.transferC].sort(),
      );
      expect(JSON.stringify(events)).not.toMatch(/欧阳|张三|李四/);
    });

    it('drops an announcement from the public list once its period has passed', async () => {
      await platform.db.query(
        `UPDATE deal_announcement SET deal_date = deal_date - 30, visible_until = deal_date - 20
          WHERE application_id = $1`,
        [ids.leaseB],
      );
      const response = await platform.request('GET', '/announcements');
      expect(response.body.total).toBe(2);
      expect(response.body.items.map((item: { unitNumber: string }) => item.unitNumber)).not.toContain(
        units.b,
      );
    });
  });

  describe('GET /stats/transactions', () => {
    let year: string;
    let month: string;

    beforeAll(async () => {
      // One at a time: the test's database client runs one query at once.
      const days: string[] = [];
      for (const id of Object.values(ids)) days.push(await dealDay(id));
      year = days[0].slice(0, 4);
      month = days[0].slice(0, 7);
      // Recording straddled midnight at a month's end only if these differ; the exact figures assume one month.
      expect(days.every((day) => day.startsWith(month))).toBe(true);
    });

    function stats(query: string) {
      return platform.request('GET', `/stats/transactions?${query}`);
    }

    it('counts recorded trades by district, with area in hectares and value in yuan, to anyone', async () => {
      const response = await stats(`groupBy=district&from=${year}-01-01&to=${year}-12-31`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        from: `${year}-01-01`,
        to: `${year}-12-31`,
        groupBy: 'district',
      });
      expect(response.body.groups).toEqual([
        { key: '150302', label: '海勃湾区', count: 1, areaHa: '1.0000', value: PRICE_A },
        { key: '150303', label: '海南区', count: 2, areaHa: '1.0000', value: RENT_B },
        { key: '150304', label: '乌达区', count: 1, areaHa: '0.2500', value: PRICE_C },
      ]);
      expect(response.body.totals).toEqual({ count: 4, areaHa: '2.2500', value: '8614567.89' });
    });

    it('counts by kind, a mortgage without its secured amount and an empty kind as zero', async () => {
      const response = await stats('groupBy=kind');
      expect(response.body).toMatchObject({ from: `${year}-01-01`, to: `${year}-12-31` });
      expect(response.body.groups).toEqual([
        { key: 'transfer', label: '转移登记', count: 2, areaHa: '1.2500', value: '8434567.89' },
        { key: 'lease', label: '租赁登记', count: 1, areaHa: '0.5000', value: RENT_B },
        // A secured amount is private to the parties: mortgages count, but add no value.
        { key: 'mortgage', label: '抵押权首次登记', count: 1, areaHa: '0.5000', value: '0.00' },
        { key: 'mortgage_release', label: '抵押权注销登记', count: 0, areaHa: '0.0000', value: '0.00' },
      ]);
    });

    it('counts by month over every month of the range, month by default', async () => {
      const response = await stats(`from=${year}-01-01&to=${year}-12-31`);
      expect(response.body.groupBy).toBe('month');
      expect(response.body.groups.map((group: { key: string }) => group.key)).toEqual(
        Array.from({ length: 12 }, (_, index) => `${year}-${String(index + 1).padStart(2, '0')}`),
      );
      for (const group of response.body.groups) {
        expect(group).toEqual(
          group.key === month
            ? { key: month, label: month, count: 4, areaHa: '2.2500', value: '8614567.89' }
            : { key: group.key, label: group.key, count: 0, areaHa: '0.0000', value: '0.00' },
        );
      }
      const before = await stats(`groupBy=kind&from=${Number(year) - 1}-01-01&to=${Number(year) - 1}-12-31`);
      expect(before.body.totals).toEqual({ count: 0, areaHa: '0.0000', value: '0.00' });
    });

    it('puts each recorded transfer in its bucket against the benchmark', async () => {
      const response = await stats('groupBy=kind');
      expect(response.body.priceVersusBenchmark.transfers).toBe(2);
      expect(
        Object.fromEntries(
          response.body.priceVersusBenchmark.buckets.map((bucket: { key: string; count: number }) => [
            bucket.key,
            bucket.count,
          ]),
        ),
      ).toEqual({ '<0.8': 0, '0.8–1.0': 1, '1.0–1.2': 0, '≥1.2': 0, noBenchmark: 1 });
    });

    it('shows idle land brought back into use against the seed targets, and 批而未供 as not tracked', async () => {
      const response = await stats('groupBy=district');
      const idle = response.body.idleLandRevitalised;
      expect(idle.byYear).toEqual([{ year: Number(year), count: 1, areaHa: '0.2500' }]);
      expect(
        idle.targets.map((target: any) => [
          target.period,
          target.idleLand.targetHa,
          target.approvedButUnsupplied.targetHa,
          target.approvedButUnsupplied.actualHa,
        ]),
      ).toEqual([
        ['2023', '13.33', '133.33', null],
        ['2021–2025', '80.00', '513.33', null],
      ]);
      expect(idle.targets[0].approvedButUnsupplied.note.zh).toContain('批而未供');
      // The platform's trades happen now, outside both target periods.
      expect(idle.targets.map((target: any) => target.idleLand.actualHa)).toEqual(['0.0000', '0.0000']);
    });

    it('answers with aggregates only: no party, unit or application', async () => {
      const text = JSON.stringify((await stats('groupBy=district')).body);
      for (const secret of [
        ...Object.values(units),
        ...Object.values(ids),
        seller.party.name,
        buyer.party.name,
        lessee.party.name,
        seller.idNumberMasked,
      ]) {
        expect(text).not.toContain(secret);
      }
    });

    it('refuses a bad groupBy, a reversed range and an impossible date, naming the field', async () => {
      for (const [query, field] of [
        ['groupBy=year', 'groupBy'],
        [`from=${year}-05-01&to=${year}-04-30`, 'from'],
        [`from=${year}-02-30`, 'from'],
        ['to=26-01-01', 'to'],
        ['district=150302', 'district'],
      ]) {
        const response = await stats(query);
        expect(response.status).toBe(400);
        expect(response.body.details.map((detail: { field: string }) => detail.field)).toEqual([field]);
        expect(response.body.message).toMatch(/.+ \/ .+/);
      }
    });
  });
});
