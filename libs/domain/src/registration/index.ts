export * from './registration-model';
export * from './registration-machine';
