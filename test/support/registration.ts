import type { DistrictCode, MaterialType } from '@app/domain';
import { PASSWORD, residentId, uniqueName, uscc } from './fixtures';
import { multipart, PDF } from './multipart';
import { nextParcel } from './parcels';
import { ApiResponse, Platform, waitFor } from './platform';

export const ADMIN = { username: 'wf.admin', password: 'Admin-password-1' };
export const ADMIN_ENV = { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password };

/** Far above any parcel's benchmark value, so no pre-emption case opens. */
export const FAIR_PRICE = '900000000.00';

export type PartyBody =
  { kind: 'person'; name: string; idNumber: string } | { kind: 'organization'; name: string; uscc: string };

export interface Person {
  id: string;
  username: string;
  token: string;
  partyId: string;
  /** The identity as registered, which a clerk types in from the ID document at the counter. */
  party: PartyBody;
}

export interface Staff {
  id: string;
  username: string;
  token: string;
}

/** Every material a clean application of each kind needs under the default checklist. */
export const COMPLETE_MATERIALS: Record<string, MaterialType[]> = {
  transfer: [
    'identity',
    'certificate',
    'contract',
    'price_declaration',
    'investment_audit',
    'grant_fee_receipt',
  ],
  lease: ['identity', 'certificate', 'contract'],
  mortgage: ['identity', 'certificate', 'contract', 'loan_contract'],
  mortgage_release: ['identity', 'release_consent'],
};

/** Builds the people, units and files a registration scenario needs, through the public API only. */
export class RegistrationWorld {
  private adminToken?: string;
  private readonly staffById = new Map<string, Staff>();

  constructor(readonly platform: Platform) {}

  async admin(): Promise<string> {
    this.adminToken ??= await this.platform.login(ADMIN.username, ADMIN.password);
    return this.adminToken;
  }

  /** A window by its code; the migrations seed ZX (the centre hall), HBW, WD, HN and GX. */
  async window(code: string): Promise<{ id: string; code: string; name: string }> {
    const response = await this.platform.request('GET', '/windows?includeInactive=true');
    const window = response.body.find((candidate: { code: string }) => candidate.code === code);
    if (!window) throw new Error(`No window ${code}`);
    return window;
  }

  /** A staff account; a clerk sits at the window with `windowCode`. */
  async staff(roles: string[], districts: string[] = [], windowCode = 'ZX'): Promise<Staff> {
    const username = uniqueName(roles[0]);
    const windowId = roles.includes('clerk') ? (await this.window(windowCode)).id : undefined;
    const response = await this.platform.request('POST', '/users', {
      token: await this.admin(),
      body: {
        username,
        password: PASSWORD,
        displayName: `${roles[0]}-${username}`,
        roles,
        districts,
        windowId,
      },
    });
    if (response.status !== 201) throw new Error(`staff: ${JSON.stringify(response.body)}`);
    const staff = { id: response.body.id, username, token: await this.platform.login(username, PASSWORD) };
    this.staffById.set(staff.id, staff);
    return staff;
  }

  /** A staff member created by this world, found by the id an application names (its assignee, say). */
  known(id: string): Staff {
    const staff = this.staffById.get(id);
    if (!staff) throw new Error(`No staff member ${id} in this scenario`);
    return staff;
  }

  async holder(kind: 'person' | 'organization' = 'person'): Promise<Person> {
    const username = uniqueName('holder');
    const party: PartyBody =
      kind === 'person'
        ? { kind, name: '张三', idNumber: residentId('19800808') }
        : { kind, name: `乌海${username}有限公司`, uscc: uscc() };
    const response = await this.platform.request('POST', '/auth/register', {
      body: { username, password: PASSWORD, displayName: party.name, party },
    });
    if (response.status !== 201) throw new Error(`holder: ${JSON.stringify(response.body)}`);
    return {
      id: response.body.id,
      username,
      token: await this.platform.login(username, PASSWORD),
      partyId: response.body.party.id,
      party,
    };
  }

  async unit(
    holderPartyIds: string[],
    overrides: Record<string, unknown> = {},
    sizeM = 100,
  ): Promise<string> {
    const parcel = nextParcel(sizeM, (overrides.districtCode as DistrictCode | undefined) ?? '150302');
    const share = (1 / holderPartyIds.length).toFixed(8);
    const shares = holderPartyIds.map((partyId, index) => ({
      partyId,
      share: index === 0 ? (1 - Number(share) * (holderPartyIds.length - 1)).toFixed(8) : share,
    }));
    const response = await this.platform.request('POST', '/units', {
      token: await this.admin(),
      body: {
        unitNumber: parcel.unitNumber,
        districtCode: '150302',
        location: '海勃湾区新华大街以北',
        landUse: '0601',
        landGrade: 2,
        rightType: 'granted',
        termStart: '2015-06-01',
        termEnd: '2065-05-31',
        areaM2: parcel.areaM2,
        geometry: parcel.geometry,
        holders: shares,
        grantFeePaid: true,
        investmentRatio: '0.30',
        ...overrides,
      },
    });
    if (response.status !== 201) throw new Error(`unit: ${JSON.stringify(response.body)}`);
    return parcel.unitNumber;
  }

  async upload(token: string): Promise<string> {
    const { payload, headers } = multipart('scan.pdf', PDF, 'application/pdf');
    const response = await this.platform.api!.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { ...headers, authorization: `Bearer ${token}` },
      payload,
    });
    if (response.statusCode !== 201) throw new Error(`upload: ${response.body}`);
    return response.json().fileId;
  }

  async materials(
    token: string,
    types: readonly MaterialType[],
  ): Promise<{ type: MaterialType; fileId: string }[]> {
    const fileId = await this.upload(token);
    return types.map((type) => ({ type, fileId }));
  }

  /** One scan per type: a file can back only one material of an application. */
  async distinctMaterials(token: string, types: readonly MaterialType[]) {
    const materials = [];
    for (const type of types) materials.push({ type, fileId: await this.upload(token) });
    return materials;
  }

  async draft(seller: Person, body: Record<string, unknown>) {
    const kind = body.kind as string;
    return this.platform.request('POST', '/applications', {
      token: seller.token,
      body: { materials: await this.distinctMaterials(seller.token, COMPLETE_MATERIALS[kind]), ...body },
    });
  }

  act(token: string, id: string, action: string, body: Record<string, unknown> = {}) {
    return this.platform.request('POST', `/applications/${id}/actions/${action}`, { token, body });
  }

  /**
   * Like a well-behaved client in a burst: a 503 (no database connection free in time) is retried after a pause,
   * and every other answer is final.
   */
  actPatiently(token: string, id: string, action: string, body: Record<string, unknown> = {}) {
    return patiently(() => this.act(token, id, action, body));
  }

  get(token: string, id: string) {
    return this.platform.request('GET', `/applications/${id}`, { token });
  }

  /** Waits for the background pre-check of the current submission to settle. */
  async prechecked(token: string, id: string) {
    return waitFor(
      async () => {
        const response = await this.get(token, id);
        return response.body.precheck?.status !== 'pending' && response.body.status !== 'submitted'
          ? response.body
          : response.body.precheck?.status === 'passed'
            ? response.body
            : null;
      },
      { what: `pre-check of ${id}` },
    );
  }

  async status(token: string, id: string, status: string, what = status) {
    return waitFor(
      async () => {
        const response = await this.get(token, id);
        return response.body.status === status ? response.body : null;
      },
      // Rendering a certificate is CPU-bound and shares two cores with the whole suite.
      { what: `${id} to become ${what}`, timeoutMs: 60_000 },
    );
  }

  /** Waits for the reviewer routing gives the application at its current stage. */
  async assignee(registrar: Staff, id: string, stage: string): Promise<Staff> {
    const body = await waitFor(
      async () => {
        const current = (await this.get(registrar.token, id)).body;
        return current.status === stage && current.assignedTo ? current : null;
      },
      { what: `a reviewer for ${id} at ${stage}` },
    );
    return this.known(body.assignedTo.id);
  }

  /** A draft confirmed by the counter-party (joint kinds), submitted and through its pre-check. */
  async submitted(seller: Person, buyer: Person | null, body: Record<string, unknown>): Promise<string> {
    const created = await this.draft(seller, body);
    if (created.status !== 201) throw new Error(`draft: ${JSON.stringify(created.body)}`);
    const id = created.body.id as string;
    if (buyer)
      expectOk(
        await this.platform.request('POST', `/applications/${id}/confirm`, { token: buyer.token }),
        'confirmation',
      );
    expectOk(
      await this.platform.request('POST', `/applications/${id}/submit`, { token: seller.token }),
      'submission',
    );
    const checked = await this.prechecked(seller.token, id);
    if (checked.precheck.status !== 'passed')
      throw new Error(`pre-check: ${JSON.stringify(checked.precheck)}`);
    return id;
  }

  /**
   * The whole online path: submitted, accepted by `clerk`, both reviews, approval and recording by `registrar`;
   * resolves once the worker has issued the certificate. Needs two reviewers in the district and the worker.
   */
  async certified(
    seller: Person,
    buyer: Person | null,
    body: Record<string, unknown>,
    clerk: Staff,
    registrar: Staff,
  ): Promise<{ id: string; certificateNumber: string }> {
    const id = await this.submitted(seller, buyer, body);
    expectOk(await this.act(clerk.token, id, 'accept'), 'acceptance');
    await this.reviewAndApprove(registrar, id);
    expectOk(await this.act(registrar.token, id, 'record'), 'recording');
    const done = await this.status(seller.token, id, 'certified');
    return { id, certificateNumber: done.certificate.number };
  }

  /** Both reviews by the reviewers routing picks, then approval: the application ends `approved`. */
  async reviewAndApprove(registrar: Staff, id: string): Promise<void> {
    const first = await this.assignee(registrar, id, 'accepted');
    expectOk(await this.act(first.token, id, 'pass-first-review'), 'first review');
    const second = await this.assignee(registrar, id, 'first_review');
    expectOk(await this.act(second.token, id, 'pass-second-review'), 'second review');
    expectOk(await this.act(registrar.token, id, 'approve'), 'approval');
  }
}

/** Sends again after a pause while the answer is 503 (Retry-After), as the API asks of its clients. */
export async function patiently(send: () => Promise<ApiResponse>): Promise<ApiResponse> {
  for (let attempt = 1; ; attempt++) {
    const response = await send();
    if (response.status !== 503 || attempt === 20) return response;
    await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1000));
  }
}

function expectOk(response: { status: number; body: unknown }, what: string): void {
  if (response.status !== 200)
    throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
}

/** Runs `work` over `items` with at most `limit` in flight, like a client pool. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}
