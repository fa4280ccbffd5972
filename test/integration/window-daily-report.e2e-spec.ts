import { residentId } from '../support/fixtures';
import { Platform, startPlatform } from '../support/platform';
import { ADMIN_ENV, RegistrationWorld, Staff } from '../support/registration';

describe('window daily report: supervisors read every window, a clerk only his own', () => {
  let platform: Platform;
  let world: RegistrationWorld;
  let clerk: Staff;
  let auditor: Staff;
  let own: { id: string };
  let other: { id: string };
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

  beforeAll(async () => {
    platform = await startPlatform({ env: ADMIN_ENV });
    world = new RegistrationWorld(platform);
    clerk = await world.staff(['clerk'], [], 'HN');
    auditor = await world.staff(['auditor']);
    own = await world.window('HN');
    other = await world.window('WD');
    // One refusal at the clerk's window: a lease brought without any of its materials.
    const seller = await world.holder();
    const refused = await platform.request('POST', '/intake', {
      token: clerk.token,
      body: {
        kind: 'lease',
        unitNumber: await world.unit([seller.partyId]),
        counterparty: { party: { kind: 'person', name: '李四', idNumber: residentId('19900202') } },
        leaseTerm: { start: '2027-01-01', end: '2031-12-31' },
        annualRent: '60000.00',
        materials: [],
        materialsChecked: [],
        applicants: [
          {
            party: seller.party,
            presentInPerson: true,
            identityVerified: true,
            identityFileId: await world.upload(clerk.token),
          },
        ],
      },
    });
    expect(refused.body.status).toBe('refused');
  });

  afterAll(async () => {
    await platform.close();
  });

  it("gives a clerk his own window's day, whether or not he names it", async () => {
    for (const query of ['', `?windowId=${own.id}`, `?date=${today}`]) {
      const report = await platform.request('GET', `/windows/reports/daily${query}`, { token: clerk.token });
      expect(report.status).toBe(200);
      expect(report.body).toEqual([
        expect.objectContaining({
          date: today,
          windowId: own.id,
          windowCode: 'HN',
          received: 1,
          accepted: 0,
          refused: 1,
          byKind: expect.objectContaining({ lease: { received: 1, accepted: 0, refused: 1 } }),
        }),
      ]);
    }
    const csv = await platform.request('GET', '/windows/reports/daily?format=csv', { token: clerk.token });
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^${today},HN,[^,]+,1,0,1,0,0,0,1,0,1,`));
  });

  it("refuses a clerk another window's report and day list", async () => {
    const report = await platform.request('GET', `/windows/reports/daily?windowId=${other.id}`, {
      token: clerk.token,
    });
    expect(report.status).toBe(403);
    expect(report.body.message).toContain('只能查看本窗口的日报');
    const csv = await platform.request('GET', `/windows/reports/daily?windowId=${other.id}&format=csv`, {
      token: clerk.token,
    });
    expect(csv.status).toBe(403);
    const dayList = await platform.request('GET', `/intake/day-list?windowId=${other.id}`, {
      token: clerk.token,
    });
    expect(dayList.status).toBe(403);
    const holder = await world.holder();
    expect((await platform.request('GET', '/windows/reports/daily', { token: holder.token })).status).toBe(
      403,
    );
  });

  it('still gives supervisors every window, or the one they name', async () => {
    const all = await platform.request('GET', '/windows/reports/daily', { token: auditor.token });
    expect(all.status).toBe(200);
    expect(all.body.map((summary: { windowCode: string }) => summary.windowCode)).toEqual(
      expect.arrayContaining(['ZX', 'HBW', 'WD', 'HN', 'GX']),
    );
    const named = await platform.request('GET', `/windows/reports/daily?windowId=${other.id}`, {
      token: auditor.token,
    });
    expect(named.body).toEqual([expect.objectContaining({ windowCode: 'WD', received: 0 })]);
  });
});
