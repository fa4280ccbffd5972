import { DataSource } from 'typeorm';

/** Arbitrary but fixed: every process of this platform contends for the same key. */
const MIGRATION_LOCK_KEY = 7_245_110_001;

/**
 * Replicas start together in a deployment; the session-level advisory lock lets exactly one of them
 * migrate while the others wait and then find nothing pending.
 */
export async function runMigrationsUnderLock(dataSource: DataSource): Promise<string[]> {
  const lockRunner = dataSource.createQueryRunner();
  try {
    await lockRunner.connect();
    // Waiting for another replica's migration may take longer than the pool's statement timeout.
    await lockRunner.query('SET statement_timeout = 0');
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      await lockRunner.query('RESET statement_timeout');
    }
  } finally {
    await lockRunner.release();
  }
}
