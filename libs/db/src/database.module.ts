import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DatabaseConfig } from '@app/config';
import { dataSourceOptions } from './data-source-options';
import { runMigrationsUnderLock } from './migration-runner';

/**
 * Migrations run inside the DataSource factory, so every provider that needs tables is created only
 * after the schema is current. TypeORM's own `migrationsRun` is switched off in favour of the locked run.
 */
@Module({})
export class DatabaseModule {
  static forRoot(applicationName: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [DatabaseConfig],
          useFactory: (config: DatabaseConfig) => ({
            ...dataSourceOptions(config, applicationName),
            migrationsRun: config.migrationsRun,
          }),
          dataSourceFactory: async (options) => {
            if (!options) throw new Error('Database options are missing');
            const dataSource = await new DataSource({ ...options, migrationsRun: false }).initialize();
            if (options.migrationsRun) await runMigrationsUnderLock(dataSource);
            return dataSource;
          },
        }),
      ],
    };
  }
}
