import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../../..');

describe('the web client types', () => {
  // A child process, because openapi-typescript loads ES modules that Jest's module runtime cannot.
  it('are generated from the OpenAPI document as it is now (npm run web:api-types)', async () => {
    const check = promisify(execFile)(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'scripts/web-api-types.ts',
        '--check',
      ],
      { cwd: ROOT },
    );
    await expect(check).resolves.toMatchObject({ stderr: '' });
  }, 60_000);
});
