import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { MIGRATIONS, runMigrationsUnderLock } from '@app/db';
import { createTestDatabase, TestDatabase } from '../support/database';
import { Platform, startPlatform } from '../support/platform';

const ROOT = path.resolve(__dirname, '../..');

describe('migrations and boot', () => {
  it('migrates an empty database, with PostGIS, and a second run finds nothing to do', async () => {
    const db = await createTestDatabase({ empty: true });
    const dataSource = await new DataSource({
      type: 'postgres',
      url: db.url,
      migrations: MIGRATIONS,
      migrationsTableName: 'schema_migration',
    }).initialize();
    try {
      expect(await runMigrationsUnderLock(dataSource)).toEqual(MIGRATIONS.map((migration) => migration.name));
      expect(await runMigrationsUnderLock(dataSource)).toEqual([]);
      const [{ version }] = await db.query<{ version: string }>(`SELECT postgis_version() AS version`);
      expect(version).toMatch(/^3\./);
      const tables = await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      expect(tables.map((table) => table.table_name)).toEqual(
        expect.arrayContaining([
          'app_user',
          'audit_event',
          'idempotency_key',
          'notification',
          'outbox',
          'party',
        ]),
      );
    } finally {
      await dataSource.destroy();
      await db.drop();
    }
  });

  describe('two API instances starting together on an empty database', () => {
    let db: TestDatabase;
    const platforms: Platform[] = [];

    afterAll(async () => {
      for (const platform of platforms) await platform.api?.close();
      await platforms[0]?.close().catch(() => undefined);
    });

    it('migrate it exactly once, and both start', async () => {
      db = await createTestDatabase({ empty: true });
      platforms.push(
        ...(await Promise.all([startPlatform({ database: db }), startPlatform({ database: db })])),
      );
      const applied = await db.query<{ name: string }>(`SELECT name FROM schema_migration ORDER BY id`);
      expect(applied.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
      for (const platform of platforms) {
        expect((await platform.request('GET', '/health')).status).toBe(200);
      }
    });
  });

  it('refuses to start with bad configuration, printing one line per problem', () => {
    const result = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
      {
        cwd: ROOT,
        env: { ...process.env, PORT: 'eighty', DATABASE_URL: 'mysql://nope', NODE_ENV: 'production' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe('Configuration is invalid; the process will not start.');
    expect(lines.slice(1).map((line) => line.trim())).toEqual(
      expect.arrayContaining([
        'PORT: must be an integer (got "eighty")',
        'DATABASE_URL: must be a postgres:// connection URL (got "mysql://nope")',
        'JWT_SECRET: is required when NODE_ENV=production',
        'PII_ENCRYPTION_KEY: is required when NODE_ENV=production',
        'PII_HMAC_KEY: is required when NODE_ENV=production',
      ]),
    );
    expect(result.stderr).not.toMatch(/\bat \S+ \(/);
  });
});
