import { GeoJsonPolygonal, geometryProblem, STORAGE_SRID } from '../parcel-geometry';

type Ring = number[][];

/** EWKB type code flag announcing an SRID after the type, as PostGIS writes it. */
const EWKB_SRID_FLAG = 0x20000000;
const WKB_POLYGON = 3;
const WKB_MULTIPOLYGON = 6;

function polygonsOf(geometry: GeoJsonPolygonal): Ring[][] {
  return (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Ring[][];
}

/**
 * The API's structural check plus what PostGIS would otherwise refuse while parsing a whole batch: an open
 * ring, and a third coordinate, which the 2D column refuses. Import sends parcels as binary, so these must be
 * caught here, per record, or one bad record would fail the batch.
 */
export function parcelGeometryProblem(value: unknown): string | null {
  const structural = geometryProblem(value);
  if (structural) return structural;
  for (const polygon of polygonsOf(value as GeoJsonPolygonal)) {
    for (const ring of polygon) {
      if (ring.some((position) => position.length !== 2)) return 'positions must be 2D [lon, lat]';
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (first[0] !== last[0] || first[1] !== last[1])
        return 'every ring must end where it starts (closed ring)';
    }
  }
  return null;
}

/**
 * Hex EWKB of the parcel as a MultiPolygon in EPSG:4490: the same value ST_Multi(ST_GeomFromGeoJSON(...))
 * gives, but PostgreSQL reads it without parsing JSON, which matters at a hundred thousand parcels.
 * Expects a geometry that passed parcelGeometryProblem.
 */
export function parcelToEwkbHex(geometry: GeoJsonPolygonal): string {
  const polygons = polygonsOf(geometry);
  let size = 1 + 4 + 4 + 4;
  for (const polygon of polygons) {
    size += 1 + 4 + 4;
    for (const ring of polygon) size += 4 + ring.length * 16;
  }
  const buffer = Buffer.allocUnsafe(size);
  let offset = buffer.writeUInt8(1, 0);
  offset = buffer.writeUInt32LE((WKB_MULTIPOLYGON | EWKB_SRID_FLAG) >>> 0, offset);
  offset = buffer.writeUInt32LE(STORAGE_SRID, offset);
  offset = buffer.writeUInt32LE(polygons.length, offset);
  for (const polygon of polygons) {
    offset = buffer.writeUInt8(1, offset);
    offset = buffer.writeUInt32LE(WKB_POLYGON, offset);
    offset = buffer.writeUInt32LE(polygon.length, offset);
    for (const ring of polygon) {
      offset = buffer.writeUInt32LE(ring.length, offset);
      for (const [lon, lat] of ring) {
        offset = buffer.writeDoubleLE(lon, offset);
        offset = buffer.writeDoubleLE(lat, offset);
      }
    }
  }
  return buffer.toString('hex');
}
