/**
 * The response bodies more than one area reads. The OpenAPI document describes requests only, so these are
 * written field for field from the server's own view interfaces; each names the route it comes from. A body
 * only one area reads stays in that area's `views.ts`.
 */
import type { Declarations, ListingKind, ListingMode, ListingState } from '@domain/market/listing-model';
import type { ChecklistRule, MaterialType } from '@domain/registration/material-checklist';
import type { PrecheckFinding } from '@domain/registration/precheck';
import type { PrecheckStatus } from '@domain/registration/registration-machine';
import type {
  RegistrationAction,
  RegistrationKind,
  RegistrationState,
} from '@domain/registration/registration-model';

/** `GET /auth/me`, `POST /auth/login` (`user`), `GET /users`. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  districts: string[];
  windowId: string | null;
  active: boolean;
  party?: PartyView;
}

export type Role = 'holder' | 'clerk' | 'reviewer' | 'registrar' | 'admin' | 'auditor';

export interface PartyView {
  id: string;
  kind: 'person' | 'organization';
  name: string;
  idNumberMasked?: string;
  uscc?: string;
}

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  user: UserView;
}

/** `POST /files`, `GET /files/:id` (StoredFileView in libs/files). */
export interface StoredFile {
  fileId: string;
  sha256: string;
  size: number;
  contentType: string;
  originalName: string | null;
  createdAt: string;
}

/** `GET /listings` items. */
export interface ListingSummary {
  id: string;
  listingNumber: string;
  kind: 'transfer' | 'lease';
  mode: 'negotiated' | 'bidding' | 'auction';
  unitNumber: string;
  districtCode: string;
  location: string;
  landUse: string;
  areaM2: string;
  askingPrice: string;
  highestBid: string | null;
  bidCount: number;
  endsAt: string;
}

/** `GET /listings`: `hasMore` instead of a total. */
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

/** GET `/applications`, `/review-queue`, `/units`, `/users`, `/unit-imports`, `/notifications`, `/listings/my-bids`, `/announcements`. */
export interface CountedPage<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface FeatureCollection<P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id?: string; geometry: unknown; properties: P }[];
}

/** `GET /listings/map`. */
export type ListingFeatureCollection = FeatureCollection<Omit<ListingSummary, 'id'>>;

/** `currentRight.holders` of `GET /units/:unitNumber` (libs/registry unit-view.ts). */
export interface HolderView {
  party: PartyView;
  share: string;
}

/** `restrictions` of `GET /units/:unitNumber`; `POST /units/:unitNumber/restrictions`, `/restrictions/:id/lift`. */
export interface RestrictionView {
  id: string;
  kind: 'seizure' | 'objection' | 'idle';
  reference: string;
  authority: string | null;
  startDate: string;
  endDate: string | null;
  disposalStatus: string | null;
  liftedAt: string | null;
  liftReason: string | null;
}

/** `mortgages` of `GET /units/:unitNumber`. */
export interface MortgageView {
  id: string;
  mortgagee: PartyView;
  amount: string;
  maxAmount: boolean;
  rank: number;
  termStart: string;
  termEnd: string;
  certificateNumber: string | null;
}

/** `leases` of `GET /units/:unitNumber`. */
export interface LeaseView {
  id: string;
  lessee: PartyView;
  termStart: string;
  termEnd: string;
  annualRent: string;
  allocatedLandIncome: boolean;
}

/** `GET /units` items, `GET /units/:unitNumber`, `POST /units`. */
export interface UnitView {
  unitNumber: string;
  districtCode: string;
  location: string;
  landUse: string;
  landGrade: number | null;
  rightType: 'granted' | 'allocated';
  termStart: string | null;
  termEnd: string | null;
  areaM2: string;
  parcelAreaM2: string | null;
  planning: { plotRatio: string | null; buildingDensity: string | null; greenRatio: string | null };
  grantFeePaid: boolean;
  investmentRatio: string;
  takenBackAt: string | null;
  geometry: unknown | null;
  currentRight: { certificateNumber: string | null; holders: HolderView[] } | null;
  mortgages: MortgageView[];
  leases: LeaseView[];
  /** Only the restrictions in force: not lifted, and not past their end date in Wuhai. */
  restrictions: RestrictionView[];
}

/** `GET /windows`, `GET /windows/:id`, `POST /windows`, `PATCH /windows/:id`. */
export interface AcceptanceWindow {
  id: string;
  code: string;
  name: string;
  /** null: the window serves the whole city. */
  districtCode: string | null;
  address: string;
  openingHours: string;
  phone: string | null;
  active: boolean;
  version: number;
}

/** `GET /material-checklists` items, `POST /material-checklists`. */
export interface ChecklistRow extends ChecklistRule {
  id: string;
  allowedContentTypes: string[];
  maxBytes: number;
}

/** `history` of `GET /applications/:id`. */
export interface HistoryEntry {
  version: number;
  action: string;
  fromStatus: RegistrationState;
  toStatus: RegistrationState;
  actor: { id: string | null; label: string };
  comment: string | null;
  missingItems: string[] | null;
  legalGround: string | null;
  at: string;
}

/** `deadline` of `GET /applications/:id` (libs/registration deadlines.service.ts). */
export interface DeadlineView {
  limitWorkingDays: number;
  acceptedOn: string;
  dueAt: string | null;
  elapsedWorkingDays: number;
  paused: boolean;
  provisional: boolean;
  warnedAt: string | null;
  escalatedAt: string | null;
}

/** `GET /applications/:id`, `POST /applications` and every application action; `application` of `POST /intake`. */
export interface ApplicationView {
  id: string;
  applicationNumber: string;
  kind: RegistrationKind;
  channel: 'online' | 'window';
  status: RegistrationState;
  version: number;
  unitNumber: string;
  districtCode: string;
  applicant: PartyView;
  counterparty: PartyView | null;
  counterpartyConfirmedAt: string | null;
  listingId: string | null;
  declaredPrice: string | null;
  leaseTerm: { start: string; end: string; annualRent: string } | null;
  mortgage: { amount: string; maxAmount: boolean; start: string; end: string; rank: number | null } | null;
  releasedMortgageId: string | null;
  materials: { type: MaterialType; fileId: string }[];
  precheck: { status: PrecheckStatus; findings: PrecheckFinding[]; checkedAt: string | null } | null;
  preemption: { required: boolean; decision: 'exercised' | 'waived' | null; dueOn: string | null };
  /** The acceptance number and window are set when the application was accepted at a window. */
  acceptance: {
    acceptedAt: string;
    acceptedBy: string | null;
    acceptanceNumber: string | null;
    windowId: string | null;
  } | null;
  assignedTo: { id: string; displayName: string } | null;
  deadline: DeadlineView | null;
  certificate: { number: string; issuedAt: string | null; verifyUrl: string; pdfUrl: string } | null;
  availableActions: RegistrationAction[];
  history: HistoryEntry[];
  createdAt: string;
  updatedAt: string;
}

/** `GET /applications` items; `GET /review-queue` items add their task. */
export interface ApplicationSummary {
  id: string;
  applicationNumber: string;
  kind: RegistrationKind;
  channel: 'online' | 'window';
  status: RegistrationState;
  unitNumber: string;
  districtCode: string;
  applicantName: string;
  precheckStatus: PrecheckStatus | null;
  /** The last working day of the clock (YYYY-MM-DD), null before acceptance and while the clock is paused. */
  dueOn: string | null;
  overdue: boolean;
  assignedTo: string | null;
  submittedAt: string | null;
  createdAt: string;
}

/** `GET /listings/:id` for anyone but the seller and staff: no party is named. */
export interface ListingView {
  id: string;
  listingNumber: string;
  kind: ListingKind;
  mode: ListingMode;
  status: ListingState;
  version: number;
  unitNumber: string;
  districtCode: string;
  location: string;
  landUse: string;
  landGrade: number | null;
  rightType: 'granted' | 'allocated';
  termEnd: string | null;
  areaM2: string;
  askingPrice: string;
  bidIncrement: string | null;
  leaseTerm: { start: string; end: string } | null;
  startsAt: string;
  endsAt: string;
  description: string;
  declarations: Declarations;
  planning: { plotRatio: string | null; buildingDensity: string | null; greenRatio: string | null };
  highestBid: string | null;
  bidCount: number;
  publishedAt: string | null;
  closedAt: string | null;
  finalPrice: string | null;
  attachments: { fileId: string; kind: 'photo' | 'document' }[];
}

/** `GET /listings/:id` for seller and staff, `/listings/mine`, `/listings/pending-confirmation`; listing actions. */
export interface ListingOwnerView extends ListingView {
  applicationId: string | null;
  winnerPartyId: string | null;
  confirmedBy: string | null;
}

/** `GET /listings/:id/bids` items. */
export interface BidView {
  sequence: number;
  amount: string;
  placedAt: string;
  /** 竞买人N, numbered by first bid. */
  bidder: string;
  mine?: boolean;
}
