import { Platform, startPlatform, waitFor } from '../support/platform';
import { ADMIN_ENV, RegistrationWorld, Staff } from '../support/registration';

describe('registration workflow: application to certificate', () => {
  let platform: Platform;
  let world: RegistrationWorld;
  let clerk: Staff;
  let reviewerA: Staff;
  let reviewerB: Staff;
  let registrar: Staff;

  beforeAll(async () => {
    platform = await startPlatform({ worker: true, env: ADMIN_ENV });
    world = new RegistrationWorld(platform);
    clerk = await world.staff(['clerk'], ['150302']);
    reviewerA = await world.staff(['reviewer'], ['150302']);
    reviewerB = await world.staff(['reviewer'], ['150302']);
    registrar = await world.staff(['registrar']);
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
    const first = [reviewerA, reviewerB].find((reviewer) => reviewer.id === routed.assignedTo.id)!;
    expect((await world.act(first.token, id, 'pass-first-review', { comment: '材料齐全' })).status).toBe(200);
    const second = await waitFor(
      async () => {
        const body = (await world.get(registrar.token, id)).body;
        return body.status === 'first_review' && body.assignedTo ? body : null;
      },
      { what: 'second reviewer assigned' },
    );
    expect(second.assignedTo.id).not.toBe(first.id);
    const secondReviewer = [reviewerA, reviewerB].find((reviewer) => reviewer.id === second.assignedTo.id)!;
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
      declaredPrice: '2600000.00',
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
    const rights = await platform.db.query(
      `SELECT r.status FROM use_right r JOIN real_estate_unit u ON u.id = r.unit_id WHERE u.unit_number = $1 ORDER BY r.created_at`,
      [unitNumber],
    );
    expect(rights.map((row: { status: string }) => row.status)).toEqual(['historic', 'current']);
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
});
