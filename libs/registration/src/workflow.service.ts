import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService, SYSTEM_ACTOR } from '@app/audit';
import { ApiError, AuthenticatedUser, wuhaiDate } from '@app/common';
import { pgConstraintName } from '@app/db';
import {
  decideTransition,
  IN_FLIGHT_STATES,
  PersonAction,
  TransitionInput,
  TransitionRefused,
} from '@app/domain';
import { OutboxService } from '@app/queue';
import { CalendarService, SettingsService } from '@app/registry';
import { ApplicationRow } from './application-record';
import { ApplicationNotifier } from './application-notifier';
import { ApplicationTransitions, TransitionWrite } from './application-transitions';
import { ApplicationView } from './application-view';
import { ApplicationsService, registrationActor } from './applications.service';
import { DeadlinesService } from './deadlines.service';
import { RecordingService } from './recording.service';

function refusal(decision: TransitionRefused, application: ApplicationRow): ApiError {
  switch (decision.reason) {
    case 'forbidden':
    case 'separation_of_duties':
      return ApiError.forbidden(decision.message, { reason: decision.reason });
    case 'missing_input':
      return ApiError.invalidField(decision.field ?? 'body', 'required', decision.message);
    case 'illegal_transition':
    case 'precondition':
      return ApiError.conflict(decision.message, {
        reason: decision.reason,
        currentStatus: application.status,
        ...(decision.field ? { field: decision.field } : {}),
      });
  }
}

/**
 * One use-case per action, all in one transaction each: the domain decides whether the action is allowed,
 * the guarded update applies it, and the side effects (clock, rank, routing, notices) commit with it.
 */
@Injectable()
export class WorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applications: ApplicationsService,
    private readonly transitions: ApplicationTransitions,
    private readonly deadlines: DeadlinesService,
    private readonly recording: RecordingService,
    private readonly outbox: OutboxService,
    private readonly notifier: ApplicationNotifier,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
  ) {}

  async perform(
    applicationId: string,
    action: PersonAction,
    input: TransitionInput,
    user: AuthenticatedUser,
    actor: AuditActor & { id: string },
  ): Promise<ApplicationView> {
    try {
      // The answer is read in the same transaction, so a 5xx can never stand for a change that committed.
      return await this.audit.transaction(async (manager) => {
        const application = await this.applications.load(manager, applicationId, user);
        const decision = decideTransition({
          state: application.status,
          kind: application.kind,
          action,
          actor: registrationActor(user, application),
          context: {
            acceptedBy: application.accepted_by ?? undefined,
            firstReviewedBy: application.first_reviewed_by ?? undefined,
            secondReviewedBy: application.second_reviewed_by ?? undefined,
            counterpartyConfirmed: application.counterparty_confirmed_at !== null,
            precheck: application.precheck_status ?? undefined,
          },
          input,
        });
        if (!decision.ok) throw refusal(decision, application);
        const write: TransitionWrite = {
          action,
          to: decision.to,
          actor,
          comment: input.comment,
          missingItems: input.missingItems,
          legalGround: decision.legalGround,
        };
        await this.carryOut(manager, application, action, write, input, actor);
        return this.applications.view(
          manager,
          await this.applications.load(manager, applicationId, user),
          user,
        );
      });
    } catch (error) {
      if (pgConstraintName(error) === 'registration_one_transfer_in_flight') {
        throw ApiError.conflict(
          {
            zh: '该不动产单元已有一件正在办理的转移登记，不能同时提交第二件',
            en: 'Another transfer of this unit is already in progress',
          },
          { reason: 'transfer_in_flight', currentStatus: 'draft' },
        );
      }
      throw error;
    }
  }

  private async carryOut(
    manager: EntityManager,
    application: ApplicationRow,
    action: PersonAction,
    write: TransitionWrite,
    input: TransitionInput,
    actor: AuditActor & { id: string },
  ): Promise<void> {
    switch (action) {
      case 'submit':
      case 'resubmit':
        return this.submit(manager, application, write);
      case 'accept':
        return this.accept(manager, application, write, actor);
      case 'requisition': {
        // The review starts over once the applicant has answered, so earlier review steps no longer stand.
        const requisitioned = await this.transitions.apply(manager, application, {
          ...write,
          changes: {
            first_reviewed_by: null,
            second_reviewed_by: null,
            assigned_to: null,
            assigned_stage: null,
          },
        });
        await this.deadlines.pause(manager, requisitioned, 'requisitioned');
        await this.deadlines.refresh(manager, requisitioned);
        await this.notifier.requisitioned(manager, requisitioned, input.missingItems ?? []);
        return;
      }
      case 'pass-first-review': {
        const reviewed = await this.transitions.apply(manager, application, {
          ...write,
          changes: { first_reviewed_by: actor.id, assigned_to: null, assigned_stage: null },
        });
        await this.outbox.enqueue(manager, 'application.route', { applicationId: reviewed.id });
        return;
      }
      case 'pass-second-review': {
        const reviewed = await this.transitions.apply(manager, application, {
          ...write,
          changes: { second_reviewed_by: actor.id, assigned_to: null, assigned_stage: null },
        });
        await this.notifier.notify(
          manager,
          reviewed,
          ['registrars'],
          'application.awaiting_approval',
          '待核准申请 / Awaiting approval',
          '复审通过，等待核准 / second review passed',
        );
        return;
      }
      case 'approve':
        await this.transitions.apply(manager, application, { ...write, changes: { approved_by: actor.id } });
        return;
      case 'record':
        await this.recording.record(manager, application, actor);
        return;
      case 'reject':
      case 'withdraw': {
        const ended = await this.transitions.apply(manager, application, {
          ...write,
          changes: { assigned_to: null, assigned_stage: null },
        });
        await this.deadlines.resume(manager, ended.id);
        await this.deadlines.refresh(manager, ended);
        await this.notifier.notify(
          manager,
          ended,
          ['parties'],
          `application.${action}ed`,
          action === 'reject' ? '申请已驳回 / Application rejected' : '申请已撤回 / Application withdrawn',
          action === 'reject'
            ? `驳回依据：${write.legalGround}`
            : '申请人已撤回申请 / withdrawn by the applicant',
        );
        return;
      }
      case 'decide-preemption':
        return this.decidePreemption(manager, application, write, input.exercise === true);
    }
  }

  private async submit(
    manager: EntityManager,
    application: ApplicationRow,
    write: TransitionWrite,
  ): Promise<void> {
    const submitted = await this.transitions.apply(manager, application, {
      ...write,
      changes: {
        submission_round: application.submission_round + 1,
        submitted_at: new Date(),
        precheck_status: 'pending',
        precheck_findings: '[]',
        prechecked_at: null,
      },
    });
    if (write.action === 'resubmit') {
      await this.deadlines.resume(manager, submitted.id);
      await this.deadlines.refresh(manager, submitted);
    }
    await this.outbox.enqueue(manager, 'application.precheck', {
      applicationId: submitted.id,
      round: submitted.submission_round,
    });
  }

  /**
   * 受理. The first acceptance fixes the application's place in the order of acceptance (a sequence) and, for a
   * mortgage, its rank under the unit's row lock; accepting again after a requisition keeps both, and the clock.
   */
  private async accept(
    manager: EntityManager,
    application: ApplicationRow,
    write: TransitionWrite,
    actor: AuditActor & { id: string },
  ): Promise<void> {
    const reservesRank = application.kind === 'mortgage' && application.mortgage_rank === null;
    // Locked before the acceptance number is drawn, so a mortgage's rank follows its place in the order.
    if (reservesRank) {
      await manager.query(`SELECT id FROM real_estate_unit WHERE id = $1 FOR UPDATE`, [application.unit_id]);
    }
    const first = application.acceptance_seq === null;
    const changes: Record<string, unknown> = { accepted_at: new Date(), accepted_by: actor.id };
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
    const accepted = await this.transitions.apply(manager, application, { ...write, changes });
    await this.notifier.notify(
      manager,
      accepted,
      ['parties'],
      'application.accepted',
      '申请已受理 / Application accepted',
      `已受理，承诺办结时限 ${accepted.time_limit_days} 个工作日 / accepted`,
    );
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
      return;
    }
    await this.deadlines.refresh(manager, accepted);
    await this.outbox.enqueue(manager, 'application.route', { applicationId: accepted.id });
  }

  private async decidePreemption(
    manager: EntityManager,
    application: ApplicationRow,
    write: TransitionWrite,
    exercise: boolean,
  ): Promise<void> {
    const decided = await this.transitions.apply(manager, application, {
      ...write,
      changes: { preemption_decision: exercise ? 'exercised' : 'waived' },
      auditData: { exercise },
    });
    await this.deadlines.resume(manager, decided.id);
    await this.deadlines.refresh(manager, decided);
    await this.notifier.notify(
      manager,
      decided,
      ['parties'],
      'application.preemption_decided',
      '优先购买权决定 / Pre-emption decided',
      exercise
        ? '政府决定行使优先购买权，本次转让终止 / the government buys the land'
        : '政府放弃优先购买权，继续办理 / waived',
    );
    if (!exercise) await this.outbox.enqueue(manager, 'application.route', { applicationId: decided.id });
  }
}
