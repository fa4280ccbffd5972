/**
 * The response bodies the web reads. The OpenAPI document describes requests only, so these are kept
 * beside the pages that read them; each names the route it comes from.
 */

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

/** `POST /files`. */
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

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

export interface FeatureCollection<P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id?: string; geometry: unknown; properties: P }[];
}

/** `GET /listings/map`. */
export type ListingFeatureCollection = FeatureCollection<Omit<ListingSummary, 'id'>>;
