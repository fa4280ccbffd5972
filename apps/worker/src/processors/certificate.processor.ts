import { Processor } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobPayloads, OutboxJobData } from '@app/queue';
import { CertificatesService } from '@app/registration';
import { JobOutcome, OutboxJobHost } from './outbox-job-host';

type IssueJob = JobPayloads['certificate.issue'] & OutboxJobData;

/** Rendering a PDF is slow next to the other jobs, so certificates have a queue of their own. */
@Processor('certificates')
export class CertificateProcessor extends OutboxJobHost<IssueJob> {
  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly certificates: CertificatesService,
  ) {
    super(dataSource);
  }

  protected async handle(job: Job<IssueJob>): Promise<JobOutcome> {
    return (await this.certificates.issue(job.data.applicationId)) === 'certified' ? 'done' : 'skipped';
  }
}
