import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { ApiError, AuthenticatedUser, hasAnyRole } from '@app/common';
import {
  decideTransition,
  PersonAction,
  RegistrationState,
  TransitionInput,
  TransitionRefused,
} from '@app/domain';
import { OutboxService } from '@app/queue';
import { ApplicationRow } from './application-record';
import { ApplicationNotifier } from './application-notifier';
import { AcceptanceService } from './acceptance.service';
import { ApplicationTransitions, TransitionWrite, transferInFlightConflict } from './application-transitions';
import { ApplicationView } from './application-view';
import { ApplicationsService, registrationActor } from './applications.service';
import { DeadlinesService } from './deadlines.service';
import { IntakeService } from './intake.service';
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
const MAX_ATTEMPTS = 3;

/** The 409 of a guarded write whose row is still in the state that was read: only its version moved. */
function onlyVersionMoved(error: unknown, status: RegistrationState): boolean {
  if (!(error instanceof ApiError) || error.getStatus() !== 409) return false;
  const details = (error.getResponse() as { details?: { currentStatus?: unknown; reason?: unknown } })
    .details;
  return details?.currentStatus === status && details.reason === undefined;
}

/**
 * A clerk who turns an online submission back (requisition) or away (reject) has taken it in at his window:
 * the window then follows it, sees it, and can take the applicant's answer at its counter.
 */
function handledAtWindow(application: ApplicationRow, user: AuthenticatedUser): { window_id?: string } {
  return hasAnyRole(user, ['clerk']) && user.windowId && application.window_id === null
    ? { window_id: user.windowId }
    : {};
}

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
    private readonly audit: AuditService,
    private readonly acceptance: AcceptanceService,
    private readonly intake: IntakeService,
  ) {}

  /**
   * A job may write the application between this action's read and its guarded write (routing assigns a
   * reviewer right after acceptance, say) without changing its state. The action is then decided again on the
   * fresh row instead of answering 409 for a change the person never saw; a changed state still answers 409.
   */
  async perform(
    applicationId: string,
    action: PersonAction,
    input: TransitionInput,
    user: AuthenticatedUser,
    actor: AuditActor & { id: string },
  ): Promise<ApplicationView> {
    for (let attempt = 1; ; attempt++) {
      const read: { status?: RegistrationState } = {};
      try {
        return await this.performOnce(applicationId, action, input, user, actor, read);
      } catch (error) {
        if (attempt < MAX_ATTEMPTS && read.status !== undefined && onlyVersionMoved(error, read.status))
          continue;
        throw error;
      }
    }
  }

  private async performOnce(
    applicationId: string,
    action: PersonAction,
    input: TransitionInput,
    user: AuthenticatedUser,
    actor: AuditActor & { id: string },
    read: { status?: RegistrationState },
  ): Promise<ApplicationView> {
    try {
      // The answer is read in the same transaction, so a 5xx can never stand for a change that committed.
      return await this.audit.transaction(async (manager) => {
        const application = await this.applications.load(manager, applicationId, user);
        read.status = application.status;
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
        await this.carryOut(manager, application, action, write, input, user, actor);
        return this.applications.view(
          manager,
          await this.applications.load(manager, applicationId, user),
          user,
        );
      });
    } catch (error) {
      throw transferInFlightConflict(error) ?? error;
    }
  }

  private async carryOut(
    manager: EntityManager,
    application: ApplicationRow,
    action: PersonAction,
    write: TransitionWrite,
    input: TransitionInput,
    user: AuthenticatedUser,
    actor: AuditActor & { id: string },
  ): Promise<void> {
    switch (action) {
      case 'submit':
      case 'resubmit':
        return this.submit(manager, application, write);
      case 'accept':
        if (hasAnyRole(user, ['clerk']) && user.windowId) {
          return this.intake.acceptAtClerkWindow(manager, application, write, user, actor);
        }
        await this.acceptance.accept(manager, application, write, actor, null);
        return;
      case 'requisition': {
        // The review starts over once the applicant has answered, so earlier review steps no longer stand.
        const requisitioned = await this.transitions.apply(manager, application, {
          ...write,
          changes: {
            first_reviewed_by: null,
            second_reviewed_by: null,
            assigned_to: null,
            assigned_stage: null,
            ...handledAtWindow(application, user),
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
          changes: { assigned_to: null, assigned_stage: null, ...handledAtWindow(application, user) },
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
