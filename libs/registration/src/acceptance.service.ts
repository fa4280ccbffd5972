import { randomInt, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditActor, SYSTEM_ACTOR } from '@app/audit';
import { ApiError } from '@app/common';
import { pgConstraintName, updateReturning } from '@app/db';
import { IN_FLIGHT_STATES, wuhaiDate } from '@app/domain';
import { PiiCipher } from '@app/identity';
import { OutboxService } from '@app/queue';
import { CalendarService, SettingsService } from '@app/registry';
import { APPLICATION_SELECT, ApplicationRow } from './application-record';
import { ApplicationNotifier } from './application-notifier';
import { ApplicationTransitions, TransitionWrite } from './application-transitions';
import { DeadlinesService } from './deadlines.service';

/** The window an acceptance happens at; its code is printed in the acceptance number. */
export interface CounterWindow {
  id: string;
  code: string;
}

/** The receipt's number and the code that unlocks the public status query. */
export interface AcceptanceNumber {
  acceptanceNumber: string;
  pickupCode: string;
}

export type WindowNumberSeries = 'acceptance' | 'notice';

const SERIES_PREFIX: Record<WindowNumberSeries, string> = { acceptance: 'SL', notice: 'GZ' };
/** No 0/O, 1/I/L: a code read off paper and typed into a phone must not be ambiguous. */
const PICKUP_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const PICKUP_LENGTH = 8;

/**
 * 受理. Shared by staff accepting an online submission and by a clerk accepting at the counter: the first
 * acceptance fixes the application's place in the order of acceptance (a sequence) and, for a mortgage, its rank
 * under the unit's row lock; accepting again after a requisition keeps both, and the clock.
 */
@Injectable()
export class AcceptanceService {
  constructor(
    private readonly transitions: ApplicationTransitions,
    private readonly deadlines: DeadlinesService,
    private readonly outbox: OutboxService,
    private readonly notifier: ApplicationNotifier,
    private readonly settings: SettingsService,
    private readonly calendar: CalendarService,
    private readonly cipher: PiiCipher,
  ) {}

  /**
   * The next number of a window's daily series, `SL` (acceptance) or `GZ` (one-time notice) + window code +
   * yyyyMMdd + 4 digits. The counter row is updated in the caller's transaction, so the series has no gaps: a
   * rolled-back intake returns its number, and parallel intakes at one window wait on the row in turn.
   */
  async nextWindowNumber(
    manager: EntityManager,
    window: CounterWindow,
    series: WindowNumberSeries,
    day: string,
  ): Promise<string> {
    const [{ last_value }]: { last_value: number }[] = await manager
      .query(
        `INSERT INTO window_number_counter (window_id, series, day, last_value) VALUES ($1, $2, $3, 1)
         ON CONFLICT (window_id, series, day) DO UPDATE SET last_value = window_number_counter.last_value + 1
         RETURNING last_value`,
        [window.id, series, day],
      )
      .catch((error: unknown) => {
        if (pgConstraintName(error) !== 'window_number_counter_last_value_check') throw error;
        throw ApiError.conflict(
          {
            zh: '本窗口今日编号已用完（每日 9999 个），请到其他窗口办理',
            en: 'This window has used all 9,999 numbers of the day; please use another window',
          },
          { reason: 'window_daily_numbers_exhausted' },
        );
      });
    return `${SERIES_PREFIX[series]}${window.code}${day.replaceAll('-', '')}${String(last_value).padStart(4, '0')}`;
  }

  /** Whether `code` is the pickup code printed on the receipt with this acceptance number. */
  pickupCodeMatches(acceptanceNumber: string, code: string, storedHash: Buffer): boolean {
    const offered = this.pickupHash(acceptanceNumber, code.trim().toUpperCase());
    return offered.length === storedHash.length && timingSafeEqual(offered, storedHash);
  }

  /** The pickup code in clear, for reprinting a receipt; it is kept encrypted like personal data. */
  revealPickupCode(ciphertext: Buffer): string {
    return this.cipher.decrypt(ciphertext);
  }

  async accept(
    manager: EntityManager,
    application: ApplicationRow,
    write: TransitionWrite,
    actor: AuditActor & { id: string },
    window: CounterWindow | null,
  ): Promise<ApplicationRow> {
    const reservesRank = application.kind === 'mortgage' && application.mortgage_rank === null;
    // Locked before the acceptance number is drawn, so a mortgage's rank follows its place in the order.
    if (reservesRank) {
      await manager.query(`SELECT id FROM real_estate_unit WHERE id = $1 FOR UPDATE`, [application.unit_id]);
    }
    const first = application.acceptance_seq === null;
    const changes: Record<string, unknown> = {
      ...write.changes,
      accepted_at: new Date(),
      accepted_by: actor.id,
    };
    if (first) {
      const [{ seq }]: { seq: string }[] = await manager.query(
        `SELECT nextval('registration_acceptance_seq') AS seq`,
      );
      changes.acceptance_seq = seq;
      changes.accepted_on = wuhaiDate();
      changes.time_limit_days = await this.deadlines.timeLimit(application.kind);
    }
    if (reservesRank) {
      const [{ rank }]: { rank: number }[] = await manager.query(
        `SELECT greatest(
                  (SELECT max(rank) FROM mortgage WHERE unit_id = $1 AND status = 'current'),
                  (SELECT max(mortgage_rank) FROM registration_application
                    WHERE unit_id = $1 AND kind = 'mortgage' AND status = ANY ($2)),
                  0) + 1 AS rank`,
        [application.unit_id, IN_FLIGHT_STATES],
      );
      changes.mortgage_rank = rank;
    }
    // The window that first accepted an application keeps it; a later acceptance elsewhere does not move it.
    if (window && application.window_id === null) changes.window_id = window.id;
    const accepted = await this.transitions.apply(manager, application, {
      ...write,
      changes,
      auditData: { ...write.auditData, ...(window ? { windowCode: window.code } : {}) },
    });
    await this.notifier.notify(
      manager,
      accepted,
      ['parties'],
      'application.accepted',
      '申请已受理 / Application accepted',
      `已受理，承诺办结时限 ${accepted.time_limit_days} 个工作日 / accepted`,
    );
    return this.afterAcceptance(manager, accepted);
  }

  /**
   * Gives an application accepted at a window its acceptance number and pickup code. Called as late in the
   * intake's transaction as possible, because the window's counter row stays locked from here to the commit.
   */
  async numberAcceptance(
    manager: EntityManager,
    application: ApplicationRow,
    window: CounterWindow,
    day: string,
  ): Promise<AcceptanceNumber> {
    // Accepted again after a requisition: the receipt keeps the number and code the applicant already holds.
    if (application.acceptance_number !== null) {
      return {
        acceptanceNumber: application.acceptance_number,
        pickupCode: this.revealPickupCode(application.pickup_code_ciphertext!),
      };
    }
    const acceptanceNumber = await this.nextWindowNumber(manager, window, 'acceptance', day);
    const pickupCode = Array.from(
      { length: PICKUP_LENGTH },
      () => PICKUP_ALPHABET[randomInt(PICKUP_ALPHABET.length)],
    ).join('');
    const [numbered] = await updateReturning<{ id: string }>(
      manager,
      `UPDATE registration_application
          SET acceptance_number = $2, pickup_code_ciphertext = $3, pickup_code_hmac = $4
        WHERE id = $1 AND acceptance_number IS NULL AND window_id IS NOT NULL AND accepted_at IS NOT NULL
        RETURNING id`,
      [
        application.id,
        acceptanceNumber,
        this.cipher.encrypt(pickupCode),
        this.pickupHash(acceptanceNumber, pickupCode),
      ],
    );
    if (!numbered) throw new Error(`Application ${application.id} is not an unnumbered window acceptance`);
    return { acceptanceNumber, pickupCode };
  }

  /** Opens pre-emption when the declared price calls for it; otherwise starts the clock and routes to review. */
  private async afterAcceptance(manager: EntityManager, accepted: ApplicationRow): Promise<ApplicationRow> {
    if (accepted.preemption_required && accepted.preemption_decision === null) {
      const decisionDays = await this.settings.get('preemption.decisionWorkingDays');
      const due = await this.calendar.addWorkingDays(wuhaiDate(), decisionDays);
      const pending = await this.transitions.apply(manager, accepted, {
        action: 'open-preemption',
        to: 'preemption_pending',
        actor: SYSTEM_ACTOR,
        comment: `申报价格低于基准地价比例，启动优先购买程序，${due.date} 前决定 / declared price below the benchmark share`,
        changes: { preemption_due_on: due.date },
      });
      await this.deadlines.pause(manager, pending, 'preemption_pending');
      await this.deadlines.refresh(manager, pending);
      await this.notifier.notify(
        manager,
        pending,
        ['registrars'],
        'application.preemption_opened',
        '优先购买权待决定 / Pre-emption decision needed',
        `请于 ${due.date} 前决定是否行使优先购买权 / decide by ${due.date}`,
      );
    } else {
      await this.deadlines.refresh(manager, accepted);
      await this.outbox.enqueue(manager, 'application.route', { applicationId: accepted.id });
    }
    const [settled]: ApplicationRow[] = await manager.query(`${APPLICATION_SELECT} WHERE a.id = $1`, [
      accepted.id,
    ]);
    return settled;
  }

  private pickupHash(acceptanceNumber: string, code: string): Buffer {
    return this.cipher.lookupHash(`pickup:${acceptanceNumber}:${code}`);
  }
}
