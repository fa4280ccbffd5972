import { Platform, startPlatform } from '../support/platform';

const ADMIN = { username: 'cal.admin', password: 'Admin-password-1' };

describe('working-day calendar', () => {
  let platform: Platform;
  let adminToken: string;

  beforeAll(async () => {
    platform = await startPlatform({
      env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password },
    });
    adminToken = await platform.login(ADMIN.username, ADMIN.password);
  });

  afterAll(async () => {
    await platform.close();
  });

  it('is seeded from chinese-days at start-up, once', async () => {
    const [{ years, days }] = await platform.db.query<{ years: number; days: number }>(
      `SELECT (SELECT count(*) FROM calendar_year)::int AS years, (SELECT count(*) FROM work_calendar)::int AS days`,
    );
    expect(years).toBeGreaterThanOrEqual(23);
    expect(days).toBeGreaterThan(400);
  });

  it.each([
    // Spring Festival 2026: Sat 02-14 is a make-up working day, 02-15 … 02-23 are off.
    ['2026-02-12', 5, '2026-02-26'],
    // Labour Day 2026: 05-01 … 05-05 are off, Sat 05-09 is a make-up working day.
    ['2026-04-30', 5, '2026-05-11'],
    // An ordinary week: Thursday plus five working days is the next Thursday.
    ['2026-03-05', 5, '2026-03-12'],
  ])(
    'from %s, %i working days end on %s as the 2026 State Council notice implies',
    async (from, add, date) => {
      const response = await platform.request('GET', `/calendar/working-days?from=${from}&add=${add}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ date, provisional: false });
    },
  );

  it('flags dates beyond the loaded years as provisional', async () => {
    const response = await platform.request('GET', '/calendar/working-days?from=2027-03-01&add=5');
    expect(response.body).toEqual({ date: '2027-03-08', provisional: true });
  });

  it('shows a year’s holidays and make-up days', async () => {
    const response = await platform.request('GET', '/calendar/2026');
    expect(response.status).toBe(200);
    expect(response.body.covered).toBe(true);
    expect(response.body.makeupWorkdays.map((day: { date: string }) => day.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(response.body.holidays).toContainEqual({
      date: '2026-02-16',
      name: '春节',
      source: 'chinese-days',
    });
    expect((await platform.request('GET', '/calendar/2027')).body).toMatchObject({
      covered: false,
      holidays: [],
    });
  });

  it('lets an admin enter a new year’s notice day by day, audited, and then cover the year', async () => {
    const holiday = await platform.request('PUT', '/calendar/days/2027-02-08', {
      token: adminToken,
      body: { kind: 'holiday', name: '春节', reason: '2027年节假日安排通知' },
    });
    expect(holiday.status).toBe(200);
    const makeup = await platform.request('PUT', '/calendar/days/2027-02-06', {
      token: adminToken,
      body: { kind: 'workday', name: '春节', reason: '2027年节假日安排通知' },
    });
    expect(makeup.status).toBe(200);
    const wrong = await platform.request('PUT', '/calendar/days/2027-02-07', {
      token: adminToken,
      body: { kind: 'holiday', reason: '周日' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details).toEqual([
      expect.objectContaining({ field: 'kind', rule: 'holidayOnWeekday' }),
    ]);

    const covered = await platform.request('POST', '/calendar/2027/cover', {
      token: adminToken,
      body: { reason: '通知已全部录入' },
    });
    expect(covered.status).toBe(201);
    expect(covered.body).toMatchObject({ covered: true });
    // Fri 02-05 + 5: Sat 02-06 (make-up) 1, Mon 02-08 holiday, Tue 02-09 2 … Fri 02-12 5.
    const counted = await platform.request('GET', '/calendar/working-days?from=2027-02-05&add=5');
    expect(counted.body).toEqual({ date: '2027-02-12', provisional: false });
    expect(
      (
        await platform.request('POST', '/calendar/2027/cover', {
          token: adminToken,
          body: { reason: 'again' },
        })
      ).status,
    ).toBe(409);

    const events = await platform.db.query<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_type = 'calendar' ORDER BY id`,
    );
    expect(events.map((event) => event.action)).toEqual([
      'calendar.dayChanged',
      'calendar.dayChanged',
      'calendar.yearCovered',
    ]);
  });

  it('refuses bad input with 400s and edits from non-admins with 401/403', async () => {
    expect((await platform.request('GET', '/calendar/working-days?from=2026-02-30&add=5')).status).toBe(400);
    expect((await platform.request('GET', '/calendar/working-days?from=2026-02-12&add=-1')).status).toBe(400);
    expect((await platform.request('GET', '/calendar/working-days?from=2026-02-12')).status).toBe(400);
    expect((await platform.request('GET', '/calendar/working-days?from=2026-02-12&add=')).status).toBe(400);
    expect((await platform.request('GET', '/calendar/working-days?from=9999-12-28&add=10')).status).toBe(400);
    expect(
      (
        await platform.request('PUT', '/calendar/days/2027-02-30', {
          token: adminToken,
          body: { kind: null, reason: 'x' },
        })
      ).status,
    ).toBe(400);
    expect((await platform.request('GET', '/calendar/abcd')).status).toBe(400);
    expect((await platform.request('GET', '/calendar/1850')).status).toBe(400);
    expect(
      (
        await platform.request('PUT', '/calendar/days/2027-13-01', {
          token: adminToken,
          body: { kind: null, reason: 'x' },
        })
      ).status,
    ).toBe(400);
    expect(
      (await platform.request('PUT', '/calendar/days/2027-02-08', { body: { kind: null, reason: 'x' } }))
        .status,
    ).toBe(401);
  });
});
