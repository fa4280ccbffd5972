import { PASSWORD, residentId, uniqueName, uscc } from '../support/fixtures';
import { Platform, startPlatform } from '../support/platform';

const ADMIN = { username: 'root.admin', password: 'Admin-password-1' };

describe('identity: registration, login, roles and ownership', () => {
  let platform: Platform;
  let adminToken: string;
  const usedIdNumbers: string[] = [];

  beforeAll(async () => {
    platform = await startPlatform({
      env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, LOGIN_MAX_FAILURES: '3' },
    });
    adminToken = await platform.login(ADMIN.username, ADMIN.password);
  });

  afterAll(async () => {
    await platform.close();
  });

  async function registerPerson(overrides: Record<string, unknown> = {}) {
    const idNumber = residentId();
    usedIdNumbers.push(idNumber);
    const username = uniqueName('p');
    const response = await platform.request('POST', '/auth/register', {
      body: {
        username,
        password: PASSWORD,
        displayName: '王五',
        party: { kind: 'person', name: '王五', idNumber },
        ...overrides,
      },
    });
    return { response, username, idNumber };
  }

  async function rowCounts() {
    const [row] = await platform.db.query<{ users: number; parties: number; events: number; outbox: number }>(
      `SELECT (SELECT count(*) FROM app_user)::int AS users, (SELECT count(*) FROM party)::int AS parties,
              (SELECT count(*) FROM audit_event)::int AS events, (SELECT count(*) FROM outbox)::int AS outbox`,
    );
    return row;
  }

  it('creates the initial administrator from the environment exactly once', async () => {
    const admins = await platform.db.query(
      `SELECT username, roles FROM app_user WHERE 'admin' = ANY (roles)`,
    );
    expect(admins).toEqual([{ username: ADMIN.username, roles: ['admin'] }]);
  });

  it('registers a person, masks the ID number in the response and stores it only encrypted', async () => {
    const { response, idNumber } = await registerPerson();
    expect(response.status).toBe(201);
    expect(response.body.roles).toEqual(['holder']);
    expect(response.body.party).toMatchObject({
      kind: 'person',
      name: '王五',
      idNumberMasked: `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`,
    });
    expect(JSON.stringify(response.body)).not.toContain(idNumber);
    const [party] = await platform.db.query<Record<string, unknown>>(
      `SELECT encode(id_number_ciphertext, 'escape') AS c, encode(id_number_hmac, 'hex') AS h, id_number_masked
         FROM party WHERE id = $1`,
      [response.body.party.id],
    );
    expect(JSON.stringify(party)).not.toContain(idNumber);
    expect(party.h).toMatch(/^[0-9a-f]{64}$/);
  });

  it('registers an organization with its credit code', async () => {
    const code = uscc();
    const response = await platform.request('POST', '/auth/register', {
      body: {
        username: uniqueName('org'),
        password: PASSWORD,
        displayName: '乌海某建材公司',
        party: { kind: 'organization', name: '乌海某建材有限公司', uscc: code },
      },
    });
    expect(response.status).toBe(201);
    expect(response.body.party).toMatchObject({ kind: 'organization', uscc: code });
  });

  it.each([
    [
      'a USCC with a wrong check character',
      { kind: 'organization', name: 'X公司', uscc: '91350100M000100Y44' },
      'party.uscc',
      'isUscc',
    ],
    [
      'a resident ID with a wrong check character',
      { kind: 'person', name: '赵六', idNumber: '110105194912310021' },
      'party.idNumber',
      'isResidentId',
    ],
    [
      'a resident ID born in the future',
      { kind: 'person', name: '赵六', idNumber: '150302209901010012' },
      'party.idNumber',
      'isResidentId',
    ],
    ['a person without an ID number', { kind: 'person', name: '赵六' }, 'party.idNumber', 'isDefined'],
    ['an unknown party kind', { kind: 'robot', name: '赵六' }, 'party.kind', 'isIn'],
  ])('refuses %s with a 400 naming the field, and writes nothing', async (_case, party, field, rule) => {
    const before = await rowCounts();
    const response = await platform.request('POST', '/auth/register', {
      body: { username: uniqueName('bad'), password: PASSWORD, displayName: '赵六', party },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    const problem = response.body.details.find((detail: { field: string }) => detail.field === field);
    expect(problem.message).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses unknown fields rather than ignoring them', async () => {
    const { response } = await registerPerson({ roles: ['admin'] });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([
      expect.objectContaining({ field: 'roles', rule: 'whitelistValidation' }),
    ]);
  });

  it('answers 409 for a taken username and for an identity that already has an account', async () => {
    const first = await registerPerson();
    const sameUsername = await platform.request('POST', '/auth/register', {
      body: {
        username: first.username.toUpperCase(),
        password: PASSWORD,
        displayName: '甲',
        party: { kind: 'person', name: '甲', idNumber: residentId() },
      },
    });
    expect(sameUsername.status).toBe(409);
    expect(sameUsername.body.details).toEqual({ field: 'username' });
    const sameIdentity = await platform.request('POST', '/auth/register', {
      body: {
        username: uniqueName('again'),
        password: PASSWORD,
        displayName: '王五',
        party: { kind: 'person', name: '王五', idNumber: first.idNumber },
      },
    });
    expect(sameIdentity.status).toBe(409);
  });

  it('logs in, and refuses a wrong password without saying which part was wrong', async () => {
    const { username } = await registerPerson();
    const ok = await platform.request('POST', '/auth/login', { body: { username, password: PASSWORD } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ expiresIn: 3600, user: { username, roles: ['holder'] } });
    const me = await platform.request('GET', '/auth/me', { token: ok.body.accessToken });
    expect(me.body.username).toBe(username);

    const wrong = await platform.request('POST', '/auth/login', {
      body: { username, password: 'Wrong-pass-123' },
    });
    const unknown = await platform.request('POST', '/auth/login', {
      body: { username: 'nobody-here', password: 'x' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('locks the account after repeated failures, audits the lock, and refuses even the right password', async () => {
    const { username } = await registerPerson();
    const attempts = await Promise.all(
      [1, 2, 3].map(() =>
        platform.request('POST', '/auth/login', { body: { username, password: 'Wrong-pass-123' } }),
      ),
    );
    expect(attempts.map((attempt) => attempt.status)).toEqual([401, 401, 401]);
    const locked = await platform.request('POST', '/auth/login', { body: { username, password: PASSWORD } });
    expect(locked.status).toBe(403);
    expect(new Date(locked.body.details.lockedUntil).getTime()).toBeGreaterThan(Date.now());
    const events = await platform.db.query(
      `SELECT e.action FROM audit_event e JOIN app_user u ON u.id::text = e.entity_id WHERE u.username = $1`,
      [username],
    );
    expect(events.map((event) => event.action)).toEqual(['user.registered', 'user.locked']);
  });

  it('enforces roles: anonymous 401, holder 403, admin creates staff', async () => {
    const staff = {
      username: uniqueName('reviewer'),
      password: PASSWORD,
      displayName: '审核员甲',
      roles: ['reviewer'],
      districts: ['150302'],
    };
    expect((await platform.request('POST', '/users', { body: staff })).status).toBe(401);
    const { username } = await registerPerson();
    const holderToken = await platform.login(username, PASSWORD);
    expect((await platform.request('POST', '/users', { body: staff, token: holderToken })).status).toBe(403);
    const created = await platform.request('POST', '/users', { body: staff, token: adminToken });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ roles: ['reviewer'], districts: ['150302'] });
    const reviewerToken = await platform.login(staff.username, PASSWORD);
    expect((await platform.request('GET', '/users', { token: reviewerToken })).status).toBe(403);
  });

  it('refuses to create a holder or an unknown district through the staff route', async () => {
    const response = await platform.request('POST', '/users', {
      token: adminToken,
      body: {
        username: uniqueName('x'),
        password: PASSWORD,
        displayName: 'x',
        roles: ['holder'],
        districts: ['110101'],
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual([
      'districts',
      'roles',
    ]);
  });

  it('lets a holder see their own account but answers 404 for another holder’s', async () => {
    const first = await registerPerson();
    const second = await registerPerson();
    const token = await platform.login(first.username, PASSWORD);
    const own = await platform.request('GET', `/users/${first.response.body.id}`, { token });
    expect(own.status).toBe(200);
    const other = await platform.request('GET', `/users/${second.response.body.id}`, { token });
    expect(other.status).toBe(404);
    const asAdmin = await platform.request('GET', `/users/${second.response.body.id}`, { token: adminToken });
    expect(asAdmin.status).toBe(200);
    const badId = await platform.request('GET', '/users/not-a-uuid', { token: adminToken });
    expect(badId.status).toBe(400);
    expect(badId.body.details).toEqual([expect.objectContaining({ field: 'id', rule: 'isUuid' })]);
  });

  it('stops accepting the token of a deactivated user at once', async () => {
    const { response, username } = await registerPerson();
    const token = await platform.login(username, PASSWORD);
    const deactivated = await platform.request('POST', `/users/${response.body.id}/deactivate`, {
      token: adminToken,
      body: { reason: '注销账户' },
    });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    expect((await platform.request('GET', '/auth/me', { token })).status).toBe(401);
    const again = await platform.request('POST', `/users/${response.body.id}/deactivate`, {
      token: adminToken,
      body: { reason: '重复' },
    });
    expect(again.status).toBe(409);
  });

  it('never writes an unmasked resident ID number to the logs', async () => {
    const { idNumber } = await registerPerson();
    await platform.request('GET', `/users/${idNumber}?idNumber=${idNumber}`, { token: adminToken });
    const logs = platform.logs.text();
    expect(logs).toContain(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
    for (const used of usedIdNumbers) expect(logs).not.toContain(used);
  });
});
