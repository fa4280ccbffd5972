import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@app/audit';
import type { DeadlineView } from '@app/contract';
import {
  addCalendarDays,
  addWorkingDays,
  ClockPause,
  countWorkingDays,
  endOfWuhaiDay,
  IN_FLIGHT_STATES,
  RegistrationKind,
  startOfWuhaiDay,
  wuhaiDate,
} from '@app/domain';
import { OutboxService } from '@app/queue';
import { CalendarService, SettingsService } from '@app/registry';
import { APPLICATION_SELECT, ApplicationRow } from './application-record';
import { ApplicationNotifier } from './application-notifier';

export type { DeadlineView };

const TIME_LIMIT_SETTING = {
  transfer: 'timeLimit.transfer',
  lease: 'timeLimit.lease',
  mortgage: 'timeLimit.mortgage',
  mortgage_release: 'timeLimit.mortgageRelease',
} as const satisfies Record<RegistrationKind, string>;

/**
 * The statutory clock: the limit per kind comes from settings, days from the working-day calendar, and time
 * in `requisitioned` and `preemption_pending` is left out. Warnings at the configured share of the limit and
 * escalation at the limit run as delayed outbox jobs, and the sweep repeats the same guarded checks, so a
 * timer Redis lost only delays a warning.
 */
@Injectable()
export class DeadlinesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
    private readonly settings: SettingsService,
    private readonly outbox: OutboxService,
    private readonly notifier: ApplicationNotifier,
    private readonly audit: AuditService,
  ) {}

  timeLimit(kind: RegistrationKind): Promise<number> {
    return this.settings.get(TIME_LIMIT_SETTING[kind]);
  }

  async pauses(manager: EntityManager, applicationId: string): Promise<ClockPause[]> {
    const rows: { paused_on: string; resumed_on: string | null }[] = await manager.query(
      `SELECT paused_on, resumed_on FROM application_clock_pause WHERE application_id = $1 ORDER BY id`,
      [applicationId],
    );
    return rows.map((row) =>
      row.resumed_on ? { from: row.paused_on, to: row.resumed_on } : { from: row.paused_on },
    );
  }

  async pause(
    manager: EntityManager,
    application: ApplicationRow,
    reason: 'requisitioned' | 'preemption_pending',
  ): Promise<void> {
    if (!application.accepted_on) return;
    await manager.query(
      `INSERT INTO application_clock_pause (application_id, reason, paused_on) VALUES ($1, $2, $3)
       ON CONFLICT (application_id) WHERE resumed_on IS NULL DO NOTHING`,
      [application.id, reason, wuhaiDate()],
    );
  }

  async resume(manager: EntityManager, applicationId: string): Promise<void> {
    await manager.query(
      `UPDATE application_clock_pause SET resumed_on = $2 WHERE application_id = $1 AND resumed_on IS NULL`,
      [applicationId, wuhaiDate()],
    );
  }

  /**
   * Recomputes the stored due and warning dates (derived columns the queue sorts and the sweep filters on) and
   * schedules the checks. With the clock stopped there is no due date until it runs again.
   */
  async refresh(manager: EntityManager, application: ApplicationRow): Promise<void> {
    if (!application.accepted_on || !application.time_limit_days) return;
    const pauses = await this.pauses(manager, application.id);
    const open = pauses.some((pause) => pause.to === undefined);
    if (open || !IN_FLIGHT_STATES.includes(application.status)) {
      await manager.query(`UPDATE registration_application SET due_on = NULL, warn_on = NULL WHERE id = $1`, [
        application.id,
      ]);
      return;
    }
    const calendar = await this.calendar.calendar();
    const limit = application.time_limit_days;
    const warnRatio = await this.settings.get('deadline.warnRatio');
    const due = addWorkingDays(application.accepted_on, limit, calendar, pauses);
    const warn = addWorkingDays(
      application.accepted_on,
      Math.max(1, Math.ceil(limit * warnRatio)),
      calendar,
      pauses,
    );
    await manager.query(
      `UPDATE registration_application SET due_on = $2, warn_on = $3, due_provisional = $4 WHERE id = $1`,
      [application.id, due.date, warn.date, due.provisional],
    );
    const now = Date.now();
    // A warning is due once the warning day has begun; escalation once the last working day has ended.
    for (const at of [startOfWuhaiDay(warn.date), startOfWuhaiDay(addCalendarDays(due.date, 1))]) {
      await this.outbox.enqueue(
        manager,
        'application.deadline',
        { applicationId: application.id },
        {
          delayMs: Math.max(0, at.getTime() - now),
        },
      );
    }
  }

  async view(manager: EntityManager, application: ApplicationRow): Promise<DeadlineView | null> {
    if (!application.accepted_on || !application.time_limit_days) return null;
    const today = wuhaiDate();
    const pauses = await this.pauses(manager, application.id);
    const paused = pauses.some((pause) => pause.to === undefined);
    const settled = pauses.map((pause) => ({ from: pause.from, to: pause.to ?? today }));
    const calendar = await this.calendar.calendar();
    const end = application.recorded_at ? wuhaiDate(application.recorded_at) : today;
    const elapsed = countWorkingDays(
      application.accepted_on,
      end < application.accepted_on ? application.accepted_on : end,
      calendar,
      settled,
    );
    return {
      limitWorkingDays: application.time_limit_days,
      acceptedOn: application.accepted_on,
      dueAt: application.due_on ? endOfWuhaiDay(application.due_on) : null,
      elapsedWorkingDays: elapsed.days,
      paused,
      provisional: application.due_provisional || elapsed.provisional,
      warnedAt: application.warned_at?.toISOString() ?? null,
      escalatedAt: application.escalated_at?.toISOString() ?? null,
    };
  }

  /** Warns or escalates one application if its dates say so; guarded, so repeating it sends nothing twice. */
  async check(applicationId: string): Promise<'warned' | 'escalated' | 'nothing'> {
    return this.audit.transaction(async (manager) => {
      const today = wuhaiDate();
      const [escalated] = await this.mark(manager, applicationId, 'escalated_at', `due_on < $2`, today);
      if (escalated) {
        await this.notifier.notify(
          manager,
          escalated,
          ['assignee', 'registrars'],
          'application.overdue',
          '登记办理超期 / Registration overdue',
          `已超过承诺时限（${escalated.time_limit_days}个工作日，${escalated.due_on}届满），请督办 / past its limit`,
        );
        return 'escalated';
      }
      const [warned] = await this.mark(manager, applicationId, 'warned_at', `warn_on <= $2`, today);
      if (warned) {
        await this.notifier.notify(
          manager,
          warned,
          ['assignee'],
          'application.deadline_near',
          '登记办理时限预警 / Deadline approaching',
          `办理时限将于${warned.due_on}届满 / due on ${warned.due_on}`,
        );
        return 'warned';
      }
      return 'nothing';
    });
  }

  /** Applications whose warning or escalation is due but not yet sent: what the sweep re-checks. */
  async dueForCheck(limit = 500): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM registration_application
        WHERE status = ANY ($1) AND due_on IS NOT NULL
          AND ((warned_at IS NULL AND warn_on <= $2) OR (escalated_at IS NULL AND due_on < $2))
        ORDER BY due_on LIMIT $3`,
      [IN_FLIGHT_STATES, wuhaiDate(), limit],
    );
    return rows.map((row) => row.id);
  }

  private async mark(
    manager: EntityManager,
    applicationId: string,
    column: 'warned_at' | 'escalated_at',
    condition: string,
    today: string,
  ): Promise<ApplicationRow[]> {
    const [marked] = (await manager.query(
      `UPDATE registration_application SET ${column} = now()
        WHERE id = $1 AND ${column} IS NULL AND due_on IS NOT NULL AND ${condition} AND status = ANY ($3)
        RETURNING id`,
      [applicationId, today, IN_FLIGHT_STATES],
    )) as [{ id: string }[], number];
    if (marked.length === 0) return [];
    const rows: ApplicationRow[] = await manager.query(`${APPLICATION_SELECT} WHERE a.id = $1`, [
      applicationId,
    ]);
    await this.audit.record(manager, {
      actor: SYSTEM_ACTOR,
      action: column === 'warned_at' ? 'application.deadline_warned' : 'application.deadline_escalated',
      entityType: 'registration_application',
      entityId: applicationId,
      data: { applicationNumber: rows[0].application_number, dueOn: rows[0].due_on, status: rows[0].status },
    });
    return rows;
  }
}
