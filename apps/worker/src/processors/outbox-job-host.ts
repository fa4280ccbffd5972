import { WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { markOutboxCompleted, OutboxJobData } from '@app/queue';

export type JobOutcome = 'done' | 'skipped';

/**
 * Base of every processor: runs the handler, then closes the outbox row the job came from, which is
 * what lets the sweep tell finished work from work Redis has lost.
 */
export abstract class OutboxJobHost<Data extends OutboxJobData = OutboxJobData> extends WorkerHost {
  protected constructor(protected readonly dataSource: DataSource) {
    super();
  }

  /** `token` is the lock of this delivery, which a handler needs to move its job back to waiting. */
  protected abstract handle(job: Job<Data>, token?: string): Promise<JobOutcome>;

  async process(job: Job<Data>, token?: string): Promise<JobOutcome> {
    const outcome = await this.handle(job, token);
    if (job.data.outboxId) await markOutboxCompleted(this.dataSource, job.data.outboxId);
    return outcome;
  }
}
