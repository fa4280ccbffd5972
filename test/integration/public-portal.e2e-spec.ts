import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { CLEAN_DECLARATIONS } from '../support/market';
import { Platform, startPlatform } from '../support/platform';
import { ADMIN_ENV, RegistrationWorld } from '../support/registration';

const ROOT = path.resolve(__dirname, '../..');
const SCREENSHOTS = path.join(ROOT, 'var/screenshots');

/** The flags Chromium needs on a machine without a network or a sandbox. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('public portal in a real browser', () => {
  let platform: Platform;
  let world: RegistrationWorld;
  let browser: Browser;
  let baseUrl: string;
  const tag = `门户${Date.now().toString(36)}`;

  beforeAll(async () => {
    platform = await startPlatform({ env: { ...ADMIN_ENV, WEB_ROOT: path.join(ROOT, 'dist/web') } });
    world = new RegistrationWorld(platform);
    await platform.api!.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(platform.api!.getHttpServer().address() as AddressInfo).port}`;
    const registrar = await world.staff(['registrar']);
    const seller = await world.holder();
    for (const [districtCode, location] of [
      ['150302', '海勃湾区滨河工业园区'],
      ['150303', '海南区西来峰工业园区'],
    ] as const) {
      const unitNumber = await world.unit([seller.partyId], { districtCode, location });
      const listing = await platform.request('POST', '/listings', {
        token: seller.token,
        body: {
          unitNumber,
          kind: 'transfer',
          mode: 'bidding',
          askingPrice: '2000000.00',
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: new Date(Date.now() + 3600_000).toISOString(),
          declarations: CLEAN_DECLARATIONS,
          description: `工业用地转让 ${tag}`,
        },
      });
      const pending = await platform.request('POST', `/listings/${listing.body.id}/publish`, {
        token: seller.token,
      });
      const confirmed = await platform.request('POST', `/listings/${listing.body.id}/confirm`, {
        token: registrar.token,
        body: { version: pending.body.version },
      });
      expect(confirmed.body.status).toBe('published');
    }
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await platform.close();
  });

  async function rows(page: Page): Promise<string[]> {
    return page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(2)').allInnerTexts();
  }

  it('lets a visitor filter the listings and see them on the map, without a console error', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(baseUrl);
    await page.getByText('挂牌信息检索').waitFor();
    await page.getByPlaceholder('位置、描述').fill(tag);
    await page.getByRole('button', { name: /检\s*索/ }).click();
    await page.locator('[data-testid="listing-map"][data-feature-count="2"]').waitFor();
    expect((await rows(page)).sort()).toEqual(['海南区西来峰工业园区', '海勃湾区滨河工业园区'].sort());

    await page.locator('.ant-form-item').filter({ hasText: '行政区' }).locator('.ant-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '海南区' }).click();
    await page.getByRole('button', { name: /检\s*索/ }).click();
    await page.locator('[data-testid="listing-map"][data-feature-count="1"]').waitFor();
    expect(await rows(page)).toEqual(['海南区西来峰工业园区']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'public-portal.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
