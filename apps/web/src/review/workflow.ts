import { decideTransition, type ReviewHistory } from '@domain/registration/registration-machine';
import {
  TRANSITIONS,
  type PersonAction,
  type RegistrationAction,
} from '@domain/registration/registration-model';
import type { ApplicationView, UserView } from '../api/views';

/** The roles that work in this workbench; the applicant's and the system's steps are never offered here. */
const STAFF_PERFORMERS = ['clerk', 'reviewer', 'registrar'] as const;

/** Forward steps first, then the ways back or out, so the expected next step is the first button. */
const ACTION_ORDER: readonly PersonAction[] = [
  'accept',
  'pass-first-review',
  'pass-second-review',
  'approve',
  'record',
  'decide-preemption',
  'requisition',
  'reject',
];

export interface OfferedAction {
  action: PersonAction;
  /** Why this user may not take it although their role may (separation of duties); null when they may. */
  refusal: string | null;
}

/**
 * Who accepted and who did each review, read from the history the way the server keeps them: a requisition
 * starts the review over, so reviews before it no longer count.
 */
export function reviewHistory(application: ApplicationView): ReviewHistory {
  let firstReviewedBy: string | undefined;
  let secondReviewedBy: string | undefined;
  for (const entry of application.history) {
    const actor = entry.actor.id ?? undefined;
    if (entry.action === 'pass-first-review') firstReviewedBy = actor;
    if (entry.action === 'pass-second-review') secondReviewedBy = actor;
    if (entry.action === 'requisition') {
      firstReviewedBy = undefined;
      secondReviewedBy = undefined;
    }
  }
  return {
    acceptedBy: application.acceptance?.acceptedBy ?? undefined,
    firstReviewedBy,
    secondReviewedBy,
  };
}

/**
 * The steps the current state allows to the user's staff roles (the domain's transition table). Those the server
 * leaves out of `availableActions` are still listed, with the domain's own reason, so a reviewer who did the
 * first review sees why the second is not theirs instead of wondering where the button went.
 */
export function offeredActions(application: ApplicationView, user: UserView): OfferedAction[] {
  const roles = STAFF_PERFORMERS.filter((role) => user.roles.includes(role));
  const actions = new Set<RegistrationAction>(
    TRANSITIONS.filter(
      (rule) =>
        rule.from.includes(application.status) &&
        rule.by.some((performer) => (roles as readonly string[]).includes(performer)),
    ).map((rule) => rule.action),
  );
  const history = reviewHistory(application);
  return ACTION_ORDER.filter((action) => actions.has(action)).map((action) => {
    if (application.availableActions.includes(action)) return { action, refusal: null };
    const decision = decideTransition({
      state: application.status,
      kind: application.kind,
      action,
      actor: {
        id: user.id,
        roles: user.roles,
        isApplicant: user.party?.id === application.applicant.id,
        isCounterparty: !!application.counterparty && user.party?.id === application.counterparty.id,
      },
      context: history,
      input: {},
    });
    return {
      action,
      refusal:
        !decision.ok && decision.reason === 'separation_of_duties'
          ? decision.message.zh
          : '按职责分离规则，您不能办理此项',
    };
  });
}
