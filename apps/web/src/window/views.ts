/**
 * The response bodies the window workbench reads, with the server's field names; each names its route.
 */
import type { MaterialCondition, MaterialType } from '@domain/registration/material-checklist';
import type { PrecheckFinding } from '@domain/registration/precheck';
import type { RegistrationKind, RegistrationState } from '@domain/registration/registration-model';
import type { IntakeItem } from '@domain/registration/window-intake';
import type { PartyView } from '../api/views';

/** `GET /windows`. */
export interface AcceptanceWindow {
  id: string;
  code: string;
  name: string;
  districtCode: string | null;
  address: string;
  openingHours: string;
  phone: string | null;
  active: boolean;
  version: number;
}

/** `GET /material-checklists`. */
export interface ChecklistRow {
  id: string;
  kind: RegistrationKind;
  partyKind: 'any' | 'person' | 'organization';
  materialType: MaterialType;
  condition: MaterialCondition;
  allowedContentTypes: string[];
  maxBytes: number;
}

/** `GET /units/:unitNumber`. */
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
  grantFeePaid: boolean;
  investmentRatio: string;
  takenBackAt: string | null;
  currentRight: { certificateNumber: string | null; holders: { party: PartyView; share: string }[] } | null;
  mortgages: {
    id: string;
    mortgagee: PartyView;
    amount: string;
    maxAmount: boolean;
    rank: number;
    termStart: string;
    termEnd: string;
    certificateNumber: string | null;
  }[];
  leases: { id: string; lessee: PartyView; termStart: string; termEnd: string; annualRent: string }[];
  restrictions: {
    id: string;
    kind: 'seizure' | 'objection' | 'idle';
    reference: string;
    authority: string | null;
    startDate: string;
    endDate: string | null;
    disposalStatus: string | null;
    liftedAt: string | null;
  }[];
}

/** `GET /applications/:id`, and the `application` of an intake's result. */
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
  precheck: {
    status: 'pending' | 'passed' | 'failed';
    findings: PrecheckFinding[];
    checkedAt: string | null;
  } | null;
  acceptance: {
    acceptedAt: string;
    acceptedBy: string | null;
    acceptanceNumber: string | null;
    windowId: string | null;
  } | null;
  deadline: { limitWorkingDays: number; dueAt: string | null; paused: boolean; provisional: boolean } | null;
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
  precheckStatus: 'pending' | 'passed' | 'failed' | null;
  dueOn: string | null;
  overdue: boolean;
  assignedTo: string | null;
  submittedAt: string | null;
  createdAt: string;
}

/** `GET /applications`. */
export interface ApplicationPage {
  items: ApplicationSummary[];
  total: number;
  page: number;
  pageSize: number;
}

/** `POST /intake` and `POST /intake/applications/:id`. */
export interface IntakeResult {
  status: 'accepted' | 'refused';
  intakeId: string;
  application: ApplicationView;
  receipt?: {
    acceptanceNumber: string;
    pickupCode: string;
    dueAt: string | null;
    dueOn: string | null;
    provisional: boolean;
    pdfUrl: string;
  };
  notice?: { noticeNumber: string; items: IntakeItem[]; pdfUrl: string };
}

/** `GET /intake/day-list`. */
export interface DayListEntry {
  intakeId: string;
  documentNumber: string;
  outcome: 'accepted' | 'refused';
  applicationId: string;
  applicationNumber: string;
  kind: RegistrationKind;
  channel: 'online' | 'window';
  clerk: string;
  startedAt: string;
  decidedAt: string;
  pdfUrl: string;
}

export interface OutcomeCounts {
  received: number;
  accepted: number;
  refused: number;
}

/** `GET /windows/reports/daily`. */
export interface WindowDaySummary extends OutcomeCounts {
  date: string;
  windowId: string;
  windowCode: string;
  windowName: string;
  byKind: Record<RegistrationKind, OutcomeCounts>;
  averageHandlingSeconds: number | null;
}
