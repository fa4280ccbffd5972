import type { Page } from 'playwright-core';
import { BrowserSession, screenshot, spacedLabel, WatchedPage, WEB_ROOT } from '../support/browser';
import { PASSWORD } from '../support/fixtures';
import { multipart, PNG } from '../support/multipart';
import { CLEAN_DECLARATIONS } from '../support/market';
import { Platform, startPlatform } from '../support/platform';
import { ADMIN_ENV, FAIR_PRICE, Person, RegistrationWorld, Staff } from '../support/registration';
import { applicationStatus, reviewAction } from '../support/workbench';

describe('review workbench in a real browser', () => {
  let platform: Platform;
  let world: RegistrationWorld;
  let browser: BrowserSession;
  let clerk: Staff;
  let reviewerA: Staff;
  let reviewerB: Staff;
  let registrar: Staff;

  beforeAll(async () => {
    platform = await startPlatform({
      worker: true,
      env: { ...ADMIN_ENV, WEB_ROOT, OUTBOX_SWEEP_INTERVAL_MS: '1000' },
    });
    world = new RegistrationWorld(platform);
    clerk = await world.staff(['clerk'], ['150302']);
    reviewerA = await world.staff(['reviewer'], ['150302']);
    reviewerB = await world.staff(['reviewer'], ['150302']);
    registrar = await world.staff(['registrar']);
    browser = await BrowserSession.start(platform);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await platform.close();
  });

  /** A joint online transfer, confirmed, submitted, pre-checked and accepted by a clerk, all through the API. */
  async function acceptedTransfer(
    districtCode = '150302',
    photo = false,
  ): Promise<{
    id: string;
    applicationNumber: string;
    seller: Person;
    body: any;
  }> {
    const seller = await world.holder();
    const buyer = await world.holder('organization');
    const unitNumber = await world.unit([seller.partyId], { districtCode });
    const draft = await world.draft(seller, {
      kind: 'transfer',
      unitNumber,
      counterparty: { partyId: buyer.partyId },
      declaredPrice: FAIR_PRICE,
    });
    expect(draft.status).toBe(201);
    const id = draft.body.id as string;
    if (photo) {
      const { payload, headers } = multipart('site-photo.png', PNG, 'image/png');
      const uploaded = await platform.api!.inject({
        method: 'POST',
        url: '/api/v1/files',
        headers: { ...headers, authorization: `Bearer ${seller.token}` },
        payload,
      });
      expect(uploaded.statusCode).toBe(201);
      const added = await platform.request('POST', `/applications/${id}/materials`, {
        token: seller.token,
        body: { materials: [{ type: 'other', fileId: uploaded.json().fileId }] },
      });
      expect(added.status).toBe(200);
    }
    expect(
      (await platform.request('POST', `/applications/${id}/confirm`, { token: buyer.token })).status,
    ).toBe(200);
    expect(
      (await platform.request('POST', `/applications/${id}/submit`, { token: seller.token })).status,
    ).toBe(200);
    expect((await world.prechecked(seller.token, id)).precheck.status).toBe('passed');
    const accepted = await world.act(clerk.token, id, 'accept');
    expect(accepted.status).toBe(200);
    return { id, applicationNumber: accepted.body.applicationNumber, seller, body: accepted.body };
  }

  async function signedIn(staff: Staff): Promise<WatchedPage> {
    const watched = await browser.open();
    await browser.signIn(watched.page, staff.username, PASSWORD);
    return watched;
  }

  function queueRow(page: Page, applicationNumber: string) {
    return page
      .locator('[data-testid="review-queue"] tr.ant-table-row')
      .filter({ hasText: applicationNumber });
  }

  function openPopover(page: Page) {
    return page.locator('.ant-popover:not(.ant-popover-hidden)');
  }

  it('lists a reviewer’s work by due date: a shorter time limit accepted later comes first', async () => {
    const reviewer = await world.staff(['reviewer'], ['150303']);
    const earlier = await acceptedTransfer('150303');
    expect(earlier.body.deadline.limitWorkingDays).toBe(5);
    const admin = await world.admin();
    const shortened = await platform.request('PUT', '/settings/timeLimit.transfer', {
      token: admin,
      body: { value: 2, reason: '压缩转移登记办理时限' },
    });
    expect(shortened.status).toBe(200);
    try {
      const later = await acceptedTransfer('150303');
      expect(later.body.deadline.limitWorkingDays).toBe(2);
      for (const { id } of [earlier, later]) {
        expect((await world.assignee(registrar, id, 'accepted')).id).toBe(reviewer.id);
      }

      const { page, errors } = await signedIn(reviewer);
      await page.waitForURL(/\/review\/queue$/);
      await queueRow(page, earlier.applicationNumber).waitFor();
      const numbers = await page
        .locator('[data-testid="review-queue"] tr.ant-table-row td:first-child')
        .allInnerTexts();
      expect(numbers).toEqual([later.applicationNumber, earlier.applicationNumber]);
      expect(Date.parse(later.body.deadline.dueAt)).toBeLessThan(Date.parse(earlier.body.deadline.dueAt));
      const dueDates = await page
        .locator('[data-testid="review-queue"] tr.ant-table-row td:nth-child(3)')
        .allInnerTexts();
      expect(dueDates.map((text) => text.trim())).toEqual(
        [later, earlier].map(({ body }) =>
          new Date(body.deadline.dueAt).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }),
        ),
      );
      expect(await queueRow(page, later.applicationNumber).innerText()).toContain('初审');
      await screenshot(page, 'review-queue');
      expect(errors).toEqual([]);
    } finally {
      await platform.request('PUT', '/settings/timeLimit.transfer', { token: admin, body: { value: 5 } });
    }
  }, 180_000);

  it('takes an accepted transfer through both reviews, approval and recording to a certificate', async () => {
    const application = await acceptedTransfer('150302', true);
    const { id, applicationNumber } = application;
    const first = await world.assignee(registrar, id, 'accepted');
    const second = first.id === reviewerA.id ? reviewerB : reviewerA;

    // The first reviewer finds it in the queue, reads it and passes the first review.
    const firstReviewer = await signedIn(first);
    const page = firstReviewer.page;
    await queueRow(page, applicationNumber).getByRole('link', { name: applicationNumber }).click();
    await applicationStatus(page, '已受理');
    const applicant = await page.getByTestId('applicant').innerText();
    expect(applicant).toContain('张三');
    expect(applicant).toMatch(/\*{8}/);
    expect(applicant).not.toContain((application.seller.party as { idNumber: string }).idNumber);
    await page.locator('[data-testid="unit-map"][data-feature-count="1"]').waitFor();
    expect(await page.getByTestId('register-holders').innerText()).toContain('张三');
    await page.getByTestId('deadline').getByText('5 个工作日').waitFor();

    await page.getByRole('tab', { name: /申请材料/ }).click();
    const materials = page.locator('.ant-tabs-tabpane-active tr.ant-table-row');
    await materials
      .first()
      .getByRole('button', { name: spacedLabel('预览') })
      .click();
    const frame = page.getByTestId('preview-frame');
    await frame.waitFor();
    expect(await frame.getAttribute('src')).toMatch(/^blob:/);
    await page
      .locator('.ant-modal-footer')
      .getByRole('button', { name: spacedLabel('关闭') })
      .click();
    await page.getByTestId('document-preview').waitFor({ state: 'hidden' });
    await materials
      .filter({ hasText: '其他材料' })
      .getByRole('button', { name: spacedLabel('预览') })
      .click();
    const image = page.getByTestId('preview-image').locator('img');
    await image.waitFor();
    expect(await image.getAttribute('src')).toMatch(/^blob:/);
    await page.getByText('site-photo.png').waitFor();
    await page
      .locator('.ant-modal-footer')
      .getByRole('button', { name: spacedLabel('关闭') })
      .click();
    await page.getByTestId('document-preview').waitFor({ state: 'hidden' });

    // The second reviewer has the same application open from before the first review.
    const secondReviewer = await signedIn(second);
    await secondReviewer.page.goto(`${browser.baseUrl}/review/applications/${id}`);
    await applicationStatus(secondReviewer.page, '已受理');

    await reviewAction(page, '初审通过', '材料齐全，权属清楚，同意初审');
    await applicationStatus(page, '初审通过');
    await page.getByTestId('history').getByText('意见：材料齐全，权属清楚，同意初审').waitFor();
    // Separation of duties: the first reviewer is shown why the second review is not theirs.
    expect(
      await page
        .locator('[data-testid="action-panel"]')
        .getByRole('button', { name: '复审通过' })
        .isDisabled(),
    ).toBe(true);
    expect(await page.getByTestId('four-eyes-notice').innerText()).toContain(
      '您已初审本申请，不能再执行"复审通过"',
    );
    expect(firstReviewer.errors).toEqual([]);

    // The stale page offers the first review; the server refuses it and the page says the view is out of date.
    await reviewAction(secondReviewer.page, '初审通过');
    const refusal = secondReviewer.page.getByTestId('action-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('您看到的信息已过期');
    expect(await refusal.innerText()).toContain('当前状态：初审通过');
    await refusal.getByRole('button', { name: '重新加载申请' }).click();
    await applicationStatus(secondReviewer.page, '初审通过');
    expect((await world.assignee(registrar, id, 'first_review')).id).toBe(second.id);
    await reviewAction(secondReviewer.page, '复审通过', '同意');
    await applicationStatus(secondReviewer.page, '复审通过');
    expect(secondReviewer.errors).toEqual([]);
    expect(secondReviewer.refusals).toEqual([`409 /api/v1/applications/${id}/actions/pass-first-review`]);

    // The registrar approves and records from the queue; the worker then issues the certificate.
    const registrarView = await signedIn(registrar);
    const desk = registrarView.page;
    const row = queueRow(desk, applicationNumber);
    await row.waitFor();
    expect(await row.innerText()).toContain('核准');
    await row.getByRole('link', { name: applicationNumber }).click();
    await reviewAction(desk, '核准', '经审核，符合登记条件');
    await applicationStatus(desk, '已核准');
    await reviewAction(desk, '登簿');
    const number = desk.getByTestId('certificate-number');
    await number.waitFor();
    // Rendering the certificate is CPU-bound; the page follows the worker until it is done.
    await applicationStatus(desk, '已发证', 60_000);
    const certificateNumber = await number.innerText();
    expect(certificateNumber).toMatch(/^蒙\(\d{4}\)乌海市不动产权第\d{7}号$/);
    await desk.getByRole('button', { name: '查看电子证书' }).waitFor();
    await screenshot(desk, 'review-detail');

    const certified = await world.get(registrar.token, id);
    expect(certified.body.status).toBe('certified');
    expect(certified.body.certificate.number).toBe(certificateNumber);
    expect(
      certified.body.history
        .map((entry: { action: string }) => entry.action)
        .filter((action: string) => action !== 'assign'),
    ).toEqual([
      'confirm',
      'submit',
      'accept',
      'pass-first-review',
      'pass-second-review',
      'approve',
      'record',
      'certify',
    ]);
    expect(registrarView.errors).toEqual([]);
  }, 240_000);

  it('sends a one-time requisition listing every missing item, and refuses it without them', async () => {
    const { id } = await acceptedTransfer();
    const assignee = await world.assignee(registrar, id, 'accepted');
    const { page, errors } = await signedIn(assignee);
    await page.goto(`${browser.baseUrl}/review/applications/${id}`);
    await applicationStatus(page, '已受理');

    await page
      .locator('[data-testid="action-panel"]')
      .getByRole('button', { name: '一次性告知补正' })
      .click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '一次性告知补正 · ' });
    await dialog.getByRole('button', { name: '确认一次性告知补正' }).click();
    await dialog.getByText('请填写补正事项，或删除此行').waitFor();
    await dialog.getByText('请填写意见说明').waitFor();

    await dialog.getByLabel('补正事项 1').fill('补充提交土地出让金缴纳凭证原件扫描件');
    await dialog.getByRole('button', { name: '添加补正事项' }).click();
    await dialog.getByLabel('补正事项 2').fill('补充提交转让合同第3页签字页');
    await dialog.getByLabel('意见说明').fill('请于十五日内一次性补齐上述材料');
    await dialog.getByRole('button', { name: '确认一次性告知补正' }).click();
    await applicationStatus(page, '待补正');
    const history = page.getByTestId('history');
    await history.getByText('补充提交转让合同第3页签字页').waitFor();
    await page.getByTestId('deadline').getByText('暂停计时').waitFor();

    const requisitioned = await world.get(registrar.token, id);
    expect(requisitioned.body.status).toBe('requisitioned');
    expect(requisitioned.body.history.at(-1)).toMatchObject({
      action: 'requisition',
      missingItems: ['补充提交土地出让金缴纳凭证原件扫描件', '补充提交转让合同第3页签字页'],
      comment: '请于十五日内一次性补齐上述材料',
    });
    expect(errors).toEqual([]);
  }, 180_000);

  it('lets the registrar confirm a pending listing, re-read after a change by the seller, and revoke another', async () => {
    const seller = await world.holder();
    const listings: { id: string; listingNumber: string }[] = [];
    for (const location of ['海勃湾区千里山工业园区', '海勃湾区滨河新区']) {
      const unitNumber = await world.unit([seller.partyId], { location });
      const created = await platform.request('POST', '/listings', {
        token: seller.token,
        body: {
          unitNumber,
          kind: 'transfer',
          mode: 'negotiated',
          askingPrice: '3200000.00',
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          declarations: CLEAN_DECLARATIONS,
          description: `工业用地协议转让 ${location}`,
        },
      });
      expect(created.status).toBe(201);
      const pending = await platform.request('POST', `/listings/${created.body.id}/publish`, {
        token: seller.token,
      });
      expect(pending.body.status).toBe('pending_confirmation');
      listings.push({ id: created.body.id, listingNumber: created.body.listingNumber });
    }
    const [confirmed, revoked] = listings;

    const { page, errors, refusals } = await signedIn(registrar);
    await page.getByRole('link', { name: '挂牌确认' }).click();
    const row = page.locator('tr.ant-table-row').filter({ hasText: confirmed.listingNumber });
    await row.getByRole('button', { name: spacedLabel('审阅') }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('工业用地协议转让 海勃湾区千里山工业园区').waitFor();
    await drawer.locator('[data-testid="unit-map"][data-feature-count="1"]').waitFor();

    // The seller lowers the price while the registrar is reading the listing.
    const read = await platform.request('GET', `/listings/${confirmed.id}`, { token: seller.token });
    const changed = await platform.request('PATCH', `/listings/${confirmed.id}`, {
      token: seller.token,
      body: { version: read.body.version, askingPrice: '3000000.00' },
    });
    expect(changed.status).toBe(200);

    await drawer.getByRole('button', { name: '确认发布' }).click();
    const [refused] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith(`/listings/${confirmed.id}/confirm`)),
      openPopover(page).getByRole('button', { name: '确认发布' }).click(),
    ]);
    expect(refused.status()).toBe(409);
    const stale = drawer.getByTestId('listing-error');
    await stale.waitFor();
    expect(await stale.innerText()).toContain('挂牌人在您审阅期间修改了挂牌');
    expect(await stale.innerText()).toContain(`当前为第 ${changed.body.version} 版`);
    await drawer.getByRole('button', { name: '重新加载待确认挂牌' }).click();

    await row.getByText('3,000,000 元').waitFor();
    await row.getByRole('button', { name: spacedLabel('审阅') }).click();
    await page.locator('.ant-drawer').getByRole('button', { name: '确认发布' }).click();
    await openPopover(page).getByRole('button', { name: '确认发布' }).click();
    await row.waitFor({ state: 'detached' });

    const revokedRow = page.locator('tr.ant-table-row').filter({ hasText: revoked.listingNumber });
    await revokedRow.getByRole('button', { name: spacedLabel('审阅') }).click();
    await page.locator('.ant-drawer').getByRole('button', { name: '撤销挂牌' }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '撤销挂牌 ' });
    await dialog.getByRole('button', { name: '确认撤销' }).click();
    await dialog.getByText('请填写撤销原因').waitFor();
    await dialog.getByLabel('撤销原因').fill('该宗地已被（2026）蒙0302执123号裁定查封');
    await dialog.getByRole('button', { name: '确认撤销' }).click();
    await revokedRow.waitFor({ state: 'detached' });

    const published = await platform.request('GET', `/listings/${confirmed.id}`, { token: registrar.token });
    expect(published.body).toMatchObject({ status: 'published', askingPrice: '3000000.00' });
    const withdrawn = await platform.request('GET', `/listings/${revoked.id}`, { token: registrar.token });
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(errors).toEqual([]);
    expect(refusals).toEqual([expect.stringMatching(/^409 \/api\/v1\/listings\/[0-9a-f-]+\/confirm$/)]);
  }, 180_000);
});
