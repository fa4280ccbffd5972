import { CLEAN_DECLARATIONS } from './market';
import type { Platform } from './platform';
import { FAIR_PRICE, RegistrationWorld, Staff } from './registration';

/**
 * The callers and resources of the access rules below: three holders (the owner of everything, the
 * counter-party of the owner's transfer, a stranger), one of each staff role, and a resource of each kind
 * the routes name. Built through the API and the worker, as a real platform has them.
 */
export const PRINCIPALS = [
  'anonymous',
  'stranger',
  'counterparty',
  'clerk',
  'reviewer',
  'registrar',
  'auditor',
  'admin',
  // Last, because what the owner may do (publish, submit, withdraw) changes the state the others meet.
  'owner',
] as const;
export type Principal = (typeof PRINCIPALS)[number];

const EVERYONE: readonly Principal[] = PRINCIPALS;
const SIGNED_IN = PRINCIPALS.filter((principal) => principal !== 'anonymous');
const HOLDERS: readonly Principal[] = ['owner', 'counterparty', 'stranger'];
const STAFF: readonly Principal[] = ['clerk', 'reviewer', 'registrar', 'admin', 'auditor'];

export interface Resources {
  ownerUserId: string;
  spareUserId: string;
  unitNumber: string;
  otherUnitNumber: string;
  fileId: string;
  draftListingId: string;
  publishedListingId: string;
  transferId: string;
  certificateNumber: string;
  notificationId: string;
  windowId: string;
  benchmarkPriceId: string;
  checklistItemId: string;
  restrictionId: string;
  year: number;
}

export interface Rule {
  /** `METHOD /path` as the OpenAPI document writes it, without the /api/v1 prefix. */
  route: string;
  allowed: readonly Principal[];
  params?: (resources: Resources) => Record<string, string | number>;
  body?: (resources: Resources) => unknown;
  /** The path names nothing that exists, so a 404 tells nothing about ownership. */
  nothingThere?: true;
}

/** In the order they are tried: routes whose allowed callers change state come after those that read it. */
export const ACCESS_RULES: Rule[] = [
  { route: 'GET /health', allowed: EVERYONE },
  { route: 'GET /health/ready', allowed: EVERYONE },
  { route: 'POST /auth/register', allowed: EVERYONE },
  { route: 'POST /auth/login', allowed: EVERYONE },
  { route: 'GET /auth/me', allowed: SIGNED_IN },
  { route: 'POST /users', allowed: ['admin'] },
  { route: 'GET /users', allowed: ['admin', 'auditor'] },
  {
    route: 'GET /users/{id}',
    allowed: ['owner', 'admin', 'auditor'],
    params: (r) => ({ id: r.ownerUserId }),
  },
  { route: 'POST /users/{id}/deactivate', allowed: ['admin'], params: (r) => ({ id: r.spareUserId }) },
  { route: 'POST /files', allowed: SIGNED_IN },
  { route: 'GET /files/{id}', allowed: ['owner', ...STAFF], params: (r) => ({ id: r.fileId }) },
  { route: 'GET /files/{id}/content', allowed: ['owner', ...STAFF], params: (r) => ({ id: r.fileId }) },
  { route: 'GET /announcements', allowed: EVERYONE },
  { route: 'GET /listings', allowed: EVERYONE },
  { route: 'GET /listings/map', allowed: EVERYONE },
  { route: 'GET /listings/mine', allowed: HOLDERS },
  { route: 'GET /listings/my-bids', allowed: HOLDERS },
  { route: 'GET /listings/pending-confirmation', allowed: ['registrar', 'admin'] },
  { route: 'GET /listings/{id}', allowed: EVERYONE, params: (r) => ({ id: r.publishedListingId }) },
  { route: 'GET /listings/{id}/bids', allowed: EVERYONE, params: (r) => ({ id: r.publishedListingId }) },
  {
    route: 'GET /listings/{id}/photos/{fileId}',
    allowed: EVERYONE,
    params: (r) => ({ id: r.publishedListingId, fileId: r.fileId }),
    nothingThere: true,
  },
  {
    route: 'POST /listings/{id}/interests',
    allowed: ['counterparty', 'stranger'],
    params: (r) => ({ id: r.publishedListingId }),
  },
  {
    route: 'POST /listings/{id}/bids',
    allowed: ['counterparty', 'stranger'],
    params: (r) => ({ id: r.publishedListingId }),
    body: () => ({ amount: '1.00' }),
  },
  { route: 'POST /listings', allowed: HOLDERS },
  {
    // A well-formed body, so that the answer is the ownership check's and not the validation's.
    route: 'PATCH /listings/{id}',
    allowed: ['owner'],
    params: (r) => ({ id: r.draftListingId }),
    body: () => ({ version: 1, description: '授权矩阵' }),
  },
  { route: 'POST /listings/{id}/close', allowed: ['owner'], params: (r) => ({ id: r.draftListingId }) },
  {
    route: 'POST /listings/{id}/confirm',
    allowed: ['registrar', 'admin'],
    params: (r) => ({ id: r.draftListingId }),
  },
  {
    route: 'POST /listings/{id}/revoke',
    allowed: ['registrar', 'admin'],
    params: (r) => ({ id: r.draftListingId }),
  },
  { route: 'POST /listings/{id}/publish', allowed: ['owner'], params: (r) => ({ id: r.draftListingId }) },
  { route: 'POST /listings/{id}/withdraw', allowed: ['owner'], params: (r) => ({ id: r.draftListingId }) },
  { route: 'GET /stats/transactions', allowed: EVERYONE },
  { route: 'POST /applications', allowed: HOLDERS },
  { route: 'GET /applications', allowed: SIGNED_IN },
  { route: 'GET /review-queue', allowed: ['clerk', 'reviewer', 'registrar'] },
  {
    // A draft is the parties' own: no window has it, so a clerk does not see it either.
    route: 'GET /applications/{id}',
    allowed: ['owner', 'counterparty', 'reviewer', 'registrar', 'admin', 'auditor'],
    params: (r) => ({ id: r.transferId }),
  },
  {
    route: 'POST /applications/{id}/materials',
    allowed: ['owner'],
    params: (r) => ({ id: r.transferId }),
    body: (r) => ({ materials: [{ type: 'other', fileId: r.fileId }] }),
  },
  {
    route: 'GET /certificates/{number}/verify',
    allowed: EVERYONE,
    params: (r) => ({ number: r.certificateNumber }),
  },
  {
    // The certified lease was accepted at the clerk's window, so the clerk still sees it.
    route: 'GET /certificates/{number}/pdf',
    allowed: ['owner', ...STAFF],
    params: (r) => ({ number: r.certificateNumber }),
  },
  { route: 'POST /intake', allowed: ['clerk'] },
  {
    route: 'POST /intake/applications/{id}',
    allowed: ['clerk'],
    params: (r) => ({ id: r.transferId }),
    nothingThere: true,
  },
  { route: 'GET /intake/day-list', allowed: ['clerk', 'admin', 'auditor'] },
  {
    route: 'GET /intake/{intakeId}/pdf',
    allowed: SIGNED_IN,
    params: () => ({ intakeId: '00000000-0000-4000-8000-000000000000' }),
    nothingThere: true,
  },
  { route: 'GET /windows/reports/daily', allowed: ['clerk', 'admin', 'auditor'] },
  {
    route: 'GET /public/status/{acceptanceNumber}',
    allowed: EVERYONE,
    params: () => ({ acceptanceNumber: 'SLZX202601010001' }),
    nothingThere: true,
  },
  { route: 'GET /calendar/working-days', allowed: EVERYONE },
  { route: 'GET /calendar/{year}', allowed: EVERYONE, params: (r) => ({ year: r.year }) },
  { route: 'PUT /calendar/days/{date}', allowed: ['admin'], params: (r) => ({ date: `${r.year}-12-31` }) },
  { route: 'POST /calendar/{year}/cover', allowed: ['admin'], params: (r) => ({ year: r.year }) },
  { route: 'GET /benchmark-prices', allowed: EVERYONE },
  { route: 'POST /benchmark-prices', allowed: ['admin'] },
  { route: 'PUT /benchmark-prices/{id}', allowed: ['admin'], params: (r) => ({ id: r.benchmarkPriceId }) },
  { route: 'DELETE /benchmark-prices/{id}', allowed: ['admin'], params: (r) => ({ id: r.benchmarkPriceId }) },
  { route: 'GET /material-checklists', allowed: EVERYONE },
  { route: 'POST /material-checklists', allowed: ['admin'] },
  {
    route: 'DELETE /material-checklists/{id}',
    allowed: ['admin'],
    params: (r) => ({ id: r.checklistItemId }),
  },
  { route: 'GET /settings', allowed: ['admin', 'auditor'] },
  { route: 'PUT /settings/{key}', allowed: ['admin'], params: () => ({ key: 'market.announcementDays' }) },
  { route: 'POST /unit-imports', allowed: ['admin'] },
  { route: 'GET /unit-imports', allowed: ['admin', 'auditor'] },
  {
    route: 'GET /unit-imports/{id}',
    allowed: ['admin', 'auditor'],
    params: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
    nothingThere: true,
  },
  {
    route: 'GET /unit-imports/{id}/errors',
    allowed: ['admin', 'auditor'],
    params: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
    nothingThere: true,
  },
  { route: 'POST /units', allowed: ['admin', 'registrar'] },
  { route: 'GET /units', allowed: STAFF },
  {
    route: 'GET /units/{unitNumber}',
    allowed: ['owner', ...STAFF],
    params: (r) => ({ unitNumber: r.unitNumber }),
  },
  {
    route: 'GET /units/{unitNumber}/benchmark-price',
    allowed: ['owner', ...STAFF],
    params: (r) => ({ unitNumber: r.unitNumber }),
  },
  {
    route: 'POST /units/{unitNumber}/restrictions',
    allowed: ['registrar'],
    params: (r) => ({ unitNumber: r.otherUnitNumber }),
  },
  { route: 'POST /restrictions/{id}/lift', allowed: ['registrar'], params: (r) => ({ id: r.restrictionId }) },
  { route: 'GET /audit/verify', allowed: ['auditor'] },
  { route: 'GET /notifications', allowed: SIGNED_IN },
  {
    route: 'POST /notifications/{id}/read',
    allowed: ['owner'],
    params: (r) => ({ id: r.notificationId }),
  },
  { route: 'POST /admin/queues/session', allowed: ['admin'] },
  { route: 'GET /windows', allowed: EVERYONE },
  { route: 'GET /windows/{id}', allowed: EVERYONE, params: (r) => ({ id: r.windowId }) },
  { route: 'POST /windows', allowed: ['admin'] },
  { route: 'PATCH /windows/{id}', allowed: ['admin'], params: (r) => ({ id: r.windowId }) },
  {
    // Only the counter-party confirms; the applicant is told no.
    route: 'POST /applications/{id}/confirm',
    allowed: ['counterparty'],
    params: (r) => ({ id: r.transferId }),
  },
  { route: 'POST /applications/{id}/submit', allowed: ['owner'], params: (r) => ({ id: r.transferId }) },
  {
    // Withdrawal is the applicant's; staff act on applications through their own actions.
    route: 'POST /applications/{id}/actions/{action}',
    allowed: ['owner'],
    params: (r) => ({ id: r.transferId, action: 'withdraw' }),
  },
];

export function pathOf(rule: Rule, resources: Resources): string {
  const [, template] = rule.route.split(' ');
  const values = rule.params?.(resources) ?? {};
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`${rule.route}: no value for {${name}}`);
    return encodeURIComponent(String(values[name]));
  });
}

export interface AccessScenario {
  world: RegistrationWorld;
  tokens: Record<Principal, string | undefined>;
  resources: Resources;
}

export async function buildAccessScenario(platform: Platform): Promise<AccessScenario> {
  const world = new RegistrationWorld(platform);
  const admin = await world.admin();
  const [owner, counterparty, stranger] = [await world.holder(), await world.holder(), await world.holder()];
  const clerk = await world.staff(['clerk']);
  const reviewer = await world.staff(['reviewer']);
  await world.staff(['reviewer']);
  const registrar: Staff = await world.staff(['registrar']);
  const auditor = await world.staff(['auditor']);
  const spare = await world.staff(['reviewer']);
  const year = new Date().getFullYear();
  const tokens: Record<Principal, string | undefined> = {
    anonymous: undefined,
    stranger: stranger.token,
    counterparty: counterparty.token,
    clerk: clerk.token,
    reviewer: reviewer.token,
    registrar: registrar.token,
    auditor: auditor.token,
    owner: owner.token,
    admin,
  };

  const price = await platform.request('POST', '/benchmark-prices', {
    token: admin,
    body: {
      districtCode: '150302',
      landUseClass: '06',
      grade: 2,
      pricePerM2: '800.00',
      validFrom: `${year - 1}-01-01`,
      validTo: `${year + 1}-12-31`,
    },
  });
  const checklistItem = await platform.request('POST', '/material-checklists', {
    token: admin,
    body: {
      kind: 'mortgage_release',
      partyKind: 'organization',
      materialType: 'other',
      condition: 'always',
      allowedContentTypes: ['application/pdf'],
      maxBytes: 1024 * 1024,
      reason: '授权矩阵测试用',
    },
  });

  const unitNumber = await world.unit([owner.partyId]);
  const leasedUnit = await world.unit([owner.partyId]);
  const listedUnit = await world.unit([owner.partyId]);
  const otherUnitNumber = await world.unit([stranger.partyId]);
  const restriction = await platform.request('POST', `/units/${otherUnitNumber}/restrictions`, {
    token: registrar.token,
    body: {
      kind: 'seizure',
      reference: '（2026）蒙0302执1号',
      authority: '海勃湾区人民法院',
      startDate: `${year}-01-01`,
    },
  });

  const certified = await world.certified(
    owner,
    null,
    {
      kind: 'lease',
      unitNumber: leasedUnit,
      counterparty: { partyId: (await world.holder()).partyId },
      leaseTerm: { start: `${year + 1}-01-01`, end: `${year + 5}-12-31` },
      annualRent: '120000.00',
    },
    clerk,
    registrar,
  );
  const transfer = await world.draft(owner, {
    kind: 'transfer',
    unitNumber,
    counterparty: { partyId: counterparty.partyId },
    declaredPrice: FAIR_PRICE,
  });
  const listing = (unit: string) =>
    platform.request('POST', '/listings', {
      token: owner.token,
      body: {
        unitNumber: unit,
        kind: 'transfer',
        mode: 'bidding',
        askingPrice: '2000000.00',
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
        declarations: CLEAN_DECLARATIONS,
      },
    });
  const published = await listing(listedUnit);
  const pending = await platform.request('POST', `/listings/${published.body.id}/publish`, {
    token: owner.token,
  });
  await platform.request('POST', `/listings/${published.body.id}/confirm`, {
    token: registrar.token,
    body: { version: pending.body.version },
  });
  const draftListing = await listing(unitNumber);
  const inbox = await platform.request('GET', '/notifications', { token: owner.token });
  const window = await world.window('HBW');

  const resources: Resources = {
    ownerUserId: owner.id,
    spareUserId: spare.id,
    unitNumber,
    otherUnitNumber,
    fileId: await world.upload(owner.token),
    draftListingId: draftListing.body.id,
    publishedListingId: published.body.id,
    transferId: transfer.body.id,
    certificateNumber: certified.certificateNumber,
    notificationId: inbox.body.items[0]?.id,
    windowId: window.id,
    benchmarkPriceId: price.body.id,
    checklistItemId: checklistItem.body.id,
    restrictionId: restriction.body.id,
    year,
  };
  for (const [name, value] of Object.entries(resources)) {
    if (value === undefined) throw new Error(`set-up left ${name} undefined`);
  }
  return { world, tokens, resources };
}
