export * from './registration-model';
export * from './registration-machine';
export * from './material-checklist';
export * from './precheck';
export * from './window-intake';
