import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../libs/db/src/migrations';
import { databaseUrl, templateDatabase, TEST_ADMIN_DATABASE_URL } from './env';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Migrates a template database once; every test file then clones it, which takes milliseconds. */
export default async function globalSetup(): Promise<void> {
  process.env.WUHAI_TEST_RUN = String(process.pid);
  const admin = new Client({ connectionString: TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    const existing: { datname: string }[] = (
      await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'wuhai\\_test\\_%'`)
    ).rows;
    for (const { datname } of existing) {
      const owner = Number(datname.split('_')[2]);
      if (!Number.isInteger(owner) || !isAlive(owner) || owner === process.pid) {
        await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
      }
    }
    await admin.query(`CREATE DATABASE ${templateDatabase()}`);
  } finally {
    await admin.end();
  }
  const dataSource = await new DataSource({
    type: 'postgres',
    url: databaseUrl(templateDatabase()),
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
  }).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
