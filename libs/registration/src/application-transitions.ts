import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { ApiError } from '@app/common';
import { pgConstraintName, updateReturning } from '@app/db';
import { RegistrationAction, RegistrationState, STATE_LABELS } from '@app/domain';
import { APPLICATION_SELECT, ApplicationRow } from './application-record';

/** Column values a transition sets besides status and version. Keys are column names chosen by the code. */
export type ColumnChanges = Record<string, unknown>;

export interface TransitionWrite {
  action: RegistrationAction | 'confirm' | 'assign';
  to: RegistrationState;
  actor: AuditActor;
  comment?: string;
  missingItems?: readonly string[];
  legalGround?: string;
  changes?: ColumnChanges;
  /** Extra facts for the audit event (assignee, certificate number …). */
  auditData?: Record<string, unknown>;
}

export function conflictWithStatus(current: RegistrationState | undefined): ApiError {
  const label = current ? STATE_LABELS[current] : undefined;
  return ApiError.conflict(
    label
      ? {
          zh: `申请已被他人处理，当前状态为"${label.zh}"，请刷新后重试`,
          en: `The application changed meanwhile and is now ${label.en}; reload and try again`,
        }
      : {
          zh: '申请已被他人处理，请刷新后重试',
          en: 'The application changed meanwhile; reload and try again',
        },
    current ? { currentStatus: current } : undefined,
  );
}

/** The partial unique index that keeps a unit to one transfer in flight, as the 409 a person can act on. */
export function transferInFlightConflict(error: unknown): ApiError | null {
  if (pgConstraintName(error) !== 'registration_one_transfer_in_flight') return null;
  return ApiError.conflict(
    {
      zh: '该不动产单元已有一件正在办理的转移登记，不能同时提交第二件',
      en: 'Another transfer of this unit is already in progress',
    },
    { reason: 'transfer_in_flight', currentStatus: 'draft' },
  );
}

/**
 * The only writer of application status. Each write is `UPDATE … WHERE id AND status AND version`, so two
 * people (or a person and a job) acting on the same version cannot both win; the loser gets a 409 naming the
 * current status. History and the audit event commit with the change, in the caller's transaction.
 */
@Injectable()
export class ApplicationTransitions {
  constructor(private readonly audit: AuditService) {}

  async apply(
    manager: EntityManager,
    application: ApplicationRow,
    write: TransitionWrite,
  ): Promise<ApplicationRow> {
    const changes = Object.entries(write.changes ?? {});
    const assignments = changes.map(([column], index) => `${column} = $${index + 5}`);
    const [updated] = await updateReturning<{ id: string }>(
      manager,
      `UPDATE registration_application
          SET status = $4, version = version + 1, updated_at = now()${assignments.map((a) => `, ${a}`).join('')}
        WHERE id = $1 AND status = $2 AND version = $3
        RETURNING id`,
      [
        application.id,
        application.status,
        application.version,
        write.to,
        ...changes.map(([, value]) => value),
      ],
    );
    if (!updated) {
      const [current]: { status: RegistrationState }[] = await manager.query(
        `SELECT status FROM registration_application WHERE id = $1`,
        [application.id],
      );
      throw conflictWithStatus(current?.status);
    }
    const [row]: ApplicationRow[] = await manager.query(`${APPLICATION_SELECT} WHERE a.id = $1`, [
      application.id,
    ]);
    await manager.query(
      `INSERT INTO application_history
         (application_id, version, action, from_status, to_status, actor_id, actor_label, comment, missing_items,
          legal_ground)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        row.id,
        row.version,
        write.action,
        application.status,
        write.to,
        write.actor.id,
        write.actor.label,
        write.comment?.trim() || null,
        write.missingItems ? JSON.stringify(write.missingItems) : null,
        write.legalGround ?? null,
      ],
    );
    await this.audit.record(manager, {
      actor: write.actor,
      action: `application.${write.action}`,
      entityType: 'registration_application',
      entityId: row.id,
      reason: write.comment?.trim() || write.legalGround || undefined,
      data: {
        applicationNumber: row.application_number,
        from: application.status,
        to: write.to,
        version: row.version,
        ...(write.missingItems ? { missingItems: write.missingItems } : {}),
        ...(write.legalGround ? { legalGround: write.legalGround } : {}),
        ...write.auditData,
      },
    });
    return row;
  }
}
