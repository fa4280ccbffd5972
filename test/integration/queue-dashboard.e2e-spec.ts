import { QUEUE_NAMES } from '@app/queue';
import { PASSWORD, residentId, uniqueName } from '../support/fixtures';
import { Platform, startPlatform } from '../support/platform';

const ADMIN = { username: 'queue.admin', password: 'Admin-password-1' };

describe('queue dashboard: bull-board at /admin/queues for administrators', () => {
  let platform: Platform;
  let adminToken: string;
  let holderToken: string;

  beforeAll(async () => {
    platform = await startPlatform({
      env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password },
    });
    adminToken = await platform.login(ADMIN.username, ADMIN.password);
    const username = uniqueName('holder');
    const registered = await platform.request('POST', '/auth/register', {
      body: {
        username,
        password: PASSWORD,
        displayName: '王五',
        party: { kind: 'person', name: '王五', idNumber: residentId() },
      },
    });
    expect(registered.status).toBe(201);
    holderToken = await platform.login(username, PASSWORD);
  });

  afterAll(async () => {
    await platform.close();
  });

  /** Requests outside /api/v1, with exactly the headers given. */
  function dashboard(path: string, headers: Record<string, string> = {}, method = 'GET') {
    return platform.api!.inject({ method: method as 'GET', url: `/admin/queues${path}`, headers });
  }

  async function sessionCookie(token: string): Promise<string> {
    const response = await platform.request('POST', '/admin/queues/session', { token });
    expect(response.status).toBe(204);
    const setCookie = response.headers['set-cookie'] as string;
    return setCookie.split(';')[0];
  }

  it('refuses anonymous callers with a 401 in the platform error shape', async () => {
    for (const path of ['', '/', '/api/queues', '/static/images/logo.svg']) {
      const response = await dashboard(path);
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: '未登录或登录已失效 / Authentication required',
      });
    }
  });

  it('refuses a malformed or forged token, in the header or the cookie', async () => {
    const forged = `${adminToken.slice(0, -4)}AAAA`;
    const attempts: Record<string, string>[] = [
      { authorization: `Basic ${adminToken}` },
      { authorization: `Bearer ${forged}` },
      { cookie: `queue_dashboard_token=${forged}` },
      { cookie: `other=${adminToken}` },
    ];
    for (const headers of attempts) {
      expect((await dashboard('', headers)).statusCode).toBe(401);
    }
  });

  it('refuses a holder with a 403 naming the required role', async () => {
    const response = await dashboard('', { authorization: `Bearer ${holderToken}` });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: '当前角色无权执行此操作 / Your role does not allow this action',
      details: { requiredRoles: ['admin'] },
    });
  });

  it('serves the dashboard page and every asset it references to an admin with a Bearer token', async () => {
    const headers = { authorization: `Bearer ${adminToken}` };
    const page = await dashboard('', headers);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<base href="/admin/queues/" />');
    // Helmet's policy applies here too; everything the page loads must satisfy it.
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");

    const assets = [...page.body.matchAll(/(?:src|href)="(static\/[^"]+)"/g)].map((match) => match[1]);
    expect(assets.filter((asset) => asset.endsWith('.js')).length).toBeGreaterThan(0);
    expect(assets.filter((asset) => asset.endsWith('.css')).length).toBeGreaterThan(0);
    for (const asset of assets) {
      const response = await dashboard(`/${asset}`, headers);
      expect({ asset, status: response.statusCode }).toEqual({ asset, status: 200 });
      if (asset.endsWith('.js')) expect(response.headers['content-type']).toMatch(/javascript/);
      if (asset.endsWith('.css')) expect(response.headers['content-type']).toMatch(/^text\/css/);
    }
    // The only off-site reference is the Google Fonts stylesheet, which the policy blocks harmlessly.
    const offSite = [...page.body.matchAll(/(?:src|href)="(https?:[^"]+)"/g)].map((match) => match[1]);
    expect(offSite.every((url) => url.startsWith('https://fonts.googleapis.com/'))).toBe(true);
  });

  it('sets the dashboard cookie for an admin only, and documents the endpoint', async () => {
    expect((await platform.request('POST', '/admin/queues/session')).status).toBe(401);
    const holder = await platform.request('POST', '/admin/queues/session', { token: holderToken });
    expect(holder.status).toBe(403);
    expect(holder.body).toMatchObject({ statusCode: 403, details: { requiredRoles: ['admin'] } });

    const response = await platform.request('POST', '/admin/queues/session', { token: adminToken });
    expect(response.status).toBe(204);
    const setCookie = response.headers['set-cookie'] as string;
    const [pair, ...attributes] = setCookie.split('; ');
    expect(pair).toBe(`queue_dashboard_token=${adminToken}`);
    expect(attributes).toEqual(expect.arrayContaining(['Path=/admin/queues', 'HttpOnly', 'SameSite=Strict']));
    expect(attributes).not.toContain('Secure'); // only when NODE_ENV=production
    const maxAge = Number(attributes.find((attribute) => attribute.startsWith('Max-Age='))?.slice(8));
    expect(maxAge).toBeGreaterThan(3500);
    expect(maxAge).toBeLessThanOrEqual(3600);

    const spec = await platform.api!.inject({ method: 'GET', url: '/api/docs-json' });
    const operation = spec.json().paths['/api/v1/admin/queues/session'].post;
    expect(operation.responses['204'].headers['Set-Cookie']).toBeDefined();
    expect(operation.security).toEqual([{ bearer: [] }]);
  });

  it('serves the dashboard to a browser that carries only the cookie', async () => {
    const cookie = await sessionCookie(adminToken);
    const page = await dashboard('/', { cookie: `theme=dark; ${cookie}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
  });

  it("lists every queue of the platform through bull-board's API", async () => {
    const cookie = await sessionCookie(adminToken);
    const response = await dashboard('/api/queues', { cookie });
    expect(response.statusCode).toBe(200);
    const names = (response.json().queues as { name: string }[]).map((queue) => queue.name);
    expect(names.sort()).toEqual([...QUEUE_NAMES].sort());
  });

  it('refuses state-changing requests from another origin that carry the cookie', async () => {
    const cookie = await sessionCookie(adminToken);
    const crossSite = await dashboard(
      '/api/queues/maintenance/pause',
      { cookie, 'sec-fetch-site': 'same-site' },
      'PUT',
    );
    expect(crossSite.statusCode).toBe(403);
    const queues = await dashboard('/api/queues', { cookie });
    const maintenance = (queues.json().queues as { name: string; isPaused: boolean }[]).find(
      (queue) => queue.name === 'maintenance',
    );
    expect(maintenance?.isPaused).toBe(false);

    const sameOrigin = { cookie, 'sec-fetch-site': 'same-origin' };
    expect((await dashboard('/api/queues/maintenance/pause', sameOrigin, 'PUT')).statusCode).toBe(200);
    expect((await dashboard('/api/queues/maintenance/resume', sameOrigin, 'PUT')).statusCode).toBe(200);
  });

  it('stops accepting the cookie of an administrator who is deactivated', async () => {
    const username = uniqueName('admin');
    const created = await platform.request('POST', '/users', {
      token: adminToken,
      body: { username, password: PASSWORD, displayName: '第二管理员', roles: ['admin'] },
    });
    expect(created.status).toBe(201);
    const cookie = await sessionCookie(await platform.login(username, PASSWORD));
    expect((await dashboard('', { cookie })).statusCode).toBe(200);
    const deactivated = await platform.request('POST', `/users/${created.body.id}/deactivate`, {
      token: adminToken,
      body: { reason: '离职' },
    });
    expect(deactivated.status).toBe(200);
    expect((await dashboard('', { cookie })).statusCode).toBe(401);
  });
});
