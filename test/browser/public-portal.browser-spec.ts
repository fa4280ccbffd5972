import type { Page } from 'playwright-core';
import { BrowserSession, PHONE, screenshot, WEB_ROOT } from '../support/browser';
import { CLEAN_DECLARATIONS } from '../support/market';
import { Platform, startPlatform } from '../support/platform';
import { ADMIN_ENV, RegistrationWorld } from '../support/registration';

describe('public portal in a real browser', () => {
  let platform: Platform;
  let world: RegistrationWorld;
  let browser: BrowserSession;
  const tag = `门户${Date.now().toString(36)}`;

  beforeAll(async () => {
    platform = await startPlatform({ env: { ...ADMIN_ENV, WEB_ROOT } });
    world = new RegistrationWorld(platform);
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
    browser = await BrowserSession.start(platform);
  });

  afterAll(async () => {
    await browser?.close();
    await platform.close();
  });

  async function rows(page: Page): Promise<string[]> {
    return page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(2)').allInnerTexts();
  }

  it('lets a visitor filter the listings and see them on the map, without a console error', async () => {
    const { page, errors } = await browser.open();
    await page.goto(browser.baseUrl);
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
    await screenshot(page, 'public-portal');
    expect(errors).toEqual([]);
  });

  it('fits a phone: the search and the map are usable at 390 px wide', async () => {
    const { page, errors } = await browser.open(PHONE);
    await page.goto(browser.baseUrl);
    await page.getByPlaceholder('位置、描述').fill(tag);
    await page.getByRole('button', { name: /检\s*索/ }).click();
    await page.locator('[data-testid="listing-map"][data-feature-count="2"]').waitFor();
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'public-portal-phone');
    expect(errors).toEqual([]);
  });

  it('drops its transitions for a visitor whose system asks for reduced motion, and keeps them otherwise', async () => {
    const transition = async (reducedMotion: 'reduce' | 'no-preference') => {
      const { page, errors } = await browser.open(undefined, reducedMotion);
      await page.goto(browser.baseUrl);
      const search = page.getByRole('button', { name: /检\s*索/ });
      await search.waitFor();
      const duration = await search.evaluate(
        (button: any): string => button.ownerDocument.defaultView.getComputedStyle(button).transitionDuration,
      );
      expect(errors).toEqual([]);
      return duration.split(',').map((seconds) => parseFloat(seconds));
    };
    expect(Math.max(...(await transition('reduce')))).toBe(0);
    expect(Math.max(...(await transition('no-preference')))).toBeGreaterThan(0);
  });
});
