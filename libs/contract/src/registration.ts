import type {
  MaterialType,
  PrecheckFinding,
  PrecheckStatus,
  RegistrationAction,
  RegistrationKind,
  RegistrationState,
} from '@app/domain';
import type { PartyView } from './party';

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

/** One line of a list or queue: enough to sort and open, without history or materials. */
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
