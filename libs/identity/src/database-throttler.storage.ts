import { ThrottlerStorage } from '@nestjs/throttler';
import { DataSource } from 'typeorm';

/**
 * Counts requests in PostgreSQL rather than in each process's memory, so the limit holds across every API
 * replica. The table is UNLOGGED: counters are cheap to lose in a crash and should not cost WAL.
 */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

export class DatabaseThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly dataSource: DataSource) {}

  async increment(
    key: string,
    ttlMs: number,
    limit: number,
    blockDurationMs: number,
  ): Promise<ThrottlerStorageRecord> {
    const [row]: { hits: number; expires_in: number; blocked_for: number | null }[] =
      await this.dataSource.query(
        `WITH counted AS (
         INSERT INTO rate_limit_counter AS c (key, hits, window_ends_at)
         VALUES ($1, 1, now() + make_interval(secs => $2 / 1000.0))
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN c.window_ends_at <= now() THEN 1 ELSE c.hits + 1 END,
           window_ends_at = CASE WHEN c.window_ends_at <= now()
                                 THEN now() + make_interval(secs => $2 / 1000.0) ELSE c.window_ends_at END,
           blocked_until = CASE
             WHEN c.blocked_until > now() THEN c.blocked_until
             WHEN c.window_ends_at > now() AND c.hits + 1 > $3 THEN now() + make_interval(secs => $4 / 1000.0)
             ELSE NULL END
         RETURNING hits, window_ends_at, blocked_until)
       SELECT hits, extract(epoch FROM window_ends_at - now())::float8 AS expires_in,
              extract(epoch FROM blocked_until - now())::float8 AS blocked_for
         FROM counted`,
        [key, ttlMs, limit, blockDurationMs],
      );
    const blockedFor = row.blocked_for !== null && row.blocked_for > 0 ? row.blocked_for : 0;
    return {
      totalHits: row.hits,
      timeToExpire: Math.max(0, Math.ceil(row.expires_in)),
      isBlocked: blockedFor > 0,
      timeToBlockExpire: Math.ceil(blockedFor),
    };
  }
}
