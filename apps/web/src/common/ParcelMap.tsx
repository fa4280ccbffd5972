import Map from 'ol/Map';
import View from 'ol/View';
import GeoJSON from 'ol/format/GeoJSON';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import { Fill, Stroke, Style } from 'ol/style';
import 'ol/ol.css';
import { useEffect, useRef } from 'react';
import type { FeatureCollection } from '../api/views';

/** Wuhai's centre, where the map opens before any parcel is shown. */
const WUHAI = [106.82, 39.67];

const PARCEL_STYLE = new Style({
  fill: new Fill({ color: 'rgba(22, 119, 255, 0.25)' }),
  stroke: new Stroke({ color: '#1677ff', width: 2 }),
});

/**
 * Parcels drawn straight from the API's GeoJSON, without a tile server. CGCS2000 coordinates are read as
 * WGS 84: the two differ by centimetres, far below what a parcel map shows.
 */
export function ParcelMap({
  features,
  testId = 'parcel-map',
  height = 420,
}: {
  features: FeatureCollection | null;
  testId?: string;
  height?: number;
}) {
  const target = useRef<HTMLDivElement>(null);
  const source = useRef(new VectorSource());
  const map = useRef<Map | null>(null);

  useEffect(() => {
    map.current = new Map({
      target: target.current!,
      layers: [new VectorLayer({ source: source.current, style: PARCEL_STYLE })],
      view: new View({ center: WUHAI, zoom: 11, projection: 'EPSG:4326' }),
    });
    return () => map.current?.setTarget(undefined);
  }, []);

  useEffect(() => {
    source.current.clear();
    if (!features || features.features.length === 0) return;
    source.current.addFeatures(new GeoJSON().readFeatures(features));
    map.current?.getView().fit(source.current.getExtent(), { padding: [24, 24, 24, 24], maxZoom: 16 });
  }, [features]);

  return (
    <div
      ref={target}
      data-testid={testId}
      data-feature-count={features?.features.length ?? 0}
      style={{ height, border: '1px solid #d9d9d9', borderRadius: 8 }}
    />
  );
}
