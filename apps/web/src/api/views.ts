/**
 * The response bodies more than one area reads. Those the server declares in libs/contract are its own types,
 * imported; the rest are written field for field from the server's views, each naming the route it comes from.
 * A body only one area reads stays in that area's `views.ts`.
 */
import type { PartyView } from '@contract';
import type { ChecklistRule } from '@domain/registration/material-checklist';

export type {
  AcceptanceWindow,
  ApplicationSummary,
  ApplicationView,
  BidView,
  DeadlineView,
  HistoryEntry,
  HolderView,
  LeaseView,
  ListingOwnerView,
  ListingView,
  MortgageView,
  PartyView,
  RestrictionView,
  UnitView,
} from '@contract';

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

/** `GET /material-checklists` items, `POST /material-checklists`. */
export interface ChecklistRow extends ChecklistRule {
  id: string;
  allowedContentTypes: string[];
  maxBytes: number;
}
