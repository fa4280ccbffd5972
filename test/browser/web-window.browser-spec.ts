import type { Locator, Page } from 'playwright-core';
import { extractPdfText } from '../../libs/documents/src/testing/pdf-text';
import { BrowserSession, screenshot, WEB_ROOT } from '../support/browser';
import { PASSWORD, residentId } from '../support/fixtures';
import { PDF } from '../support/multipart';
import { Platform, startPlatform } from '../support/platform';
import { ADMIN_ENV, COMPLETE_MATERIALS, FAIR_PRICE, RegistrationWorld, Staff } from '../support/registration';

/** A whole visit to the counter in a real browser, with two PDFs rendered, on a machine shared with others. */
const JOURNEY_MS = 180_000;

/** The scans a clerk puts on the scanner's tray: a small PDF per document. */
const SCAN = { name: 'scan.pdf', mimeType: 'application/pdf', buffer: PDF };

describe('window workbench in a real browser', () => {
  let platform: Platform;
  let world: RegistrationWorld;
  let browser: BrowserSession;
  let clerk: Staff & { password: string };
  // A window of its own, so its numbers and day list hold only this journey's work.
  const code = `W${[0, 5, 10].map((shift) => String.fromCharCode(65 + ((Date.now() >> shift) % 26))).join('')}`;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const accepted: { applicationNumber: string; acceptanceNumber: string }[] = [];
  let refusedApplicationNumber = '';

  beforeAll(async () => {
    platform = await startPlatform({ worker: true, env: { ...ADMIN_ENV, WEB_ROOT } });
    world = new RegistrationWorld(platform);
    const created = await platform.request('POST', '/windows', {
      token: await world.admin(),
      body: {
        code,
        name: '测试受理窗口',
        address: '乌海市海勃湾区测试路1号',
        openingHours: '工作日 9:00-17:00',
      },
    });
    expect(created.status).toBe(201);
    const staff = await world.staff(['clerk'], [], code);
    clerk = { ...staff, password: PASSWORD };
    browser = await BrowserSession.start(platform);
  });

  afterAll(async () => {
    await browser?.close();
    await platform.close();
  });

  async function upload(container: Locator, testId: string): Promise<void> {
    await container.getByTestId(testId).locator('input[type=file]').setInputFiles(SCAN);
    await container.locator(`[data-testid="${testId}"][data-file-id]`).waitFor();
  }

  /**
   * Clicks a document button and waits for the PDF to open in the tab the button opened; returns what the page
   * was sent (status and content type) and the document's text, read again through the API.
   */
  async function openedPdf(page: Page, button: Locator): Promise<{ type: string; text: string }> {
    const [tab, response] = await Promise.all([
      page.context().waitForEvent('page'),
      page.waitForResponse((candidate) => /\/api\/v1\/intake\/[0-9a-f-]{36}\/pdf$/.test(candidate.url())),
      button.click(),
    ]);
    expect(response.status()).toBe(200);
    await tab.waitForURL(/^blob:/);
    await tab.close();
    const again = await platform.api!.inject({
      method: 'GET',
      url: new URL(response.url()).pathname,
      headers: { authorization: `Bearer ${clerk.token}` },
    });
    expect(again.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    return { type: response.headers()['content-type'], text: await extractPdfText(again.rawPayload) };
  }

  it(
    'refuses an intake with one missing item by a one-time notice, then accepts the completed draft',
    async () => {
      const seller = await world.holder();
      if (seller.party.kind !== 'person') throw new Error('the seller is a person');
      const unitNumber = await world.unit([seller.partyId]);
      const buyer = { name: '李四', idNumber: residentId('19900202') };
      const { page, errors, refusals } = await browser.open();
      await browser.signIn(page, clerk.username, clerk.password);
      await page.goto(`${browser.baseUrl}/window/intake`);
      await page.getByTestId('counter-window').getByText('测试受理窗口').waitFor();
      await expect(page.getByTestId('counter-window').innerText()).resolves.toContain(code);

      const form = page.getByTestId('intake-form');
      await form.getByLabel('不动产单元号').fill(unitNumber);
      await form.getByTestId('unit-summary').waitFor();
      await form.getByLabel('申报成交价').fill(FAIR_PRICE);
      const applicant = form.getByTestId('applicant-0');
      await applicant.getByLabel('姓名').fill(seller.party.name);
      await applicant.getByLabel('居民身份证号').fill(seller.party.idNumber);
      await applicant.getByText('已当面核验本人身份证件').click();
      await upload(applicant, 'applicant-0-identity');
      const counterparty = form.getByTestId('counterparty');
      // A slip first: the seller typed in again as the buyer, which only the server can tell.
      await counterparty.getByLabel('姓名').fill(seller.party.name);
      await counterparty.getByLabel('居民身份证号').fill(seller.party.idNumber);
      await counterparty.getByText('已当面核验本人身份证件').click();
      await upload(counterparty, 'counterparty-identity');
      // Every original of the transfer but the price declaration is on the counter.
      const brought = COMPLETE_MATERIALS.transfer.filter(
        (type) => type !== 'identity' && type !== 'price_declaration',
      );
      for (const type of brought) {
        await form.locator(`tr.material-${type} input[type=checkbox]`).check();
        await upload(form, `scan-${type}`);
      }
      await form.getByRole('button', { name: '提交受理' }).click();
      const counterpartyId = counterparty.locator('.ant-form-item').filter({ hasText: '居民身份证号' });
      await counterpartyId.getByText('同一当事人重复登记到场').waitFor();
      await counterparty.getByLabel('姓名').fill(buyer.name);
      await counterparty.getByLabel('居民身份证号').fill(buyer.idNumber);
      await counterpartyId.getByText('同一当事人重复登记到场').waitFor({ state: 'detached' });
      // At the end of the form the action bar sits in its place instead of floating over the checklist.
      await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
      await form.locator('.ant-affix').waitFor({ state: 'detached' });
      await screenshot(page, 'window-intake');
      await form.getByRole('button', { name: '提交受理' }).click();

      const notice = page.getByTestId('intake-notice');
      await notice.waitFor();
      await expect(
        notice.getByTestId('notice-items').locator('.ant-list-item').allInnerTexts(),
      ).resolves.toEqual(['1. 缺少材料：价格申报表']);
      const noticePdf = await openedPdf(page, notice.getByTestId('open-notice'));
      expect(noticePdf.type).toBe('application/pdf');
      expect(noticePdf.text).toContain('一次性告知书');
      expect(noticePdf.text).toContain('价格申报表');
      await screenshot(page, 'window-notice');
      refusedApplicationNumber = (await platform.request('GET', `/intake/day-list`, { token: clerk.token }))
        .body[0].applicationNumber;

      // The applicants come back with the price declaration; the draft is completed, not filed again.
      await notice.getByTestId('complete-draft').click();
      const presentation = page.getByTestId('presentation');
      await presentation.getByTestId('material-checklist').waitFor();
      await expect(presentation.getByTestId('party-0').getByLabel('居民身份证号').inputValue()).resolves.toBe(
        seller.party.idNumber,
      );
      await presentation.locator('tr.material-price_declaration input[type=checkbox]').check();
      await upload(presentation, 'scan-price_declaration');
      await presentation.getByTestId('present').click();

      const receipt = page.getByTestId('intake-receipt');
      await receipt.waitFor();
      const acceptanceNumber = await receipt.getByTestId('acceptance-number').innerText();
      expect(acceptanceNumber).toBe(`SL${code}${today.replaceAll('-', '')}0001`);
      await expect(receipt.getByTestId('pickup-code').innerText()).resolves.toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
      const receiptPdf = await openedPdf(page, receipt.getByTestId('open-receipt'));
      expect(receiptPdf.type).toBe('application/pdf');
      expect(receiptPdf.text).toContain(acceptanceNumber);
      await screenshot(page, 'window-receipt');

      const listed = await platform.request(
        'GET',
        `/applications?applicationNumber=${refusedApplicationNumber}`,
        {
          token: clerk.token,
        },
      );
      expect(listed.body.items).toEqual([expect.objectContaining({ channel: 'window' })]);
      const application = (await world.get(clerk.token, listed.body.items[0].id)).body;
      expect(application).toMatchObject({
        status: 'accepted',
        unitNumber,
        acceptance: { acceptanceNumber },
      });
      accepted.push({ applicationNumber: refusedApplicationNumber, acceptanceNumber });
      expect(errors).toEqual([]);
      // The one refusal is the duplicate party the server turned down above.
      expect(refusals).toEqual(['400 /api/v1/intake']);
    },
    JOURNEY_MS,
  );

  it(
    'accepts an online submission found by its number, and the day list and report show the day',
    async () => {
      const seller = await world.holder();
      const buyer = await world.holder();
      if (seller.party.kind !== 'person') throw new Error('the seller is a person');
      const unitNumber = await world.unit([seller.partyId]);
      const draft = await world.draft(seller, {
        kind: 'transfer',
        unitNumber,
        counterparty: { partyId: buyer.partyId },
        declaredPrice: FAIR_PRICE,
      });
      expect(draft.status).toBe(201);
      const id = draft.body.id as string;
      const applicationNumber = draft.body.applicationNumber as string;
      expect(
        (await platform.request('POST', `/applications/${id}/confirm`, { token: buyer.token })).status,
      ).toBe(200);
      expect(
        (await platform.request('POST', `/applications/${id}/submit`, { token: seller.token })).status,
      ).toBe(200);
      await world.prechecked(seller.token, id);

      const { page, errors } = await browser.open();
      await browser.signIn(page, clerk.username, clerk.password);
      await page.goto(`${browser.baseUrl}/window/online`);
      await page.getByLabel('申请编号').fill(applicationNumber);
      await page.getByRole('button', { name: /查\s*找/ }).click();
      await page.getByTestId('application-facts').getByText(applicationNumber).waitFor();
      const presentation = page.getByTestId('presentation');
      await presentation.getByTestId('material-checklist').waitFor();
      // The buyer confirmed online and need not come; the seller shows the ID card and the originals.
      const party = presentation.getByTestId('party-0');
      await party.getByLabel('居民身份证号').fill(seller.party.idNumber);
      await party.getByText('已当面核验本人身份证件').click();
      await upload(party, 'party-0-identity');
      for (const type of COMPLETE_MATERIALS.transfer.filter((candidate) => candidate !== 'identity')) {
        await presentation.locator(`tr.material-${type} input[type=checkbox]`).check();
      }
      await screenshot(page, 'window-online');
      await presentation.getByTestId('present').click();
      const receipt = page.getByTestId('intake-receipt');
      await receipt.waitFor();
      const acceptanceNumber = await receipt.getByTestId('acceptance-number').innerText();
      expect(acceptanceNumber).toMatch(new RegExp(`^SL${code}${today.replaceAll('-', '')}\\d{4}$`));
      const application = (await world.get(clerk.token, id)).body;
      expect(application).toMatchObject({
        status: 'accepted',
        channel: 'online',
        acceptance: { acceptanceNumber },
      });
      accepted.push({ applicationNumber, acceptanceNumber });

      await page.getByRole('link', { name: '当日受理清单' }).click();
      const dayList = page.getByTestId('day-list');
      await dayList.locator('tr.ant-table-row').nth(2).waitFor();
      const rows = await dayList.locator('tr.ant-table-row').allInnerTexts();
      expect(rows).toHaveLength(3);
      expect(rows[0]).toContain('一次性告知');
      expect(rows[0]).toContain(refusedApplicationNumber);
      for (const [index, entry] of accepted.entries()) {
        expect(rows[index + 1]).toContain(entry.acceptanceNumber);
        expect(rows[index + 1]).toContain(entry.applicationNumber);
        expect(rows[index + 1]).toContain('当场受理');
      }
      expect(rows[2]).toContain('网上');
      await screenshot(page, 'window-day-list');

      await page.getByRole('link', { name: '日报' }).click();
      const figures = page.getByTestId('daily-figures');
      await figures.waitFor();
      const values = await figures.locator('.ant-statistic-content-value').allInnerTexts();
      expect(values.slice(0, 3)).toEqual(['3', '2', '1']);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('download-report').click(),
      ]);
      const csv = await streamText(await download.createReadStream());
      expect(csv).toContain(`${today},${code},测试受理窗口,3,2,1,3,2,1`);
      expect(errors).toEqual([]);
    },
    JOURNEY_MS,
  );
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
