import { ConfigurationError, loadConfiguration } from './load-configuration';

function problemsFor(env: Record<string, string>): string[] {
  try {
    loadConfiguration(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
}

describe('loadConfiguration', () => {
  it('works with no environment at all outside production, using the local services', () => {
    const config = loadConfiguration({});
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/wuhai_land');
    expect(config.queue.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.app.port).toBe(3000);
    expect(config.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(config.pii.encryptionKey, 'base64')).toHaveLength(32);
  });

  it('parses numbers and booleans from strings', () => {
    const config = loadConfiguration({ PORT: '8080', DATABASE_MIGRATIONS_RUN: 'false' });
    expect(config.app.port).toBe(8080);
    expect(config.database.migrationsRun).toBe(false);
  });

  it('reports one line per problem, naming the variable and what was received', () => {
    const problems = problemsFor({ PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'nope' });
    expect(problems).toEqual([
      'PORT: must be an integer (got "eighty")',
      'DATABASE_URL: must be a postgres:// connection URL (got "mysql://x")',
      'REDIS_URL: must be a redis:// or rediss:// URL (got "nope")',
    ]);
  });

  it('refuses development secrets in production', () => {
    const problems = problemsFor({ NODE_ENV: 'production' });
    expect(problems).toEqual(
      expect.arrayContaining([
        'JWT_SECRET: is required when NODE_ENV=production',
        'PII_ENCRYPTION_KEY: is required when NODE_ENV=production',
        'PII_HMAC_KEY: is required when NODE_ENV=production',
      ]),
    );
  });

  it('rejects an encryption key that is not 32 bytes', () => {
    expect(problemsFor({ PII_ENCRYPTION_KEY: 'c2hvcnQ=' })).toEqual([
      'PII_ENCRYPTION_KEY: must be 32 bytes encoded as base64 (44 characters) (got "c2hvcnQ=")',
    ]);
  });

  it('requires the first admin credentials together', () => {
    expect(problemsFor({ ADMIN_USERNAME: 'admin' })).toEqual([
      'ADMIN_USERNAME / ADMIN_PASSWORD: set both or neither',
    ]);
  });
});
