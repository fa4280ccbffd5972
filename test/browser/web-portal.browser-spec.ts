import type { Page } from 'playwright-core';
import { BrowserSession, PHONE, screenshot, WEB_ROOT } from '../support/browser';
import { PASSWORD } from '../support/fixtures';
import { CLEAN_DECLARATIONS } from '../support/market';
import { multipart, PNG } from '../support/multipart';
import { Platform, startPlatform, waitFor } from '../support/platform';
import { ADMIN_ENV, Person, RegistrationWorld, Staff } from '../support/registration';

const LISTING_LOCATION = '海勃湾区滨河工业园区纬三路以南';
const DEAL_LOCATION = '海勃湾区千里山工业园区经二路以东';
const ASKING_PRICE = '2000000.00';
const INCREMENT = '10000.00';
const DEAL_PRICE = '3600000.00';

/** How the portal writes numbers, yuan and times (apps/web/src/common/labels.ts), for comparing with the API. */
const number = (value: string | number, digits = 2) =>
  Number(value).toLocaleString('zh-CN', { maximumFractionDigits: digits });
const yuan = (value: string) => `${number(value)} 元`;
const dateTime = (value: string) =>
  new Date(value).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

async function noHorizontalScroll(page: Page): Promise<void> {
  const width = await page.evaluate('document.documentElement.scrollWidth');
  expect(width).toBeLessThanOrEqual(PHONE.width);
}

/** The label → value pairs of an antd Descriptions block. */
async function descriptions(page: Page, testId: string): Promise<Record<string, string>> {
  return page
    .getByTestId(testId)
    .evaluate((root: any) =>
      Object.fromEntries(
        Array.from(root.querySelectorAll('.ant-descriptions-item-label')).map((label: any) => [
          label.textContent ?? '',
          label.nextElementSibling?.textContent ?? '',
        ]),
      ),
    );
}

/** The cell texts of a table's data rows, without its summary row. */
async function tableRows(page: Page, testId: string): Promise<string[][]> {
  return page
    .getByTestId(testId)
    .locator('.ant-table-tbody tr.ant-table-row')
    .evaluateAll((rows: any[]) =>
      rows.map((row) => Array.from(row.querySelectorAll('td')).map((cell: any) => cell.textContent ?? '')),
    );
}

describe('public portal pages in a real browser: listing detail, announcements, verification, statistics', () => {
  let platform: Platform;
  let world: RegistrationWorld;
  let browser: BrowserSession;
  let seller: Person;
  let buyer: Person;
  let bidder: Person;
  let listingId: string;
  let certificate: { number: string; verifyUrl: string };

  async function uploadPhoto(owner: Person): Promise<string> {
    const { payload, headers } = multipart('site.png', PNG, 'image/png');
    const response = await platform.api!.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { ...headers, authorization: `Bearer ${owner.token}` },
      payload,
    });
    expect(response.statusCode).toBe(201);
    return response.json().fileId;
  }

  async function publishedListing(registrar: Staff): Promise<string> {
    const unitNumber = await world.unit([seller.partyId], {
      location: LISTING_LOCATION,
      plotRatio: '1.20',
      buildingDensity: '35.00',
      greenRatio: '15.00',
    });
    const created = await platform.request('POST', '/listings', {
      token: seller.token,
      body: {
        unitNumber,
        kind: 'transfer',
        mode: 'bidding',
        askingPrice: ASKING_PRICE,
        bidIncrement: INCREMENT,
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
        declarations: CLEAN_DECLARATIONS,
        description: '厂房及附属设施一并转让，水电暖配套齐全。',
        attachments: [{ fileId: await uploadPhoto(seller), kind: 'photo' }],
      },
    });
    expect(created.status).toBe(201);
    const pending = await platform.request('POST', `/listings/${created.body.id}/publish`, {
      token: seller.token,
    });
    expect(pending.status).toBe(200);
    const confirmed = await platform.request('POST', `/listings/${created.body.id}/confirm`, {
      token: registrar.token,
      body: { version: pending.body.version },
    });
    expect(confirmed.body.status).toBe('published');
    return created.body.id;
  }

  beforeAll(async () => {
    platform = await startPlatform({
      worker: true,
      env: { ...ADMIN_ENV, WEB_ROOT, OUTBOX_SWEEP_INTERVAL_MS: '1000' },
    });
    world = new RegistrationWorld(platform);
    const districts = ['150302'];
    const clerk = await world.staff(['clerk'], districts);
    await world.staff(['reviewer'], districts);
    await world.staff(['reviewer'], districts);
    const registrar = await world.staff(['registrar']);
    seller = await world.holder('organization');
    buyer = await world.holder('organization');
    bidder = await world.holder();
    listingId = await publishedListing(registrar);

    // A transfer recorded through the whole workflow: the worker certifies it and announces the deal.
    const dealUnit = await world.unit([seller.partyId], { location: DEAL_LOCATION });
    const { id } = await world.certified(
      seller,
      buyer,
      {
        kind: 'transfer',
        unitNumber: dealUnit,
        counterparty: { partyId: buyer.partyId },
        declaredPrice: DEAL_PRICE,
      },
      clerk,
      registrar,
    );
    certificate = (await world.get(seller.token, id)).body.certificate;
    await waitFor(async () => (await platform.request('GET', '/announcements')).body.total === 1, {
      timeoutMs: 60_000,
      intervalMs: 250,
      what: 'the deal announcement',
    });
    browser = await BrowserSession.start(platform);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await platform.close();
  });

  it('shows a visitor the listing as the API gives it, with its photo, parcel and countdown', async () => {
    const view = (await platform.request('GET', `/listings/${listingId}`)).body;
    const { page, errors } = await browser.open();
    await page.goto(`${browser.baseUrl}/listings/${listingId}`);
    await page.getByTestId('listing-title').waitFor();
    expect(await page.getByTestId('listing-title').innerText()).toBe(view.location);

    const facts = await descriptions(page, 'listing-facts');
    expect(facts).toMatchObject({
      挂牌编号: view.listingNumber,
      不动产单元号: view.unitNumber,
      行政区: '海勃湾区',
      坐落: LISTING_LOCATION,
      土地用途: `工矿仓储用地（${view.landUse}）`,
      权利性质: '出让',
      土地使用权终止日期: new Date(view.termEnd).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }),
      挂牌价: yuan(view.askingPrice),
      加价幅度: yuan(view.bidIncrement),
      挂牌截止: dateTime(view.endsAt),
      容积率: view.planning.plotRatio,
      建筑密度: `${number(view.planning.buildingDensity)}%`,
      绿地率: `${number(view.planning.greenRatio)}%`,
    });
    expect(facts['宗地面积']).toMatch(new RegExp(`^${number(view.areaM2)} ㎡`));
    const declared = await descriptions(page, 'listing-declarations');
    expect(declared['土地出让金已足额缴纳']).toBe('是');
    expect(declared['已被查封']).toBe('否');

    const photo = page.getByTestId('listing-photos').locator('img');
    await waitFor(() => photo.evaluate((image: any) => image.complete && image.naturalWidth === 1), {
      what: 'the site photo to load',
    });
    await page.locator('[data-testid="listing-parcel"][data-feature-count="1"]').waitFor();
    await page.getByText('距竞价截止').waitFor();
    await expect(page.getByTestId('listing-ends-at').innerText()).resolves.toContain(dateTime(view.endsAt));
    await page.getByText('登录后可进行意向登记和出价').waitFor();
    await screenshot(page, 'portal-listing');
    expect(errors).toEqual([]);
  });

  it('answers a link to a listing that does not exist with a 404 page', async () => {
    const { page, errors, refusals: refused } = await browser.open();
    await page.goto(`${browser.baseUrl}/listings/00000000-0000-4000-8000-000000000000`);
    await page.getByText('挂牌信息不存在').waitFor();
    await page.goto(`${browser.baseUrl}/listings/not-a-listing`);
    await page.getByText('挂牌信息不存在').waitFor();
    expect(refused).toEqual(['404 /api/v1/listings/00000000-0000-4000-8000-000000000000']);
    expect(errors).toEqual([]);
  });

  it('shows a holder why a low bid is refused, then takes a valid one into the history as 竞买人1', async () => {
    const { page, errors, refusals: refused } = await browser.open();
    await browser.signIn(page, bidder.username, PASSWORD);
    await page.goto(`${browser.baseUrl}/listings/${listingId}`);
    await page.getByText(`当前最低可出价 ${yuan(ASKING_PRICE)}`).waitFor();

    await page.getByRole('button', { name: '意向登记' }).click();
    // A retried run finds the interest of its first attempt already registered, and is told so by a 409.
    const registered = page.getByText(/完成意向登记$|您已对该挂牌进行过意向登记/);
    await registered.waitFor();
    const expectedRefusals = (await registered.innerText()).includes('已对该挂牌进行过')
      ? [`409 /api/v1/listings/${listingId}/interests`]
      : [];
    const interests = await platform.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM listing_interest WHERE listing_id = $1 AND party_id = $2`,
      [listingId, bidder.partyId],
    );
    expect(interests).toEqual([{ count: 1 }]);

    await page.getByLabel('出价金额').fill('1990000');
    await page.getByRole('button', { name: /^出\s*价$/ }).click();
    const refusal = page.getByTestId('bid-refusal');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('出价低于当前最低可出价');
    expect(await refusal.innerText()).toContain(`出价须不低于 ${ASKING_PRICE} 元`);
    expect((await platform.request('GET', `/listings/${listingId}/bids`)).body).toEqual([]);

    await page.getByLabel('出价金额').fill('2000000');
    await page.getByRole('button', { name: /^出\s*价$/ }).click();
    const row = page.getByTestId('bid-history').locator('tr.ant-table-row', { hasText: '竞买人1' });
    await row.waitFor();
    expect(await row.innerText()).toContain(yuan(ASKING_PRICE));
    expect(await row.innerText()).toContain('我的出价');
    await expect(refusal.count()).resolves.toBe(0);
    await page.getByText(`当前最低可出价 ${yuan('2010000.00')}`).waitFor();
    await screenshot(page, 'portal-listing-bid');

    const bids = (await platform.request('GET', `/listings/${listingId}/bids`)).body;
    expect(bids).toEqual([expect.objectContaining({ sequence: 1, bidder: '竞买人1', amount: ASKING_PRICE })]);
    const listing = (await platform.request('GET', `/listings/${listingId}`)).body;
    expect(listing).toMatchObject({ highestBid: ASKING_PRICE, bidCount: 1 });
    expect(refused).toEqual([...expectedRefusals, `409 /api/v1/listings/${listingId}/bids`]);
    expect(errors).toEqual([]);
  });

  it('fits the listing detail on a phone, 390 px wide, without horizontal scrolling', async () => {
    const { page, errors } = await browser.open(PHONE);
    await page.goto(`${browser.baseUrl}/listings/${listingId}`);
    await page.getByTestId('listing-facts').waitFor();
    await page.getByTestId('bid-history').waitFor();
    await page.locator('[data-testid="listing-parcel"][data-feature-count="1"]').waitFor();
    await noHorizontalScroll(page);
    await screenshot(page, 'portal-listing-phone');
    for (const [path, name] of [
      ['/', 'search'],
      ['/announcements', 'announcements'],
      ['/verify', 'verify'],
      ['/statistics', 'statistics'],
    ]) {
      await page.goto(`${browser.baseUrl}${path}`);
      await page.locator('.ant-card').first().waitFor();
      await page.waitForLoadState('networkidle');
      await noHorizontalScroll(page);
      await screenshot(page, `portal-${name}-phone`);
    }
    expect(errors).toEqual([]);
  });

  it('announces the recorded deal with its parties masked as the API masks them', async () => {
    const [announcement] = (await platform.request('GET', '/announcements')).body.items;
    const { page, errors } = await browser.open();
    await page.goto(`${browser.baseUrl}/announcements`);
    const row = page.getByTestId('announcements').locator('tr.ant-table-row', { hasText: DEAL_LOCATION });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain(announcement.unitNumber);
    expect(text).toContain(yuan(DEAL_PRICE));
    expect(text).toContain('转让');
    for (const party of announcement.parties) expect(text).toContain(`${party.name}（${party.identifier}）`);
    expect(text).toContain(`转让方：${seller.party.name}`);
    expect(text).toContain(`受让方：${buyer.party.name}`);
    await page.getByText('共 1 条').waitFor();
    await screenshot(page, 'portal-announcements');
    expect(errors).toEqual([]);
  });

  it('opens from the certificate QR code and says a real certificate is valid and an unknown one is not', async () => {
    expect(certificate.verifyUrl).toMatch(
      new RegExp(
        `^https?://[^/]+/verify/${encodeURIComponent(certificate.number).replace(/[()]/g, '\\$&')}$`,
      ),
    );
    const { page, errors, refusals: refused } = await browser.open();
    await page.goto(`${browser.baseUrl}${new URL(certificate.verifyUrl).pathname}`);
    await page.getByText('证书有效').waitFor();
    const result = page.getByTestId('verification-result');
    expect(await result.innerText()).toContain(certificate.number);
    expect(await result.innerText()).toContain(buyer.party.name);
    await screenshot(page, 'portal-verify');

    await page.getByLabel('证书号').fill('乌海市不动产权第123号');
    await page.getByRole('button', { name: /^核\s*验$/ }).click();
    await page.getByText('不动产权证书号格式应为').waitFor();

    const unknown = '蒙(2020)乌海市不动产权第0999999号';
    await page.getByLabel('证书号').fill(unknown);
    await page.getByRole('button', { name: /^核\s*验$/ }).click();
    await page.getByText('未找到该证书').waitFor();
    expect(page.url()).toBe(`${browser.baseUrl}/verify/${encodeURIComponent(unknown)}`);
    expect(refused).toEqual([`404 /api/v1/certificates/${encodeURIComponent(unknown)}/verify`]);
    expect(errors).toEqual([]);
  });

  it('charts the statistics and lists in its tables the very figures the API gives', async () => {
    const { page, errors } = await browser.open();
    await page.goto(`${browser.baseUrl}/statistics`);
    for (const chart of ['chart-district', 'chart-month', 'chart-benchmark', 'chart-revitalisation']) {
      await page.locator(`[data-testid="${chart}"] canvas`).first().waitFor();
    }
    const period = await page.getByText(/^统计期间：/).innerText();
    const [, from, to] = /(\d{4}-\d{2}-\d{2}) 至 (\d{4}-\d{2}-\d{2})/.exec(period)!;

    for (const [groupBy, table] of [
      ['district', 'table-district'],
      ['month', 'table-month'],
      ['kind', 'table-kind'],
    ]) {
      const stats = (
        await platform.request('GET', `/stats/transactions?from=${from}&to=${to}&groupBy=${groupBy}`)
      ).body;
      expect(await tableRows(page, table)).toEqual(
        stats.groups.map((group: { label: string; count: number; areaHa: string; value: string }) => [
          group.label,
          number(group.count),
          `${number(group.areaHa, 4)} 公顷`,
          yuan(group.value),
        ]),
      );
      if (groupBy === 'district') {
        expect(stats.groups.find((group: { key: string }) => group.key === '150302')).toMatchObject({
          count: 1,
          areaHa: '1.0000',
          value: DEAL_PRICE,
        });
        expect(await tableRows(page, 'table-benchmark')).toEqual(
          stats.priceVersusBenchmark.buckets.map((bucket: { label: string; count: number }) => [
            bucket.label,
            number(bucket.count),
            expect.stringMatching(/%$/),
          ]),
        );
        expect((await tableRows(page, 'table-revitalisation')).map((row) => row.slice(1, 3))).toEqual(
          stats.idleLandRevitalised.targets.map(
            (target: { idleLand: { targetHa: string; actualHa: string } }) => [
              `${number(target.idleLand.targetHa, 4)} 公顷`,
              `${number(target.idleLand.actualHa, 4)} 公顷`,
            ],
          ),
        );
      }
    }
    await screenshot(page, 'portal-statistics');
    expect(errors).toEqual([]);
  });
});
