import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CertificatesService } from './certificates.service';
import { DeadlinesService } from './deadlines.service';
import { PrecheckService } from './precheck.service';
import { RoutingService } from './routing.service';

export interface SweepReport {
  prechecked: number;
  routed: number;
  deadlineChecks: number;
  certified: number;
}

/** Rows the database says are due but no job finished: older than this, they are taken up by the sweep. */
const STALE_AFTER = '2 minutes';
const BATCH = 200;

/**
 * The safety net under the jobs: everything here is also done by a job, and every step is guarded, so running
 * the sweep next to the jobs (or twice) changes nothing twice. A lost Redis therefore means delay, not loss.
 */
@Injectable()
export class RegistrationSweepService {
  private readonly logger = new Logger(RegistrationSweepService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly prechecks: PrecheckService,
    private readonly routing: RoutingService,
    private readonly deadlines: DeadlinesService,
    private readonly certificates: CertificatesService,
  ) {}

  async sweep(): Promise<SweepReport> {
    const report: SweepReport = { prechecked: 0, routed: 0, deadlineChecks: 0, certified: 0 };
    const stalePrechecks: { id: string; submission_round: number }[] = await this.dataSource.query(
      `SELECT id, submission_round FROM registration_application
        WHERE status = 'submitted' AND precheck_status = 'pending' AND updated_at < now() - $1::interval
        ORDER BY updated_at LIMIT $2`,
      [STALE_AFTER, BATCH],
    );
    for (const row of stalePrechecks) {
      if ((await this.prechecks.run(row.id, row.submission_round)) !== 'stale') report.prechecked++;
    }
    for (const id of await this.routing.unassigned(BATCH)) {
      if ((await this.routing.route(id)) === 'assigned') report.routed++;
    }
    for (const id of await this.deadlines.dueForCheck(BATCH)) {
      if ((await this.deadlines.check(id)) !== 'nothing') report.deadlineChecks++;
    }
    const uncertified: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM registration_application
        WHERE status = 'recorded' AND recorded_at < now() - $1::interval ORDER BY recorded_at LIMIT $2`,
      [STALE_AFTER, BATCH],
    );
    for (const row of uncertified) {
      if ((await this.certificates.issue(row.id)) === 'certified') report.certified++;
    }
    if (Object.values(report).some((count) => count > 0)) {
      this.logger.log(`Registration sweep caught up: ${JSON.stringify(report)}`);
    }
    return report;
  }
}
