import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@app/audit';
import { REVIEW_STAGES } from '@app/domain';
import { APPLICATION_SELECT, ApplicationRow } from './application-record';
import { ApplicationNotifier } from './application-notifier';
import { ApplicationTransitions } from './application-transitions';

/** Serialises routing decisions so "fewest open items" is counted after the previous assignment committed. */
const ROUTING_LOCK_KEY = 0x0524_0001;

export type RoutingOutcome = 'assigned' | 'already_assigned' | 'not_reviewable' | 'no_reviewer';

/**
 * Gives each accepted application a reviewer of its district with the fewest open items, never one who
 * accepted it, reviewed it before or is a party to it. Reviewers with no districts cover the whole city and are
 * taken only when the district has nobody free.
 */
@Injectable()
export class RoutingService {
  private readonly logger = new Logger(RoutingService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transitions: ApplicationTransitions,
    private readonly audit: AuditService,
    private readonly notifier: ApplicationNotifier,
  ) {}

  async route(applicationId: string): Promise<RoutingOutcome> {
    return this.audit.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock($1)`, [ROUTING_LOCK_KEY]);
      const [application]: ApplicationRow[] = await manager.query(`${APPLICATION_SELECT} WHERE a.id = $1`, [
        applicationId,
      ]);
      if (!application || !REVIEW_STAGES.includes(application.status)) return 'not_reviewable';
      if (application.assigned_to && application.assigned_stage === application.status) {
        const [assignee]: unknown[] = await manager.query(
          `SELECT 1 FROM app_user WHERE id = $1 AND active AND 'reviewer' = ANY (roles)`,
          [application.assigned_to],
        );
        if (assignee) return 'already_assigned';
      }
      const excluded = [application.accepted_by, application.first_reviewed_by].filter(
        (id): id is string => !!id,
      );
      const [reviewer]: { id: string; display_name: string }[] = await manager.query(
        `SELECT u.id, u.display_name
           FROM app_user u
          WHERE u.active AND 'reviewer' = ANY (u.roles)
            AND (u.districts = '{}' OR $1 = ANY (u.districts))
            AND NOT (u.id = ANY ($2::uuid[]))
            AND (u.party_id IS NULL OR u.party_id NOT IN ($3, $4))
          ORDER BY cardinality(u.districts) = 0,
                   (SELECT count(*) FROM registration_application o
                     WHERE o.assigned_to = u.id AND o.status = ANY ($5)),
                   u.id
          LIMIT 1`,
        [
          application.district_code,
          excluded,
          application.applicant_party_id,
          application.counterparty_party_id ?? application.applicant_party_id,
          REVIEW_STAGES,
        ],
      );
      if (!reviewer) {
        this.logger.warn(
          `No eligible reviewer for ${application.application_number} in ${application.district_code}`,
        );
        return 'no_reviewer';
      }
      const assigned = await this.transitions.apply(manager, application, {
        action: 'assign',
        to: application.status,
        actor: SYSTEM_ACTOR,
        comment: `分派审核人：${reviewer.display_name}`,
        changes: { assigned_to: reviewer.id, assigned_stage: application.status },
        auditData: { assignedTo: reviewer.id },
      });
      await this.notifier.notify(
        manager,
        assigned,
        ['assignee'],
        'application.assigned',
        '新的审核任务 / New review task',
        `已分派给您审核 / assigned to you for review`,
      );
      return 'assigned';
    });
  }

  /** A deactivated reviewer's open work goes back to routing; returns the applications released. */
  async release(userId: string): Promise<string[]> {
    return this.audit.transaction(async (manager) => {
      const rows: ApplicationRow[] = await manager.query(
        `${APPLICATION_SELECT} WHERE a.assigned_to = $1 AND a.status = ANY ($2) FOR UPDATE OF a`,
        [userId, REVIEW_STAGES],
      );
      for (const row of rows) {
        await this.transitions.apply(manager, row, {
          action: 'assign',
          to: row.status,
          actor: SYSTEM_ACTOR,
          comment: '原审核人已停用，待重新分派 / reviewer deactivated, to be routed again',
          changes: { assigned_to: null, assigned_stage: null },
        });
      }
      return rows.map((row) => row.id);
    });
  }

  /** Applications waiting for a reviewer: the sweep routes them again. */
  async unassigned(limit = 500): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT a.id FROM registration_application a
         LEFT JOIN app_user u ON u.id = a.assigned_to
        WHERE a.status = ANY ($1)
          AND (a.assigned_to IS NULL OR a.assigned_stage IS DISTINCT FROM a.status OR NOT u.active)
        ORDER BY a.due_on NULLS LAST LIMIT $2`,
      [REVIEW_STAGES, limit],
    );
    return rows.map((row) => row.id);
  }
}
