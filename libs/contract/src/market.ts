import type { Declarations, ListingKind, ListingMode, ListingState } from '@app/domain';

/** What anyone may see of a listing: no party is named, and nothing personal. */
export interface ListingView {
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
}

/** The seller's and staff's view adds what only they need: the deal and its draft application. */
export interface ListingOwnerView extends ListingView {
  applicationId: string | null;
  winnerPartyId: string | null;
  confirmedBy: string | null;
}

export interface BidView {
  sequence: number;
  amount: string;
  placedAt: string;
  /** 竞买人 numbered by first bid, so bidders stay anonymous in public and the seller cannot pick a buyer. */
  bidder: string;
  mine?: boolean;
}
