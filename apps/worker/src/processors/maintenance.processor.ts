import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobName, OutboxRelayService } from '@app/queue';
import { JobOutcome, OutboxJobHost } from './outbox-job-host';

@Processor('maintenance')
export class MaintenanceProcessor extends OutboxJobHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly relay: OutboxRelayService,
  ) {
    super(dataSource);
  }

  protected async handle(job: Job): Promise<JobOutcome> {
    switch (job.name as JobName) {
      case 'outbox.sweep': {
        await this.relay.dispatchPending();
        await this.relay.recoverStale();
        return 'done';
      }
      case 'expired.purge': {
        const [, keys] = (await this.dataSource.query(
          `DELETE FROM idempotency_key WHERE expires_at < now()`,
        )) as [unknown, number];
        const [, counters] = (await this.dataSource.query(
          `DELETE FROM rate_limit_counter
            WHERE window_ends_at < now() AND (blocked_until IS NULL OR blocked_until < now())`,
        )) as [unknown, number];
        if (keys || counters) {
          this.logger.log(`Purged ${keys} expired idempotency key(s) and ${counters} rate-limit counter(s)`);
        }
        return 'done';
      }
      default:
        throw new UnrecoverableError(`Unknown maintenance job "${job.name}"`);
    }
  }
}
