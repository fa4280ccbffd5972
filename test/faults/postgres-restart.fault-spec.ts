import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import { CLEAN_DECLARATIONS } from '../support/market';
import { Platform, startPlatform, waitFor } from '../support/platform';
import { ADMIN_ENV, FAIR_PRICE, RegistrationWorld } from '../support/registration';
import { unmaskedIn, watchForResidentIds } from '../support/resident-ids';

const run = promisify(execFile);

/** Restarts the real server (fast mode: connections are cut, as in a failover or an upgrade). */
async function restartPostgres(): Promise<void> {
  const [version] = (await readdir('/etc/postgresql')).sort().reverse();
  const command = ['pg_ctlcluster', '--skip-systemctl-redirect', version, 'main', 'restart', '-m', 'fast'];
  const root = process.getuid?.() === 0;
  await run(root ? command[0] : 'sudo', root ? command.slice(1) : ['-n', ...command]);
}

interface Sample {
  at: number;
  path: string;
  status: number;
  ms: number;
}

/**
 * PostgreSQL restarts while the API serves searches and holders' reads and the worker runs. Requests in
 * the gap fail fast with 503 (none hangs), and both processes carry on afterwards without being restarted.
 * It restarts the machine's real server, so the fault suite runs on its own (`--runInBand`, after `npm test`).
 */
describe('PostgreSQL restarted under load', () => {
  let platform: Platform;
  let world: RegistrationWorld;

  beforeAll(async () => {
    platform = await startPlatform({ env: ADMIN_ENV, worker: true });
    watchForResidentIds(platform);
    world = new RegistrationWorld(platform);
  });

  afterAll(async () => {
    await platform.close();
  });

  it('answers 503 quickly while it is down and recovers without a process restart', async () => {
    const holder = await world.holder();
    const buyer = await world.holder();
    const registrar = await world.staff(['registrar']);
    const listingUnit = await world.unit([holder.partyId]);
    const listing = await platform.request('POST', '/listings', {
      token: holder.token,
      body: {
        unitNumber: listingUnit,
        kind: 'transfer',
        mode: 'bidding',
        askingPrice: '1500000.00',
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
        declarations: CLEAN_DECLARATIONS,
      },
    });
    const pending = await platform.request('POST', `/listings/${listing.body.id}/publish`, {
      token: holder.token,
    });
    await platform.request('POST', `/listings/${listing.body.id}/confirm`, {
      token: registrar.token,
      body: { version: pending.body.version },
    });
    const draft = await world.draft(holder, {
      kind: 'transfer',
      unitNumber: await world.unit([holder.partyId]),
      counterparty: { partyId: buyer.partyId },
      declaredPrice: FAIR_PRICE,
    });
    await platform.request('POST', `/applications/${draft.body.id}/confirm`, { token: buyer.token });

    const samples: Sample[] = [];
    let loading = true;
    const client = async (path: string, token?: string) => {
      while (loading) {
        const started = Date.now();
        const response = await platform.request('GET', path, { token });
        samples.push({ at: started, path, status: response.status, ms: Date.now() - started });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const clients = [
      client('/listings?districtCode=150302'),
      client('/listings?districtCode=150302'),
      client('/applications', holder.token),
      client('/health/ready'),
    ];
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const restartStarted = Date.now();
    await restartPostgres();
    const restartEnded = Date.now();
    await waitFor(
      async () =>
        samples.some(
          (sample) =>
            sample.at > restartEnded && sample.path.startsWith('/listings') && sample.status === 200,
        ),
      { what: 'a search answered after the restart', timeoutMs: 30_000 },
    );
    const recoveredAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    loading = false;
    await Promise.all(clients);

    const statuses = [...new Set(samples.map((sample) => sample.status))].sort();
    expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
    const unavailable = samples.filter((sample) => sample.status === 503 && sample.path !== '/health/ready');
    expect(unavailable.length).toBeGreaterThan(0);
    // Fail fast: no request waited long for a database that was not there.
    expect(Math.max(...samples.map((sample) => sample.ms))).toBeLessThan(5000);
    expect(recoveredAt - restartEnded).toBeLessThan(15_000);
    const afterRecovery = samples.filter((sample) => sample.at > recoveredAt);
    expect(afterRecovery.length).toBeGreaterThan(0);
    expect(afterRecovery.every((sample) => sample.status === 200)).toBe(true);
    expect(restartEnded - restartStarted).toBeLessThan(30_000);

    // The worker recovered too: a submission after the restart is pre-checked.
    const submitted = await platform.request('POST', `/applications/${draft.body.id}/submit`, {
      token: holder.token,
    });
    expect(submitted.status).toBe(200);
    expect((await world.prechecked(holder.token, draft.body.id)).precheck.status).toBe('passed');
  }, 120_000);

  it('leaves no resident ID number unmasked in any response body or log line', () => {
    expect(unmaskedIn(platform)).toEqual([]);
  });
});
