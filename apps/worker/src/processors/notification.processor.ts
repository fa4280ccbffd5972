import { Processor } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { NotificationDeliveryService } from '@app/notification';
import { JobPayloads, OutboxJobData } from '@app/queue';
import { JobOutcome, OutboxJobHost } from './outbox-job-host';

type DeliverJob = JobPayloads['notification.deliver'] & OutboxJobData;

@Processor('notifications')
export class NotificationProcessor extends OutboxJobHost<DeliverJob> {
  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly delivery: NotificationDeliveryService,
  ) {
    super(dataSource);
  }

  protected async handle(job: Job<DeliverJob>): Promise<JobOutcome> {
    const outcome = await this.delivery.deliver(job.data.notificationId);
    return outcome === 'delivered' ? 'done' : 'skipped';
  }
}
