import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { ApiError } from '@app/common';
import { pgErrorCode, PG_UNIQUE_VIOLATION } from '@app/db';
import { ChecklistRule, RegistrationKind } from '@app/domain';

export interface ChecklistRow extends ChecklistRule {
  id: string;
  allowedContentTypes: string[];
  maxBytes: number;
}

export type NewChecklistRow = Omit<ChecklistRow, 'id'>;

const COLUMNS = `id, kind, party_kind AS "partyKind", material_type AS "materialType", condition,
                 allowed_content_types AS "allowedContentTypes", max_bytes AS "maxBytes"`;

/**
 * The material checklist as the registration centre keeps it (what each kind of application needs, for which
 * party type, in which situation, in which file formats); the rules that apply it are in the domain.
 */
@Injectable()
export class MaterialChecklistService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async rows(kind?: RegistrationKind): Promise<ChecklistRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM material_requirement WHERE $1::text IS NULL OR kind = $1
        ORDER BY kind, material_type, condition, party_kind`,
      [kind ?? null],
    );
  }

  async add(row: NewChecklistRow, actor: AuditActor, reason: string): Promise<ChecklistRow> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const [created]: ChecklistRow[] = await manager.query(
          `INSERT INTO material_requirement (kind, party_kind, material_type, condition, allowed_content_types, max_bytes)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
          [row.kind, row.partyKind, row.materialType, row.condition, row.allowedContentTypes, row.maxBytes],
        );
        await this.audit.record(manager, {
          actor,
          action: 'materialChecklist.added',
          entityType: 'material_requirement',
          entityId: created.id,
          reason,
          data: { ...row },
        });
        return created;
      });
    } catch (error) {
      // The table's only unique key besides the id is (kind, party kind, material, condition).
      if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) {
        throw ApiError.conflict(
          { zh: '清单中已有相同的材料要求', en: 'The checklist already has this requirement' },
          { field: 'materialType' },
        );
      }
      throw error;
    }
  }

  async remove(id: string, actor: AuditActor, reason: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [removed]: ChecklistRow[] = await manager.query(
        `DELETE FROM material_requirement WHERE id = $1 RETURNING ${COLUMNS}`,
        [id],
      );
      if (!removed) throw ApiError.notFound({ zh: '材料要求不存在', en: 'Checklist row not found' });
      await this.audit.record(manager, {
        actor,
        action: 'materialChecklist.removed',
        entityType: 'material_requirement',
        entityId: id,
        reason,
        data: { ...removed },
      });
    });
  }
}
