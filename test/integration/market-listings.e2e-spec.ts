import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL } from '../support/env';
import { residentId } from '../support/fixtures';
import { CLEAN_DECLARATIONS } from '../support/market';
import { Platform, startPlatform, waitFor } from '../support/platform';
import { ADMIN_ENV, inParallel, patiently, Person, RegistrationWorld, Staff } from '../support/registration';

function inSeconds(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString();
}

describe('market: listings, search, bidding, auctions and deals', () => {
  let platform: Platform;
  let world: RegistrationWorld;
  let registrar: Staff;

  beforeAll(async () => {
    platform = await startPlatform({ worker: true, env: { ...ADMIN_ENV, OUTBOX_SWEEP_INTERVAL_MS: '1000' } });
    world = new RegistrationWorld(platform);
    registrar = await world.staff(['registrar']);
  });

  afterAll(async () => {
    await platform.close();
  });

  async function draftListing(seller: Person, unitNumber: string, overrides: Record<string, unknown> = {}) {
    const response = await platform.request('POST', '/listings', {
      token: seller.token,
      body: {
        unitNumber,
        kind: 'transfer',
        mode: 'bidding',
        askingPrice: '1000000.00',
        bidIncrement: '10000.00',
        startsAt: inSeconds(-60),
        endsAt: inSeconds(3600),
        declarations: CLEAN_DECLARATIONS,
        description: '海勃湾区工业用地转让',
        ...overrides,
      },
    });
    expect(response.status).toBe(201);
    return response.body;
  }

  async function published(seller: Person, unitNumber: string, overrides: Record<string, unknown> = {}) {
    const listing = await draftListing(seller, unitNumber, overrides);
    const pending = await platform.request('POST', `/listings/${listing.id}/publish`, {
      token: seller.token,
    });
    expect(pending.body.status).toBe('pending_confirmation');
    const confirmed = await platform.request('POST', `/listings/${listing.id}/confirm`, {
      token: registrar.token,
      body: { version: pending.body.version },
    });
    expect(confirmed.body.status).toBe('published');
    return confirmed.body;
  }

  async function bidder(listingId: string): Promise<Person> {
    const person = await world.holder();
    const interest = await platform.request('POST', `/listings/${listingId}/interests`, {
      token: person.token,
    });
    expect(interest.status).toBe(201);
    return person;
  }

  async function status(listingId: string, expected: string, timeoutMs = 30_000) {
    return waitFor(
      async () => {
        const response = await platform.request('GET', `/listings/${listingId}`, { token: registrar.token });
        return response.body.status === expected ? response.body : null;
      },
      { what: `listing ${listingId} to become ${expected}`, timeoutMs, intervalMs: 200 },
    );
  }

  it('refuses to publish a seized unit, an idle unit, and a mortgaged unit declared unencumbered', async () => {
    const seller = await world.holder();
    const seized = await world.unit([seller.partyId]);
    const idle = await world.unit([seller.partyId]);
    const mortgaged = await world.unit([seller.partyId]);
    for (const [unitNumber, kind] of [
      [seized, 'seizure'],
      [idle, 'idle'],
    ] as const) {
      const added = await platform.request('POST', `/units/${unitNumber}/restrictions`, {
        token: registrar.token,
        body: { kind, reference: `(2026)乌${kind}字第1号`, startDate: '2026-01-05' },
      });
      expect(added.status).toBe(201);
    }
    const mortgagee = await world.holder('organization');
    await platform.db.query(
      `INSERT INTO mortgage (unit_id, mortgagee_party_id, amount, rank, term_start, term_end, status)
       SELECT id, $2, 5000000, 1, '2025-01-01', '2030-12-31', 'current' FROM real_estate_unit WHERE unit_number = $1`,
      [mortgaged, mortgagee.partyId],
    );

    const codes = async (unitNumber: string) => {
      const listing = await draftListing(seller, unitNumber);
      const response = await platform.request('POST', `/listings/${listing.id}/publish`, {
        token: seller.token,
      });
      expect(response.status).toBe(409);
      expect(response.body.details.reason).toBe('listing_refused');
      const after = await platform.request('GET', `/listings/${listing.id}`, { token: seller.token });
      expect(after.body.status).toBe('draft');
      return response.body.details.findings.map((finding: { code: string; declaration?: string }) =>
        finding.declaration ? `${finding.code}:${finding.declaration}` : finding.code,
      );
    };
    expect(await codes(seized)).toEqual(['declaration_contradicts_register:seized', 'seized']);
    expect(await codes(idle)).toEqual(['declaration_contradicts_register:idle', 'idle_land_undisposed']);
    expect(await codes(mortgaged)).toEqual([
      'declaration_contradicts_register:mortgaged',
      'mortgagee_consent_missing',
    ]);

    // Declared truthfully, with the mortgagee's consent, the mortgaged unit may be listed.
    const honest = await published(seller, mortgaged, {
      declarations: { ...CLEAN_DECLARATIONS, mortgaged: true, mortgageeConsent: true },
    });
    expect(honest.declarations).toMatchObject({ mortgaged: true });
    const second = await draftListing(seller, mortgaged, {
      declarations: { ...CLEAN_DECLARATIONS, mortgaged: true, mortgageeConsent: true },
    });
    const twice = await platform.request('POST', `/listings/${second.id}/publish`, { token: seller.token });
    expect(twice.status).toBe(409);
    expect(twice.body.details.reason).toBe('unit_already_listed');
  });

  it('keeps drafts private, publishes after confirmation, and sends term changes back for confirmation', async () => {
    const seller = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const draft = await draftListing(seller, unitNumber);
    expect((await platform.request('GET', `/listings/${draft.id}`)).status).toBe(404);
    const stranger = await world.holder();
    expect(
      (await platform.request('POST', `/listings/${draft.id}/publish`, { token: stranger.token })).status,
    ).toBe(404);
    const withdrawn = await platform.request('POST', `/listings/${draft.id}/withdraw`, {
      token: seller.token,
      body: { reason: '重新起草' },
    });
    expect(withdrawn.body.status).toBe('withdrawn');
    const live = await published(seller, unitNumber);
    const listing = { id: live.id };
    const publicView = await platform.request('GET', `/listings/${listing.id}`);
    expect(publicView.status).toBe(200);
    expect(publicView.body).not.toHaveProperty('applicationId');
    expect(JSON.stringify(publicView.body)).not.toContain(seller.partyId);

    const described = await platform.request('PATCH', `/listings/${listing.id}`, {
      token: seller.token,
      body: { version: live.version, description: '补充：厂房可分割' },
    });
    expect(described.body).toMatchObject({ status: 'published', description: '补充：厂房可分割' });
    const stale = await platform.request('PATCH', `/listings/${listing.id}`, {
      token: seller.token,
      body: { version: live.version, askingPrice: '900000.00' },
    });
    expect(stale.status).toBe(409);
    const repriced = await platform.request('PATCH', `/listings/${listing.id}`, {
      token: seller.token,
      body: { version: described.body.version, askingPrice: '900000.00' },
    });
    expect(repriced.body).toMatchObject({ status: 'pending_confirmation', askingPrice: '900000.00' });
    expect((await platform.request('GET', `/listings/${listing.id}`)).status).toBe(404);
  });

  it('finds exactly the listings the filters, the keyword and the map box describe', async () => {
    const seller = await world.holder();
    const tag = `检索${Date.now().toString(36)}`;
    const a = await world.unit([seller.partyId], { landUse: '0601' }, 100);
    const b = await world.unit([seller.partyId], { districtCode: '150303', landUse: '0601' }, 200);
    const c = await world.unit([seller.partyId], { landUse: '0501', landGrade: 1 }, 50);
    const d = await world.unit([seller.partyId], { landUse: '0601' }, 100);
    const ids = {
      a: (await published(seller, a, { askingPrice: '1000000.00', description: `滨河工业园区厂房 ${tag}` }))
        .id,
      b: (await published(seller, b, { askingPrice: '5000000.00', description: `海南区仓储用地 ${tag}` })).id,
      c: (await published(seller, c, { askingPrice: '3000000.00', description: `新华大街商铺 ${tag}` })).id,
      d: (
        await published(seller, d, {
          kind: 'lease',
          mode: 'negotiated',
          bidIncrement: undefined,
          askingPrice: '200000.00',
          leaseTerm: { start: '2027-01-01', end: '2036-12-31' },
          description: `厂房出租 ${tag}`,
        })
      ).id,
    };
    const found = async (query: string) => {
      const response = await platform.request('GET', `/listings?q=${encodeURIComponent(tag)}&${query}`);
      expect(response.status).toBe(200);
      return response.body.items.map((item: { id: string }) => item.id);
    };
    expect((await found('sort=price&order=asc')).sort()).toEqual(Object.values(ids).sort());
    expect(await found('sort=price&order=asc')).toEqual([ids.d, ids.a, ids.c, ids.b]);
    expect(await found('districtCode=150303')).toEqual([ids.b]);
    expect(await found('landUse=05')).toEqual([ids.c]);
    expect(await found('kind=lease')).toEqual([ids.d]);
    expect(await found('minArea=20000')).toEqual([ids.b]);
    expect((await found('kind=transfer&maxPrice=3000000&sort=area')).sort()).toEqual([ids.a, ids.c].sort());
    expect(await found('sort=area&order=desc&pageSize=1')).toEqual([ids.b]);
    const keyword = await platform.request('GET', `/listings?q=${encodeURIComponent('滨河工业园区厂房')}`);
    expect(keyword.body.items.map((item: { id: string }) => item.id)).toContain(ids.a);
    expect(keyword.body.items.map((item: { id: string }) => item.id)).not.toContain(ids.d);

    const [box] = await platform.db.query<{ xmin: number; ymin: number; xmax: number; ymax: number }>(
      `SELECT ST_XMin(geometry) AS xmin, ST_YMin(geometry) AS ymin, ST_XMax(geometry) AS xmax, ST_YMax(geometry) AS ymax
         FROM real_estate_unit WHERE unit_number = $1`,
      [a],
    );
    const inset = 0.0001;
    const bbox = [box.xmin + inset, box.ymin + inset, box.xmax - inset, box.ymax - inset].join(',');
    expect(await found(`bbox=${bbox}`)).toEqual([ids.a]);
    const map = await platform.request('GET', `/listings/map?q=${encodeURIComponent(tag)}&bbox=${bbox}`);
    expect(map.body.type).toBe('FeatureCollection');
    expect(map.body.features).toEqual([
      expect.objectContaining({
        id: ids.a,
        geometry: expect.objectContaining({ type: 'MultiPolygon' }),
        properties: expect.objectContaining({ unitNumber: a }),
      }),
    ]);
    expect(JSON.stringify(map.body)).not.toContain(seller.partyId);

    for (const bad of [
      'bbox=1,2,3',
      'minArea=abc',
      'districtCode=110101',
      'sort=name',
      'minPrice=9&maxPrice=1',
    ]) {
      const response = await platform.request('GET', `/listings?${bad}`);
      expect(response.status).toBe(400);
      expect(response.body.details[0].field).toBe(bad.split('=')[0]);
    }
  });

  it('takes 30 concurrent bids one at a time: accepted bids rise strictly and the highest wins the deal', async () => {
    const seller = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const bidders = await inParallel(Array.from({ length: 30 }), 6, () => world.holder());
    const listing = await published(seller, unitNumber, { endsAt: inSeconds(25) });
    for (const person of bidders) {
      expect(
        (await platform.request('POST', `/listings/${listing.id}/interests`, { token: person.token })).status,
      ).toBe(201);
    }
    const steps = bidders.map((_, index) => (index * 7) % 31);
    const amounts = steps.map((step) => (1_000_000 + step * 10_000).toFixed(2));
    const results = await inParallel(bidders, 30, (person) =>
      patiently(() =>
        platform.request('POST', `/listings/${listing.id}/bids`, {
          token: person.token,
          body: { amount: amounts[bidders.indexOf(person)] },
        }),
      ),
    );
    expect(results.every((result) => result.status === 201 || result.status === 409)).toBe(true);
    for (const refused of results.filter((result) => result.status === 409)) {
      expect(refused.body.details.reason).toBe('below_minimum');
    }
    const history = (await platform.request('GET', `/listings/${listing.id}/bids`)).body as {
      sequence: number;
      amount: string;
    }[];
    expect(history.length).toBe(results.filter((result) => result.status === 201).length);
    for (let index = 1; index < history.length; index++) {
      expect(Number(history[index].amount)).toBeGreaterThan(Number(history[index - 1].amount));
    }
    const highest = Math.max(...amounts.map(Number)).toFixed(2);
    expect(history[history.length - 1].amount).toBe(highest);

    const own = await platform.request('POST', `/listings/${listing.id}/bids`, {
      token: seller.token,
      body: { amount: '9000000.00' },
    });
    expect(own.status).toBe(403);
    const offStep = await platform.request('POST', `/listings/${listing.id}/bids`, {
      token: bidders[0].token,
      body: { amount: (Number(highest) + 15_000).toFixed(2) },
    });
    expect(offStep.status).toBe(409);
    expect(offStep.body.details.reason).toBe('not_an_increment');

    const closed = await status(listing.id, 'closed', 60_000);
    expect(closed.finalPrice).toBe(highest);
    const winner = bidders[amounts.indexOf(highest)];
    expect(closed.winnerPartyId).toBe(winner.partyId);
    const application = await world.get(seller.token, closed.applicationId);
    expect(application.body).toMatchObject({
      status: 'draft',
      kind: 'transfer',
      unitNumber,
      listingId: listing.id,
      declaredPrice: highest,
      counterparty: { id: winner.partyId },
    });
    const late = await platform.request('POST', `/listings/${listing.id}/bids`, {
      token: bidders[1].token,
      body: { amount: (Number(highest) + 10_000).toFixed(2) },
    });
    expect(late.status).toBe(409);
    expect(late.body.details.reason).toBe('not_open');
  }, 180_000);

  it('extends an auction when a bid comes in its last seconds, and closes it only at the new end', async () => {
    const admin = await world.admin();
    const setting = await platform.request('PUT', '/settings/market.auctionExtensionSeconds', {
      token: admin,
      body: { value: 12, reason: '测试延时竞价' },
    });
    expect(setting.status).toBe(200);
    const seller = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const listing = await published(seller, unitNumber, { mode: 'auction', endsAt: inSeconds(6) });
    const first = await bidder(listing.id);
    // A first bid registers the interest by itself.
    const second = await world.holder();
    const originalEnd = new Date(listing.endsAt).getTime();
    const bid = await platform.request('POST', `/listings/${listing.id}/bids`, {
      token: first.token,
      body: { amount: '1000000.00' },
    });
    expect(bid.status).toBe(201);
    expect(bid.body.extended).toBe(true);
    const extendedEnd = new Date(bid.body.endsAt).getTime();
    expect(extendedEnd).toBeGreaterThan(originalEnd);
    expect(extendedEnd - new Date(bid.body.bid.placedAt).getTime()).toBe(12_000);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, originalEnd - Date.now() + 1500)));
    const stillOpen = await platform.request('GET', `/listings/${listing.id}`);
    expect(stillOpen.body.status).toBe('published');
    const counter = await platform.request('POST', `/listings/${listing.id}/bids`, {
      token: second.token,
      body: { amount: '1020000.00' },
    });
    expect(counter.status).toBe(201);
    const low = await platform.request('POST', `/listings/${listing.id}/bids`, {
      token: first.token,
      body: { amount: '1010000.00' },
    });
    expect(low.status).toBe(409);
    expect(low.body.details.reason).toBe('below_minimum');

    const closed = await status(listing.id, 'closed', 60_000);
    expect(closed).toMatchObject({ finalPrice: '1020000.00', winnerPartyId: second.partyId });
    expect(new Date(closed.closedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(counter.body.endsAt).getTime(),
    );
  }, 120_000);

  it('expires a listing at its end even when the delayed close job was lost', async () => {
    const seller = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const listing = await published(seller, unitNumber, { endsAt: inSeconds(3) });
    await waitFor(
      async () => {
        const [row] = await platform.db.query<{ dispatched: boolean }>(
          `SELECT dispatched_at IS NOT NULL AS dispatched FROM outbox
            WHERE job_name = 'listing.close' AND payload ->> 'listingId' = $1`,
          [listing.id],
        );
        return row?.dispatched;
      },
      { what: 'the close job to reach Redis' },
    );
    // Lose the job: gone from Redis, and the outbox believes it ran.
    const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('market', { connection, prefix: platform.queuePrefix });
    try {
      for (const job of await queue.getDelayed()) {
        if (job.data.listingId === listing.id) await job.remove();
      }
    } finally {
      await queue.close();
      connection.disconnect();
    }
    await platform.db.query(
      `UPDATE outbox SET completed_at = now() WHERE job_name = 'listing.close' AND payload ->> 'listingId' = $1`,
      [listing.id],
    );
    const expired = await status(listing.id, 'expired', 30_000);
    expect(expired.applicationId).toBeNull();
    const events = await platform.db.query<{ actor_label: string; action: string }>(
      `SELECT actor_label, action FROM audit_event WHERE entity_id = $1 AND action = 'listing.expired'`,
      [listing.id],
    );
    expect(events).toHaveLength(1);
  });

  it('refuses a deal once the register has changed, and confirmation of a version staff did not read', async () => {
    const seller = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const draft = await draftListing(seller, unitNumber, { mode: 'negotiated', bidIncrement: undefined });
    const pending = await platform.request('POST', `/listings/${draft.id}/publish`, { token: seller.token });
    const edited = await platform.request('PATCH', `/listings/${draft.id}`, {
      token: seller.token,
      body: { version: pending.body.version, askingPrice: '1200000.00' },
    });
    expect(edited.body.status).toBe('pending_confirmation');
    const outdated = await platform.request('POST', `/listings/${draft.id}/confirm`, {
      token: registrar.token,
      body: { version: pending.body.version },
    });
    expect(outdated.status).toBe(409);
    const confirmed = await platform.request('POST', `/listings/${draft.id}/confirm`, {
      token: registrar.token,
      body: { version: edited.body.version },
    });
    expect(confirmed.body).toMatchObject({ status: 'published', askingPrice: '1200000.00' });

    const seizure = await platform.request('POST', `/units/${unitNumber}/restrictions`, {
      token: registrar.token,
      body: { kind: 'seizure', reference: '(2026)内0302执9号', startDate: '2026-01-05' },
    });
    expect(seizure.status).toBe(201);
    const buyer = { kind: 'person', name: '周八', idNumber: residentId('19880808') };
    const refused = await platform.request('POST', `/listings/${draft.id}/close`, {
      token: seller.token,
      body: { counterparty: { party: buyer }, price: '1200000.00' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.details.reason).toBe('deal_refused');
    expect(refused.body.details.findings.map((finding: { code: string }) => finding.code)).toContain(
      'seized',
    );
    const still = await platform.request('GET', `/listings/${draft.id}`, { token: seller.token });
    expect(still.body).toMatchObject({ status: 'published', applicationId: null });
    const bySeller = await platform.request('POST', `/listings/${draft.id}/revoke`, {
      token: seller.token,
      body: { reason: '自行撤销' },
    });
    expect(bySeller.status).toBe(403);
    const revoked = await platform.request('POST', `/listings/${draft.id}/revoke`, {
      token: registrar.token,
      body: { reason: '单元已被法院查封 (2026)内0302执9号' },
    });
    expect(revoked.body.status).toBe('withdrawn');
    expect((await platform.request('GET', `/listings/${draft.id}`)).status).toBe(404);
    const [event] = await platform.db.query<{ reason: string }>(
      `SELECT reason FROM audit_event WHERE entity_id = $1 AND action = 'listing.revoked'`,
      [draft.id],
    );
    expect(event.reason).toContain('查封');
    const withdrawAfter = await platform.request('POST', `/listings/${draft.id}/withdraw`, {
      token: seller.token,
    });
    expect(withdrawAfter.status).toBe(409);
  });

  it('closes a negotiated lease with its counter-party into a prefilled draft lease application', async () => {
    const seller = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const listing = await published(seller, unitNumber, {
      kind: 'lease',
      mode: 'negotiated',
      bidIncrement: undefined,
      askingPrice: '150000.00',
      leaseTerm: { start: '2027-01-01', end: '2031-12-31' },
    });
    const noBids = await platform.request('POST', `/listings/${listing.id}/bids`, {
      token: (await world.holder()).token,
      body: { amount: '150000.00' },
    });
    expect(noBids.status).toBe(409);
    const lessee = { kind: 'person', name: '孙七', idNumber: residentId('19920303') };
    const closed = await platform.request('POST', `/listings/${listing.id}/close`, {
      token: seller.token,
      body: { counterparty: { party: lessee }, price: '140000.00' },
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', finalPrice: '140000.00' });
    const application = await world.get(seller.token, closed.body.applicationId);
    expect(application.body).toMatchObject({
      status: 'draft',
      kind: 'lease',
      listingId: listing.id,
      leaseTerm: { start: '2027-01-01', end: '2031-12-31', annualRent: '140000.00' },
      counterparty: { name: '孙七' },
    });
    expect(application.body.counterparty.idNumberMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    const again = await platform.request('POST', `/listings/${listing.id}/close`, {
      token: seller.token,
      body: { counterparty: { party: lessee }, price: '140000.00' },
    });
    expect(again.status).toBe(409);
  });
});
