import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { FromEnv } from './env.decorator';

export const NODE_ENVIRONMENTS = ['development', 'test', 'production'] as const;
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

export class AppConfig {
  static readonly namespace = 'app';

  @FromEnv('NODE_ENV')
  @IsIn(NODE_ENVIRONMENTS, { message: `must be one of ${NODE_ENVIRONMENTS.join(', ')}` })
  nodeEnv: NodeEnvironment = 'development';

  @FromEnv('PORT', { parser: 'int' })
  @Min(1, { message: 'must be between 1 and 65535' })
  @Max(65535, { message: 'must be between 1 and 65535' })
  @IsInt({ message: 'must be an integer' })
  port = 3000;

  @FromEnv('LOG_LEVEL')
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'must be one of fatal, error, warn, info, debug, trace, silent',
  })
  logLevel = 'info';

  /**
   * How many reverse proxies in front of the API to believe about the client address. 0 trusts none:
   * otherwise any client could pick its own X-Forwarded-For and escape per-address rate limits.
   */
  @FromEnv('TRUSTED_PROXY_HOPS', { parser: 'int' })
  @Min(0, { message: 'must be between 0 and 10' })
  @Max(10, { message: 'must be between 0 and 10' })
  @IsInt({ message: 'must be an integer' })
  trustedProxyHops = 0;

  /** Where the public reaches the platform; printed into QR codes on certificates and receipts. */
  @FromEnv('PUBLIC_BASE_URL')
  @Matches(/^https?:\/\/[^\s/]+(:\d+)?(\/[^\s]*)?$/, { message: 'must be an http(s):// URL' })
  publicBaseUrl = 'http://localhost:3000';

  /** The built web front end (`npm run build:web`), served on the API's origin; absent, the API serves none. */
  @FromEnv('WEB_ROOT')
  @IsString({ message: 'must be a directory path' })
  webRoot = 'dist/web';
}

export class DatabaseConfig {
  static readonly namespace = 'database';

  @FromEnv('DATABASE_URL')
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'must be a postgres:// connection URL' })
  url = 'postgres://postgres@127.0.0.1:5432/wuhai_land';

  @FromEnv('DATABASE_POOL_SIZE', { parser: 'int' })
  /** At least 2: start-up holds one connection for the migration lock while migrating on another. */
  @Min(2, { message: 'must be at least 2' })
  @Max(200, { message: 'must be at most 200' })
  @IsInt({ message: 'must be an integer' })
  poolSize = 10;

  /** Both apps migrate at start-up under an advisory lock; operators who migrate in a release step turn it off. */
  @FromEnv('DATABASE_MIGRATIONS_RUN', { parser: 'bool' })
  @IsBoolean({ message: 'must be true or false' })
  migrationsRun = true;

  /** A request must fail fast when PostgreSQL is unreachable instead of hanging on the pool. */
  @FromEnv('DATABASE_CONNECT_TIMEOUT_MS', { parser: 'int' })
  @Min(100, { message: 'must be at least 100' })
  @IsInt({ message: 'must be an integer' })
  connectTimeoutMs = 3000;

  @FromEnv('DATABASE_STATEMENT_TIMEOUT_MS', { parser: 'int' })
  @Min(100, { message: 'must be at least 100' })
  @IsInt({ message: 'must be an integer' })
  statementTimeoutMs = 15000;
}

export class QueueConfig {
  static readonly namespace = 'queue';

  @FromEnv('REDIS_URL')
  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'must be a redis:// or rediss:// URL' })
  redisUrl = 'redis://127.0.0.1:6379';

  /** Separates the key spaces of several deployments (or test runs) sharing one Redis. */
  @FromEnv('QUEUE_PREFIX')
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'must be 1–40 letters, digits, - or _' })
  prefix = 'wuhai';

  @FromEnv('WORKER_CONCURRENCY', { parser: 'int' })
  @Min(1, { message: 'must be at least 1' })
  @Max(100, { message: 'must be at most 100' })
  @IsInt({ message: 'must be an integer' })
  workerConcurrency = 8;

  @FromEnv('OUTBOX_RELAY_INTERVAL_MS', { parser: 'int' })
  @Min(10, { message: 'must be at least 10' })
  @IsInt({ message: 'must be an integer' })
  outboxRelayIntervalMs = 250;

  /** How long a dispatched outbox row may stay unfinished before the sweep checks that its job still exists. */
  @FromEnv('OUTBOX_STALE_AFTER_MS', { parser: 'int' })
  @Min(1000, { message: 'must be at least 1000' })
  @IsInt({ message: 'must be an integer' })
  outboxStaleAfterMs = 5 * 60 * 1000;

  @FromEnv('OUTBOX_SWEEP_INTERVAL_MS', { parser: 'int' })
  @Min(1000, { message: 'must be at least 1000' })
  @IsInt({ message: 'must be an integer' })
  outboxSweepIntervalMs = 30_000;
}

export class AuthConfig {
  static readonly namespace = 'auth';

  @FromEnv('JWT_SECRET', { developmentDefault: 'development-only-jwt-secret-change-me-0123456789' })
  @MinLength(32, { message: 'must be at least 32 characters' })
  @IsString()
  jwtSecret!: string;

  @FromEnv('JWT_EXPIRES_IN_SECONDS', { parser: 'int' })
  @Min(60, { message: 'must be at least 60' })
  @Max(86400, { message: 'must be at most 86400' })
  @IsInt({ message: 'must be an integer' })
  jwtExpiresInSeconds = 3600;

  @FromEnv('ADMIN_USERNAME')
  @Matches(/^[A-Za-z0-9_.-]{3,40}$/, { message: 'must be 3–40 letters, digits, ., - or _' })
  @IsOptional()
  adminUsername?: string;

  @FromEnv('ADMIN_PASSWORD')
  @MinLength(10, { message: 'must be at least 10 characters' })
  @MaxLength(128, { message: 'must be at most 128 characters' })
  @IsOptional()
  adminPassword?: string;

  @FromEnv('LOGIN_MAX_FAILURES', { parser: 'int' })
  @Min(1, { message: 'must be at least 1' })
  @IsInt({ message: 'must be an integer' })
  loginMaxFailures = 5;

  @FromEnv('LOGIN_LOCKOUT_MINUTES', { parser: 'int' })
  @Min(1, { message: 'must be at least 1' })
  @IsInt({ message: 'must be an integer' })
  loginLockoutMinutes = 15;

  @FromEnv('LOGIN_RATE_LIMIT_PER_MINUTE', { parser: 'int' })
  @Min(1, { message: 'must be at least 1' })
  @IsInt({ message: 'must be an integer' })
  loginRateLimitPerMinute = 20;
}

export class PiiConfig {
  static readonly namespace = 'pii';

  /** 32 bytes, base64: the AES-256-GCM key for resident ID numbers at rest. */
  @FromEnv('PII_ENCRYPTION_KEY', { developmentDefault: 'ZGV2ZWxvcG1lbnQtb25seS1waWkta2V5LTMyYnl0ZXM=' })
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be 32 bytes encoded as base64 (44 characters)' })
  encryptionKey!: string;

  @FromEnv('PII_HMAC_KEY', { developmentDefault: 'development-only-pii-hmac-key-change-me-0123' })
  @MinLength(32, { message: 'must be at least 32 characters' })
  @IsString()
  hmacKey!: string;
}

export class StorageConfig {
  static readonly namespace = 'storage';

  @FromEnv('FILE_STORAGE_DIR')
  @MinLength(1, { message: 'must not be empty' })
  @IsString()
  fileStorageDir = './var/files';

  @FromEnv('FILE_MAX_BYTES', { parser: 'int' })
  @Min(1024, { message: 'must be at least 1024' })
  @IsInt({ message: 'must be an integer' })
  fileMaxBytes = 20 * 1024 * 1024;

  /** Unit files uploaded for import: a register exported from a GIS is far larger than any scanned material. */
  @FromEnv('UNIT_IMPORT_MAX_BYTES', { parser: 'int' })
  @Min(1024, { message: 'must be at least 1024' })
  @IsInt({ message: 'must be an integer' })
  unitImportMaxBytes = 1024 * 1024 * 1024;

  /** A CJK font for generated PDFs (certificates, receipts); Debian's fonts-noto-cjk by default. */
  @FromEnv('DOCUMENT_FONT_PATH')
  @MinLength(1, { message: 'must not be empty' })
  @IsString()
  documentFontPath = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
}

export const CONFIG_NAMESPACES = [
  AppConfig,
  DatabaseConfig,
  QueueConfig,
  AuthConfig,
  PiiConfig,
  StorageConfig,
] as const;

export interface Configuration {
  app: AppConfig;
  database: DatabaseConfig;
  queue: QueueConfig;
  auth: AuthConfig;
  pii: PiiConfig;
  storage: StorageConfig;
}
