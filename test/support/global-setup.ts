import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../libs/db/src/migrations';
import { databaseUrl, TEMPLATE_DATABASE, TEST_ADMIN_DATABASE_URL } from './env';

/** Migrates a template database once; every test file then clones it, which takes milliseconds. */
export default async function globalSetup(): Promise<void> {
  const admin = new Client({ connectionString: TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    const stale: { datname: string }[] = (
      await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'wuhai_test_%'`)
    ).rows;
    for (const { datname } of stale) await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const dataSource = await new DataSource({
    type: 'postgres',
    url: databaseUrl(TEMPLATE_DATABASE),
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
  }).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
