/** The shapes this page reads from `GET /api/v1/listings` and `GET /api/v1/listings/map` (see /api/docs). */
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

export interface ListingPage {
  items: ListingSummary[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

export interface ListingFeatureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id: string; geometry: unknown; properties: Omit<ListingSummary, 'id'> }[];
}

export interface ListingFilter {
  districtCode?: string;
  landUse?: string;
  kind?: string;
  minPrice?: number;
  maxPrice?: number;
  q?: string;
  sort?: 'price' | 'area' | 'publishedAt';
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

/** The server's error body: a bilingual message and, for a 400, the fields at fault. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: { field: string; message: string }[],
  ) {
    super(message);
  }
}

function query(filter: ListingFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '' && value !== null) params.set(key, String(value));
  }
  return params.toString();
}

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`/api/v1${path}`, { headers: { accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) {
    throw new ApiFailure(response.status, body.message, Array.isArray(body.details) ? body.details : []);
  }
  return body as T;
}

export const api = {
  listings: (filter: ListingFilter) => get<ListingPage>(`/listings?${query(filter)}`),
  listingMap: (filter: ListingFilter) =>
    get<ListingFeatureCollection>(
      `/listings/map?${query({ ...filter, page: undefined, pageSize: undefined })}`,
    ),
};
