import { Platform, startPlatform, waitFor } from '../support/platform';
import { ADMIN_ENV, FAIR_PRICE, inParallel, Person, RegistrationWorld } from '../support/registration';
import { unmaskedIn, watchForResidentIds } from '../support/resident-ids';
import { TcpProxy } from '../support/tcp-proxy';

/** How long Redis stays away; `REDIS_OUTAGE_SECONDS` shortens it when working on this test. */
const OUTAGE_MS = Number(process.env.REDIS_OUTAGE_SECONDS ?? 30) * 1000;
const WAVES = 6;
const PER_WAVE = 5;

/**
 * Redis (behind a relay, so the shared server is untouched) goes away for 30 s while holders keep
 * submitting. Submissions live in PostgreSQL with their outbox rows, so none is refused or lost; readiness
 * says Redis is down while liveness stays up; once Redis is back, every submission is pre-checked once.
 */
describe('Redis away for 30 seconds during submissions', () => {
  let platform: Platform;
  let world: RegistrationWorld;
  const redis = new TcpProxy('127.0.0.1', 6379);

  beforeAll(async () => {
    await redis.start();
    platform = await startPlatform({
      env: { ...ADMIN_ENV, REDIS_URL: `redis://127.0.0.1:${redis.port}`, OUTBOX_SWEEP_INTERVAL_MS: '2000' },
      worker: true,
    });
    watchForResidentIds(platform);
    world = new RegistrationWorld(platform);
  });

  afterAll(async () => {
    await platform.close();
    await redis.stop();
  });

  async function drafts(count: number): Promise<{ id: string; owner: Person }[]> {
    const owner = await world.holder();
    const buyer = await world.holder();
    return inParallel(Array.from({ length: count }), 4, async () => {
      const unitNumber = await world.unit([owner.partyId]);
      const draft = await world.draft(owner, {
        kind: 'transfer',
        unitNumber,
        counterparty: { partyId: buyer.partyId },
        declaredPrice: FAIR_PRICE,
      });
      await platform.request('POST', `/applications/${draft.body.id}/confirm`, { token: buyer.token });
      return { id: draft.body.id as string, owner };
    });
  }

  it('accepts every submission while Redis is away and pre-checks each exactly once after', async () => {
    const applications = await drafts(WAVES * PER_WAVE);
    const ids = applications.map(({ id }) => id);
    const latencies: number[] = [];
    const statuses: number[] = [];
    const readiness: number[] = [];
    const liveness: number[] = [];

    await redis.stop();
    const outageStarted = Date.now();
    try {
      for (let wave = 0; wave < WAVES; wave++) {
        const batch = applications.slice(wave * PER_WAVE, (wave + 1) * PER_WAVE);
        await Promise.all(
          batch.map(async ({ id, owner }) => {
            const started = Date.now();
            const response = await platform.request('POST', `/applications/${id}/submit`, {
              token: owner.token,
            });
            latencies.push(Date.now() - started);
            statuses.push(response.status);
          }),
        );
        readiness.push((await platform.request('GET', '/health/ready')).status);
        liveness.push((await platform.request('GET', '/health')).status);
        const next = outageStarted + ((wave + 1) * OUTAGE_MS) / WAVES;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
      }
      const ready = await platform.request('GET', '/health/ready');
      expect(ready.body.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'down' } });
      const [{ pending }] = await platform.db.query<{ pending: number }>(
        `SELECT count(*)::int AS pending FROM registration_application
          WHERE id = ANY ($1) AND status = 'submitted' AND precheck_status = 'pending'`,
        [ids],
      );
      expect(pending).toBe(ids.length);
    } finally {
      await redis.start();
    }
    expect(Date.now() - outageStarted).toBeGreaterThanOrEqual(OUTAGE_MS);
    expect(statuses).toEqual(ids.map(() => 200));
    expect(Math.max(...latencies)).toBeLessThan(3000);
    expect(readiness).toEqual(readiness.map(() => 503));
    expect(liveness).toEqual(liveness.map(() => 200));

    await waitFor(
      async () => {
        const [row] = await platform.db.query<{ done: number }>(
          `SELECT count(*)::int AS done FROM registration_application
            WHERE id = ANY ($1) AND precheck_status <> 'pending'`,
          [ids],
        );
        return row.done === ids.length;
      },
      { what: 'pre-checks after Redis returned', timeoutMs: 90_000 },
    );
    const counts = await platform.db.query<{ entity_id: string; count: number }>(
      `SELECT entity_id, count(*)::int AS count FROM audit_event
        WHERE action = 'application.prechecked' AND entity_id = ANY ($1) GROUP BY entity_id`,
      [ids],
    );
    expect(counts.map(({ count }) => count)).toEqual(ids.map(() => 1));
    expect((await platform.request('GET', '/health/ready')).status).toBe(200);
  }, 240_000);

  it('leaves no resident ID number unmasked in any response body or log line', () => {
    expect(unmaskedIn(platform)).toEqual([]);
  });
});
