export * from './namespaces';
export * from './load-configuration';
export * from './config.module';
