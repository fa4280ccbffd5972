import type { Page } from 'playwright-core';
import { BrowserSession, screenshot, WEB_ROOT } from '../support/browser';
import { PASSWORD, residentId, uniqueName } from '../support/fixtures';
import { PDF, PNG } from '../support/multipart';
import { CLEAN_DECLARATIONS } from '../support/market';
import { Platform, startPlatform, waitFor } from '../support/platform';
import { applicationStatus, reviewAction } from '../support/workbench';
import {
  ADMIN_ENV,
  COMPLETE_MATERIALS,
  FAIR_PRICE,
  Person,
  RegistrationWorld,
  Staff,
} from '../support/registration';

function pdf(name: string) {
  return { name, mimeType: 'application/pdf', buffer: PDF };
}

/**
 * The holder's side of the platform, and with it the whole journey: a holder registers, lists a unit, files a
 * transfer the counter-party confirms, reviewers and the registrar take it to a certificate in their
 * workbench, the holder downloads it and the public verification page vouches for it.
 */
describe('holder workbench in a real browser', () => {
  let platform: Platform;
  let world: RegistrationWorld;
  let browser: BrowserSession;
  let registrar: Staff;
  let reviewer: Staff;
  let clerk: Staff;
  /** The holder who registers through the page in the first journey; the later ones sign in as him. */
  let holder: Person;
  let buyer: Person;
  let transferId: string;
  /** The bidding listing the holder publishes in the second journey. */
  let publishedId: string;

  beforeAll(async () => {
    platform = await startPlatform({ worker: true, env: { ...ADMIN_ENV, WEB_ROOT } });
    world = new RegistrationWorld(platform);
    registrar = await world.staff(['registrar']);
    clerk = await world.staff(['clerk']);
    reviewer = await world.staff(['reviewer'], ['150302']);
    // Routing gives the first and the second review to different reviewers of the district.
    await world.staff(['reviewer'], ['150302']);
    buyer = await world.holder();
    browser = await BrowserSession.start(platform);
  });

  afterAll(async () => {
    await browser?.close();
    await platform.close();
  });

  function fieldError(page: Page, label: string) {
    return page
      .locator('.ant-form-item')
      .filter({ has: page.getByLabel(label, { exact: true }) })
      .locator('.ant-form-item-explain-error');
  }

  /** Waits until the file is stored, not only listed: the form sends stored files only. */
  function uploaded(page: Page, testId: string, name: string) {
    return page.getByTestId(testId).locator('.ant-upload-list-item-done').filter({ hasText: name }).waitFor();
  }

  it('registers a holder: a bad ID number and a refused username are shown at their fields, then he lands on the workbench', async () => {
    const { page, errors, refusals } = await browser.open();
    const idNumber = residentId('19750315');
    const wrongCheck = idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1');
    const username = uniqueName('wang');

    await page.goto(`${browser.baseUrl}/register`);
    await page.getByLabel('姓名', { exact: true }).fill('王建国');
    await page.getByLabel('居民身份证号', { exact: true }).fill(wrongCheck);
    await page.getByLabel('显示名称', { exact: true }).fill('王建国');
    await page.getByLabel('用户名', { exact: true }).fill('王建国');
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByLabel('确认密码', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: '注册并登录' }).click();
    await fieldError(page, '居民身份证号')
      .getByText('居民身份证号校验位错误，请核对是否有输错的数字')
      .waitFor();

    // The browser's check passes; the server refuses the username, and says so under that field.
    await page.getByLabel('居民身份证号', { exact: true }).fill(idNumber);
    await page.getByRole('button', { name: '注册并登录' }).click();
    await fieldError(page, '用户名')
      .getByText(/用户名须为 3–40 位字母/)
      .waitFor();
    await page.getByText('居民身份证号校验位错误，请核对是否有输错的数字').waitFor({ state: 'detached' });
    await screenshot(page, 'holder-register');

    await page.getByLabel('用户名', { exact: true }).fill(username);
    await page.getByRole('button', { name: '注册并登录' }).click();
    await page.waitForURL(`${browser.baseUrl}/holder/units`);
    await page.getByTestId('signed-in-as').getByText('王建国').waitFor();
    await page.getByText('登记簿中没有您名下的不动产单元').waitFor();

    const token = await platform.login(username, PASSWORD);
    const me = await platform.request('GET', '/auth/me', { token });
    expect(me.body).toMatchObject({
      username,
      displayName: '王建国',
      roles: ['holder'],
      party: {
        kind: 'person',
        name: '王建国',
        idNumberMasked: `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`,
      },
    });
    holder = {
      id: me.body.id,
      username,
      token,
      partyId: me.body.party.id,
      party: { kind: 'person', name: '王建国', idNumber },
    };
    expect(errors).toEqual([]);
    expect(refusals).toEqual(['400 /api/v1/auth/register']);
  });

  it('lists a unit with the declaration form and publishes it; a false declaration about a seized unit shows the findings', async () => {
    const clean = await world.unit([holder.partyId], { location: '海勃湾区滨河工业园区' });
    const seized = await world.unit([holder.partyId], { location: '海勃湾区千里山工业园区' });
    const seizure = await platform.request('POST', `/units/${seized}/restrictions`, {
      token: registrar.token,
      body: { kind: 'seizure', reference: '(2026)蒙0302执保12号', startDate: '2026-01-05' },
    });
    expect(seizure.status).toBe(201);

    const { page, errors, refusals } = await browser.open();
    await browser.signIn(page, holder.username, PASSWORD);
    await page.goto(`${browser.baseUrl}/holder/units`);
    await page.getByRole('link', { name: seized }).click();
    await page.getByTestId('unit-restrictions').getByText('(2026)蒙0302执保12号').waitFor();

    async function draftListing(unitNumber: string): Promise<string> {
      await page.goto(`${browser.baseUrl}/holder/listings/new?unit=${unitNumber}`);
      await page.getByTestId('declarations').waitFor();
      await page.getByLabel('挂牌价').fill('3600000');
      await page.getByLabel('挂牌说明').fill('工业用地转让，四至清楚，水电到宗地边界');
      await page.getByTestId('listing-photos').locator('input[type=file]').setInputFiles({
        name: 'site.png',
        mimeType: 'image/png',
        buffer: PNG,
      });
      await page
        .getByTestId('listing-documents')
        .locator('input[type=file]')
        .setInputFiles(pdf('planning.pdf'));
      await uploaded(page, 'listing-photos', 'site.png');
      await uploaded(page, 'listing-documents', 'planning.pdf');
      for (const [key, value] of Object.entries(CLEAN_DECLARATIONS)) {
        await page
          .getByTestId(`declaration-${key}`)
          .getByText(value ? '是' : '否', { exact: true })
          .click();
      }
      await page.getByRole('button', { name: '保存草稿' }).click();
      await page.waitForURL(/\/holder\/listings\/[0-9a-f-]{36}$/);
      await page.getByTestId('listing-status').getByText('草稿').waitFor();
      return page.url().split('/').pop()!;
    }

    const listingId = await draftListing(clean);
    publishedId = listingId;
    await page.getByRole('button', { name: '提交挂牌' }).click();
    await page.getByTestId('listing-status').getByText('待确认').waitFor();
    const pending = await platform.request('GET', `/listings/${listingId}`, { token: holder.token });
    expect(pending.body).toMatchObject({
      status: 'pending_confirmation',
      unitNumber: clean,
      kind: 'transfer',
      mode: 'bidding',
      askingPrice: '3600000.00',
      declarations: CLEAN_DECLARATIONS,
    });
    expect(pending.body.attachments.map((attachment: { kind: string }) => attachment.kind).sort()).toEqual([
      'document',
      'photo',
    ]);
    const confirmed = await platform.request('POST', `/listings/${listingId}/confirm`, {
      token: registrar.token,
      body: { version: pending.body.version },
    });
    expect(confirmed.body.status).toBe('published');
    await page.reload();
    await page.getByTestId('listing-status').getByText('挂牌中').waitFor();

    // Correcting the description alone keeps a published listing public; other changes would send it back.
    const corrected = '工业用地转让，四至清楚，水电到宗地边界；可预约现场踏勘';
    await page.getByRole('button', { name: /修\s*改/ }).click();
    await page.getByLabel('挂牌说明').fill(corrected);
    await page.getByRole('button', { name: '保存修改' }).click();
    await page.getByTestId('listing-status').getByText('挂牌中').waitFor();
    expect((await platform.request('GET', `/listings/${listingId}`)).body).toMatchObject({
      status: 'published',
      description: corrected,
      askingPrice: '3600000.00',
      declarations: CLEAN_DECLARATIONS,
    });

    const refusedId = await draftListing(seized);
    await page.getByRole('button', { name: '提交挂牌' }).click();
    const findings = page.getByTestId('listing-findings');
    await findings.getByText('声明与登记簿不符：“已被查封”声明为否，登记簿记载为是').waitFor();
    await findings.getByText('单元已被查封，不得挂牌').waitFor();
    await findings.getByText('“已被查封”：您声明为否，登记簿记载为是').waitFor();
    await page.getByTestId('listing-status').getByText('草稿').waitFor();
    expect(
      (await platform.request('GET', `/listings/${refusedId}`, { token: holder.token })).body.status,
    ).toBe('draft');
    await page.getByRole('button', { name: '撤回挂牌' }).click();
    await page.getByLabel('撤回原因（选填）').fill('单元被查封，待解封后再挂牌');
    await page.getByRole('button', { name: '确认撤回' }).click();
    await page.getByTestId('listing-status').getByText('已撤回').waitFor();
    expect(
      (await platform.request('GET', `/listings/${refusedId}`, { token: holder.token })).body.status,
    ).toBe('withdrawn');

    await page.getByRole('link', { name: '我的挂牌' }).click();
    const rows = page.getByTestId('my-listings').locator('tr.ant-table-row');
    await rows.filter({ hasText: clean }).getByText('挂牌中').waitFor();
    await rows.filter({ hasText: seized }).getByText('已撤回').waitFor();
    await screenshot(page, 'holder-listings');
    expect(errors).toEqual([]);
    expect(refusals).toEqual([`409 /api/v1/listings/${refusedId}/publish`]);
  });

  it('shows a bidder under 我的竞买 where his bid stands once another bidder outbids him', async () => {
    const rival = await world.holder();
    for (const [bidder, amount] of [
      [buyer, '3600000.00'],
      [rival, '3636000.00'],
    ] as const) {
      const placed = await platform.request('POST', `/listings/${publishedId}/bids`, {
        token: bidder.token,
        body: { amount },
      });
      expect(placed.status).toBe(201);
    }
    const { page, errors } = await browser.open();
    await browser.signIn(page, buyer.username, PASSWORD);
    await page.goto(`${browser.baseUrl}/holder/bids`);
    const row = page.getByTestId('my-bids').locator('tr.ant-table-row');
    await row.getByText('已被超越').waitFor();
    await row.getByRole('cell').filter({ hasText: '我出价 1 次' }).getByText('3,600,000 元').waitFor();
    await row.getByRole('cell').filter({ hasText: '共 2 次出价' }).getByText('3,636,000 元').waitFor();
    const mine = (await platform.request('GET', '/listings/my-bids', { token: buyer.token })).body;
    expect(mine.items).toEqual([
      expect.objectContaining({ listingId: publishedId, myHighestBid: '3600000.00', leading: false }),
    ]);
    expect(errors).toEqual([]);
  });

  it('creates a transfer to a second holder with the checklist’s materials; it waits for his confirmation', async () => {
    const unitNumber = await world.unit([holder.partyId], { location: '海勃湾区新华大街以北' });
    const { page, errors } = await browser.open();
    await browser.signIn(page, holder.username, PASSWORD);
    await page.goto(`${browser.baseUrl}/holder/applications/new?kind=transfer&unit=${unitNumber}`);
    await page.getByLabel('受让人姓名').fill(buyer.party.name);
    await page.getByLabel('受让人居民身份证号').fill((buyer.party as { idNumber: string }).idNumber);
    await page.getByLabel('申报成交价').fill(FAIR_PRICE);
    for (const type of COMPLETE_MATERIALS.transfer) {
      await page
        .getByTestId(`upload-${type}`)
        .locator('input[type=file]')
        .setInputFiles(pdf(`${type}.pdf`));
      await page.getByTestId(`material-${type}`).getByText('1 份').waitFor();
    }
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/holder\/applications\/[0-9a-f-]{36}$/);
    transferId = page.url().split('/').pop()!;
    await page.getByTestId('application-status').getByText('草稿').waitFor();
    await page.getByTestId('awaiting-confirmation').waitFor();
    expect(await page.getByRole('button', { name: '提交申请' }).isDisabled()).toBe(true);

    const draft = (await world.get(holder.token, transferId)).body;
    expect(draft).toMatchObject({
      status: 'draft',
      kind: 'transfer',
      unitNumber,
      declaredPrice: FAIR_PRICE,
      counterparty: { id: buyer.partyId },
      counterpartyConfirmedAt: null,
    });
    expect(draft.materials.map((material: { type: string }) => material.type).sort()).toEqual(
      [...COMPLETE_MATERIALS.transfer].sort(),
    );
    expect(errors).toEqual([]);
  });

  it('lets the second holder confirm under 待我确认, after which the first submits and the pre-check passes', async () => {
    const application = (await world.get(holder.token, transferId)).body;
    const { page: buyerPage, errors: buyerErrors } = await browser.open();
    await browser.signIn(buyerPage, buyer.username, PASSWORD);
    await buyerPage.getByRole('link', { name: '待我确认' }).click();
    const row = buyerPage.getByTestId('awaiting-me').locator('tr.ant-table-row').filter({
      hasText: application.applicationNumber,
    });
    await row.getByText('王建国').waitFor();
    await row.getByRole('button', { name: '核对并确认' }).click();
    await buyerPage.getByTestId('confirmation-request').waitFor();
    await buyerPage.getByRole('button', { name: '确认共同申请' }).click();
    await buyerPage.getByText(/^已确认 /).waitFor();
    const confirmed = (await world.get(holder.token, transferId)).body;
    expect(confirmed.status).toBe('draft');
    expect(confirmed.counterpartyConfirmedAt).not.toBeNull();
    await buyerPage.getByRole('link', { name: '待我确认' }).click();
    await buyerPage.getByText('没有等待您确认的申请').waitFor();
    expect(buyerErrors).toEqual([]);

    const { page, errors } = await browser.open();
    await browser.signIn(page, holder.username, PASSWORD);
    await page.getByRole('link', { name: '我的申请' }).click();
    await page.getByRole('link', { name: application.applicationNumber }).click();
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByTestId('application-status').getByText('已提交').waitFor();
    const checked = await world.prechecked(holder.token, transferId);
    expect(checked).toMatchObject({ status: 'submitted', precheck: { status: 'passed' } });
    await page.getByTestId('precheck').getByText('预审通过').waitFor({ timeout: 15_000 });
    await page
      .getByTestId('application-history')
      .getByText('对方当事人确认共同申请', { exact: true })
      .waitFor();
    await screenshot(page, 'holder-application');
    expect(errors).toEqual([]);
  });

  it('answers a requisition by uploading the missing item and resubmitting, and reads the notice in the inbox', async () => {
    const unitNumber = await world.unit([holder.partyId], { location: '海勃湾区林荫路东侧' });
    const created = await world.draft(holder, {
      kind: 'lease',
      unitNumber,
      counterparty: { partyId: buyer.partyId },
      leaseTerm: { start: '2027-01-01', end: '2036-12-31' },
      annualRent: '120000.00',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(
      (await platform.request('POST', `/applications/${id}/submit`, { token: holder.token })).status,
    ).toBe(200);
    expect((await world.prechecked(holder.token, id)).precheck.status).toBe('passed');
    const missing = '经公证的租赁合同（原件扫描件）';
    const requisitioned = await world.act(reviewer.token, id, 'requisition', {
      missingItems: [missing],
      comment: '租赁合同未经公证，请一次性补正',
    });
    expect(requisitioned.body).toMatchObject({ status: 'requisitioned' });

    const { page, errors } = await browser.open();
    await browser.signIn(page, holder.username, PASSWORD);
    await page.getByRole('link', { name: '我的申请' }).click();
    await page
      .getByTestId('my-applications')
      .locator('tr.ant-table-row')
      .filter({ hasText: created.body.applicationNumber })
      .getByText('待补正')
      .waitFor();
    await page.getByRole('link', { name: created.body.applicationNumber }).click();
    await page.getByTestId('requisition').getByText(missing).waitFor();
    await page
      .getByTestId('upload-contract')
      .locator('input[type=file]')
      .setInputFiles(pdf('notarised-lease.pdf'));
    await page.getByTestId('material-contract').getByText('2 份').waitFor();
    await page.getByRole('button', { name: '补正后重新提交' }).click();
    await page.getByTestId('application-status').getByText('已提交').waitFor();

    const resubmitted = await waitFor(
      async () => {
        const body = (await world.get(holder.token, id)).body;
        return body.precheck?.status === 'passed' ? body : null;
      },
      { what: 'the pre-check of the resubmission' },
    );
    expect(resubmitted.status).toBe('submitted');
    expect(
      resubmitted.materials.filter((material: { type: string }) => material.type === 'contract'),
    ).toHaveLength(2);
    expect(resubmitted.history.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining(['submit', 'requisition', 'resubmit']),
    );

    await page.getByRole('link', { name: '消息' }).click();
    const notice = page.getByTestId('inbox').locator('.ant-list-item').filter({ hasText: missing });
    await notice.getByRole('button', { name: '标为已读' }).click();
    await notice.getByText(/已读于/).waitFor();
    const inbox = await platform.request('GET', '/notifications', { token: holder.token });
    const read = inbox.body.items.find((item: { body: string }) => item.body.includes(missing));
    expect(read.readAt).not.toBeNull();
    expect(errors).toEqual([]);
  });

  it('takes the transfer through both reviews, approval and recording in the review workbench; the holder downloads the certificate and anyone verifies it', async () => {
    expect((await world.act(clerk.token, transferId, 'accept')).status).toBe(200);
    for (const [stage, action] of [
      ['accepted', '初审通过'],
      ['first_review', '复审通过'],
    ] as const) {
      const assignee = await world.assignee(registrar, transferId, stage);
      const desk = await browser.open();
      await browser.signIn(desk.page, assignee.username, PASSWORD);
      await desk.page.goto(`${browser.baseUrl}/review/applications/${transferId}`);
      await reviewAction(desk.page, action, '材料齐全，权属清楚');
      await applicationStatus(desk.page, action);
      expect(desk.errors).toEqual([]);
    }
    const desk = await browser.open();
    await browser.signIn(desk.page, registrar.username, PASSWORD);
    await desk.page.goto(`${browser.baseUrl}/review/applications/${transferId}`);
    await reviewAction(desk.page, '核准', '符合登记条件');
    await applicationStatus(desk.page, '已核准');
    await reviewAction(desk.page, '登簿');
    // Rendering the certificate is CPU-bound; the page follows the worker until it is done.
    await applicationStatus(desk.page, '已发证', 60_000);
    const certificateNumber = await desk.page.getByTestId('certificate-number').innerText();
    expect(desk.errors).toEqual([]);
    const certified = (await world.get(holder.token, transferId)).body;
    expect(certified).toMatchObject({ status: 'certified', certificate: { number: certificateNumber } });

    const { page, errors } = await browser.open();
    await browser.signIn(page, holder.username, PASSWORD);
    await page.goto(`${browser.baseUrl}/holder/applications/${transferId}`);
    await page.getByTestId('application-status').getByText('已发证').waitFor();
    await page.getByTestId('deadline').getByText('5 个工作日（自受理次日起算）').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载电子证书' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${certificateNumber}.pdf`);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-');
    expect(errors).toEqual([]);

    // Anyone holding the certificate, signed in or not, checks it on the public page its QR code opens.
    const visitor = await browser.open();
    await visitor.page.goto(`${browser.baseUrl}${new URL(certified.certificate.verifyUrl).pathname}`);
    await visitor.page.getByText('证书有效').waitFor();
    expect(await visitor.page.getByTestId('verification-result').innerText()).toContain(certificateNumber);
    await screenshot(visitor.page, 'journey-certificate-verified');
    expect(visitor.errors).toEqual([]);
  }, 240_000);

  it('closes a negotiated listing with an enterprise buyer, which opens the prefilled draft application', async () => {
    const unitNumber = await world.unit([holder.partyId], { location: '海勃湾区卡布其工业园区' });
    const enterprise = await world.holder('organization');
    const draft = await platform.request('POST', '/listings', {
      token: holder.token,
      body: {
        unitNumber,
        kind: 'transfer',
        mode: 'negotiated',
        askingPrice: '3600000.00',
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
        declarations: CLEAN_DECLARATIONS,
      },
    });
    const pending = await platform.request('POST', `/listings/${draft.body.id}/publish`, {
      token: holder.token,
    });
    await platform.request('POST', `/listings/${draft.body.id}/confirm`, {
      token: registrar.token,
      body: { version: pending.body.version },
    });

    const { page, errors } = await browser.open();
    await browser.signIn(page, holder.username, PASSWORD);
    await page.goto(`${browser.baseUrl}/holder/listings/${draft.body.id}`);
    await page.getByRole('button', { name: '协议成交' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('企业（单位）').click();
    await dialog.getByLabel('受让人名称').fill(enterprise.party.name);
    await dialog.getByLabel('受让人统一社会信用代码').fill((enterprise.party as { uscc: string }).uscc);
    await dialog.getByLabel('成交价格').fill('3500000');
    await dialog.getByRole('button', { name: '确认成交' }).click();
    await page.waitForURL(/\/holder\/applications\/[0-9a-f-]{36}$/);
    await page.getByTestId('application-status').getByText('草稿').waitFor();
    await page.getByTestId('awaiting-confirmation').waitFor();

    const listing = (await platform.request('GET', `/listings/${draft.body.id}`, { token: holder.token }))
      .body;
    expect(listing).toMatchObject({ status: 'closed', finalPrice: '3500000.00' });
    expect(page.url().endsWith(listing.applicationId)).toBe(true);
    expect((await world.get(holder.token, listing.applicationId)).body).toMatchObject({
      status: 'draft',
      kind: 'transfer',
      unitNumber,
      listingId: draft.body.id,
      declaredPrice: '3500000.00',
      counterparty: { id: enterprise.partyId, kind: 'organization' },
    });
    expect(errors).toEqual([]);
  });
});
