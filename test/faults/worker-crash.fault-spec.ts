import type { ChildProcess } from 'node:child_process';
import { Platform, startPlatform, waitFor } from '../support/platform';
import { ADMIN_ENV, inParallel, Person, RegistrationWorld, Staff } from '../support/registration';
import { unmaskedIn, watchForResidentIds } from '../support/resident-ids';
import { killed, spawnWorker } from '../support/worker-process';

/** Jobs the run must complete; `WORKER_CRASH_JOBS` lowers it when working on this test. */
const TARGET_JOBS = Number(process.env.WORKER_CRASH_JOBS ?? 5000);
const KILLS = 10;
/** Completed jobs per lease taken to a certificate, measured: pre-check, routing, certificate, announcement, notices. */
const JOBS_PER_APPLICATION = 15;
const APPLICATIONS = Math.ceil(TARGET_JOBS / JOBS_PER_APPLICATION);

/**
 * Leases go from submission to certificate while the worker process is killed with SIGKILL ten times. Every
 * job is delivered at least once and every effect happens exactly once: each application ends certified with
 * one certificate, numbers are unique, each transition is audited once, and the audit chain holds.
 */
describe(`worker killed ${KILLS} times during a ${TARGET_JOBS}-job run`, () => {
  let platform: Platform;
  let world: RegistrationWorld;
  let clerk: Staff;
  let registrar: Staff;
  let auditor: Staff;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    platform = await startPlatform({ env: { ...ADMIN_ENV, OUTBOX_SWEEP_INTERVAL_MS: '2000' } });
    watchForResidentIds(platform);
    world = new RegistrationWorld(platform);
    clerk = await world.staff(['clerk']);
    registrar = await world.staff(['registrar']);
    auditor = await world.staff(['auditor']);
    for (let reviewer = 0; reviewer < 4; reviewer++) await world.staff(['reviewer']);
  });

  afterAll(async () => {
    if (worker) await killed(worker);
    await platform.close();
  });

  async function count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await platform.db.query<{ count: number }>(sql, params);
    return row.count;
  }

  /** Waits until every id satisfies `condition` (SQL on `a`, the application), with the worker coming and going. */
  async function allOf(ids: string[], condition: string, what: string): Promise<void> {
    await waitFor(
      async () =>
        (await count(
          `SELECT count(*)::int AS count FROM registration_application a WHERE a.id = ANY ($1) AND ${condition}`,
          [ids],
        )) === ids.length,
      { what, timeoutMs: 600_000, intervalMs: 500 },
    );
  }

  it('ends every application certified exactly once, with unique numbers and a valid audit chain', async () => {
    const owners: Person[] = [];
    for (let owner = 0; owner < 8; owner++) owners.push(await world.holder('organization'));
    const lessee = await world.holder();
    const year = new Date().getFullYear();
    const applications = await inParallel(
      Array.from({ length: APPLICATIONS }, (_, index) => index),
      4,
      async (index) => {
        const owner = owners[index % owners.length];
        const unitNumber = await world.unit([owner.partyId]);
        const draft = await world.draft(owner, {
          kind: 'lease',
          unitNumber,
          counterparty: { partyId: lessee.partyId },
          leaseTerm: { start: `${year + 1}-01-01`, end: `${year + 3}-12-31` },
          annualRent: '50000.00',
        });
        if (draft.status !== 201) throw new Error(`draft: ${JSON.stringify(draft.body)}`);
        return { id: draft.body.id as string, owner };
      },
    );
    const ids = applications.map(({ id }) => id);
    const firstOutboxId = await count(`SELECT coalesce(max(id), 0)::int AS count FROM outbox`);

    let kills = 0;
    let storming = true;
    worker = spawnWorker();
    const storm = (async () => {
      while (storming && kills < KILLS) {
        await new Promise((resolve) => setTimeout(resolve, 6000 + Math.random() * 6000));
        if (!storming) break;
        await killed(worker!);
        kills++;
        worker = spawnWorker();
      }
    })();

    try {
      await inParallel(applications, 6, async ({ id, owner }) => {
        const response = await platform.request('POST', `/applications/${id}/submit`, { token: owner.token });
        if (response.status !== 200) throw new Error(`submit: ${JSON.stringify(response.body)}`);
      });
      await allOf(ids, `a.precheck_status = 'passed'`, 'every pre-check');
      await inParallel(ids, 6, async (id) => {
        const response = await world.actPatiently(clerk.token, id, 'accept');
        if (response.status !== 200) throw new Error(`accept: ${JSON.stringify(response.body)}`);
      });
      for (const [stage, action] of [
        ['accepted', 'pass-first-review'],
        ['first_review', 'pass-second-review'],
      ] as const) {
        await allOf(
          ids,
          `a.status = '${stage}' AND a.assigned_to IS NOT NULL`,
          `a reviewer for every ${stage}`,
        );
        await inParallel(ids, 6, async (id) => {
          const reviewer = await world.assignee(registrar, id, stage);
          const response = await world.actPatiently(reviewer.token, id, action);
          if (response.status !== 200) throw new Error(`${action}: ${JSON.stringify(response.body)}`);
        });
      }
      for (const action of ['approve', 'record']) {
        await inParallel(ids, 6, async (id) => {
          const response = await world.actPatiently(registrar.token, id, action);
          if (response.status !== 200) throw new Error(`${action}: ${JSON.stringify(response.body)}`);
        });
      }
      await allOf(ids, `a.status = 'certified'`, 'every certificate');
      await waitFor(
        async () =>
          (await count(
            `SELECT count(*)::int AS count FROM outbox
              WHERE id > $1 AND completed_at IS NULL AND available_at <= now()`,
            [firstOutboxId],
          )) === 0,
        { what: 'every due job completed', timeoutMs: 300_000, intervalMs: 500 },
      );
    } finally {
      storming = false;
      await storm;
    }

    expect(kills).toBe(KILLS);
    const completedJobs = await count(
      `SELECT count(*)::int AS count FROM outbox WHERE id > $1 AND completed_at IS NOT NULL`,
      [firstOutboxId],
    );
    expect(completedJobs).toBeGreaterThanOrEqual(TARGET_JOBS);

    const certificates = await platform.db.query<{
      application_id: string;
      number: string;
      file_id: string | null;
    }>(`SELECT application_id, number, file_id FROM certificate WHERE application_id = ANY ($1)`, [ids]);
    expect(certificates).toHaveLength(ids.length);
    expect(new Set(certificates.map(({ number }) => number)).size).toBe(ids.length);
    expect(certificates.every(({ file_id }) => file_id !== null)).toBe(true);

    const transitions = await platform.db.query<{ action: string; per_application: number[] }>(
      `SELECT action, array_agg(DISTINCT n) AS per_application
         FROM (SELECT action, entity_id, count(*)::int AS n FROM audit_event
                WHERE entity_id = ANY ($1) AND action LIKE 'application.%' GROUP BY action, entity_id) counted
        GROUP BY action ORDER BY action`,
      [ids],
    );
    // One assignment per review stage; every other effect once.
    const expected = (action: string) => (action === 'application.assign' ? [2] : [1]);
    for (const { action, per_application } of transitions) {
      expect({ action, per_application }).toEqual({ action, per_application: expected(action) });
    }
    expect(transitions.map(({ action }) => action)).toEqual(
      expect.arrayContaining([
        'application.prechecked',
        'application.accept',
        'application.record',
        'application.certify',
      ]),
    );
    const duplicatedNotices = await count(
      `SELECT count(*)::int AS count FROM (
         SELECT 1 FROM notification GROUP BY user_id, template, data HAVING count(*) > 1) duplicated`,
    );
    expect(duplicatedNotices).toBe(0);
    expect((await platform.request('GET', '/audit/verify', { token: auditor.token })).body.valid).toBe(true);
  }, 1_500_000);

  it('leaves no resident ID number unmasked in any response body or log line', () => {
    expect(unmaskedIn(platform)).toEqual([]);
  });
});
