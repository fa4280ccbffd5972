export * from './parcel-geometry';
export * from './unit-view';
export * from './settings.service';
export * from './units.service';
export * from './restrictions.service';
export * from './benchmark-prices.service';
export * from './registry.module';
export * from './calendar.service';
