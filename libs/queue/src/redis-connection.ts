import type { RedisOptions } from 'bullmq';

export type RedisRole = 'worker' | 'producer' | 'probe';

/**
 * Workers block on Redis and must retry forever (`maxRetriesPerRequest: null`); producers and health
 * probes must fail fast instead of queueing commands while Redis is away, so callers can fall back.
 */
export function redisConnectionOptions(url: string, role: RedisRole): RedisOptions {
  const parsed = new URL(url);
  const options: RedisOptions = {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    connectTimeout: 3000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  };
  if (role === 'worker') return { ...options, maxRetriesPerRequest: null };
  return { ...options, maxRetriesPerRequest: 1, enableOfflineQueue: false };
}
