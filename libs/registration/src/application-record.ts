import type { PrecheckFinding, PrecheckStatus, RegistrationKind, RegistrationState } from '@app/domain';

/** One row of `registration_application` as the workflow reads it; dates come back as `YYYY-MM-DD` strings. */
export interface ApplicationRow {
  id: string;
  application_number: string;
  kind: RegistrationKind;
  channel: 'online' | 'window';
  status: RegistrationState;
  version: number;
  unit_id: string;
  unit_number: string;
  district_code: string;
  right_id: string | null;
  applicant_party_id: string;
  created_by: string;
  counterparty_party_id: string | null;
  counterparty_confirmed_at: Date | null;
  listing_id: string | null;
  declared_price: string | null;
  lease_start: string | null;
  lease_end: string | null;
  annual_rent: string | null;
  mortgage_amount: string | null;
  mortgage_max_amount: boolean | null;
  mortgage_start: string | null;
  mortgage_end: string | null;
  released_mortgage_id: string | null;
  submission_round: number;
  submitted_at: Date | null;
  precheck_status: PrecheckStatus | null;
  precheck_findings: PrecheckFinding[];
  prechecked_at: Date | null;
  preemption_required: boolean;
  preemption_decision: 'exercised' | 'waived' | null;
  preemption_due_on: string | null;
  acceptance_seq: string | null;
  accepted_at: Date | null;
  accepted_on: string | null;
  accepted_by: string | null;
  assigned_to: string | null;
  assigned_stage: string | null;
  first_reviewed_by: string | null;
  second_reviewed_by: string | null;
  approved_by: string | null;
  recorded_by: string | null;
  recorded_at: Date | null;
  mortgage_rank: number | null;
  time_limit_days: number | null;
  warn_on: string | null;
  due_on: string | null;
  due_provisional: boolean;
  warned_at: Date | null;
  escalated_at: Date | null;
  certificate_number: string | null;
  window_id: string | null;
  acceptance_number: string | null;
  pickup_code_ciphertext: Buffer | null;
  pickup_code_hmac: Buffer | null;
  created_at: Date;
  updated_at: Date;
}

/** Selects an application with its unit number; `a` is the application's alias in the query. */
export const APPLICATION_SELECT = `
  SELECT a.*, u.unit_number
    FROM registration_application a
    JOIN real_estate_unit u ON u.id = a.unit_id`;
