import { Processor } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobName, JobPayloads, OutboxJobData } from '@app/queue';
import {
  DeadlinesService,
  PrecheckService,
  RegistrationSweepService,
  RoutingService,
} from '@app/registration';
import { JobOutcome, OutboxJobHost } from './outbox-job-host';

type RegistrationJob = JobPayloads[
  | 'application.precheck'
  | 'application.route'
  | 'application.deadline'
  | 'assignments.release'
  | 'registration.sweep'] &
  OutboxJobData;

/** Each handler reloads the rows and re-checks their state, so a duplicate or retried job is a no-op. */
@Processor('registration')
export class RegistrationProcessor extends OutboxJobHost<RegistrationJob> {
  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly prechecks: PrecheckService,
    private readonly routing: RoutingService,
    private readonly deadlines: DeadlinesService,
    private readonly sweeper: RegistrationSweepService,
  ) {
    super(dataSource);
  }

  protected async handle(job: Job<RegistrationJob>): Promise<JobOutcome> {
    const data = job.data as Partial<
      JobPayloads['application.precheck'] & JobPayloads['assignments.release']
    >;
    switch (job.name as JobName) {
      case 'application.precheck':
        return (await this.prechecks.run(data.applicationId!, data.round!)) === 'stale' ? 'skipped' : 'done';
      case 'application.route':
        return (await this.routing.route(data.applicationId!)) === 'assigned' ? 'done' : 'skipped';
      case 'application.deadline':
        return (await this.deadlines.check(data.applicationId!)) === 'nothing' ? 'skipped' : 'done';
      case 'assignments.release': {
        const released = await this.routing.release(data.userId!);
        for (const applicationId of released) await this.routing.route(applicationId);
        return released.length > 0 ? 'done' : 'skipped';
      }
      case 'registration.sweep':
        await this.sweeper.sweep();
        return 'done';
      default:
        throw new UnrecoverableError(`Unknown registration job "${job.name}"`);
    }
  }
}
