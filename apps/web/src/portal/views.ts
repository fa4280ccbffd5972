/**
 * Response bodies only the public portal's routes return, with the field names of the server's views
 * (libs/market, libs/registration); each names the route it comes from. Those other areas read too are in
 * `api/views.ts`.
 */
import type { ListingKind } from '@domain/market/listing-model';
import type { BidRefusalReason } from '@domain/market/bidding';
import type { RegistrationKind } from '@domain/registration/registration-model';
import type { BidView } from '../api/views';

/** `POST /listings/:id/bids`. */
export interface BidResult {
  bid: BidView;
  highestBid: string;
  bidCount: number;
  endsAt: string;
  extended: boolean;
}

/** `details` of a refused bid (409, or 403 for the seller's own listing). */
export interface BidRefusal {
  reason: BidRefusalReason;
  highestBid?: string | null;
  endsAt?: string;
}

/** `POST /listings/:id/interests`. */
export interface InterestResult {
  listingId: string;
  registeredAt: string;
}

export type AnnouncedRole = 'transferor' | 'transferee' | 'lessor' | 'lessee';

/** Organisations in full; persons with the name and ID number masked by the server. */
export interface AnnouncedParty {
  role: AnnouncedRole;
  name: string;
  identifier: string;
}

/** `GET /announcements` items. */
export interface AnnouncementView {
  id: string;
  kind: ListingKind;
  unitNumber: string;
  districtCode: string;
  location: string;
  landUse: string;
  areaM2: string;
  /** Transfer: the declared price; lease: the annual rent (yuan). */
  price: string;
  dealDate: string;
  visibleUntil: string;
  publishedAt: string;
  listingId: string | null;
  parties: AnnouncedParty[];
}

/** `GET /certificates/:number/verify`. */
export interface CertificateVerification {
  valid: boolean;
  number: string;
  kind: RegistrationKind;
  unitNumber: string;
  holdersMasked: { name: string; identifierMasked: string; share: string }[];
  issuedAt: string | null;
  status: 'valid' | 'void';
}

export type StatisticsGroupBy = 'district' | 'kind' | 'month';

export interface TransactionFigures {
  count: number;
  /** Hectares, 4 decimals. */
  areaHa: string;
  /** Yuan, 2 decimals. */
  value: string;
}

export interface TransactionGroup extends TransactionFigures {
  key: string;
  label: string;
}

export interface BenchmarkBucket {
  key: '<0.8' | '0.8–1.0' | '1.0–1.2' | '≥1.2' | 'noBenchmark';
  label: string;
  count: number;
}

export interface RevitalisationComparison {
  period: string;
  label: string;
  from: string;
  to: string;
  idleLand: { targetHa: string; actualHa: string };
  approvedButUnsupplied: { targetHa: string; actualHa: null; note: { zh: string; en: string } };
}

/** `GET /stats/transactions`. */
export interface TransactionStatistics {
  from: string;
  to: string;
  groupBy: StatisticsGroupBy;
  totals: TransactionFigures;
  groups: TransactionGroup[];
  priceVersusBenchmark: { transfers: number; buckets: BenchmarkBucket[] };
  idleLandRevitalised: {
    basis: { zh: string; en: string };
    byYear: { year: number; count: number; areaHa: string }[];
    targets: RevitalisationComparison[];
  };
}
