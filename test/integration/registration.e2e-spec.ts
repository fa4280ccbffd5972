import { Client } from 'pg';
import { Platform, startPlatform, waitFor } from '../support/platform';
import { ADMIN_ENV, FAIR_PRICE, Person, RegistrationWorld, Staff } from '../support/registration';

describe('registration workflow: application to certificate', () => {
  let platform: Platform;
  let world: RegistrationWorld;
  let clerk: Staff;
  let reviewerA: Staff;
  let reviewerB: Staff;
  let registrar: Staff;

  beforeAll(async () => {
    platform = await startPlatform({ worker: true, env: { ...ADMIN_ENV, OUTBOX_SWEEP_INTERVAL_MS: '1000' } });
    world = new RegistrationWorld(platform);
    clerk = await world.staff(['clerk'], ['150302']);
    reviewerA = await world.staff(['reviewer'], ['150302']);
    reviewerB = await world.staff(['reviewer'], ['150302']);
    registrar = await world.staff(['registrar']);
    const year = new Date().getFullYear();
    const price = await platform.request('POST', '/benchmark-prices', {
      token: await world.admin(),
      body: {
        districtCode: '150302',
        landUseClass: '06',
        grade: 2,
        pricePerM2: '800.00',
        validFrom: `${year - 1}-01-01`,
        validTo: `${year + 1}-12-31`,
      },
    });
    expect(price.status).toBe(201);
  });

  afterAll(async () => {
    await platform.close();
  });

  /** Drives an accepted application through both reviews, approval and recording. */
  async function reviewAndRecord(id: string) {
    const routed = await waitFor(
      async () => {
        const body = (await world.get(registrar.token, id)).body;
        return body.assignedTo ? body : null;
      },
      { what: 'first reviewer assigned' },
    );
    const first = world.known(routed.assignedTo.id);
    expect((await world.act(first.token, id, 'pass-first-review', { comment: '材料齐全' })).status).toBe(200);
    const second = await waitFor(
      async () => {
        const body = (await world.get(registrar.token, id)).body;
        return body.status === 'first_review' && body.assignedTo ? body : null;
      },
      { what: 'second reviewer assigned' },
    );
    expect(second.assignedTo.id).not.toBe(first.id);
    const secondReviewer = world.known(second.assignedTo.id);
    expect((await world.act(secondReviewer.token, id, 'pass-second-review')).status).toBe(200);
    expect((await world.act(registrar.token, id, 'approve')).status).toBe(200);
    return world.act(registrar.token, id, 'record');
  }

  it('takes a transfer from draft to a verifiable certificate', async () => {
    const seller = await world.holder();
    const buyer = await world.holder('organization');
    const unitNumber = await world.unit([seller.partyId]);
    const created = await world.draft(seller, {
      kind: 'transfer',
      unitNumber,
      counterparty: { partyId: buyer.partyId },
      declaredPrice: FAIR_PRICE,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', kind: 'transfer', unitNumber });
    const id = created.body.id as string;

    const early = await platform.request('POST', `/applications/${id}/submit`, { token: seller.token });
    expect(early.status).toBe(409);
    expect(
      (await platform.request('POST', `/applications/${id}/confirm`, { token: buyer.token })).status,
    ).toBe(200);
    const submitted = await platform.request('POST', `/applications/${id}/submit`, { token: seller.token });
    expect(submitted.status).toBe(200);
    expect(submitted.body.precheck.status).toBe('pending');

    const checked = await world.prechecked(seller.token, id);
    expect(checked.precheck.status).toBe('passed');
    expect(checked.status).toBe('submitted');

    const accepted = await world.act(clerk.token, id, 'accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body.deadline).toMatchObject({ limitWorkingDays: 5, paused: false });
    expect(accepted.body.deadline.dueAt).toMatch(/T23:59:59\+08:00$/);

    const recorded = await reviewAndRecord(id);
    expect(recorded.status).toBe(200);
    expect(recorded.body.certificate.number).toMatch(/^蒙\(\d{4}\)乌海市不动产权第\d{7}号$/);

    const certified = await world.status(seller.token, id, 'certified');
    const verify = await platform.request(
      'GET',
      `/certificates/${encodeURIComponent(certified.certificate.number)}/verify`,
    );
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ valid: true, kind: 'transfer', unitNumber });
    expect(verify.body.holdersMasked[0].name).toContain('有限公司');

    const unit = await platform.request('GET', `/units/${unitNumber}`, { token: registrar.token });
    expect(
      unit.body.currentRight.holders.map((holder: { party: { id: string } }) => holder.party.id),
    ).toEqual([buyer.partyId]);
    const rights = await platform.db.query<{ status: string }>(
      `SELECT r.status FROM use_right r JOIN real_estate_unit u ON u.id = r.unit_id WHERE u.unit_number = $1 ORDER BY r.created_at`,
      [unitNumber],
    );
    expect(rights.map((row) => row.status)).toEqual(['historic', 'current']);
    const pdf = await platform.request(
      'GET',
      `/certificates/${encodeURIComponent(certified.certificate.number)}/pdf`,
      {
        token: buyer.token,
      },
    );
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(certified.history.map((entry: { toStatus: string }) => entry.toStatus)).toEqual(
      expect.arrayContaining([
        'submitted',
        'accepted',
        'first_review',
        'second_review',
        'approved',
        'recorded',
        'certified',
      ]),
    );
    expect(
      (await platform.request('GET', '/audit/verify', { token: (await world.staff(['auditor'])).token })).body
        .valid,
    ).toBe(true);
  });
  async function submitted(seller: Person, buyer: Person | null, body: Record<string, unknown>) {
    const created = await world.draft(seller, body);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    if (buyer)
      expect(
        (await platform.request('POST', `/applications/${id}/confirm`, { token: buyer.token })).status,
      ).toBe(200);
    expect(
      (await platform.request('POST', `/applications/${id}/submit`, { token: seller.token })).status,
    ).toBe(200);
    return id;
  }

  async function accepted(seller: Person, buyer: Person | null, body: Record<string, unknown>) {
    const id = await submitted(seller, buyer, body);
    expect((await world.prechecked(seller.token, id)).precheck.status).toBe('passed');
    const response = await world.act(clerk.token, id, 'accept');
    expect(response.status).toBe(200);
    return response.body;
  }

  async function restrict(unitNumber: string, kind: string, reference: string) {
    const response = await platform.request('POST', `/units/${unitNumber}/restrictions`, {
      token: registrar.token,
      body: { kind, reference, startDate: '2026-01-05' },
    });
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  it('requisitions every blocking problem at once, and passes after the applicant fixes them', async () => {
    const seller = await world.holder();
    const buyer = await world.holder();
    const unitNumber = await world.unit([seller.partyId], { grantFeePaid: false, investmentRatio: '0.10' });
    await restrict(unitNumber, 'objection', '异议登记-2026-7');
    await restrict(unitNumber, 'idle', '乌自然资闲〔2026〕3号');
    const created = await platform.request('POST', '/applications', {
      token: seller.token,
      body: {
        kind: 'transfer',
        unitNumber,
        counterparty: { partyId: buyer.partyId },
        declaredPrice: FAIR_PRICE,
        materials: await world.distinctMaterials(seller.token, ['identity']),
      },
    });
    const id = created.body.id as string;
    await platform.request('POST', `/applications/${id}/confirm`, { token: buyer.token });
    await platform.request('POST', `/applications/${id}/submit`, { token: seller.token });
    const requisitioned = await world.status(seller.token, id, 'requisitioned');
    const blocking = requisitioned.precheck.findings
      .filter((finding: { severity: string }) => finding.severity === 'block')
      .map((finding: { code: string }) => finding.code);
    expect(blocking).toEqual([
      'objection',
      'idle_land_undisposed',
      'grant_fee_unpaid',
      'investment_below_threshold',
      'material_missing',
      'material_missing',
      'material_missing',
      'investment_audit_missing',
      'material_missing',
    ]);
    const notice = requisitioned.history.at(-1);
    expect(notice).toMatchObject({
      action: 'requisition',
      toStatus: 'requisitioned',
      actor: { label: 'system' },
    });
    expect(notice.missingItems).toHaveLength(blocking.length);
    for (const finding of requisitioned.precheck.findings) {
      expect(finding.message.zh).toBeTruthy();
      expect(finding.message.en).toBeTruthy();
    }
    const inbox = await platform.request('GET', '/notifications', { token: seller.token });
    expect(JSON.stringify(inbox.body)).toContain('申请需补正');

    const seller2 = await world.holder();
    const fixable = await world.unit([seller2.partyId]);
    const seizure = await restrict(fixable, 'seizure', '(2026)蒙0302执保12号');
    const second = await platform.request('POST', '/applications', {
      token: seller2.token,
      body: {
        kind: 'transfer',
        unitNumber: fixable,
        counterparty: { partyId: buyer.partyId },
        declaredPrice: FAIR_PRICE,
        materials: await world.distinctMaterials(seller2.token, ['identity', 'certificate', 'contract']),
      },
    });
    const secondId = second.body.id as string;
    await platform.request('POST', `/applications/${secondId}/confirm`, { token: buyer.token });
    await platform.request('POST', `/applications/${secondId}/submit`, { token: seller2.token });
    const blocked = await world.status(seller2.token, secondId, 'requisitioned');
    expect(blocked.precheck.findings.map((finding: { code: string }) => finding.code)).toEqual(
      expect.arrayContaining(['seized', 'material_missing', 'investment_audit_missing']),
    );
    expect((await world.act(seller2.token, secondId, 'resubmit')).status).toBe(200);
    const unchanged = await world.status(seller2.token, secondId, 'requisitioned', 'requisitioned again');
    expect(
      unchanged.history.filter((entry: { action: string }) => entry.action === 'requisition'),
    ).toHaveLength(2);

    const lifted = await platform.request('POST', `/restrictions/${seizure}/lift`, {
      token: registrar.token,
      body: { reason: '法院解除查封' },
    });
    expect(lifted.status).toBe(200);
    const added = await platform.request('POST', `/applications/${secondId}/materials`, {
      token: seller2.token,
      body: {
        materials: await world.distinctMaterials(seller2.token, [
          'price_declaration',
          'investment_audit',
          'grant_fee_receipt',
        ]),
      },
    });
    expect(added.status).toBe(200);
    expect((await world.act(seller2.token, secondId, 'resubmit')).status).toBe(200);
    const passed = await world.prechecked(seller2.token, secondId);
    expect(passed).toMatchObject({ status: 'submitted', precheck: { status: 'passed' } });
  });

  it('opens pre-emption below the benchmark share, pauses the clock, and lets the registrar waive or exercise it', async () => {
    const buyer = await world.holder();
    const cheap = async () => {
      const seller = await world.holder();
      const unitNumber = await world.unit([seller.partyId]);
      return accepted(seller, buyer, {
        kind: 'transfer',
        unitNumber,
        counterparty: { partyId: buyer.partyId },
        declaredPrice: '1000.00',
      });
    };
    const waived = await cheap();
    expect(waived.status).toBe('preemption_pending');
    expect(waived.deadline.paused).toBe(true);
    expect(waived.deadline.dueAt).toBeNull();
    expect(waived.preemption).toMatchObject({ required: true, decision: null });
    expect(waived.preemption.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(
      (await world.act(registrar.token, waived.id, 'reject', { legalGround: 'x', comment: 'x' })).status,
    ).toBe(409);
    expect(
      (await world.act(reviewerA.token, waived.id, 'decide-preemption', { exercise: false })).status,
    ).toBe(403);
    expect((await world.act(registrar.token, waived.id, 'decide-preemption', {})).status).toBe(400);
    const resumed = await world.act(registrar.token, waived.id, 'decide-preemption', {
      exercise: false,
      comment: '放弃',
    });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ status: 'accepted', preemption: { decision: 'waived' } });
    expect(resumed.body.deadline.paused).toBe(false);
    expect(resumed.body.deadline.dueAt).not.toBeNull();
    const recorded = await reviewAndRecord(waived.id);
    expect(recorded.status).toBe(200);

    const exercised = await cheap();
    const taken = await world.act(registrar.token, exercised.id, 'decide-preemption', { exercise: true });
    expect(taken.status).toBe(200);
    expect(taken.body.status).toBe('rejected');
    expect(taken.body.history.at(-1).legalGround).toContain('优先购买权');
  });

  it('decides an action again when a job wrote the application meanwhile without changing its state', async () => {
    const seller = await world.holder();
    const id = await world.submitted(seller, null, {
      kind: 'lease',
      unitNumber: await world.unit([seller.partyId]),
      counterparty: { partyId: (await world.holder()).partyId },
      leaseTerm: { start: '2027-01-01', end: '2029-12-31' },
      annualRent: '30000.00',
    });
    // Stands in for a job (routing, a deadline check) that writes the row between the action's read and write.
    const job = new Client({ connectionString: platform.db.url });
    await job.connect();
    try {
      await job.query('BEGIN');
      await job.query(`UPDATE registration_application SET version = version + 1 WHERE id = $1`, [id]);
      const withdrawal = world.act(seller.token, id, 'withdraw', { comment: '不再出租' });
      await new Promise((resolve) => setTimeout(resolve, 500));
      await job.query('COMMIT');
      const withdrawn = await withdrawal;
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn' });
    } finally {
      await job.end();
    }
    const [row] = await platform.db.query<{ status: string; version: number }>(
      `SELECT status, version FROM registration_application WHERE id = $1`,
      [id],
    );
    expect(row.status).toBe('withdrawn');
  });

  it('lets the applicant withdraw, and rejects only with a legal ground', async () => {
    const seller = await world.holder();
    const buyer = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const body = {
      kind: 'transfer',
      unitNumber,
      counterparty: { partyId: buyer.partyId },
      declaredPrice: FAIR_PRICE,
    };
    const first = await accepted(seller, buyer, body);
    expect((await world.act(buyer.token, first.id, 'withdraw')).status).toBe(403);
    const withdrawn = await world.act(seller.token, first.id, 'withdraw', { comment: '买卖双方协商解除' });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn' });
    expect((await world.act(seller.token, first.id, 'withdraw')).status).toBe(409);

    const second = await accepted(seller, buyer, body);
    const missingGround = await world.act(reviewerA.token, second.id, 'reject', { comment: '不符合条件' });
    expect(missingGround.status).toBe(400);
    expect(missingGround.body.details[0]).toMatchObject({ field: 'legalGround' });
    const rejected = await world.act(reviewerA.token, second.id, 'reject', {
      comment: '土地权属争议未解决',
      legalGround: '《不动产登记暂行条例》第二十二条',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.history.at(-1)).toMatchObject({
      action: 'reject',
      legalGround: '《不动产登记暂行条例》第二十二条',
    });
    const events = await platform.db.query<{ action: string }>(
      `SELECT action, reason FROM audit_event WHERE entity_id = $1 ORDER BY id`,
      [second.id],
    );
    expect(events.map((event) => event.action)).toContain('application.reject');
  });

  it('refuses the acceptor as reviewer, the same person for both reviews, and staff acting on their own case', async () => {
    const seller = await world.holder();
    const buyer = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const id = await submitted(seller, buyer, {
      kind: 'transfer',
      unitNumber,
      counterparty: { partyId: buyer.partyId },
      declaredPrice: FAIR_PRICE,
    });
    await world.prechecked(seller.token, id);
    expect((await world.act(seller.token, id, 'accept')).status).toBe(403);
    expect((await world.act(reviewerA.token, id, 'accept')).status).toBe(200);
    const routed = await waitFor(async () => (await world.get(registrar.token, id)).body.assignedTo, {
      what: 'routing',
    });
    expect(routed.id).toBe(reviewerB.id);
    const ownReview = await world.act(reviewerA.token, id, 'pass-first-review');
    expect(ownReview.status).toBe(403);
    expect(ownReview.body.details.reason).toBe('separation_of_duties');
    expect((await world.act(reviewerB.token, id, 'pass-first-review')).status).toBe(200);
    const twice = await world.act(reviewerB.token, id, 'pass-second-review');
    expect(twice.status).toBe(403);
    expect((await world.act(reviewerA.token, id, 'pass-second-review')).status).toBe(403);
    const third = await world.staff(['reviewer'], ['150302']);
    expect((await world.act(third.token, id, 'pass-second-review')).status).toBe(200);
    expect((await world.act(third.token, id, 'approve')).status).toBe(403);
    expect((await world.act(registrar.token, id, 'record')).status).toBe(409);
    await expect(
      platform.db.query(
        `UPDATE registration_application SET second_reviewed_by = first_reviewed_by WHERE id = $1`,
        [id],
      ),
    ).rejects.toThrow(/application_four_eyes/);
    await expect(
      platform.db.query(
        `UPDATE registration_application SET counterparty_confirmed_at = NULL WHERE id = $1`,
        [id],
      ),
    ).rejects.toThrow(/application_joint_confirmed/);
  });

  it('records a lease and a mortgage as encumbrances with proofs, and releases the mortgage', async () => {
    const owner = await world.holder('organization');
    const lessee = await world.holder();
    const bank = await world.holder('organization');
    const unitNumber = await world.unit([owner.partyId]);
    const lease = await accepted(owner, null, {
      kind: 'lease',
      unitNumber,
      counterparty: { partyId: lessee.partyId },
      leaseTerm: { start: '2027-01-01', end: '2036-12-31' },
      annualRent: '180000.00',
    });
    expect((await reviewAndRecord(lease.id)).status).toBe(200);
    const mortgage = await accepted(owner, bank, {
      kind: 'mortgage',
      unitNumber,
      counterparty: { partyId: bank.partyId },
      mortgage: { amount: '5000000.00', maxAmount: true, start: '2027-01-01', end: '2030-12-31' },
    });
    expect(mortgage.mortgage.rank).toBe(1);
    const recorded = await reviewAndRecord(mortgage.id);
    expect(recorded.body.certificate.number).toMatch(/^蒙\(\d{4}\)乌海市不动产证明第\d{7}号$/);
    await world.status(owner.token, mortgage.id, 'certified');
    const unit = (await platform.request('GET', `/units/${unitNumber}`, { token: registrar.token })).body;
    expect(unit.leases).toHaveLength(1);
    expect(unit.mortgages).toMatchObject([{ rank: 1, amount: '5000000.00', maxAmount: true }]);

    const release = await accepted(owner, null, {
      kind: 'mortgage_release',
      unitNumber,
      mortgageId: unit.mortgages[0].id,
    });
    expect((await reviewAndRecord(release.id)).status).toBe(200);
    await world.status(owner.token, release.id, 'certified');
    const after = (await platform.request('GET', `/units/${unitNumber}`, { token: registrar.token })).body;
    expect(after.mortgages).toEqual([]);
    const [released] = await platform.db.query(`SELECT status FROM mortgage WHERE id = $1`, [
      unit.mortgages[0].id,
    ]);
    expect(released.status).toBe('released');
  });

  it('keeps applications private: other holders get 404, staff of other districts do not see them', async () => {
    const seller = await world.holder();
    const buyer = await world.holder();
    const stranger = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const draft = await world.draft(seller, {
      kind: 'transfer',
      unitNumber,
      counterparty: { partyId: buyer.partyId },
      declaredPrice: FAIR_PRICE,
    });
    const id = draft.body.id as string;
    expect((await world.get(stranger.token, id)).status).toBe(404);
    expect((await world.get(buyer.token, id)).status).toBe(200);
    const wuda = await world.staff(['reviewer'], ['150304']);
    expect((await world.get(wuda.token, id)).status).toBe(404);
    const mine = await platform.request('GET', '/applications?mine=true', { token: stranger.token });
    expect(mine.body.total).toBe(0);
    const notHolder = await world.draft(stranger, {
      kind: 'transfer',
      unitNumber,
      counterparty: { partyId: buyer.partyId },
      declaredPrice: FAIR_PRICE,
    });
    expect(notHolder.status).toBe(403);
    const unknownAction = await world.act(seller.token, id, 'teleport');
    expect(unknownAction.status).toBe(400);
    const badBody = await platform.request('POST', '/applications', {
      token: seller.token,
      body: { kind: 'lease', unitNumber, counterparty: { partyId: buyer.partyId }, materials: [] },
    });
    expect(badBody.status).toBe(400);
    expect(badBody.body.details.map((detail: { field: string }) => detail.field)).toEqual(
      expect.arrayContaining(['leaseTerm', 'annualRent']),
    );
  });
  it('gives a deactivated reviewer’s work to another reviewer of the district', async () => {
    const seller = await world.holder();
    const buyer = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    await world.staff(['reviewer'], ['150302']);
    const application = await accepted(seller, buyer, {
      kind: 'transfer',
      unitNumber,
      counterparty: { partyId: buyer.partyId },
      declaredPrice: FAIR_PRICE,
    });
    const first = await world.assignee(registrar, application.id, 'accepted');
    const deactivated = await platform.request('POST', `/users/${first.id}/deactivate`, {
      token: await world.admin(),
      body: { reason: '调岗' },
    });
    expect(deactivated.status).toBe(200);
    const next = await waitFor(
      async () => {
        const body = (await world.get(registrar.token, application.id)).body;
        return body.assignedTo && body.assignedTo.id !== first.id ? body.assignedTo : null;
      },
      { what: 'reassignment' },
    );
    const [assignee] = await platform.db.query<{ active: boolean; roles: string[]; districts: string[] }>(
      `SELECT active, roles, districts FROM app_user WHERE id = $1`,
      [next.id],
    );
    expect(assignee).toMatchObject({ active: true, roles: ['reviewer'], districts: ['150302'] });
    // The release job or the sweep, whichever comes first, gives it to the next reviewer; only the release
    // writes an entry of its own, so the assignments are counted, not every assign entry.
    const history: { action: string; comment: string | null }[] = (
      await world.get(registrar.token, application.id)
    ).body.history;
    const assignments = history.filter(
      (entry) => entry.action === 'assign' && entry.comment?.startsWith('分派审核人'),
    );
    expect(assignments).toHaveLength(2);
  });

  it('warns the reviewer and escalates to registrars when the deadline passes, once, even without its timer', async () => {
    const seller = await world.holder();
    const buyer = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const application = await accepted(seller, buyer, {
      kind: 'transfer',
      unitNumber,
      counterparty: { partyId: buyer.partyId },
      declaredPrice: FAIR_PRICE,
    });
    const assignee = await world.assignee(registrar, application.id, 'accepted');
    // As if the acceptance had been weeks ago and its delayed checks were lost with Redis.
    await platform.db.query(
      `UPDATE registration_application SET warn_on = current_date - 10, due_on = current_date - 3 WHERE id = $1`,
      [application.id],
    );
    const escalated = await waitFor(
      async () => {
        const [row] = await platform.db.query<{ escalated_at: Date | null }>(
          `SELECT escalated_at FROM registration_application WHERE id = $1`,
          [application.id],
        );
        return row.escalated_at;
      },
      { what: 'escalation by the sweep' },
    );
    expect(escalated).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const notices = await platform.db.query<{ user_id: string; template: string }>(
      `SELECT user_id, template FROM notification WHERE data->>'applicationId' = $1 AND template = 'application.overdue'`,
      [application.id],
    );
    expect(notices.map((notice) => notice.user_id).sort()).toEqual([assignee.id, registrar.id].sort());
    const events = await platform.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM audit_event WHERE entity_id = $1 AND action = 'application.deadline_escalated'`,
      [application.id],
    );
    expect(events[0].count).toBe(1);
    const overdue = await platform.request('GET', '/review-queue', { token: assignee.token });
    expect(overdue.body.items.find((item: { id: string }) => item.id === application.id)).toMatchObject({
      overdue: true,
      task: 'first_review',
    });
  });
  it('refuses to record an application made against a right that a recorded transfer has since ended', async () => {
    const seller = await world.holder();
    const buyer = await world.holder();
    const lessee = await world.holder();
    const unitNumber = await world.unit([seller.partyId]);
    const transfer = await accepted(seller, buyer, {
      kind: 'transfer',
      unitNumber,
      counterparty: { partyId: buyer.partyId },
      declaredPrice: FAIR_PRICE,
    });
    const lease = await accepted(seller, null, {
      kind: 'lease',
      unitNumber,
      counterparty: { partyId: lessee.partyId },
      leaseTerm: { start: '2027-01-01', end: '2031-12-31' },
      annualRent: '60000.00',
    });
    await world.reviewAndApprove(registrar, lease.id);
    const early = await world.act(registrar.token, lease.id, 'record');
    expect(early.status).toBe(409);
    expect(early.body.details).toMatchObject({
      reason: 'earlier_application_pending',
      currentStatus: 'approved',
    });
    expect((await reviewAndRecord(transfer.id)).status).toBe(200);
    const late = await world.act(registrar.token, lease.id, 'record');
    expect(late.status).toBe(409);
    expect(late.body.details.reason).toBe('right_changed');
    const [{ leases }] = await platform.db.query<{ leases: number }>(
      `SELECT count(*)::int AS leases FROM lease l JOIN real_estate_unit u ON u.id = l.unit_id WHERE u.unit_number = $1`,
      [unitNumber],
    );
    expect(leases).toBe(0);
    const rejected = await world.act(registrar.token, lease.id, 'reject', {
      comment: '出租人已不是权利人',
      legalGround: '《不动产登记暂行条例》第二十二条第（二）项',
    });
    expect(rejected.body.status).toBe('rejected');
  });
});
