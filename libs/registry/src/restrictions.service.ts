import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { ApiError } from '@app/common';
import { updateReturning } from '@app/db';
import { toRestrictionView } from './units.service';
import { RestrictionView } from './unit-view';

export interface NewRestriction {
  kind: 'seizure' | 'objection' | 'idle';
  reference: string;
  authority?: string;
  startDate: string;
  endDate?: string;
}

export type IdleDisposal = 'fee_paid' | 'construction_started';

@Injectable()
export class RestrictionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async add(unitNumber: string, restriction: NewRestriction, actor: AuditActor): Promise<RestrictionView> {
    if (restriction.endDate && restriction.endDate < restriction.startDate) {
      throw ApiError.invalidField('endDate', 'afterStartDate', {
        zh: '结束日期不能早于开始日期',
        en: 'end date must not be before the start date',
      });
    }
    return this.dataSource.transaction(async (manager) => {
      const [unit]: { id: string }[] = await manager.query(
        `SELECT id FROM real_estate_unit WHERE unit_number = $1 FOR UPDATE`,
        [unitNumber],
      );
      if (!unit) throw ApiError.notFound({ zh: '不动产单元不存在', en: 'Real-estate unit not found' });
      const [row]: Record<string, unknown>[] = await manager.query(
        `INSERT INTO restriction (unit_id, kind, reference, authority, start_date, end_date, disposal_status, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [
          unit.id,
          restriction.kind,
          restriction.reference.trim(),
          restriction.authority?.trim() ?? null,
          restriction.startDate,
          restriction.endDate ?? null,
          restriction.kind === 'idle' ? 'pending' : null,
          actor.id,
        ],
      );
      await this.audit.record(manager, {
        actor,
        action: 'restriction.added',
        entityType: 'unit',
        entityId: unitNumber,
        reason: `${restriction.kind} ${restriction.reference}`,
        data: { restrictionId: row.id, kind: restriction.kind, reference: restriction.reference },
      });
      return toRestrictionView(row);
    });
  }

  /**
   * Lifting is a guarded update: a restriction already lifted answers 409. Idle land stays blocked until
   * its disposal is recorded (idle fee paid or construction started, DOMAIN.md rule 5), so lifting it needs one.
   */
  async lift(
    restrictionId: string,
    lift: { reason: string; disposal?: IdleDisposal },
    actor: AuditActor,
  ): Promise<RestrictionView> {
    return this.dataSource.transaction(async (manager) => {
      const [current]: { kind: string; lifted_at: Date | null; unit_number: string }[] = await manager.query(
        `SELECT r.kind, r.lifted_at, u.unit_number FROM restriction r JOIN real_estate_unit u ON u.id = r.unit_id
          WHERE r.id = $1`,
        [restrictionId],
      );
      if (!current) throw ApiError.notFound({ zh: '限制记录不存在', en: 'Restriction not found' });
      if (current.kind === 'idle' && !lift.disposal) {
        throw ApiError.invalidField('disposal', 'idleDisposalRequired', {
          zh: '解除闲置土地限制须登记处置结果（已缴闲置费或已开工）',
          en: 'lifting an idle-land restriction needs the disposal: fee_paid or construction_started',
        });
      }
      if (current.kind !== 'idle' && lift.disposal) {
        throw ApiError.invalidField('disposal', 'idleOnly', {
          zh: '只有闲置土地限制有处置结果',
          en: 'only idle-land restrictions have a disposal',
        });
      }
      const [row] = await updateReturning<Record<string, unknown>>(
        manager,
        `UPDATE restriction SET lifted_at = now(), lifted_by = $2, lift_reason = $3,
                disposal_status = COALESCE($4, disposal_status)
          WHERE id = $1 AND lifted_at IS NULL RETURNING *`,
        [restrictionId, actor.id, lift.reason.trim(), lift.disposal ?? null],
      );
      if (!row) {
        throw ApiError.conflict(
          { zh: '该限制已解除', en: 'The restriction is already lifted' },
          { currentStatus: 'lifted' },
        );
      }
      await this.audit.record(manager, {
        actor,
        action: 'restriction.lifted',
        entityType: 'unit',
        entityId: current.unit_number,
        reason: lift.reason,
        data: { restrictionId, kind: current.kind, disposal: lift.disposal ?? null },
      });
      return toRestrictionView(row);
    });
  }
}
