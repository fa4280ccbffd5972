import { createTestDatabase, TestDatabase } from '../support/database';
import { Platform, startPlatform } from '../support/platform';

describe('login rate limit across API replicas', () => {
  let db: TestDatabase;
  let replicas: Platform[];

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { LOGIN_RATE_LIMIT_PER_MINUTE: '4' };
    replicas = [await startPlatform({ database: db, env }), await startPlatform({ database: db, env })];
  });

  afterAll(async () => {
    await replicas[1].api?.close();
    await replicas[0].close();
  });

  it('counts attempts on every replica together and answers 429 past the limit', async () => {
    const attempt = (replica: Platform) =>
      replica.request('POST', '/auth/login', {
        body: { username: 'nobody-at-all', password: 'Wrong-pass-123' },
      });
    const statuses = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await attempt(replicas[i % 2])).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    const limited = await attempt(replicas[0]);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    const [{ hits }] = await db.query<{ hits: number }>(
      `SELECT max(hits)::int AS hits FROM rate_limit_counter`,
    );
    expect(hits).toBeGreaterThanOrEqual(6);
  });
});
