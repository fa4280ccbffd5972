export * from './import-problem';
export * from './csv';
export * from './parcel-ewkb';
export * from './unit-record';
export * from './unit-file-reader';
export * from './unit-import.service';
