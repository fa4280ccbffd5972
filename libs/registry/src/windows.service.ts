import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { ApiError } from '@app/common';
import type { AcceptanceWindow } from '@app/contract';
import { pgConstraintName, updateReturning } from '@app/db';

export type { AcceptanceWindow };

export interface WindowChanges {
  name?: string;
  districtCode?: string | null;
  address?: string;
  openingHours?: string;
  phone?: string | null;
  active?: boolean;
}

export type NewWindow = Required<Pick<WindowChanges, 'name' | 'address' | 'openingHours'>> &
  Pick<WindowChanges, 'districtCode' | 'phone'> & { code: string };

const COLUMNS = `id, code, name, district_code AS "districtCode", address, opening_hours AS "openingHours", phone,
                 active, version`;

const COLUMN_OF: Record<keyof WindowChanges, string> = {
  name: 'name',
  districtCode: 'district_code',
  address: 'address',
  openingHours: 'opening_hours',
  phone: 'phone',
  active: 'active',
};

function notFound(): ApiError {
  return ApiError.notFound({ zh: '窗口不存在', en: 'Window not found' });
}

@Injectable()
export class WindowsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(includeInactive: boolean): Promise<AcceptanceWindow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM acceptance_window WHERE active OR $1 ORDER BY district_code NULLS FIRST, code`,
      [includeInactive],
    );
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<AcceptanceWindow> {
    const [window]: AcceptanceWindow[] = await manager.query(
      `SELECT ${COLUMNS} FROM acceptance_window WHERE id = $1`,
      [id],
    );
    if (!window) throw notFound();
    return window;
  }

  async create(window: NewWindow, actor: AuditActor): Promise<AcceptanceWindow> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const [created]: AcceptanceWindow[] = await manager.query(
          `INSERT INTO acceptance_window (code, name, district_code, address, opening_hours, phone)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
          [
            window.code,
            window.name,
            window.districtCode ?? null,
            window.address,
            window.openingHours,
            window.phone ?? null,
          ],
        );
        await this.audit.record(manager, {
          actor,
          action: 'window.created',
          entityType: 'acceptance_window',
          entityId: created.id,
          data: { ...window },
        });
        return created;
      });
    } catch (error) {
      if (pgConstraintName(error) === 'acceptance_window_code_key') {
        throw ApiError.conflict(
          { zh: '窗口代码已被使用', en: 'This window code is already in use' },
          { field: 'code' },
        );
      }
      throw error;
    }
  }

  /**
   * Changes only what the body names, on the version the administrator saw, so two administrators editing
   * the same window cannot silently overwrite each other. The code never changes: it is printed in every
   * acceptance number the window has issued.
   */
  async update(
    id: string,
    expectedVersion: number,
    changes: WindowChanges,
    actor: AuditActor,
    reason: string,
  ): Promise<AcceptanceWindow> {
    const entries = (Object.keys(COLUMN_OF) as (keyof WindowChanges)[])
      .filter((key) => changes[key] !== undefined)
      .map((key) => [COLUMN_OF[key], changes[key]] as const);
    return this.dataSource.transaction(async (manager) => {
      const before = await this.get(id, manager);
      const [updated] = await updateReturning<AcceptanceWindow>(
        manager,
        `UPDATE acceptance_window
            SET version = version + 1, updated_at = now()${entries.map(([column], index) => `, ${column} = $${index + 3}`).join('')}
          WHERE id = $1 AND version = $2
          RETURNING ${COLUMNS}`,
        [id, expectedVersion, ...entries.map(([, value]) => value)],
      );
      if (!updated) {
        throw ApiError.conflict(
          {
            zh: '窗口信息已被他人修改，请刷新后重试',
            en: 'The window was changed meanwhile; reload and try again',
          },
          { currentVersion: before.version },
        );
      }
      await this.audit.record(manager, {
        actor,
        action: 'window.updated',
        entityType: 'acceptance_window',
        entityId: id,
        reason,
        data: { code: before.code, version: updated.version, changes },
      });
      return updated;
    });
  }
}
