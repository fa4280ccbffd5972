import type { ListingKind } from '@app/domain';

export interface ListingSearch {
  districtCode?: string;
  /** A GB/T 21010 class (`06`) or a full code (`0601`): listings whose land use starts with it. */
  landUse?: string;
  kind?: ListingKind;
  minArea?: number;
  maxArea?: number;
  minPrice?: number;
  maxPrice?: number;
  /** Keyword in the location or description, Chinese or not. */
  q?: string;
  /** minLon, minLat, maxLon, maxLat in CGCS2000 (EPSG:4490). */
  bbox?: [number, number, number, number];
  sort?: 'price' | 'area' | 'publishedAt';
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const SORT_COLUMNS = { price: 'l.asking_price', area: 'l.area_m2', publishedAt: 'l.published_at' } as const;

export const LISTING_SUMMARY_COLUMNS = `l.id, l.listing_number AS "listingNumber", l.kind, l.mode,
  l.unit_number AS "unitNumber", l.district_code AS "districtCode", l.location, l.land_use AS "landUse",
  l.area_m2 AS "areaM2", l.asking_price AS "askingPrice", l.highest_bid AS "highestBid", l.bid_count AS "bidCount",
  l.starts_at AS "startsAt", l.ends_at AS "endsAt", l.published_at AS "publishedAt"`;

function likePattern(keyword: string): string {
  return `%${keyword.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * The public search as one parameterised statement over published listings. It is a plain function so the
 * search benchmark can run exactly this SQL on a bare server as its anchor.
 */
export function listingSearchQuery(
  search: ListingSearch,
  columns: string = LISTING_SUMMARY_COLUMNS,
  limit = search.pageSize + 1,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where = [`l.status = 'published'`];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (search.districtCode !== undefined) add((p) => `l.district_code = ${p}`, search.districtCode);
  if (search.landUse !== undefined) {
    add(
      (p) => (search.landUse!.length === 2 ? `l.land_use_class = ${p}` : `l.land_use = ${p}`),
      search.landUse,
    );
  }
  if (search.kind !== undefined) add((p) => `l.kind = ${p}`, search.kind);
  if (search.minArea !== undefined) add((p) => `l.area_m2 >= ${p}`, search.minArea);
  if (search.maxArea !== undefined) add((p) => `l.area_m2 <= ${p}`, search.maxArea);
  if (search.minPrice !== undefined) add((p) => `l.asking_price >= ${p}`, search.minPrice);
  if (search.maxPrice !== undefined) add((p) => `l.asking_price <= ${p}`, search.maxPrice);
  if (search.q !== undefined) add((p) => `l.search_text LIKE ${p}`, likePattern(search.q));
  if (search.bbox !== undefined) {
    params.push(...search.bbox);
    const n = params.length;
    where.push(`u.geometry && ST_MakeEnvelope($${n - 3}, $${n - 2}, $${n - 1}, $${n}, 4490)`);
    where.push(`ST_Intersects(u.geometry, ST_MakeEnvelope($${n - 3}, $${n - 2}, $${n - 1}, $${n}, 4490))`);
  }
  const column = SORT_COLUMNS[search.sort ?? 'publishedAt'];
  const direction = (
    search.order ?? (search.sort === 'publishedAt' || !search.sort ? 'desc' : 'asc')
  ).toUpperCase();
  params.push(limit, (search.page - 1) * search.pageSize);
  // The unit is joined only where its parcel is needed: the map box, or a caller's columns that read it.
  const joinUnit = search.bbox !== undefined || columns.includes('u.');
  return {
    sql: `SELECT ${columns}
            FROM listing l${joinUnit ? ' JOIN real_estate_unit u ON u.id = l.unit_id' : ''}
           WHERE ${where.join(' AND ')}
           ORDER BY ${column} ${direction}, l.id
           LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  };
}
