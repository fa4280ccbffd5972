import { PASSWORD, residentId, uniqueName } from '../support/fixtures';
import { Platform, startPlatform, waitFor } from '../support/platform';
import { TcpProxy } from '../support/tcp-proxy';

function registration(username = uniqueName('idem')) {
  return {
    username,
    password: PASSWORD,
    displayName: '钱七',
    party: { kind: 'person', name: '钱七', idNumber: residentId() },
  };
}

describe('HTTP basics: error shape, headers, OpenAPI, idempotency, health', () => {
  let platform: Platform;
  const redisProxy = new TcpProxy('127.0.0.1', 6379);

  beforeAll(async () => {
    await redisProxy.start();
    platform = await startPlatform({ env: { REDIS_URL: `redis://127.0.0.1:${redisProxy.port}` } });
  });

  afterAll(async () => {
    await platform.close();
    await redisProxy.stop();
  });

  it('answers unknown routes with the standard error shape', async () => {
    const response = await platform.request('GET', '/no/such/route');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: expect.stringMatching(/^未找到 \/ Not found/),
    });
  });

  it('answers malformed JSON and oversized bodies with 400 and 413 in the same shape', async () => {
    const malformed = await platform.request('POST', '/auth/register', { rawBody: '{"username": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const huge = await platform.request('POST', '/auth/register', {
      rawBody: JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('answers a non-object body with a 400, not a 500', async () => {
    for (const rawBody of ['[]', '"text"', '42', 'null']) {
      const response = await platform.request('POST', '/auth/login', { rawBody });
      expect(response.status).toBe(400);
    }
  });

  it('sets security headers and echoes a request id', async () => {
    const response = await platform.request('GET', '/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(response.headers['x-request-id']).toBe('trace-123');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    const generated = await platform.request('GET', '/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document', async () => {
    const response = await platform.api!.inject({ method: 'GET', url: '/api/docs-json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/register',
        '/api/v1/auth/login',
        '/api/v1/users',
        '/api/v1/audit/verify',
      ]),
    );
  });

  it('replays the first response for a repeated Idempotency-Key and creates nothing twice', async () => {
    const body = registration();
    const headers = { 'idempotency-key': `key-${body.username}` };
    const first = await platform.request('POST', '/auth/register', { body, headers });
    const second = await platform.request('POST', '/auth/register', { body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const users = await platform.db.query(`SELECT id FROM app_user WHERE username = $1`, [body.username]);
    expect(users).toHaveLength(1);
  });

  it('answers 422 when the same key comes with a different body', async () => {
    const body = registration();
    const headers = { 'idempotency-key': `key-${body.username}` };
    expect((await platform.request('POST', '/auth/register', { body, headers })).status).toBe(201);
    const changed = await platform.request('POST', '/auth/register', {
      body: { ...body, displayName: '另一个人' },
      headers,
    });
    expect(changed.status).toBe(422);
    expect(changed.body.statusCode).toBe(422);
  });

  it('replays a 4xx outcome too, so a retried bad request stays bad', async () => {
    const body = { ...registration(), password: 'short' };
    const headers = { 'idempotency-key': `key-${body.username}` };
    const first = await platform.request('POST', '/auth/register', { body, headers });
    const replay = await platform.request('POST', '/auth/register', { body, headers });
    expect(first.status).toBe(400);
    expect(replay.status).toBe(400);
    expect(replay.body).toEqual(first.body);
  });

  it('lets exactly one of many parallel requests with one key do the work', async () => {
    const body = registration();
    const headers = { 'idempotency-key': `key-${body.username}` };
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => platform.request('POST', '/auth/register', { body, headers })),
    );
    for (const response of responses) expect([201, 409]).toContain(response.status);
    expect(responses.some((response) => response.status === 201)).toBe(true);
    const users = await platform.db.query(`SELECT id FROM app_user WHERE username = $1`, [body.username]);
    expect(users).toHaveLength(1);
  });

  it('reports readiness of PostgreSQL and Redis, and says so when Redis is away', async () => {
    const ready = await platform.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toEqual({ database: { status: 'up' }, redis: { status: 'up' } });

    await redisProxy.stop();
    try {
      const down = await platform.request('GET', '/health/ready');
      expect(down.status).toBe(503);
      expect(down.body.details.redis.status).toBe('down');
      expect(down.body.details.database.status).toBe('up');
      expect((await platform.request('GET', '/health')).status).toBe(200);
    } finally {
      await redisProxy.start();
    }
    await waitFor(async () => (await platform.request('GET', '/health/ready')).status === 200, {
      what: 'readiness after Redis returns',
    });
  });
});
