import 'reflect-metadata';
import { loadConfigurationOrExit } from '@app/config';
import { createApiApp } from './create-api-app';

async function main(): Promise<void> {
  const config = loadConfigurationOrExit();
  const app = await createApiApp();
  await app.listen({ port: config.app.port, host: '0.0.0.0' });
}

main().catch((error: unknown) => {
  process.stderr.write(`API failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
