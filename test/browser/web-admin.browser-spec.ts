import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { BrowserSession, screenshot, spacedLabel, WEB_ROOT, WatchedPage } from '../support/browser';
import { PASSWORD, uniqueName } from '../support/fixtures';
import { Platform, startPlatform } from '../support/platform';
import { ADMIN, ADMIN_ENV, RegistrationWorld } from '../support/registration';
import { unitCsvWithProblems } from '../support/unit-files';

/** Picks an option of the Ant Design select in the form item labelled `itemLabel`. */
async function choose(page: Page, itemLabel: string, option: string): Promise<void> {
  await page
    .locator('.ant-modal .ant-form-item')
    .filter({ hasText: itemLabel })
    .locator('.ant-select')
    .click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: option })
    .click();
}

describe('admin workbench in a real browser', () => {
  let platform: Platform;
  let world: RegistrationWorld;
  let browser: BrowserSession;
  let admin: WatchedPage;

  beforeAll(async () => {
    platform = await startPlatform({ env: { ...ADMIN_ENV, WEB_ROOT }, worker: true });
    world = new RegistrationWorld(platform);
    browser = await BrowserSession.start(platform);
    admin = await browser.open();
    await browser.signIn(admin.page, ADMIN.username, ADMIN.password);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await platform.close();
  });

  it('creates a clerk at a window, who can then sign in', async () => {
    const { page, errors } = admin;
    const username = uniqueName('clerk');
    await page.goto(`${browser.baseUrl}/admin/users`);
    await page.getByRole('button', { name: '新建工作人员' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill(username);
    await dialog.getByLabel('姓名').fill('王受理');
    await dialog.getByLabel('初始密码').fill(PASSWORD);
    await dialog.getByRole('checkbox', { name: '窗口受理人员' }).check();
    await choose(page, '所在窗口', '海勃湾区受理窗口（HBW）');
    await dialog.getByRole('button', { name: spacedLabel('创建') }).click();
    const row = page.locator('.ant-table-row').filter({ hasText: username });
    await row.waitFor();
    expect(await row.innerText()).toContain('海勃湾区受理窗口');
    await screenshot(page, 'admin-users');

    const token = await platform.login(username, PASSWORD);
    const me = await platform.request('GET', '/auth/me', { token });
    expect(me.body).toMatchObject({
      username,
      displayName: '王受理',
      roles: ['clerk'],
      windowId: (await world.window('HBW')).id,
      active: true,
    });
    expect(errors).toEqual([]);
  });

  it('edits a window, and explains a save refused because someone else saved first', async () => {
    const { page, errors, refusals } = admin;
    const window = await world.window('WD');
    await page.goto(`${browser.baseUrl}/admin/windows`);
    await page
      .locator('.ant-table-row')
      .filter({ hasText: '乌达区受理窗口' })
      .getByRole('button', { name: spacedLabel('修改') })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('办公时间').fill('周一至周五 8:30—12:00，14:30—18:00');
    await dialog.getByLabel('修改原因').fill('夏季作息时间调整');

    // Another administrator saves the window while this form is open.
    const current = await platform.request('GET', `/windows/${window.id}`);
    const other = await platform.request('PATCH', `/windows/${window.id}`, {
      token: await world.admin(),
      body: { version: current.body.version, reason: '更新电话', phone: '0473-2028888' },
    });
    expect(other.status).toBe(200);

    await dialog.getByRole('button', { name: spacedLabel('保存') }).click();
    const stale = page.getByTestId('stale-version');
    await stale.waitFor();
    expect(await stale.innerText()).toContain('窗口信息已被他人修改');
    await stale.getByRole('button', { name: '载入最新信息' }).click();
    await stale.waitFor({ state: 'detached' });
    expect(await dialog.getByLabel('电话').inputValue()).toBe('0473-2028888');
    await dialog.getByLabel('办公时间').fill('周一至周五 8:30—12:00，14:30—18:00');
    await dialog.getByRole('button', { name: spacedLabel('保存') }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.ant-table-row').filter({ hasText: '8:30—12:00' }).waitFor();

    const saved = await platform.request('GET', `/windows/${window.id}`);
    expect(saved.body).toMatchObject({
      openingHours: '周一至周五 8:30—12:00，14:30—18:00',
      phone: '0473-2028888',
      version: current.body.version + 2,
    });
    expect(errors).toEqual([]);
    expect(refusals.splice(0)).toEqual([`409 /api/v1/windows/${window.id}`]);
  });

  it('adds a benchmark price that takes effect later, and shows it as not yet in effect', async () => {
    const { page, errors } = admin;
    await page.goto(`${browser.baseUrl}/admin/benchmark-prices`);
    await page.getByRole('button', { name: '新增基准地价' }).click();
    const dialog = page.getByRole('dialog');
    await choose(page, '行政区', '乌达区');
    await choose(page, '用途', '工矿仓储用地');
    await dialog.getByLabel('土地级别').fill('3');
    await dialog.getByLabel('单价').fill('268.50');
    for (const [field, date] of [
      ['有效期起', '2031-01-01'],
      ['有效期止', '2033-12-31'],
    ]) {
      await dialog.getByLabel(field).fill(date);
      await dialog.getByLabel(field).press('Enter');
    }
    await dialog.getByRole('button', { name: spacedLabel('保存') }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator('.ant-table-row').filter({ hasText: '268.50' });
    await row.waitFor();
    expect(await row.innerText()).toContain('未生效');

    const prices = await platform.request('GET', '/benchmark-prices?districtCode=150304');
    expect(prices.body).toContainEqual(
      expect.objectContaining({
        landUseClass: '06',
        grade: 3,
        pricePerM2: '268.50',
        validFrom: '2031-01-01',
        validTo: '2033-12-31',
      }),
    );
    expect(errors).toEqual([]);
  });

  it('marks a holiday on the calendar', async () => {
    const { page, errors } = admin;
    const today = new Date();
    const year = today.getFullYear();
    const month = today.getMonth();
    const loaded = await platform.request('GET', `/calendar/${year}`);
    const marked = new Set(
      [...loaded.body.holidays, ...loaded.body.makeupWorkdays].map((day: { date: string }) => day.date),
    );
    const date = Array.from({ length: 28 }, (_, index) => new Date(Date.UTC(year, month, index + 1)))
      .filter((day) => day.getUTCDay() !== 0 && day.getUTCDay() !== 6)
      .map((day) => day.toISOString().slice(0, 10))
      .find((day) => !marked.has(day))!;

    await page.goto(`${browser.baseUrl}/admin/calendar`);
    await page.locator(`td[title="${date}"]`).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`设置 ${date}`).waitFor();
    await dialog.getByLabel('节日名称').fill('防汛停工日');
    await dialog.getByLabel('依据').fill('市政府临时放假通知');
    await dialog.getByRole('button', { name: spacedLabel('保存') }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator(`td[title="${date}"]`).getByText('休 · 防汛停工日').waitFor();
    await screenshot(page, 'admin-calendar');

    const after = await platform.request('GET', `/calendar/${year}`);
    expect(after.body.holidays).toContainEqual({ date, name: '防汛停工日', source: 'admin' });
    expect(errors).toEqual([]);
  });

  it('changes a setting with the editor its type calls for', async () => {
    const { page, errors } = admin;
    await page.goto(`${browser.baseUrl}/admin/settings`);
    await page
      .locator('.ant-table-row')
      .filter({ hasText: 'market.announcementDays' })
      .getByRole('button', { name: spacedLabel('修改') })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('取值').fill('15');
    await dialog.getByLabel('修改原因').fill('公示期延长至 15 天');
    await dialog.getByRole('button', { name: spacedLabel('保存') }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('setting-market.announcementDays').getByText('15', { exact: true }).waitFor();

    const settings = await platform.request('GET', '/settings', { token: await world.admin() });
    expect(settings.body).toContainEqual(
      expect.objectContaining({ key: 'market.announcementDays', value: 15, version: 2 }),
    );
    expect(errors).toEqual([]);
  });

  it('imports a unit file, follows it to the end and downloads the problem report', async () => {
    const { page, errors } = admin;
    const file = unitCsvWithProblems(5);
    await page.goto(`${browser.baseUrl}/admin/imports`);
    await page.locator('input[type=file]').setInputFiles({
      name: '海勃湾单元.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(file.csv),
    });
    await page.getByText('海勃湾单元.csv').waitFor();
    await page.getByRole('button', { name: '开始导入' }).click();
    await page.getByTestId('import-status').getByText('已完成').waitFor({ timeout: 30_000 });
    const current = page.locator('.ant-card').filter({ hasText: '本次导入' });
    const statistic = (title: string) =>
      current
        .locator('.ant-statistic')
        .filter({ hasText: title })
        .locator('.ant-statistic-content')
        .innerText();
    expect(await statistic('新登记')).toBe('5');
    expect(await statistic('被拒绝')).toBe('2');
    expect(await page.getByTestId('import-progress').getAttribute('class')).toContain(
      'ant-progress-status-success',
    );
    await screenshot(page, 'admin-import');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      current.getByRole('button', { name: spacedLabel('下载') }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('海勃湾单元.errors.csv');
    const report = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    expect(
      report
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',').slice(0, 2).join(',')),
    ).toEqual(file.bad.map(({ line, field }) => `${line},${field}`));

    const registrar = await world.staff(['registrar']);
    for (const unitNumber of file.goodUnitNumbers) {
      expect((await platform.request('GET', `/units/${unitNumber}`, { token: registrar.token })).status).toBe(
        200,
      );
    }
    expect(errors).toEqual([]);
  });

  it('opens the queue dashboard for the signed-in administrator', async () => {
    const { page, errors } = admin;
    await page.goto(`${browser.baseUrl}/admin/monitor`);
    const [dashboard] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByTestId('open-queue-dashboard').click(),
    ]);
    // Refused, the page would be the platform's JSON error; the queue names come from bull-board's own API.
    await dashboard.getByText('imports').first().waitFor();
    expect(dashboard.url()).toBe(`${browser.baseUrl}/admin/queues/`);
    await dashboard.close();
    expect(errors).toEqual([]);
  });

  it('shows an auditor the same pages read-only, and verifies the audit chain', async () => {
    const auditor = await world.staff(['auditor']);
    const { page, errors } = await browser.open();
    await browser.signIn(page, auditor.username, PASSWORD);
    await page.goto(`${browser.baseUrl}/admin/users`);
    await page.locator('.ant-table-row').first().waitFor();
    expect(await page.getByRole('button', { name: '新建工作人员' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: spacedLabel('停用') }).count()).toBe(0);

    await page.goto(`${browser.baseUrl}/admin/monitor`);
    await page.getByRole('button', { name: '开始校验' }).click();
    await page.getByText('审计链完整').waitFor();
    expect(await page.getByTestId('open-queue-dashboard').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
