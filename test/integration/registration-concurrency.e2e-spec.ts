import { Platform, startPlatform, waitFor } from '../support/platform';
import { ADMIN_ENV, inParallel, RegistrationWorld, Staff } from '../support/registration';

const FAIR_PRICE = '900000000.00';

describe('registration under concurrency: invariants hold when requests race', () => {
  let platform: Platform;
  let world: RegistrationWorld;
  let clerk: Staff;
  let registrar: Staff;

  beforeAll(async () => {
    platform = await startPlatform({ worker: true, env: { ...ADMIN_ENV, WORKER_CONCURRENCY: '4' } });
    world = new RegistrationWorld(platform);
    clerk = await world.staff(['clerk']);
    registrar = await world.staff(['registrar']);
    for (let index = 0; index < 3; index++) await world.staff(['reviewer']);
  });

  afterAll(async () => {
    await platform.close();
  });

  async function submittedAndPassed(ids: string[]) {
    await waitFor(
      async () => {
        const [row] = await platform.db.query<{ passed: number; failed: number }>(
          `SELECT count(*) FILTER (WHERE precheck_status = 'passed')::int AS passed,
                  count(*) FILTER (WHERE precheck_status = 'failed')::int AS failed
             FROM registration_application WHERE id = ANY ($1)`,
          [ids],
        );
        if (row.failed > 0) throw new Error(`pre-check failed for ${row.failed} application(s)`);
        return row.passed === ids.length;
      },
      { what: `pre-check of ${ids.length} applications`, timeoutMs: 60_000 },
    );
  }

  it('lets exactly one of 50 parallel transfer submissions of one unit through', async () => {
    const seller = await world.holder();
    const buyer = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const ids = await inParallel(Array.from({ length: 50 }), 10, async () => {
      const draft = await platform.request('POST', '/applications', {
        token: seller.token,
        body: {
          kind: 'transfer',
          unitNumber,
          counterparty: { partyId: buyer.partyId },
          declaredPrice: FAIR_PRICE,
          materials: [],
        },
      });
      expect(draft.status).toBe(201);
      expect(
        (await platform.request('POST', `/applications/${draft.body.id}/confirm`, { token: buyer.token }))
          .status,
      ).toBe(200);
      return draft.body.id as string;
    });
    const responses = await Promise.all(
      ids.map((id) => platform.request('POST', `/applications/${id}/submit`, { token: seller.token })),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    expect(responses.find((response) => response.status === 409)!.body.details.reason).toBe(
      'transfer_in_flight',
    );
    const [{ inFlight, drafts }] = await platform.db.query<{ inFlight: number; drafts: number }>(
      `SELECT count(*) FILTER (WHERE status <> 'draft')::int AS "inFlight", count(*) FILTER (WHERE status = 'draft')::int AS drafts
         FROM registration_application WHERE id = ANY ($1)`,
      [ids],
    );
    expect({ inFlight, drafts }).toEqual({ inFlight: 1, drafts: 49 });
  });

  it('ranks 50 mortgages accepted in parallel 1..50 in acceptance order, and records them in that order', async () => {
    const owner = await world.holder('organization');
    const unitNumber = await world.unit([owner.partyId]);
    const banks = await inParallel(Array.from({ length: 50 }), 10, () => world.holder('organization'));
    const ids = await inParallel(banks, 8, async (bank) => {
      const draft = await world.draft(owner, {
        kind: 'mortgage',
        unitNumber,
        counterparty: { partyId: bank.partyId },
        mortgage: { amount: '1000000.00', start: '2027-01-01', end: '2030-12-31' },
      });
      expect(draft.status).toBe(201);
      await platform.request('POST', `/applications/${draft.body.id}/confirm`, { token: bank.token });
      expect(
        (await platform.request('POST', `/applications/${draft.body.id}/submit`, { token: owner.token }))
          .status,
      ).toBe(200);
      return draft.body.id as string;
    });
    await submittedAndPassed(ids);

    const accepted = await Promise.all(ids.map((id) => world.act(clerk.token, id, 'accept')));
    expect(accepted.map((response) => response.status)).toEqual(ids.map(() => 200));
    const reserved = await platform.db.query<{ mortgage_rank: number }>(
      `SELECT mortgage_rank, acceptance_seq FROM registration_application WHERE id = ANY ($1) ORDER BY acceptance_seq`,
      [ids],
    );
    expect(reserved.map((row) => row.mortgage_rank)).toEqual(
      Array.from({ length: 50 }, (_, index) => index + 1),
    );

    await inParallel(ids, 10, (id) => world.reviewAndApprove(registrar, id));
    let pending = [...ids];
    let refusedForOrder = 0;
    while (pending.length > 0) {
      const results = await Promise.all(pending.map((id) => world.act(registrar.token, id, 'record')));
      for (const response of results.filter((result) => result.status !== 200)) {
        expect(response.status).toBe(409);
        expect(response.body.details.reason).toBe('earlier_application_pending');
        refusedForOrder++;
      }
      pending = pending.filter((_, index) => results[index].status !== 200);
    }
    expect(refusedForOrder).toBeGreaterThan(0);
    const mortgages = await platform.db.query<{ rank: number; acceptance_seq: string }>(
      `SELECT m.rank, a.acceptance_seq FROM mortgage m
         JOIN registration_application a ON a.certificate_number = m.certificate_number
        WHERE a.id = ANY ($1) AND m.status = 'current' ORDER BY m.rank`,
      [ids],
    );
    expect(mortgages.map((row) => row.rank)).toEqual(
      Array.from({ length: 50 }, (_, index) => index + 1),
    );
    const seqs = mortgages.map((row) => Number(row.acceptance_seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('gives 200 parallel recordings gapless, unique certificate numbers', async () => {
    const owners = await inParallel(Array.from({ length: 200 }), 10, () => world.holder());
    const lessee = await world.holder();
    const ids = await inParallel(owners, 8, async (owner) => {
      const unitNumber = await world.unit([owner.partyId]);
      const draft = await world.draft(owner, {
        kind: 'lease',
        unitNumber,
        counterparty: { partyId: lessee.partyId },
        leaseTerm: { start: '2027-01-01', end: '2031-12-31' },
        annualRent: '50000.00',
      });
      expect(
        (await platform.request('POST', `/applications/${draft.body.id}/submit`, { token: owner.token }))
          .status,
      ).toBe(200);
      return draft.body.id as string;
    });
    await submittedAndPassed(ids);
    await inParallel(ids, 20, async (id) =>
      expect((await world.act(clerk.token, id, 'accept')).status).toBe(200),
    );
    await inParallel(ids, 10, (id) => world.reviewAndApprove(registrar, id));
    const [{ before }] = await platform.db.query<{ before: number }>(
      `SELECT coalesce(max(sequence), 0)::int AS before FROM certificate WHERE series = 'proof'`,
    );
    const recorded = await Promise.all(ids.map((id) => world.act(registrar.token, id, 'record')));
    expect(recorded.map((response) => response.status)).toEqual(ids.map(() => 200));
    const numbers = await platform.db.query<{ sequence: number }>(
      `SELECT sequence FROM certificate WHERE application_id = ANY ($1) ORDER BY sequence`,
      [ids],
    );
    expect(numbers.map((row) => row.sequence)).toEqual(
      Array.from({ length: 200 }, (_, index) => before + index + 1),
    );
    const [{ counter }] = await platform.db.query<{ counter: number }>(
      `SELECT last_sequence AS counter FROM certificate_counter WHERE series = 'proof'`,
    );
    expect(counter).toBe(before + 200);
    await waitFor(
      async () => {
        const [row] = await platform.db.query<{ certified: number }>(
          `SELECT count(*)::int AS certified FROM registration_application WHERE id = ANY ($1) AND status = 'certified'`,
          [ids],
        );
        return row.certified === ids.length;
      },
      { what: 'all certificates issued', timeoutMs: 240_000 },
    );
  }, 600_000);
});
