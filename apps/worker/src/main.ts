import 'reflect-metadata';
import { loadConfigurationOrExit } from '@app/config';
import { createWorkerApp } from './create-worker-app';

async function main(): Promise<void> {
  loadConfigurationOrExit();
  await createWorkerApp();
}

main().catch((error: unknown) => {
  process.stderr.write(`Worker failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
