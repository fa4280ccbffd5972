import { CLEAN_DECLARATIONS } from '../support/market';
import { Platform, startPlatform, waitFor } from '../support/platform';
import { ADMIN_ENV, Person, RegistrationWorld, Staff } from '../support/registration';

function inSeconds(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString();
}

describe('my bids: the listings a holder has bid on', () => {
  let platform: Platform;
  let world: RegistrationWorld;
  let registrar: Staff;
  let seller: Person;

  beforeAll(async () => {
    platform = await startPlatform({ env: ADMIN_ENV });
    world = new RegistrationWorld(platform);
    registrar = await world.staff(['registrar']);
    seller = await world.holder();
  });

  afterAll(async () => {
    await platform.close();
  });

  async function published(endsAt: string) {
    const unitNumber = await world.unit([seller.partyId]);
    const draft = await platform.request('POST', '/listings', {
      token: seller.token,
      body: {
        unitNumber,
        kind: 'transfer',
        mode: 'bidding',
        askingPrice: '1000000.00',
        bidIncrement: '10000.00',
        startsAt: inSeconds(-60),
        endsAt,
        declarations: CLEAN_DECLARATIONS,
      },
    });
    expect(draft.status).toBe(201);
    const pending = await platform.request('POST', `/listings/${draft.body.id}/publish`, {
      token: seller.token,
    });
    const confirmed = await platform.request('POST', `/listings/${draft.body.id}/confirm`, {
      token: registrar.token,
      body: { version: pending.body.version },
    });
    expect(confirmed.body.status).toBe('published');
    return confirmed.body as { id: string; listingNumber: string; endsAt: string };
  }

  async function bid(bidder: Person, listingId: string, amount: string) {
    const response = await platform.request('POST', `/listings/${listingId}/bids`, {
      token: bidder.token,
      body: { amount },
    });
    expect(response.status).toBe(201);
  }

  function myBids(person: Person, query = '') {
    return platform.request('GET', `/listings/my-bids${query}`, { token: person.token });
  }

  it('lists each listing once with the caller’s own bids, whether they lead, and then whether they won', async () => {
    const alice = await world.holder();
    const bob = await world.holder();
    const carol = await world.holder();
    const long = await published(inSeconds(3600));
    const short = await published(inSeconds(10));

    await bid(alice, long.id, '1000000.00');
    await bid(bob, long.id, '1010000.00');
    await bid(alice, long.id, '1020000.00');
    await bid(bob, short.id, '1000000.00');
    await bid(alice, short.id, '1010000.00');
    await bid(bob, short.id, '1020000.00');

    const mine = await myBids(alice);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    // The most recently bid listing comes first.
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        listingId: short.id,
        listingNumber: short.listingNumber,
        status: 'published',
        highestBid: '1020000.00',
        bidCount: 3,
        myHighestBid: '1010000.00',
        myBidCount: 1,
        leading: false,
        won: false,
      }),
      expect.objectContaining({
        listingId: long.id,
        highestBid: '1020000.00',
        bidCount: 3,
        myHighestBid: '1020000.00',
        myBidCount: 2,
        leading: true,
        won: false,
      }),
    ]);
    // Nothing names another bidder.
    expect(JSON.stringify(mine.body)).not.toContain(bob.partyId);

    const secondPage = await myBids(alice, '?page=2&pageSize=1');
    expect(secondPage.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(secondPage.body.items.map((item: { listingId: string }) => item.listingId)).toEqual([long.id]);

    expect((await myBids(carol)).body).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });

    await waitFor(async () => Date.now() > new Date(short.endsAt).getTime() + 500, {
      what: 'the end of the short listing',
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    const closed = await platform.request('POST', `/listings/${short.id}/close`, {
      token: seller.token,
      body: {},
    });
    expect(closed.body).toMatchObject({ status: 'closed', finalPrice: '1020000.00' });

    const bobs = (await myBids(bob)).body.items.find(
      (item: { listingId: string }) => item.listingId === short.id,
    );
    expect(bobs).toMatchObject({ status: 'closed', finalPrice: '1020000.00', leading: true, won: true });
    const alices = (await myBids(alice)).body.items.find(
      (item: { listingId: string }) => item.listingId === short.id,
    );
    expect(alices).toMatchObject({ status: 'closed', leading: false, won: false });
  }, 60_000);

  it('is for holders: staff get a 403, anonymous callers a 401, and a bad page size a 400', async () => {
    expect((await platform.request('GET', '/listings/my-bids', { token: registrar.token })).status).toBe(403);
    expect((await platform.request('GET', '/listings/my-bids')).status).toBe(401);
    const tooMany = await myBids(seller, '?pageSize=500');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.details[0].field).toBe('pageSize');
  });
});
