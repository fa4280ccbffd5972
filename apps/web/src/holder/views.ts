/**
 * The response bodies the holder's workbench reads, with the field names of the server's views
 * (libs/registry unit-view.ts, libs/market listing-record.ts and bidding.service.ts, libs/registration
 * application-view.ts, libs/notification inbox.service.ts); each names the route it comes from.
 */
import type { Declarations, ListingKind, ListingMode, ListingState } from '@domain/market/listing-model';
import type { ListingFinding } from '@domain/market/listing-rules';
import type { ChecklistRule, MaterialType } from '@domain/registration/material-checklist';
import type { PrecheckFinding } from '@domain/registration/precheck';
import type { PrecheckStatus } from '@domain/registration/registration-machine';
import type {
  RegistrationAction,
  RegistrationKind,
  RegistrationState,
} from '@domain/registration/registration-model';
import type { PartyView } from '../api/views';

/** The registration and registry lists: `{ items, total, page, pageSize }`. */
export interface CountedPage<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface HolderShare {
  party: PartyView;
  share: string;
}

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

export interface LeaseView {
  id: string;
  lessee: PartyView;
  termStart: string;
  termEnd: string;
  annualRent: string;
  allocatedLandIncome: boolean;
}

/** `GET /units?mine=true` items and `GET /units/:unitNumber`. */
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
  currentRight: { certificateNumber: string | null; holders: HolderShare[] } | null;
  mortgages: MortgageView[];
  leases: LeaseView[];
  restrictions: RestrictionView[];
}

/** `GET /listings/mine` items, `GET /listings/:id` for the seller, and the answers of the seller's actions. */
export interface ListingOwnerView {
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
  applicationId: string | null;
  winnerPartyId: string | null;
  confirmedBy: string | null;
}

/** The `details` of the 409 `POST /listings/:id/publish` answers when the register contradicts the listing. */
export interface ListingRefusal {
  reason: 'listing_refused' | 'deal_refused';
  findings: ListingFinding[];
}

/** `POST /listings/:id/close`. */
export interface CloseResult {
  status: 'closed' | 'expired';
  winningBid?: { amount: string; sequence: number };
  applicationId?: string;
  finalPrice?: string;
}

/** `GET /listings/my-bids` items. */
export interface MyBidView {
  listingId: string;
  listingNumber: string;
  kind: ListingKind;
  mode: ListingMode;
  status: ListingState;
  unitNumber: string;
  districtCode: string;
  location: string;
  areaM2: string;
  askingPrice: string;
  highestBid: string;
  bidCount: number;
  endsAt: string;
  closedAt: string | null;
  finalPrice: string | null;
  myHighestBid: string;
  myBidCount: number;
  myLastBidAt: string;
  leading: boolean;
  won: boolean;
}

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

/** `GET /applications/:id` and the answers of every application action. */
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

/** `GET /applications` items. */
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
  dueOn: string | null;
  overdue: boolean;
  assignedTo: string | null;
  submittedAt: string | null;
  createdAt: string;
}

/** `GET /material-checklists`. */
export interface ChecklistRow extends ChecklistRule {
  id: string;
  allowedContentTypes: string[];
  maxBytes: number;
}

/** `GET /notifications` items. */
export interface InboxItem {
  id: string;
  template: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}
