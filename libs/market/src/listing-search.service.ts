import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LISTING_SUMMARY_COLUMNS, ListingSearch, listingSearchQuery } from './listing-search';

export interface ListingSummary {
  id: string;
  listingNumber: string;
  kind: string;
  mode: string;
  unitNumber: string;
  districtCode: string;
  location: string;
  landUse: string;
  areaM2: string;
  askingPrice: string;
  highestBid: string | null;
  bidCount: number;
  startsAt: string;
  endsAt: string;
  publishedAt: string;
}

/** A page of results; `hasMore` instead of a total, so a broad search never counts every match. */
export interface ListingPage {
  items: ListingSummary[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

export interface ListingFeatureCollection {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    id: string;
    geometry: unknown;
    properties: Omit<ListingSummary, 'id'>;
  }[];
}

/** Most features one map request returns; the map asks again for the area in view. */
export const MAP_FEATURE_LIMIT = 500;

@Injectable()
export class ListingSearchService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async search(search: ListingSearch): Promise<ListingPage> {
    const { sql, params } = listingSearchQuery(search);
    const rows: ListingSummary[] = await this.dataSource.query(sql, params);
    return {
      items: rows.slice(0, search.pageSize),
      page: search.page,
      pageSize: search.pageSize,
      hasMore: rows.length > search.pageSize,
    };
  }

  /** The same search as GeoJSON features for the map; listings of units without a parcel are left out. */
  async features(search: ListingSearch): Promise<ListingFeatureCollection> {
    const { sql, params } = listingSearchQuery(
      { ...search, page: 1, pageSize: MAP_FEATURE_LIMIT },
      `${LISTING_SUMMARY_COLUMNS}, ST_AsGeoJSON(u.geometry, 7)::json AS geometry`,
      MAP_FEATURE_LIMIT,
    );
    const rows: (ListingSummary & { geometry: unknown })[] = await this.dataSource.query(sql, params);
    return {
      type: 'FeatureCollection',
      features: rows
        .filter((row) => row.geometry !== null)
        .map(({ id, geometry, ...properties }) => ({ type: 'Feature', id, geometry, properties })),
    };
  }
}
