/** Connection settings for the test run itself; the platform reads its own through @app/config. */
export const TEST_ADMIN_DATABASE_URL =
  process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Every database of a test run is named after the run's process id (set by global-setup), so two runs on
 * one server never drop each other's databases, and databases of runs that died can be recognised.
 */
export function testRunPrefix(): string {
  return `wuhai_test_${process.env.WUHAI_TEST_RUN ?? process.pid}`;
}

export function templateDatabase(): string {
  return `${testRunPrefix()}_template`;
}

export function databaseUrl(name: string): string {
  const url = new URL(TEST_ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
