import { DataSource } from 'typeorm';
import { loadConfigurationOrExit } from '@app/config';
import { dataSourceOptions } from '../data-source-options';
import { runMigrationsUnderLock } from '../migration-runner';

async function main(): Promise<void> {
  const config = loadConfigurationOrExit();
  const dataSource = await new DataSource(dataSourceOptions(config.database, 'wuhai-migrate')).initialize();
  try {
    const applied = await runMigrationsUnderLock(dataSource);
    process.stdout.write(
      applied.length
        ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n`
        : 'Schema is up to date.\n',
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
