import { Client } from 'pg';
import { TEST_ADMIN_DATABASE_URL, testRunPrefix } from './env';

export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    const rows: { datname: string }[] = (
      await admin.query(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [
        `${testRunPrefix()}_`,
      ])
    ).rows;
    for (const { datname } of rows) await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
