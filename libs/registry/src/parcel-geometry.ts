/**
 * Areas are measured in CGCS2000 / 3-degree Gauss-Krüger CM 108°E (EPSG:4545). Wuhai lies between about
 * 106.6°E and 107.1°E, inside that zone (106.5°E–109.5°E), where the projection's scale error stays below
 * 1/10,000; the 3-degree zones are the ones cadastral surveys at 1:500–1:2,000 use.
 */
export const AREA_SRID = 4545;
export const STORAGE_SRID = 4490;

/** Serialises parcel creation (API and import alike) so two overlapping parcels cannot both pass the overlap check. */
export const PARCEL_LOCK_KEY = 7_245_110_003;

export interface GeoJsonPolygonal {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: unknown;
}

type Position = [number, number];

function isPosition(value: unknown): value is Position {
  return (
    Array.isArray(value) &&
    (value.length === 2 || value.length === 3) &&
    value.every((coordinate) => typeof coordinate === 'number' && Number.isFinite(coordinate))
  );
}

function isRing(value: unknown): boolean {
  return Array.isArray(value) && value.length >= 4 && value.length <= 100_000 && value.every(isPosition);
}

function isPolygonCoordinates(value: unknown): boolean {
  return Array.isArray(value) && value.length >= 1 && value.length <= 1000 && value.every(isRing);
}

function positionsOf(value: unknown): Position[] {
  if (isPosition(value)) return [value];
  return Array.isArray(value) ? value.flatMap(positionsOf) : [];
}

/**
 * Structural check before PostGIS sees the value, so malformed input is a clear 400 and never a database
 * error; coordinates must be longitude/latitude within China, which catches projected coordinates sent by mistake.
 */
export function geometryProblem(value: unknown): string | null {
  const candidate = value as Partial<GeoJsonPolygonal> | null;
  if (!candidate || typeof candidate !== 'object' || Array.isArray(candidate))
    return 'must be a GeoJSON object';
  if (candidate.type === 'Polygon') {
    if (!isPolygonCoordinates(candidate.coordinates))
      return 'Polygon coordinates must be rings of [lon, lat]';
  } else if (candidate.type === 'MultiPolygon') {
    if (
      !Array.isArray(candidate.coordinates) ||
      candidate.coordinates.length === 0 ||
      !candidate.coordinates.every(isPolygonCoordinates)
    ) {
      return 'MultiPolygon coordinates must be polygons of rings of [lon, lat]';
    }
  } else {
    return 'type must be Polygon or MultiPolygon';
  }
  const outside = positionsOf(candidate.coordinates).find(
    ([lon, lat]) => lon < 73 || lon > 136 || lat < 3 || lat > 54,
  );
  return outside ? 'coordinates must be CGCS2000 longitude/latitude (EPSG:4490) within China' : null;
}
