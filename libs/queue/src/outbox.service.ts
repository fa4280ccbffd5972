import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JOB_QUEUE, JobName, JobPayloads } from './registry';

/**
 * The only way use-cases schedule background work: the row commits with the use-case's own changes,
 * and the relay turns it into a BullMQ job afterwards. Nothing is enqueued before commit.
 */
@Injectable()
export class OutboxService {
  async enqueue<J extends JobName>(
    manager: EntityManager,
    jobName: J,
    payload: JobPayloads[J],
    options: { delayMs?: number } = {},
  ): Promise<string> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxService.enqueue must be called inside a transaction');
    }
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO outbox (queue, job_name, payload, available_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING id::text`,
      [JOB_QUEUE[jobName], jobName, JSON.stringify(payload), Math.max(0, options.delayMs ?? 0) / 1000],
    );
    return row.id;
  }
}
