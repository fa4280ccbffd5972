/**
 * The response bodies only the holder's workbench reads, with the field names of the server's views
 * (libs/market closing.service.ts and bidding.service.ts, libs/notification inbox.service.ts); each names the
 * route it comes from. Those other areas read too are in `api/views.ts`.
 */
import type { ListingKind, ListingMode, ListingState } from '@domain/market/listing-model';
import type { ListingFinding } from '@domain/market/listing-rules';

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
