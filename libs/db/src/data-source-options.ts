import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { DatabaseConfig } from '@app/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { TypeOrmLogger } from './typeorm-logger';

/** DATE columns stay 'YYYY-MM-DD' strings: turning them into Date objects would shift them by the host's time zone. */
types.setTypeParser(types.builtins.DATE, (value) => value);

export function dataSourceOptions(config: DatabaseConfig, applicationName: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsRun: false,
    synchronize: false,
    logger: new TypeOrmLogger(),
    logging: ['error', 'warn', 'migration'],
    maxQueryExecutionTime: 1000,
    extra: {
      max: config.poolSize,
      connectionTimeoutMillis: config.connectTimeoutMs,
      statement_timeout: config.statementTimeoutMs,
      application_name: applicationName,
    },
  };
}
