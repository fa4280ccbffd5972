import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { ApiError } from '@app/common';
import { updateReturning } from '@app/db';
import { checkSettingValue, isSettingKey, SETTING_DEFINITIONS, SettingKey, SettingValue } from '@app/domain';

/** Several processes read settings; a change reaches all of them within this time. */
const CACHE_TTL_MS = 5_000;

export interface SettingView {
  key: SettingKey;
  value: number | boolean;
  default: number | boolean;
  type: string;
  min?: number;
  max?: number;
  description: { zh: string; en: string };
  version: number;
  updatedAt: string;
}

interface SettingRow {
  key: SettingKey;
  value: number | boolean;
  version: number;
  updated_at: Date;
}

@Injectable()
export class SettingsService implements OnApplicationBootstrap {
  private refreshing?: Promise<Map<SettingKey, SettingRow>>;
  private cache?: { loadedAt: number; rows: Map<SettingKey, SettingRow> };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** A setting added in a new release gets its default row; values already set are left alone. */
  async onApplicationBootstrap(): Promise<void> {
    const keys = Object.keys(SETTING_DEFINITIONS) as SettingKey[];
    await this.dataSource.query(
      `INSERT INTO setting (key, value, description)
       SELECT key, value, description FROM unnest($1::text[], $2::jsonb[], $3::text[]) AS t(key, value, description)
       ON CONFLICT (key) DO NOTHING`,
      [
        keys,
        keys.map((key) => JSON.stringify(SETTING_DEFINITIONS[key].default)),
        keys.map((key) => SETTING_DEFINITIONS[key].description.en),
      ],
    );
  }

  async get<K extends SettingKey>(key: K): Promise<SettingValue<K>> {
    const row = (await this.rows()).get(key);
    return (row?.value ?? SETTING_DEFINITIONS[key].default) as SettingValue<K>;
  }

  async list(): Promise<SettingView[]> {
    const rows = await this.rows(true);
    return (Object.keys(SETTING_DEFINITIONS) as SettingKey[]).map((key) => this.view(key, rows.get(key)));
  }

  async update(key: string, value: unknown, actor: AuditActor, reason?: string): Promise<SettingView> {
    if (!isSettingKey(key))
      throw ApiError.notFound({ zh: `没有名为 ${key} 的设置`, en: `No setting named ${key}` });
    const check = checkSettingValue(key, value);
    if (!check.valid) throw ApiError.invalidField('value', 'settingValue', check.message);
    const view = await this.dataSource.transaction(async (manager) => {
      const [before]: { value: unknown }[] = await manager.query(
        `SELECT value FROM setting WHERE key = $1 FOR UPDATE`,
        [key],
      );
      const [row] = await updateReturning<SettingRow>(
        manager,
        `UPDATE setting SET value = $2, version = version + 1, updated_at = now(), updated_by = $3
          WHERE key = $1 RETURNING key, value, version, updated_at`,
        [key, JSON.stringify(value), actor.id],
      );
      await this.audit.record(manager, {
        actor,
        action: 'setting.changed',
        entityType: 'setting',
        entityId: key,
        reason: reason ?? null,
        data: { from: before?.value ?? null, to: value },
      });
      return this.view(key, row);
    });
    this.cache = undefined;
    return view;
  }

  private view(key: SettingKey, row: SettingRow | undefined): SettingView {
    const definition = SETTING_DEFINITIONS[key] as (typeof SETTING_DEFINITIONS)[SettingKey] & {
      min?: number;
      max?: number;
    };
    return {
      key,
      value: row?.value ?? definition.default,
      default: definition.default,
      type: definition.type,
      ...(definition.min !== undefined ? { min: definition.min, max: definition.max } : {}),
      description: definition.description,
      version: row?.version ?? 0,
      updatedAt: (row?.updated_at ?? new Date(0)).toISOString(),
    };
  }

  /**
   * A stale cache is served while one refresh runs in the background: callers inside a transaction must never
   * wait for a second pooled connection, or a burst that holds every connection would wait for itself.
   */
  private async rows(fresh = false): Promise<Map<SettingKey, SettingRow>> {
    if (fresh || !this.cache) return this.load();
    if (Date.now() - this.cache.loadedAt >= CACHE_TTL_MS) {
      this.refreshing ??= this.load()
        .catch(() => this.cache!.rows)
        .finally(() => (this.refreshing = undefined));
    }
    return this.cache.rows;
  }

  private async load(): Promise<Map<SettingKey, SettingRow>> {
    const rows: SettingRow[] = await this.dataSource.query(
      `SELECT key, value, version, updated_at FROM setting`,
    );
    this.cache = { loadedAt: Date.now(), rows: new Map(rows.map((row) => [row.key, row])) };
    return this.cache.rows;
  }
}
