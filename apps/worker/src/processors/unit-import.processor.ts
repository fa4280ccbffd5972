import { Processor } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { DelayedError, Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobPayloads, OutboxJobData } from '@app/queue';
import { UNIT_IMPORT_STALE_AFTER_MS, UnitImportJobsService } from '@app/registry';
import { JobOutcome, OutboxJobHost } from './outbox-job-host';

type UnitImportJob = JobPayloads['unitImport.run'] & OutboxJobData;

/** Imports run for minutes, so they have a queue of their own and never hold up the short jobs. */
@Processor('imports')
export class UnitImportProcessor extends OutboxJobHost<UnitImportJob> {
  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly imports: UnitImportJobsService,
  ) {
    super(dataSource);
  }

  protected async handle(job: Job<UnitImportJob>, token?: string): Promise<JobOutcome> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.imports.run(job.data.importId, lastAttempt);
    if (outcome === 'busy') {
      // Another run holds the row: it finishes, or its worker has died and the row goes stale. Either way the
      // answer is known once the stale period has passed, and waiting costs no attempt.
      await job.moveToDelayed(Date.now() + UNIT_IMPORT_STALE_AFTER_MS, token);
      throw new DelayedError();
    }
    return outcome;
  }
}
