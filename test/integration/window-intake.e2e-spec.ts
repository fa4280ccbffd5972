import type { MaterialType } from '@app/domain';
import { extractPdfText } from '../../libs/documents/src/testing/pdf-text';
import { residentId } from '../support/fixtures';
import { Platform, startPlatform } from '../support/platform';
import {
  ADMIN_ENV,
  COMPLETE_MATERIALS,
  FAIR_PRICE,
  inParallel,
  patiently,
  PartyBody,
  Person,
  RegistrationWorld,
  Staff,
} from '../support/registration';

const LEASE = { start: '2027-01-01', end: '2031-12-31' };

describe('window intake: accepted on the spot or refused with a one-time notice', () => {
  let platform: Platform;
  let world: RegistrationWorld;
  let clerk: Staff;
  let otherWindowClerk: Staff;
  let clerkReviewer: Staff;
  let registrar: Staff;

  beforeAll(async () => {
    platform = await startPlatform({ worker: true, env: { ...ADMIN_ENV, OUTBOX_SWEEP_INTERVAL_MS: '1000' } });
    world = new RegistrationWorld(platform);
    clerk = await world.staff(['clerk'], [], 'ZX');
    otherWindowClerk = await world.staff(['clerk'], [], 'HBW');
    clerkReviewer = await world.staff(['clerk', 'reviewer'], ['150302'], 'ZX');
    registrar = await world.staff(['registrar']);
    // A reviewer besides the clerk-reviewer, so routing always finds someone who did not accept.
    await world.staff(['reviewer'], ['150302']);
  });

  afterAll(async () => {
    await platform.close();
  });

  function buyer(): PartyBody {
    return { kind: 'person', name: '李四', idNumber: residentId('19900202') };
  }

  function inPerson(party: PartyBody, identityFileId: string) {
    return { party, presentInPerson: true, identityVerified: true, identityFileId };
  }

  /** Scans for each material, uploaded by the clerk, as the counter does it. */
  async function scans(token: string, types: readonly MaterialType[]) {
    return world.distinctMaterials(token, types);
  }

  async function transferIntake(
    seller: Person,
    unitNumber: string,
    overrides: Record<string, unknown> = {},
    materialTypes: readonly MaterialType[] = COMPLETE_MATERIALS.transfer.filter(
      (type) => type !== 'identity',
    ),
    token = clerk.token,
  ) {
    const counterparty = buyer();
    const materials = await scans(token, materialTypes);
    return platform.request('POST', '/intake', {
      token,
      body: {
        kind: 'transfer',
        unitNumber,
        counterparty: { party: counterparty },
        declaredPrice: FAIR_PRICE,
        materials,
        materialsChecked: materialTypes,
        applicants: [
          inPerson(seller.party, await world.upload(token)),
          inPerson(counterparty, await world.upload(token)),
        ],
        ...overrides,
      },
    });
  }

  async function pdfText(pdfUrl: string, token: string): Promise<string> {
    const response = await platform.api!.inject({
      method: 'GET',
      url: pdfUrl,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    return extractPdfText(response.rawPayload);
  }

  it('accepts an in-person transfer on the spot with a receipt whose PDF carries the number and due date', async () => {
    const seller = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const response = await transferIntake(seller, unitNumber);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      status: 'accepted',
      application: { status: 'accepted', channel: 'window', unitNumber },
    });
    const receipt = response.body.receipt;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(receipt.acceptanceNumber).toBe(
      `SLZX${today.replaceAll('-', '')}${receipt.acceptanceNumber.slice(-4)}`,
    );
    expect(receipt.pickupCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(receipt.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(receipt.dueOn > today).toBe(true);
    expect(response.body.application.counterpartyConfirmedAt).not.toBeNull();
    expect(response.body.application.acceptance).toMatchObject({
      acceptanceNumber: receipt.acceptanceNumber,
      acceptedBy: clerk.id,
    });
    expect(response.body.application.deadline).toMatchObject({ limitWorkingDays: 5, paused: false });

    const text = await pdfText(receipt.pdfUrl, clerk.token);
    const [year, month, day] = receipt.dueOn.split('-');
    expect(text).toContain(receipt.acceptanceNumber);
    expect(text).toContain(`${year}年${month}月${day}日`);
    expect(text).toContain(receipt.pickupCode);
    expect(text).toContain(response.body.application.applicant.idNumberMasked);
    if (seller.party.kind !== 'person') throw new Error('the seller is a person');
    expect(text).not.toContain(seller.party.idNumber);

    // The holder, a party of the application, can fetch the same receipt; the whole decision is audited.
    expect(
      (
        await platform.api!.inject({
          method: 'GET',
          url: receipt.pdfUrl,
          headers: { authorization: `Bearer ${seller.token}` },
        })
      ).statusCode,
    ).toBe(200);
    const events = await platform.db.query<{ action: string; data: Record<string, unknown> }>(
      `SELECT action, data FROM audit_event WHERE entity_id = $1 ORDER BY id`,
      [response.body.application.id],
    );
    // Routing's assignment by the worker may follow; the intake's own events come first and in this order.
    expect(events.slice(0, 4).map((event) => event.action)).toEqual([
      'application.created',
      'application.submit',
      'application.accept',
      'intake.accepted',
    ]);
    expect(events[3].data).toMatchObject({
      windowCode: 'ZX',
      clerk: clerk.username,
      acceptanceNumber: receipt.acceptanceNumber,
    });
  });

  it('refuses an agent without a power of attorney, then accepts once the clerk completes the kept draft', async () => {
    const seller = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const counterparty = buyer();
    const types = COMPLETE_MATERIALS.transfer.filter((type) => type !== 'identity');
    const agent = { kind: 'person' as const, name: '王五', idNumber: residentId('19850505') };
    const refused = await platform.request('POST', '/intake', {
      token: clerk.token,
      body: {
        kind: 'transfer',
        unitNumber,
        counterparty: { party: counterparty },
        declaredPrice: FAIR_PRICE,
        materials: await scans(clerk.token, types),
        materialsChecked: types,
        applicants: [
          {
            party: seller.party,
            agent: { party: agent },
            identityVerified: true,
            identityFileId: await world.upload(clerk.token),
          },
          inPerson(counterparty, await world.upload(clerk.token)),
        ],
      },
    });
    expect(refused.status).toBe(201);
    expect(refused.body.status).toBe('refused');
    expect(refused.body.receipt).toBeUndefined();
    expect(refused.body.notice.noticeNumber).toMatch(/^GZZX\d{12}$/);
    expect(refused.body.notice.items).toEqual([
      {
        code: 'material_missing',
        message: { zh: '缺少材料：授权委托书', en: 'Missing material: the power of attorney' },
      },
    ]);
    expect(refused.body.application).toMatchObject({ status: 'draft', channel: 'window' });
    const notice = await pdfText(refused.body.notice.pdfUrl, clerk.token);
    expect(notice).toContain('一次性告知书');
    expect(notice).toContain('授权委托书');
    expect(notice).toContain(refused.body.notice.noticeNumber);

    const completed = await platform.request('POST', `/intake/applications/${refused.body.application.id}`, {
      token: clerk.token,
      body: {
        materials: [],
        materialsChecked: types,
        applicants: [
          {
            party: seller.party,
            agent: { party: agent, powerOfAttorneyFileId: await world.upload(clerk.token) },
            identityVerified: true,
            identityFileId: await world.upload(clerk.token),
          },
          inPerson(counterparty, await world.upload(clerk.token)),
        ],
      },
    });
    expect(completed.status).toBe(201);
    expect(completed.body).toMatchObject({
      status: 'accepted',
      application: { id: refused.body.application.id, status: 'accepted' },
    });
    const receipt = await pdfText(completed.body.receipt.pdfUrl, clerk.token);
    expect(receipt).toContain('王五');
    expect(receipt).toContain('授权委托书');
  });

  it('takes a requisition answered at the counter and accepts again under the same acceptance number', async () => {
    const seller = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const first = await transferIntake(seller, unitNumber);
    expect(first.body.status).toBe('accepted');
    const id = first.body.application.id;
    const assigned = await world.assignee(registrar, id, 'accepted');
    expect(assigned.id).not.toBe(clerk.id);
    const requisition = await world.act(assigned.token, id, 'requisition', {
      comment: '合同页缺签字',
      missingItems: ['转让合同第 3 页缺受让方签字'],
    });
    expect(requisition.status).toBe(200);
    expect(requisition.body.status).toBe('requisitioned');
    expect((await world.get(otherWindowClerk.token, id)).status).toBe(404);

    const again = await platform.request('POST', `/intake/applications/${id}`, {
      token: clerk.token,
      body: {
        materials: await scans(clerk.token, ['contract']),
        materialsChecked: ['contract'],
        applicants: [inPerson(seller.party, await world.upload(clerk.token))],
      },
    });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({
      status: 'accepted',
      receipt: {
        acceptanceNumber: first.body.receipt.acceptanceNumber,
        pickupCode: first.body.receipt.pickupCode,
      },
      application: { status: 'accepted' },
    });
    expect(again.body.application.history.map((entry: { action: string }) => entry.action).slice(-2)).toEqual(
      ['resubmit', 'accept'],
    );
    const intakes = await platform.db.query<{ outcome: string; document_number: string }>(
      `SELECT outcome, document_number FROM window_intake WHERE application_id = $1 ORDER BY decided_at`,
      [id],
    );
    expect(intakes).toEqual([
      { outcome: 'accepted', document_number: first.body.receipt.acceptanceNumber },
      { outcome: 'accepted', document_number: first.body.receipt.acceptanceNumber },
    ]);
  });

  it('does not let a ticked power of attorney stand in for the one an agent must present', async () => {
    const seller = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const types: MaterialType[] = ['certificate', 'contract'];
    const response = await platform.request('POST', '/intake', {
      token: clerk.token,
      body: {
        kind: 'lease',
        unitNumber,
        counterparty: { party: buyer() },
        leaseTerm: LEASE,
        annualRent: '60000.00',
        materials: await scans(clerk.token, [...types, 'power_of_attorney']),
        materialsChecked: [...types, 'power_of_attorney'],
        applicants: [
          {
            party: seller.party,
            agent: { party: { kind: 'person', name: '赵六', idNumber: residentId('19870707') } },
            identityVerified: true,
            identityFileId: await world.upload(clerk.token),
          },
        ],
      },
    });
    expect(response.status).toBe(201);
    expect(response.body.status).toBe('refused');
    expect(response.body.notice.items.map((item: { message: { zh: string } }) => item.message.zh)).toEqual([
      '缺少材料：授权委托书',
    ]);
  });

  it('lists every missing material in one notice', async () => {
    const seller = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const response = await transferIntake(seller, unitNumber, {}, ['certificate', 'grant_fee_receipt']);
    expect(response.status).toBe(201);
    expect(response.body.status).toBe('refused');
    expect(response.body.notice.items.map((item: { code: string }) => item.code)).toEqual([
      'material_missing',
      'material_missing',
      'investment_audit_missing',
    ]);
    const text = await pdfText(response.body.notice.pdfUrl, clerk.token);
    for (const item of response.body.notice.items) expect(text).toContain(item.message.zh);
    expect(text).toContain('合同');
    expect(text).toContain('价格申报表');
  });

  it('refuses a seized unit with the finding, and one missing party of a joint application', async () => {
    const seller = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const seizure = await platform.request('POST', `/units/${unitNumber}/restrictions`, {
      token: registrar.token,
      body: { kind: 'seizure', reference: '(2026)内0302执123号', startDate: '2026-01-05' },
    });
    expect(seizure.status).toBe(201);
    const types = COMPLETE_MATERIALS.transfer.filter((type) => type !== 'identity');
    const response = await platform.request('POST', '/intake', {
      token: clerk.token,
      body: {
        kind: 'transfer',
        unitNumber,
        counterparty: { party: buyer() },
        declaredPrice: FAIR_PRICE,
        materials: await scans(clerk.token, types),
        materialsChecked: types,
        applicants: [inPerson(seller.party, await world.upload(clerk.token))],
      },
    });
    expect(response.status).toBe(201);
    expect(response.body.status).toBe('refused');
    expect(response.body.notice.items.map((item: { code: string }) => item.code)).toEqual([
      'party_absent',
      'seized',
    ]);
    expect(response.body.notice.items[1].message.zh).toContain('(2026)内0302执123号');
  });

  it('answers the public status query with the pickup code only', async () => {
    const seller = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const { receipt } = (await transferIntake(seller, unitNumber)).body;
    const found = await platform.request(
      'GET',
      `/public/status/${receipt.acceptanceNumber}?code=${receipt.pickupCode}`,
    );
    expect(found.status).toBe(200);
    expect(found.body).toEqual({
      acceptanceNumber: receipt.acceptanceNumber,
      status: expect.stringMatching(/^(accepted|first_review)$/),
      statusLabel: expect.objectContaining({ zh: expect.any(String) }),
      kind: 'transfer',
      acceptedAt: expect.any(String),
      dueAt: receipt.dueAt,
    });
    const wrongCode = receipt.pickupCode.startsWith('A') ? 'B' : 'A';
    const wrong = await platform.request(
      'GET',
      `/public/status/${receipt.acceptanceNumber}?code=${wrongCode}${receipt.pickupCode.slice(1)}`,
    );
    expect(wrong.status).toBe(404);
    expect(
      (await platform.request('GET', `/public/status/${receipt.acceptanceNumber}?code=abc`)).status,
    ).toBe(400);
    expect(
      (await platform.request('GET', `/public/status/SLZX${'9'.repeat(12)}?code=${receipt.pickupCode}`))
        .status,
    ).toBe(404);
  });

  it('numbers 20 parallel intakes at one window without gaps, and the day report matches them', async () => {
    const code = `T${String.fromCharCode(65 + (Date.now() % 26))}${String.fromCharCode(65 + ((Date.now() >> 5) % 26))}`;
    const created = await platform.request('POST', '/windows', {
      token: await world.admin(),
      body: { code, name: '测试窗口', address: '测试地址', openingHours: '工作日' },
    });
    expect(created.status).toBe(201);
    const windowClerk = await world.staff(['clerk'], [], code);
    const seller = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const types: MaterialType[] = ['certificate', 'contract'];
    const startedAt = new Date(Date.now() - 120_000).toISOString();
    const bodies = [];
    for (let index = 0; index < 20; index++) {
      bodies.push({
        kind: 'lease',
        unitNumber,
        counterparty: { party: buyer() },
        leaseTerm: LEASE,
        annualRent: '120000.00',
        materials: await scans(windowClerk.token, types),
        materialsChecked: types,
        applicants: [inPerson(seller.party, await world.upload(windowClerk.token))],
        startedAt,
      });
    }
    // Intakes at one window queue on its number counter; a client told 503 (Retry-After) sends again.
    const results = await inParallel(bodies, 20, (body) =>
      patiently(() => platform.request('POST', '/intake', { token: windowClerk.token, body })),
    );
    expect(results.map((result) => result.status)).toEqual(Array(20).fill(201));
    expect(results.map((result) => result.body.status)).toEqual(Array(20).fill('accepted'));
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const numbers = results.map((result) => result.body.receipt.acceptanceNumber as string).sort();
    expect(numbers).toEqual(
      Array.from(
        { length: 20 },
        (_, index) => `SL${code}${today.replaceAll('-', '')}${String(index + 1).padStart(4, '0')}`,
      ),
    );

    const refused = await platform.request('POST', '/intake', {
      token: windowClerk.token,
      body: { ...bodies[0], materials: [], materialsChecked: [], counterparty: { party: buyer() } },
    });
    expect(refused.body.status).toBe('refused');

    const report = await platform.request('GET', `/windows/reports/daily?windowId=${created.body.id}`, {
      token: await world.admin(),
    });
    expect(report.status).toBe(200);
    expect(report.body).toHaveLength(1);
    expect(report.body[0]).toMatchObject({
      date: today,
      windowCode: code,
      received: 21,
      accepted: 20,
      refused: 1,
      byKind: {
        lease: { received: 21, accepted: 20, refused: 1 },
        transfer: { received: 0, accepted: 0, refused: 0 },
      },
    });
    // Twenty intakes began two minutes before their decision; the refusal began at its request.
    expect(report.body[0].averageHandlingSeconds).toBeGreaterThanOrEqual(110);
    expect(report.body[0].averageHandlingSeconds).toBeLessThan(130);
    const [{ rows }] = await platform.db.query<{ rows: number }>(
      `SELECT count(*)::int AS rows FROM window_intake WHERE window_id = $1`,
      [created.body.id],
    );
    expect(rows).toBe(21);

    const csv = await platform.request(
      'GET',
      `/windows/reports/daily?windowId=${created.body.id}&format=csv`,
      {
        token: await world.admin(),
      },
    );
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    expect(csv.body as string).toContain(`${today},${code},测试窗口,21,20,1,0,0,0,21,20,1`);

    const dayList = await platform.request('GET', '/intake/day-list', { token: windowClerk.token });
    expect(dayList.body.map((entry: { documentNumber: string }) => entry.documentNumber)).toEqual(
      expect.arrayContaining(numbers),
    );
    expect(dayList.body).toHaveLength(21);
    expect(
      (
        await platform.request('GET', `/windows/reports/daily?windowId=${created.body.id}`, {
          token: clerk.token,
        })
      ).status,
    ).toBe(403);
  });

  it('keeps each window to its own applications and never lets the accepting clerk review', async () => {
    const seller = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const accepted = await transferIntake(seller, unitNumber, {}, undefined, clerkReviewer.token);
    expect(accepted.body.status).toBe('accepted');
    const id = accepted.body.application.id;

    expect((await world.get(clerk.token, id)).status).toBe(200);
    expect((await world.get(otherWindowClerk.token, id)).status).toBe(404);
    const listed = await platform.request(
      'GET',
      `/applications?applicationNumber=${accepted.body.application.applicationNumber}`,
      {
        token: otherWindowClerk.token,
      },
    );
    expect(listed.body.total).toBe(0);
    const pdf = await platform.api!.inject({
      method: 'GET',
      url: accepted.body.receipt.pdfUrl,
      headers: { authorization: `Bearer ${otherWindowClerk.token}` },
    });
    expect(pdf.statusCode).toBe(404);

    const review = await world.act(clerkReviewer.token, id, 'pass-first-review', { comment: '自审' });
    expect(review.status).toBe(403);
    expect(review.body.details).toMatchObject({ reason: 'separation_of_duties' });
    await expect(
      platform.db.query(`UPDATE registration_application SET first_reviewed_by = accepted_by WHERE id = $1`, [
        id,
      ]),
    ).rejects.toThrow(/application_four_eyes/);
  });

  it('accepts an online submission at a window once the originals are checked', async () => {
    const seller = await world.holder();
    const buyerAccount = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const draft = await world.draft(seller, {
      kind: 'transfer',
      unitNumber,
      counterparty: { partyId: buyerAccount.partyId },
      declaredPrice: FAIR_PRICE,
    });
    expect(draft.status).toBe(201);
    const id = draft.body.id;
    expect(
      (await platform.request('POST', `/applications/${id}/confirm`, { token: buyerAccount.token })).status,
    ).toBe(200);
    expect(
      (await platform.request('POST', `/applications/${id}/submit`, { token: seller.token })).status,
    ).toBe(200);
    await world.prechecked(seller.token, id);

    const found = await platform.request(
      'GET',
      `/applications?applicationNumber=${draft.body.applicationNumber}`,
      {
        token: otherWindowClerk.token,
      },
    );
    expect(found.body.items).toEqual([
      expect.objectContaining({ id, status: 'submitted', channel: 'online' }),
    ]);
    const types = COMPLETE_MATERIALS.transfer.filter((type) => type !== 'identity');
    const response = await platform.request('POST', `/intake/applications/${id}`, {
      token: otherWindowClerk.token,
      body: {
        materials: await scans(otherWindowClerk.token, types),
        materialsChecked: types,
        applicants: [
          inPerson(seller.party, await world.upload(otherWindowClerk.token)),
          inPerson(buyerAccount.party, await world.upload(otherWindowClerk.token)),
        ],
      },
    });
    expect(response.status).toBe(201);
    expect(response.body.status).toBe('accepted');
    expect(response.body.receipt.acceptanceNumber).toMatch(/^SLHBW\d{12}$/);
    expect(response.body.application).toMatchObject({ id, channel: 'online', status: 'accepted' });
    // Taken in at the Haibowan window, it is now that window's, and no longer visible at the centre.
    expect((await world.get(clerk.token, id)).status).toBe(404);
    const again = await platform.request('POST', `/intake/applications/${id}`, {
      token: otherWindowClerk.token,
      body: {
        materials: [],
        materialsChecked: [],
        applicants: [inPerson(seller.party, await world.upload(otherWindowClerk.token))],
      },
    });
    expect(again.status).toBe(409);
    expect(again.body.details).toMatchObject({ currentStatus: expect.any(String) });
  });

  it('keeps an online submission a clerk turns back or away at that clerk window', async () => {
    const seller = await world.holder();
    const submitted = async () => {
      const id = await world.submitted(seller, null, {
        kind: 'lease',
        unitNumber: await world.unit([seller.partyId]),
        counterparty: { partyId: (await world.holder()).partyId },
        leaseTerm: LEASE,
        annualRent: '60000.00',
      });
      return id;
    };
    const requisitionedId = await submitted();
    const requisitioned = await world.act(otherWindowClerk.token, requisitionedId, 'requisition', {
      missingItems: ['租赁合同原件'],
      comment: '请携带租赁合同原件到窗口',
    });
    expect(requisitioned.status).toBe(200);
    expect(requisitioned.body).toMatchObject({ status: 'requisitioned', channel: 'online' });
    const rejectedId = await submitted();
    const rejected = await world.act(otherWindowClerk.token, rejectedId, 'reject', {
      legalGround: '《不动产登记暂行条例》第二十二条',
      comment: '不属于本机构登记范围',
    });
    expect(rejected.status).toBe(200);
    const rows = await platform.db.query<{ id: string; status: string; window_code: string }>(
      `SELECT a.id, a.status, w.code AS window_code FROM registration_application a
         JOIN acceptance_window w ON w.id = a.window_id WHERE a.id = ANY ($1) ORDER BY a.status`,
      [[requisitionedId, rejectedId]],
    );
    expect(rows).toEqual([
      { id: rejectedId, status: 'rejected', window_code: 'HBW' },
      { id: requisitionedId, status: 'requisitioned', window_code: 'HBW' },
    ]);
    expect((await world.get(otherWindowClerk.token, requisitionedId)).status).toBe(200);
    expect((await world.get(clerk.token, requisitionedId)).status).toBe(404);
  });

  it('refuses malformed intakes with a 400 naming the field, and writes nothing', async () => {
    const seller = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const [{ before }] = await platform.db.query<{ before: number }>(
      `SELECT count(*)::int AS before FROM registration_application`,
    );
    const both = await transferIntake(seller, unitNumber, {
      applicants: [{ ...inPerson(seller.party, await world.upload(clerk.token)), agent: { party: buyer() } }],
    });
    expect(both.status).toBe(400);
    expect(both.body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'applicants[0].presentInPerson' })]),
    );
    const unscanned = await transferIntake(seller, unitNumber, {
      materials: [],
      materialsChecked: ['contract'],
    });
    expect(unscanned.status).toBe(400);
    expect(unscanned.body.details).toEqual([
      expect.objectContaining({ field: 'materialsChecked[0]', rule: 'scanned' }),
    ]);
    const badStart = await transferIntake(seller, unitNumber, { startedAt: '2026-W48-5' });
    expect(badStart.status).toBe(400);
    expect(badStart.body.details).toEqual([expect.objectContaining({ field: 'startedAt' })]);
    const holderTries = await platform.request('POST', '/intake', { token: seller.token, body: {} });
    expect(holderTries.status).toBe(403);
    const [{ after }] = await platform.db.query<{ after: number }>(
      `SELECT count(*)::int AS after FROM registration_application`,
    );
    expect(after).toBe(before);
  });

  it('applies checklist rows by party type, with the file types each material accepts', async () => {
    const admin = await world.admin();
    const row = await platform.request('POST', '/material-checklists', {
      token: admin,
      body: {
        kind: 'lease',
        partyKind: 'organization',
        materialType: 'other',
        condition: 'always',
        allowedContentTypes: ['image/png'],
        maxBytes: 1024 * 1024,
        reason: '企业出租须提交董事会决议照片',
      },
    });
    expect(row.status).toBe(201);
    try {
      const lease = async (seller: Person, types: MaterialType[]) =>
        platform.request('POST', '/intake', {
          token: clerk.token,
          body: {
            kind: 'lease',
            unitNumber: await world.unit([seller.partyId]),
            counterparty: { party: buyer() },
            leaseTerm: LEASE,
            annualRent: '80000.00',
            materials: await scans(clerk.token, types),
            materialsChecked: types,
            applicants: [inPerson(seller.party, await world.upload(clerk.token))],
          },
        });
      const person = await lease(await world.holder('person'), ['certificate', 'contract']);
      expect(person.body.status).toBe('accepted');
      const company = await world.holder('organization');
      const refused = await lease(company, ['certificate', 'contract']);
      expect(refused.body.status).toBe('refused');
      expect(refused.body.notice.items).toEqual([
        {
          code: 'material_missing',
          message: { zh: '缺少材料：其他材料', en: 'Missing material: other material' },
        },
      ]);
      const wrongType = await lease(company, ['certificate', 'contract', 'other']);
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.details).toEqual([
        expect.objectContaining({ field: 'materials[2].fileId', rule: 'allowedForMaterial' }),
      ]);
    } finally {
      const removed = await platform.request('DELETE', `/material-checklists/${row.body.id}`, {
        token: admin,
        body: { reason: '测试结束' },
      });
      expect(removed.status).toBe(204);
    }
  });

  it('administers windows: clerks must sit at an active one, and edits are version-guarded', async () => {
    const admin = await world.admin();
    const windows = await platform.request('GET', '/windows');
    expect(windows.body.map((window: { code: string }) => window.code)).toEqual(
      expect.arrayContaining(['ZX', 'HBW', 'WD', 'HN', 'GX']),
    );
    const noWindow = await platform.request('POST', '/users', {
      token: admin,
      body: {
        username: `clerk.nowindow${Date.now()}`,
        password: 'Passw0rd-for-tests',
        displayName: '无窗口',
        roles: ['clerk'],
      },
    });
    expect(noWindow.status).toBe(400);
    expect(noWindow.body.details).toEqual([expect.objectContaining({ field: 'windowId' })]);

    const created = await platform.request('POST', '/windows', {
      token: admin,
      body: { code: 'QX', name: '临时窗口', address: '临时地址', openingHours: '工作日' },
    });
    expect(created.status).toBe(201);
    const duplicate = await platform.request('POST', '/windows', {
      token: admin,
      body: { code: 'QX', name: '重复', address: '地址', openingHours: '工作日' },
    });
    expect(duplicate.status).toBe(409);
    const windowClerk = await world.staff(['clerk'], [], 'QX');
    const renames = await Promise.all(
      ['新名称甲', '新名称乙'].map((name) =>
        platform.request('PATCH', `/windows/${created.body.id}`, {
          token: admin,
          body: { version: 1, reason: '改名', name },
        }),
      ),
    );
    expect(renames.map((rename) => rename.status).sort()).toEqual([200, 409]);
    const nullName = await platform.request('PATCH', `/windows/${created.body.id}`, {
      token: admin,
      body: { version: 2, reason: '清空', name: null },
    });
    expect(nullName.status).toBe(400);
    expect(nullName.body.details).toEqual([expect.objectContaining({ field: 'name' })]);
    const stale = await platform.request('PATCH', `/windows/${created.body.id}`, {
      token: admin,
      body: { version: 1, reason: '停用', active: false },
    });
    expect(stale.status).toBe(409);
    const deactivated = await platform.request('PATCH', `/windows/${created.body.id}`, {
      token: admin,
      body: { version: 2, reason: '停用', active: false },
    });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body).toMatchObject({ active: false, version: 3 });

    const seller = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const closed = await transferIntake(seller, unitNumber, {}, undefined, windowClerk.token);
    expect(closed.status).toBe(409);
    expect(closed.body.details).toMatchObject({ reason: 'window_inactive' });
    const events = await platform.db.query<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY id`,
      [created.body.id],
    );
    expect(events.map((event) => event.action)).toEqual([
      'window.created',
      'window.updated',
      'window.updated',
    ]);
  });
});
