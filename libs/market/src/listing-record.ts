import type { ListingOwnerView, ListingView } from '@app/contract';
import type { Declarations, ListingKind, ListingMode, ListingState } from '@app/domain';

export type { ListingOwnerView, ListingView };

/** One row of `listing` with its unit's number and planning indicators; dates come back as strings. */
export interface ListingRow {
  id: string;
  listing_number: string;
  unit_id: string;
  unit_number: string;
  seller_party_id: string;
  created_by: string;
  kind: ListingKind;
  mode: ListingMode;
  status: ListingState;
  version: number;
  asking_price: string;
  bid_increment: string | null;
  extension_seconds: number | null;
  lease_start: string | null;
  lease_end: string | null;
  starts_at: Date;
  ends_at: Date;
  description: string;
  declarations: Declarations;
  district_code: string;
  land_use: string;
  area_m2: string;
  location: string;
  highest_bid: string | null;
  bid_count: number;
  published_at: Date | null;
  confirmed_by: string | null;
  closed_at: Date | null;
  winner_party_id: string | null;
  final_price: string | null;
  application_id: string | null;
  plot_ratio: string | null;
  building_density: string | null;
  green_ratio: string | null;
  land_grade: number | null;
  right_type: 'granted' | 'allocated';
  term_end: string | null;
  created_at: Date;
  updated_at: Date;
}

export const LISTING_SELECT = `
  SELECT l.*, u.plot_ratio, u.building_density, u.green_ratio, u.land_grade, u.right_type, u.term_end
    FROM listing l
    JOIN real_estate_unit u ON u.id = l.unit_id`;

export function listingView(row: ListingRow, attachments: ListingView['attachments'] = []): ListingView {
  return {
    id: row.id,
    listingNumber: row.listing_number,
    kind: row.kind,
    mode: row.mode,
    status: row.status,
    version: row.version,
    unitNumber: row.unit_number,
    districtCode: row.district_code,
    location: row.location,
    landUse: row.land_use,
    landGrade: row.land_grade,
    rightType: row.right_type,
    termEnd: row.term_end,
    areaM2: row.area_m2,
    askingPrice: row.asking_price,
    bidIncrement: row.bid_increment,
    leaseTerm: row.lease_start && row.lease_end ? { start: row.lease_start, end: row.lease_end } : null,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    description: row.description,
    declarations: row.declarations,
    planning: {
      plotRatio: row.plot_ratio,
      buildingDensity: row.building_density,
      greenRatio: row.green_ratio,
    },
    highestBid: row.highest_bid,
    bidCount: row.bid_count,
    publishedAt: row.published_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    finalPrice: row.final_price,
    attachments,
  };
}

export function listingOwnerView(row: ListingRow, attachments: ListingView['attachments']): ListingOwnerView {
  return {
    ...listingView(row, attachments),
    applicationId: row.application_id,
    winnerPartyId: row.winner_party_id,
    confirmedBy: row.confirmed_by,
  };
}
