import { Platform, startPlatform, waitFor } from '../support/platform';
import { ADMIN_ENV, FAIR_PRICE, inParallel, RegistrationWorld, Staff } from '../support/registration';

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

    const accepted = await Promise.all(ids.map((id) => world.actPatiently(clerk.token, id, 'accept')));
    expect(accepted.map((response) => response.status)).toEqual(ids.map(() => 200));
    const reserved = await platform.db.query<{ mortgage_rank: number }>(
      `SELECT mortgage_rank, acceptance_seq FROM registration_application WHERE id = ANY ($1) ORDER BY acceptance_seq`,
      [ids],
    );
    expect(reserved.map((row) => row.mortgage_rank)).toEqual(
      Array.from({ length: 50 }, (_, index) => index + 1),
    );

    await inParallel(ids, 10, (id) => world.reviewAndApprove(registrar, id));
    // Rendering certificates would share this process's CPU with the API; here only the race at recording matters.
    await platform.stopWorker();
    let pending = [...ids];
    let refusedForOrder = 0;
    while (pending.length > 0) {
      const results = await Promise.all(
        pending.map((id) => world.actPatiently(registrar.token, id, 'record')),
      );
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
    expect(mortgages.map((row) => row.rank)).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
    const seqs = mortgages.map((row) => Number(row.acceptance_seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  }, 300_000);

  /**
   * Approved lease applications on units of their own, written straight into the database: the workflow up to
   * approval is exercised by the other tests, and here only the race at recording matters.
   */
  async function approvedLeases(count: number): Promise<string[]> {
    const owner = await world.holder();
    const lessee = await world.holder();
    const template = await world.unit([owner.partyId]);
    const rows = await platform.db.query<{ id: string }>(
      `WITH src AS (SELECT * FROM real_estate_unit WHERE unit_number = $1),
       units AS (
         INSERT INTO real_estate_unit (unit_number, district_code, location, land_use, land_grade, right_type,
                                       term_start, term_end, area_m2, grant_fee_paid, investment_ratio)
         SELECT left(src.unit_number, 6) || '998' || lpad(g::text, 3, '0') || 'GB' || lpad(g::text, 5, '0') || 'W00000000',
                src.district_code, src.location, src.land_use, src.land_grade, src.right_type, src.term_start,
                src.term_end, src.area_m2, src.grant_fee_paid, src.investment_ratio
           FROM src, generate_series(1, $2) g
         RETURNING id, district_code),
       rights AS (INSERT INTO use_right (unit_id, status) SELECT id, 'current' FROM units RETURNING id, unit_id),
       holders AS (INSERT INTO right_holder (right_id, party_id, share) SELECT id, $3, 1 FROM rights)
       INSERT INTO registration_application
         (application_number, kind, status, unit_id, district_code, right_id, applicant_party_id, created_by,
          counterparty_party_id, lease_start, lease_end, annual_rent, precheck_status, acceptance_seq, accepted_at,
          accepted_on, time_limit_days)
       SELECT 'RACE' || r.id, 'lease', 'approved', r.unit_id, u.district_code, r.id, $3, $4, $5, '2027-01-01',
              '2030-12-31', 1000, 'passed', nextval('registration_acceptance_seq'), now(), current_date, 5
         FROM rights r JOIN units u ON u.id = r.unit_id
       RETURNING id`,
      [template, count, owner.partyId, owner.id, lessee.partyId],
    );
    return rows.map((row) => row.id);
  }

  it('gives 200 parallel recordings gapless, unique certificate numbers', async () => {
    await platform.stopWorker();
    const ids = await approvedLeases(200);
    const recorded = await Promise.all(ids.map((id) => world.actPatiently(registrar.token, id, 'record')));
    expect(recorded.map((response) => response.status)).toEqual(ids.map(() => 200));
    const series = await platform.db.query<{ sequence: number; application_id: string }>(
      `SELECT sequence, application_id FROM certificate WHERE series = 'proof' ORDER BY sequence`,
    );
    expect(series.map((row) => row.sequence)).toEqual(series.map((_, index) => index + 1));
    const ours = new Set(ids);
    expect(series.filter((row) => ours.has(row.application_id))).toHaveLength(200);
    const [{ counter }] = await platform.db.query<{ counter: number }>(
      `SELECT last_sequence AS counter FROM certificate_counter WHERE series = 'proof'`,
    );
    expect(counter).toBe(series.length);
    const [{ leases }] = await platform.db.query<{ leases: number }>(
      `SELECT count(*)::int AS leases FROM lease l JOIN registration_application a ON a.unit_id = l.unit_id
        WHERE a.id = ANY ($1) AND l.status = 'current'`,
      [ids],
    );
    expect(leases).toBe(200);
  });
});
