import { FeatureCollectionScanner, ScannedFeature } from './geojson-scanner';
import { UnitImportError } from './import-problem';

const COLLECTION = [
  '{"type": "FeatureCollection", "name": "a \\"quoted\\" [name]",',
  ' "crs": {"type": "name", "properties": {"name": "EPSG:4490"}},',
  ' "features": [',
  '  {"type": "Feature", "properties": {"location": "路 {1} [2]"}, "geometry": null},',
  '  {"type": "Feature",',
  '   "properties": {"n": [1, {"deep": true}]}, "geometry": null},',
  '  42,',
  '  {"type": "Feature", "properties": {}, "geometry": null}',
  ' ]}',
].join('\n');

function scan(text: string, chunkSize: number): ScannedFeature[] {
  const scanner = new FeatureCollectionScanner();
  const features: ScannedFeature[] = [];
  for (let start = 0; start < text.length; start += chunkSize) {
    features.push(...scanner.push(text.slice(start, start + chunkSize)));
  }
  scanner.end();
  return features;
}

describe('FeatureCollectionScanner', () => {
  it('cuts out every feature with the line it starts on, however the input is chunked', () => {
    const whole = scan(COLLECTION, COLLECTION.length);
    expect(whole.map((feature) => feature.line)).toEqual([4, 5, 7, 8]);
    expect(JSON.parse(whole[0].text!)).toMatchObject({ properties: { location: '路 {1} [2]' } });
    expect(JSON.parse(whole[1].text!)).toMatchObject({ properties: { n: [1, { deep: true }] } });
    expect(whole[2].text).toBeNull();
    for (const size of [1, 2, 3, 7, 64]) expect(scan(COLLECTION, size)).toEqual(whole);
  });

  it('skips a leading byte-order mark', () => {
    expect(scan(`\uFEFF${COLLECTION}`, 5)).toHaveLength(4);
  });

  it.each([
    ['a bare array', '[{"type": "Feature"}]'],
    ['another GeoJSON type', '{"type": "Feature", "features": []}'],
    ['no features array', '{"type": "FeatureCollection"}'],
    ['an empty file', ''],
  ])('refuses %s as a whole', (_case, text) => {
    expect(() => scan(text, 4)).toThrow(UnitImportError);
  });

  it('refuses a truncated file, naming the line', () => {
    expect(() => scan(COLLECTION.slice(0, -3), 10)).toThrow(/line 9/);
  });
});
