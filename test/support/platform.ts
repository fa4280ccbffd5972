import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createTestDatabase, TestDatabase } from './database';
import { TEST_REDIS_URL } from './env';
import { LogCapture } from './log-capture';

export interface PlatformOptions {
  api?: boolean;
  worker?: boolean;
  database?: TestDatabase;
  env?: Record<string, string>;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface RequestOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  rawBody?: string;
}

/**
 * The API and the worker as production builds them (same factories as main.ts), on a database of their
 * own and a Redis key prefix of their own, with log lines captured for assertions.
 */
export class Platform {
  readonly logs = new LogCapture();
  /** Every response body `request` received, kept only when a test asks (the fault suite scans them). */
  responses?: string[];
  api?: NestFastifyApplication;
  worker?: INestApplicationContext;

  constructor(
    readonly db: TestDatabase,
    readonly queuePrefix: string,
    readonly fileStorageDir: string,
  ) {}

  async request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    if (!this.api) throw new Error('API not started');
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const payload =
      options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const response = await this.api.inject({
      method: method as 'GET',
      url: `/api/v1${path}`,
      headers,
      payload,
    });
    this.responses?.push(response.body);
    let body: unknown = response.body;
    try {
      body = response.json();
    } catch {
      // Non-JSON bodies (documents, HTML) are returned as text.
    }
    return { status: response.statusCode, body: body as T, headers: response.headers };
  }

  async login(username: string, password: string): Promise<string> {
    const response = await this.request('POST', '/auth/login', { body: { username, password } });
    if (response.status !== 200)
      throw new Error(`login ${username} failed: ${JSON.stringify(response.body)}`);
    return response.body.accessToken as string;
  }

  async startWorker(): Promise<INestApplicationContext> {
    const { createWorkerApp } = await import('../../apps/worker/src/create-worker-app');
    this.worker = await createWorkerApp({ logDestination: this.logs });
    return this.worker;
  }

  async stopWorker(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
  }

  /** Waits until every outbox row has been dispatched and completed; fails on a stall instead of hanging. */
  async drainOutbox(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [{ open }] = await this.db.query<{ open: number }>(
        `SELECT count(*)::int AS open FROM outbox WHERE completed_at IS NULL`,
      );
      if (open === 0) return;
      if (Date.now() > deadline) throw new Error(`Outbox stalled with ${open} unfinished row(s)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Every step runs even if an earlier one fails, so one broken test cannot leak connections into the next. */
  async close(): Promise<void> {
    const steps = [
      () => this.stopWorker(),
      async () => this.api?.close(),
      async () => {
        const redis = new Redis(TEST_REDIS_URL);
        try {
          const keys = await redis.keys(`${this.queuePrefix}:*`);
          if (keys.length) await redis.del(...keys);
        } finally {
          redis.disconnect();
        }
      },
      () => this.db.drop(),
      () => rm(this.fileStorageDir, { recursive: true, force: true }),
    ];
    const failures: unknown[] = [];
    for (const step of steps) await step().catch((error: unknown) => failures.push(error));
    if (failures.length) throw failures[0];
  }
}

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const db = options.database ?? (await createTestDatabase());
  const platform = new Platform(db, `test-${db.name}`, path.join(tmpdir(), db.name));
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: platform.queuePrefix,
    LOG_LEVEL: 'info',
    OUTBOX_RELAY_INTERVAL_MS: '50',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    FILE_STORAGE_DIR: platform.fileStorageDir,
    ...options.env,
  });
  if (options.api !== false) {
    const { createApiApp } = await import('../../apps/api/src/create-api-app');
    platform.api = await createApiApp({ logDestination: platform.logs });
    await platform.api.init();
    await platform.api.getHttpAdapter().getInstance().ready();
  }
  if (options.worker) await platform.startWorker();
  return platform;
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  { timeoutMs = 15_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
