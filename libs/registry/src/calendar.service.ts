import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { ApiError } from '@app/common';
import {
  addWorkingDays,
  CHINESE_DAYS_COVERED_YEARS,
  chineseDaysCalendarData,
  createWorkCalendar,
  dayOfWeek,
  WorkCalendar,
  WorkingDayDeadline,
} from '@app/domain';

/** Calendar edits reach every process within this time. */
const CACHE_TTL_MS = 30_000;

export interface CalendarDay {
  date: string;
  name: string | null;
  source: 'chinese-days' | 'admin';
}

export interface CalendarYear {
  year: number;
  covered: boolean;
  holidays: CalendarDay[];
  makeupWorkdays: CalendarDay[];
}

/**
 * The working-day calendar as data: seeded from the chinese-days package for the years it covers,
 * and editable per date by administrators when a new State Council notice comes out.
 */
@Injectable()
export class CalendarService implements OnApplicationBootstrap {
  private cache?: { loadedAt: number; calendar: WorkCalendar };
  private refreshing?: Promise<WorkCalendar>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Loads years the package covers and the table lacks; dates an administrator set are never overwritten. */
  async onApplicationBootstrap(): Promise<void> {
    const loaded: { year: number }[] = await this.dataSource.query(`SELECT year FROM calendar_year`);
    const missing = CHINESE_DAYS_COVERED_YEARS.filter((year) => !loaded.some((row) => row.year === year));
    if (missing.length === 0) return;
    const { entries } = chineseDaysCalendarData(Math.min(...missing), Math.max(...missing));
    const rows = [...entries].filter((entry) => missing.includes(Number(entry.date.slice(0, 4))));
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO work_calendar (date, kind, name, source)
         SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[])
         ON CONFLICT (date) DO NOTHING`,
        [
          rows.map((row) => row.date),
          rows.map((row) => row.kind),
          rows.map((row) => row.name ?? null),
          rows.map(() => 'chinese-days'),
        ],
      );
      await manager.query(
        `INSERT INTO calendar_year (year, source) SELECT unnest($1::int[]), 'chinese-days' ON CONFLICT DO NOTHING`,
        [missing],
      );
    });
    this.cache = undefined;
  }

  /** Served stale while one refresh runs in the background, for the same reason as the settings cache. */
  async calendar(): Promise<WorkCalendar> {
    if (!this.cache) return this.load();
    if (Date.now() - this.cache.loadedAt >= CACHE_TTL_MS) {
      this.refreshing ??= this.load()
        .catch(() => this.cache!.calendar)
        .finally(() => (this.refreshing = undefined));
    }
    return this.cache.calendar;
  }

  private async load(): Promise<WorkCalendar> {
    const years: { year: number }[] = await this.dataSource.query(`SELECT year FROM calendar_year`);
    const days: { date: string; kind: 'holiday' | 'workday' }[] = await this.dataSource.query(
      `SELECT date, kind FROM work_calendar`,
    );
    const calendar = createWorkCalendar({ coveredYears: years.map((row) => row.year), entries: days });
    this.cache = { loadedAt: Date.now(), calendar };
    return calendar;
  }

  async addWorkingDays(from: string, days: number): Promise<WorkingDayDeadline> {
    return addWorkingDays(from, days, await this.calendar());
  }

  async year(year: number): Promise<CalendarYear> {
    const [covered]: unknown[] = await this.dataSource.query(`SELECT 1 FROM calendar_year WHERE year = $1`, [
      year,
    ]);
    const days: (CalendarDay & { kind: string })[] = await this.dataSource.query(
      `SELECT date, kind, name, source FROM work_calendar
        WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1) ORDER BY date`,
      [year],
    );
    const pick = (kind: string) =>
      days.filter((day) => day.kind === kind).map(({ date, name, source }) => ({ date, name, source }));
    return {
      year,
      covered: covered !== undefined,
      holidays: pick('holiday'),
      makeupWorkdays: pick('workday'),
    };
  }

  /**
   * Marks one date as a holiday (a weekday off) or a make-up working day (a weekend worked), or with
   * `kind: null` returns it to the weekly rule.
   */
  async setDay(
    date: string,
    change: { kind: 'holiday' | 'workday' | null; name?: string; reason: string },
    actor: AuditActor,
  ): Promise<CalendarYear> {
    const weekend = [0, 6].includes(dayOfWeek(date));
    if (change.kind === 'holiday' && weekend) {
      throw ApiError.invalidField('kind', 'holidayOnWeekday', {
        zh: '周末本就休息，无需标记为节假日',
        en: 'a weekend is already a day off; only weekdays can be marked as holidays',
      });
    }
    if (change.kind === 'workday' && !weekend) {
      throw ApiError.invalidField('kind', 'workdayOnWeekend', {
        zh: '只有周末可以标记为调休上班日',
        en: 'only a weekend day can be marked as a make-up working day',
      });
    }
    await this.dataSource.transaction(async (manager) => {
      const [before]: { kind: string; name: string | null }[] = await manager.query(
        `SELECT kind, name FROM work_calendar WHERE date = $1 FOR UPDATE`,
        [date],
      );
      if (change.kind === null) {
        await manager.query(`DELETE FROM work_calendar WHERE date = $1`, [date]);
      } else {
        await manager.query(
          `INSERT INTO work_calendar (date, kind, name, source, updated_by) VALUES ($1, $2, $3, 'admin', $4)
           ON CONFLICT (date) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, source = 'admin',
             updated_by = EXCLUDED.updated_by, updated_at = now()`,
          [date, change.kind, change.name ?? null, actor.id],
        );
      }
      await this.audit.record(manager, {
        actor,
        action: 'calendar.dayChanged',
        entityType: 'calendar',
        entityId: date,
        reason: change.reason,
        data: {
          from: before ?? null,
          to: change.kind === null ? null : { kind: change.kind, name: change.name ?? null },
        },
      });
    });
    this.cache = undefined;
    return this.year(Number(date.slice(0, 4)));
  }

  /** Declares a year's notice fully entered, after which its dates stop being provisional. */
  async coverYear(year: number, reason: string, actor: AuditActor): Promise<CalendarYear> {
    await this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO calendar_year (year, source) VALUES ($1, 'admin') ON CONFLICT DO NOTHING RETURNING year`,
        [year],
      );
      if (inserted.length === 0) {
        throw ApiError.conflict({ zh: '该年度日历已加载', en: 'This year is already covered' });
      }
      await this.audit.record(manager, {
        actor,
        action: 'calendar.yearCovered',
        entityType: 'calendar',
        entityId: String(year),
        reason,
      });
    });
    this.cache = undefined;
    return this.year(year);
  }
}
