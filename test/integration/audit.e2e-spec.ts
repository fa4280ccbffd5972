import { PASSWORD, residentId, uniqueName } from '../support/fixtures';
import { Platform, startPlatform } from '../support/platform';

const ADMIN = { username: 'audit.admin', password: 'Admin-password-1' };

describe('audit: hash-chained, append-only log', () => {
  let platform: Platform;
  let auditorToken: string;

  beforeAll(async () => {
    platform = await startPlatform({
      env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password },
    });
    const adminToken = await platform.login(ADMIN.username, ADMIN.password);
    const auditor = {
      username: 'auditor.one',
      password: PASSWORD,
      displayName: '审计员',
      roles: ['auditor'],
    };
    expect((await platform.request('POST', '/users', { token: adminToken, body: auditor })).status).toBe(201);
    auditorToken = await platform.login(auditor.username, PASSWORD);
  });

  afterAll(async () => {
    await platform.close();
  });

  function register() {
    return platform.request('POST', '/auth/register', {
      body: {
        username: uniqueName('a'),
        password: PASSWORD,
        displayName: '孙八',
        party: { kind: 'person', name: '孙八', idNumber: residentId() },
      },
    });
  }

  it('keeps one linear chain under concurrent appends', async () => {
    const responses = await Promise.all(Array.from({ length: 25 }, () => register()));
    expect(responses.every((response) => response.status === 201)).toBe(true);
    const [{ events, links, ids }] = await platform.db.query<{ events: number; links: number; ids: number }>(
      `SELECT count(*)::int AS events, count(DISTINCT prev_hash)::int AS links,
              count(DISTINCT id)::int AS ids FROM audit_event`,
    );
    expect(links).toBe(events);
    expect(ids).toBe(events);
    const verification = await platform.request('GET', '/audit/verify', { token: auditorToken });
    expect(verification.status).toBe(200);
    expect(verification.body).toEqual({ valid: true, events });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit events', async () => {
    await expect(platform.db.query(`UPDATE audit_event SET reason = 'x'`)).rejects.toThrow(/append-only/);
    await expect(platform.db.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    await expect(platform.db.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
  });

  it('reports the first broken event after a row is altered behind the trigger’s back', async () => {
    const [victim] = await platform.db.query<{ id: string; action: string }>(
      `SELECT id::text, action FROM audit_event ORDER BY id OFFSET 5 LIMIT 1`,
    );
    await platform.db.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
    await platform.db.query(`UPDATE audit_event SET reason = 'rewritten history' WHERE id = $1`, [victim.id]);
    await platform.db.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);

    const [{ before }] = await platform.db.query<{ before: number }>(
      `SELECT count(*)::int AS before FROM audit_event WHERE id < $1`,
      [victim.id],
    );
    const verification = await platform.request('GET', '/audit/verify', { token: auditorToken });
    expect(verification.body).toMatchObject({
      valid: false,
      events: before,
      firstBrokenAt: { id: victim.id, action: victim.action },
    });
  });

  it('lets only auditors and admins verify', async () => {
    const holder = await register();
    const token = await platform.login(holder.body.username, PASSWORD);
    expect((await platform.request('GET', '/audit/verify', { token })).status).toBe(403);
    expect((await platform.request('GET', '/audit/verify')).status).toBe(401);
  });
});
