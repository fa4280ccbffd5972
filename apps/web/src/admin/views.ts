/**
 * The response bodies only the administration pages read, with the field names of the server's views; each
 * names the route it comes from. Those other areas read too are in `api/views.ts`.
 */

/** `GET /benchmark-prices` (BenchmarkPrice in libs/registry). */
export interface BenchmarkPrice {
  id: string;
  districtCode: string;
  landUseClass: string;
  grade: number;
  pricePerM2: string;
  validFrom: string;
  validTo: string;
}

/** `GET /calendar/:year` (CalendarYear in libs/registry). */
export interface CalendarDay {
  date: string;
  name: string | null;
  source: 'chinese-days' | 'admin';
}

export interface CalendarYear {
  year: number;
  covered: boolean;
  holidays: CalendarDay[];
  makeupWorkdays: CalendarDay[];
}

/** `GET /settings` (SettingView in libs/registry). */
export interface SettingView {
  key: string;
  value: number | boolean;
  default: number | boolean;
  type: 'ratio' | 'integer' | 'number' | 'boolean';
  min?: number;
  max?: number;
  description: { zh: string; en: string };
  version: number;
  updatedAt: string;
}

export type UnitImportStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** `GET /unit-imports/:id` (UnitImportView in libs/registry). */
export interface UnitImportView {
  id: string;
  status: UnitImportStatus;
  fileName: string;
  format: 'csv' | 'geojson';
  fileSize: number;
  fileSha256: string;
  /** The share of the file read so far, from 0 to 1. */
  progress: number;
  read: number;
  imported: number;
  alreadyRegistered: number;
  rejected: number;
  problems: number;
  errorReportUrl: string | null;
  failure: string | null;
  requestedBy: { id: string; displayName: string };
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  version: number;
}

/** `GET /audit/verify` (AuditVerification in libs/audit). */
export interface AuditVerification {
  valid: boolean;
  events: number;
  firstBrokenAt?: { id: string; occurredAt: string; action: string };
}
