import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { QueueConfig } from '@app/config';
import { QueueRegistry } from './queue-registry';
import { outboxJobId } from './registry';

interface PendingRow {
  id: string;
  queue: string;
  job_name: string;
  payload: Record<string, unknown>;
  delay_ms: string;
}

const RELAY_BATCH_SIZE = 200;
const ENQUEUE_TIMEOUT_MS = 5000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Moves committed outbox rows into BullMQ. Rows are claimed with SKIP LOCKED so several workers can relay
 * at once, and the job id is derived from the row id, so re-dispatching a row never creates a second job.
 */
@Injectable()
export class OutboxRelayService {
  private readonly logger = new Logger(OutboxRelayService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
    private readonly config: QueueConfig,
  ) {}

  /**
   * Returns how many rows were dispatched. When Redis is unreachable it throws and the transaction rolls
   * back, leaving the rows pending for the next attempt; jobs already added are deduplicated by id then.
   */
  async dispatchPending(limit = RELAY_BATCH_SIZE): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: PendingRow[] = await manager.query(
        `SELECT id::text, queue, job_name, payload,
                GREATEST(0, (extract(epoch FROM available_at - now()) * 1000)::bigint)::text AS delay_ms
           FROM outbox WHERE dispatched_at IS NULL AND queue = ANY($2::text[])
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        // Rows for a queue this release does not know (a newer replica wrote them) wait for a replica that does.
        [limit, this.queues.all().map((queue) => queue.name)],
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<string, PendingRow[]>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      for (const [queueName, queueRows] of byQueue) {
        await withTimeout(
          this.queues.get(queueName).addBulk(
            queueRows.map((row) => ({
              name: row.job_name,
              data: { ...row.payload, outboxId: row.id },
              opts: { jobId: outboxJobId(row.id), delay: Number(row.delay_ms) },
            })),
          ),
          ENQUEUE_TIMEOUT_MS,
        );
      }
      await manager.query(
        `UPDATE outbox SET dispatched_at = now(), dispatch_attempts = dispatch_attempts + 1
          WHERE id = ANY($1::bigint[])`,
        [rows.map((row) => row.id)],
      );
      return rows.length;
    });
  }

  /**
   * Finds rows that were dispatched long ago but never completed. If BullMQ still holds the job and it
   * completed, the row is closed; if the job is gone (Redis lost it), the row is dispatched again; if it
   * failed for good, the failure is recorded on the row (kept for the queue dashboard) and the sweep
   * stops looking at it.
   */
  async recoverStale(): Promise<{ redispatched: number; closed: number; failed: number }> {
    const stale: { id: string; queue: string }[] = await this.dataSource.query(
      `SELECT id::text, queue FROM outbox
        WHERE completed_at IS NULL AND last_error IS NULL AND dispatched_at < now() - make_interval(secs => $1)
          AND queue = ANY($2::text[])
        ORDER BY id LIMIT 1000`,
      [this.config.outboxStaleAfterMs / 1000, this.queues.all().map((queue) => queue.name)],
    );
    const outcome = { redispatched: 0, closed: 0, failed: 0 };
    for (const row of stale) {
      const job = await this.queues.get(row.queue).getJob(outboxJobId(row.id));
      if (!job) {
        await this.dataSource.query(
          `UPDATE outbox SET dispatched_at = NULL WHERE id = $1 AND completed_at IS NULL`,
          [row.id],
        );
        outcome.redispatched += 1;
      } else if (await job.isCompleted()) {
        await markOutboxCompleted(this.dataSource, row.id);
        outcome.closed += 1;
      } else if (await job.isFailed()) {
        await this.dataSource.query(`UPDATE outbox SET last_error = $2 WHERE id = $1`, [
          row.id,
          job.failedReason || 'job failed',
        ]);
        outcome.failed += 1;
      }
    }
    if (outcome.redispatched || outcome.closed || outcome.failed) {
      this.logger.warn(
        `Outbox sweep: ${outcome.redispatched} re-dispatched, ${outcome.closed} closed, ${outcome.failed} failed`,
      );
    }
    return outcome;
  }
}

/**
 * A job can finish before the relay's transaction that dispatched it commits; `dispatched_at` is filled here as
 * well, so closing the row never depends on which of the two commits first.
 */
export async function markOutboxCompleted(
  executor: { query: (sql: string, params: unknown[]) => Promise<unknown> },
  outboxId: string,
): Promise<void> {
  await executor.query(
    `UPDATE outbox SET completed_at = now(), dispatched_at = coalesce(dispatched_at, now())
      WHERE id = $1 AND completed_at IS NULL`,
    [outboxId],
  );
}
