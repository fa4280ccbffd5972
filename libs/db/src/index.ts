export * from './entities';
export * from './data-source-options';
export * from './migration-runner';
export * from './database.module';
export * from './pg-errors';
export * from './guarded-update';
export * from './migrations';
