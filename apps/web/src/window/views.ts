/**
 * The response bodies only the window workbench reads, with the server's field names; each names its route.
 * Those other areas read too are in `api/views.ts`.
 */
import type { RegistrationKind } from '@domain/registration/registration-model';
import type { IntakeItem } from '@domain/registration/window-intake';
import type { ApplicationView } from '../api/views';

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
