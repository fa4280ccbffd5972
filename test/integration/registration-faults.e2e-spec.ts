import { Platform, startPlatform, waitFor } from '../support/platform';
import { ADMIN_ENV, FAIR_PRICE, inParallel, Person, RegistrationWorld, Staff } from '../support/registration';
import { TcpProxy } from '../support/tcp-proxy';
import { killed, spawnWorker } from '../support/worker-process';

describe('registration under failure: nothing lost, nothing done twice', () => {
  let platform: Platform;
  let world: RegistrationWorld;
  let clerk: Staff;
  let registrar: Staff;
  const redis = new TcpProxy('127.0.0.1', 6379);

  beforeAll(async () => {
    await redis.start();
    platform = await startPlatform({
      env: { ...ADMIN_ENV, REDIS_URL: `redis://127.0.0.1:${redis.port}`, OUTBOX_SWEEP_INTERVAL_MS: '2000' },
    });
    world = new RegistrationWorld(platform);
    clerk = await world.staff(['clerk']);
    registrar = await world.staff(['registrar']);
    await world.staff(['reviewer']);
    await world.staff(['reviewer']);
  });

  afterAll(async () => {
    await platform.close();
    await redis.stop();
  });

  async function drafts(count: number, kind: 'transfer' | 'lease'): Promise<{ id: string; owner: Person }[]> {
    const counterparty = await world.holder();
    return inParallel(Array.from({ length: count }), 6, async () => {
      const owner = await world.holder();
      const unitNumber = await world.unit([owner.partyId]);
      const body =
        kind === 'transfer'
          ? { kind, unitNumber, counterparty: { partyId: counterparty.partyId }, declaredPrice: FAIR_PRICE }
          : {
              kind,
              unitNumber,
              counterparty: { partyId: counterparty.partyId },
              leaseTerm: { start: '2027-01-01', end: '2030-12-31' },
              annualRent: '10000.00',
            };
      const draft = await world.draft(owner, body);
      if (kind === 'transfer') {
        await platform.request('POST', `/applications/${draft.body.id}/confirm`, {
          token: counterparty.token,
        });
      }
      return { id: draft.body.id as string, owner };
    });
  }

  async function auditCount(action: string, ids: string[]): Promise<Map<string, number>> {
    const rows = await platform.db.query<{ entity_id: string; count: number }>(
      `SELECT entity_id, count(*)::int AS count FROM audit_event
        WHERE action = $1 AND entity_id = ANY ($2) GROUP BY entity_id`,
      [action, ids],
    );
    return new Map(rows.map((row) => [row.entity_id, row.count]));
  }

  it('keeps every submission while Redis is away and pre-checks each exactly once after it returns', async () => {
    const applications = await drafts(15, 'transfer');
    const ids = applications.map((application) => application.id);
    await platform.startWorker();
    await redis.stop();
    try {
      const submitted = await Promise.all(
        applications.map(({ id, owner }) =>
          platform.request('POST', `/applications/${id}/submit`, { token: owner.token }),
        ),
      );
      expect(submitted.map((response) => response.status)).toEqual(ids.map(() => 200));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const [{ pending }] = await platform.db.query<{ pending: number }>(
        `SELECT count(*)::int AS pending FROM registration_application WHERE id = ANY ($1) AND precheck_status = 'pending'`,
        [ids],
      );
      expect(pending).toBe(ids.length);
      expect((await platform.request('GET', '/health/ready')).status).toBe(503);
    } finally {
      await redis.start();
    }
    await waitFor(
      async () => {
        const [row] = await platform.db.query<{ passed: number }>(
          `SELECT count(*)::int AS passed FROM registration_application WHERE id = ANY ($1) AND precheck_status = 'passed'`,
          [ids],
        );
        return row.passed === ids.length;
      },
      { what: 'pre-checks after Redis returned', timeoutMs: 60_000 },
    );
    const counts = await auditCount('application.prechecked', ids);
    expect(ids.map((id) => counts.get(id))).toEqual(ids.map(() => 1));
    await platform.stopWorker();
  });

  it('certifies every recorded application exactly once although the worker is killed mid-batch', async () => {
    const applications = await drafts(12, 'lease');
    const ids = applications.map((application) => application.id);
    await platform.startWorker();
    await Promise.all(
      applications.map(({ id, owner }) =>
        platform.request('POST', `/applications/${id}/submit`, { token: owner.token }),
      ),
    );
    for (const id of ids) await world.prechecked(clerk.token, id);
    await inParallel(ids, 6, async (id) =>
      expect((await world.act(clerk.token, id, 'accept')).status).toBe(200),
    );
    await inParallel(ids, 6, (id) => world.reviewAndApprove(registrar, id));
    await platform.stopWorker();
    const recorded = await Promise.all(ids.map((id) => world.act(registrar.token, id, 'record')));
    expect(recorded.map((response) => response.status)).toEqual(ids.map(() => 200));

    const certifiedCount = async () => {
      const [row] = await platform.db.query<{ certified: number }>(
        `SELECT count(*)::int AS certified FROM registration_application WHERE id = ANY ($1) AND status = 'certified'`,
        [ids],
      );
      return row.certified;
    };
    let worker = spawnWorker();
    try {
      await waitFor(async () => (await certifiedCount()) > 0, {
        what: 'the first certificate',
        timeoutMs: 60_000,
      });
      await killed(worker);
      const atKill = await certifiedCount();
      worker = spawnWorker();
      await waitFor(async () => (await certifiedCount()) === ids.length, {
        what: `all certificates after the kill (${atKill} done before it)`,
        timeoutMs: 120_000,
      });
    } finally {
      await killed(worker);
    }
    const certify = await auditCount('application.certify', ids);
    expect(ids.map((id) => certify.get(id))).toEqual(ids.map(() => 1));
    const certificates = await platform.db.query<{ number: string; file_id: string | null }>(
      `SELECT number, file_id FROM certificate WHERE application_id = ANY ($1)`,
      [ids],
    );
    expect(certificates).toHaveLength(ids.length);
    expect(new Set(certificates.map((row) => row.number)).size).toBe(ids.length);
    expect(certificates.every((row) => row.file_id !== null)).toBe(true);
    const auditor = await world.staff(['auditor']);
    expect((await platform.request('GET', '/audit/verify', { token: auditor.token })).body.valid).toBe(true);
  }, 300_000);
});
