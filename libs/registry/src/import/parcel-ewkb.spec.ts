import { parcelGeometryProblem, parcelToEwkbHex } from './parcel-ewkb';

const SQUARE = [
  [106.8, 39.6],
  [106.801, 39.6],
  [106.801, 39.601],
  [106.8, 39.6],
];

describe('parcel EWKB', () => {
  it('writes what ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(..), 4490)) stores, byte for byte', () => {
    expect(parcelToEwkbHex({ type: 'Polygon', coordinates: [SQUARE] })).toBe(
      '01060000208a110000010000000103000000010000000400000033333333' +
        '33b35a40cdcccccccccc43402506819543b35a40cdcccccccccc43402506' +
        '819543b35a40b0726891edcc43403333333333b35a40cdcccccccccc4340',
    );
  });

  it('keeps every part and ring of a MultiPolygon', () => {
    const hex = parcelToEwkbHex({ type: 'MultiPolygon', coordinates: [[SQUARE], [SQUARE, SQUARE]] });
    expect(hex.slice(18, 26)).toBe('02000000');
    expect(hex.length).toBe(2 * (13 + 9 + 4 + 64 + 9 + 2 * (4 + 64)));
  });

  it('refuses open rings and third coordinates, which PostgreSQL would refuse for the whole batch', () => {
    expect(parcelGeometryProblem({ type: 'Polygon', coordinates: [SQUARE] })).toBeNull();
    expect(
      parcelGeometryProblem({ type: 'Polygon', coordinates: [[...SQUARE.slice(0, 3), [106.8, 39.7]]] }),
    ).toMatch(/closed/);
    expect(
      parcelGeometryProblem({ type: 'Polygon', coordinates: [SQUARE.map(([x, y]) => [x, y, 1000])] }),
    ).toMatch(/2D/);
    expect(parcelGeometryProblem({ type: 'Point', coordinates: [106.8, 39.6] })).toMatch(/Polygon/);
  });
});
