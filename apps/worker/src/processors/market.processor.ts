import { Processor } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { AnnouncementsService, ClosingService, SWEEP_BATCH } from '@app/market';
import { JobName, JobPayloads, OutboxJobData } from '@app/queue';
import { JobOutcome, OutboxJobHost } from './outbox-job-host';

type MarketJob = JobPayloads['listing.close' | 'announcement.publish' | 'market.sweep'] & OutboxJobData;

/** Closing at the end of a period and publishing deal announcements; each handler re-checks its row. */
@Processor('market')
export class MarketProcessor extends OutboxJobHost<MarketJob> {
  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly closing: ClosingService,
    private readonly announcements: AnnouncementsService,
  ) {
    super(dataSource);
  }

  protected async handle(job: Job<MarketJob>): Promise<JobOutcome> {
    const data = job.data as Partial<JobPayloads['listing.close'] & JobPayloads['announcement.publish']>;
    switch (job.name as JobName) {
      case 'listing.close':
        return (await this.closing.closeDue(data.listingId!)) === 'not_due' ? 'skipped' : 'done';
      case 'announcement.publish':
        return (await this.announcements.publish(data.applicationId!)) === 'published' ? 'done' : 'skipped';
      case 'market.sweep': {
        // A job Redis lost only delays these: the database says what is due.
        await this.closing.sweep();
        for (const applicationId of await this.announcements.unannounced(SWEEP_BATCH)) {
          await this.announcements.publish(applicationId);
        }
        return 'done';
      }
      default:
        throw new UnrecoverableError(`Unknown market job "${job.name}"`);
    }
  }
}
