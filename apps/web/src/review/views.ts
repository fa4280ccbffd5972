/**
 * The response bodies the review workbench reads, with the field names of the server's views
 * (`libs/registration/src/application-view.ts`, `libs/registry/src/unit-view.ts`,
 * `libs/market/src/listing-record.ts`). Each names the route it comes from.
 */
import type { Declarations, ListingKind, ListingMode, ListingState } from '@domain/market/listing-model';
import type { MaterialType } from '@domain/registration/material-checklist';
import type { PrecheckFinding } from '@domain/registration/precheck';
import type { PrecheckStatus } from '@domain/registration/registration-machine';
import type {
  RegistrationAction,
  RegistrationKind,
  RegistrationState,
} from '@domain/registration/registration-model';
import type { PartyView } from '../api/views';

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

/** `GET /applications/:id` and every `POST /applications/:id/actions/:action`. */
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
  /** The last working day of the clock (YYYY-MM-DD), null before acceptance and while the clock is paused. */
  dueOn: string | null;
  overdue: boolean;
  assignedTo: string | null;
  submittedAt: string | null;
  createdAt: string;
}

/** What the queue says is waiting for the caller on one application. */
export type ReviewTask =
  'accept' | 'first_review' | 'second_review' | 'decide_preemption' | 'approve' | 'record';

/** `GET /review-queue` items. */
export interface QueueItem extends ApplicationSummary {
  task: ReviewTask;
}

/** `GET /review-queue`, `GET /applications`. */
export interface CountedPage<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface HolderView {
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

/** `GET /units/:unitNumber`: the register extract of one unit. */
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
  restrictions: RestrictionView[];
}

/** `GET /files/:id`. */
export interface StoredFileView {
  fileId: string;
  sha256: string;
  size: number;
  contentType: string;
  originalName: string | null;
  createdAt: string;
}

/** `GET /windows` items. */
export interface WindowView {
  id: string;
  code: string;
  name: string;
}

/** `GET /listings/pending-confirmation` items and the answers of confirm and revoke. */
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
