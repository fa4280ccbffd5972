import { buildUnitNumber, DistrictCode } from '@app/domain';

let parcelSequence = 0;
const parcelBase = Math.floor(Math.random() * 80_000);

/** A fresh unit number (Haibowan unless told) and a square parcel of about `sizeM` metres a side that overlaps no other. */
export function nextParcel(
  sizeM = 100,
  districtCode: DistrictCode = '150302',
): { unitNumber: string; geometry: object; areaM2: string } {
  parcelSequence += 1;
  const unitNumber = buildUnitNumber({
    districtCode,
    cadastralZone: 1,
    cadastralSubzone: 1,
    parcelSequence: parcelBase + parcelSequence,
    buildingCode: 'W',
    buildingUnitSequence: 0,
  });
  const lon0 = 106.7 + (parcelSequence % 100) * 0.003;
  const lat0 = 39.6 + Math.floor(parcelSequence / 100) * 0.003;
  const dLon = sizeM / (111_320 * Math.cos((lat0 * Math.PI) / 180));
  const dLat = sizeM / 110_574;
  const ring = [
    [lon0, lat0],
    [lon0 + dLon, lat0],
    [lon0 + dLon, lat0 + dLat],
    [lon0, lat0 + dLat],
    [lon0, lat0],
  ];
  return {
    unitNumber,
    geometry: { type: 'Polygon', coordinates: [ring] },
    areaM2: (sizeM * sizeM).toFixed(2),
  };
}
