import type { BilingualMessage } from '../identifiers/identifier-check';
import {
  findTransition,
  isJointKind,
  PREEMPTION_EXERCISED_GROUND,
  REGISTRATION_ACTIONS,
  type Performer,
  type RegistrationAction,
  type RegistrationKind,
  type RegistrationState,
  type TransitionRule,
} from './registration-model';

/** User ids of the people who already acted, read from the application's history by the caller. */
export interface ReviewHistory {
  readonly acceptedBy?: string;
  readonly firstReviewedBy?: string;
  readonly secondReviewedBy?: string;
}

export type PrecheckStatus = 'pending' | 'passed' | 'failed';

/** An absent flag counts as "not yet": a caller that forgets to load it gets a refusal, never a silent pass. */
export interface RegistrationContext extends ReviewHistory {
  readonly counterpartyConfirmed?: boolean;
  readonly precheck?: PrecheckStatus;
}

export interface PersonActor {
  readonly id: string;
  readonly roles: readonly string[];
  readonly isApplicant: boolean;
  readonly isCounterparty: boolean;
}

export interface SystemActor {
  readonly system: true;
}

export type RegistrationActor = PersonActor | SystemActor;

/** The body of `POST /applications/:id/actions/:action`, not yet trusted. */
export interface TransitionInput {
  readonly comment?: string;
  readonly missingItems?: readonly string[];
  readonly legalGround?: string;
  readonly exercise?: boolean;
}

export type TransitionInputField = keyof TransitionInput;

/** HTTP: illegal_transition and precondition → 409, forbidden and separation_of_duties → 403, missing_input → 400. */
export type TransitionRefusalReason =
  'illegal_transition' | 'forbidden' | 'separation_of_duties' | 'missing_input' | 'precondition';

/** `legalGround` is set whenever the application ends `rejected`, so history always carries it. */
export interface TransitionAllowed {
  readonly ok: true;
  readonly to: RegistrationState;
  readonly legalGround?: string;
}

export interface TransitionRefused {
  readonly ok: false;
  readonly reason: TransitionRefusalReason;
  readonly message: BilingualMessage;
  readonly field?: string;
}

export type TransitionDecision = TransitionAllowed | TransitionRefused;

export interface TransitionRequest {
  readonly state: RegistrationState;
  readonly kind: RegistrationKind;
  readonly action: RegistrationAction;
  readonly actor: RegistrationActor;
  readonly context: RegistrationContext;
  readonly input: TransitionInput;
}

export const STATE_LABELS: Readonly<Record<RegistrationState, BilingualMessage>> = {
  draft: { zh: '草稿', en: 'draft' },
  submitted: { zh: '已提交', en: 'submitted' },
  accepted: { zh: '已受理', en: 'accepted' },
  first_review: { zh: '初审通过', en: 'first review passed' },
  second_review: { zh: '复审通过', en: 'second review passed' },
  approved: { zh: '已核准', en: 'approved' },
  recorded: { zh: '已登簿', en: 'recorded' },
  certified: { zh: '已发证', en: 'certified' },
  requisitioned: { zh: '待补正', en: 'awaiting missing items' },
  preemption_pending: { zh: '优先购买权待决', en: 'pre-emption pending' },
  rejected: { zh: '已驳回', en: 'rejected' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
};

export const ACTION_LABELS: Readonly<Record<RegistrationAction, BilingualMessage>> = {
  submit: { zh: '提交', en: 'submit' },
  accept: { zh: '受理', en: 'accept' },
  'open-preemption': { zh: '启动优先购买程序', en: 'open pre-emption' },
  'decide-preemption': { zh: '优先购买权决定', en: 'decide pre-emption' },
  requisition: { zh: '一次性告知补正', en: 'requisition missing items' },
  resubmit: { zh: '补正后重新提交', en: 'resubmit' },
  'pass-first-review': { zh: '初审通过', en: 'pass first review' },
  'pass-second-review': { zh: '复审通过', en: 'pass second review' },
  approve: { zh: '核准', en: 'approve' },
  record: { zh: '登簿', en: 'record' },
  certify: { zh: '发证', en: 'certify' },
  reject: { zh: '驳回（不予受理/不予登记）', en: 'reject' },
  withdraw: { zh: '撤回申请', en: 'withdraw' },
};

/** Listed in the order a person fills them in, so the first missing one is the one to name. */
const REQUIRED_INPUT: Partial<Record<RegistrationAction, readonly TransitionInputField[]>> = {
  requisition: ['missingItems', 'comment'],
  reject: ['legalGround', 'comment'],
  'decide-preemption': ['exercise'],
};

const INPUT_LABELS: Readonly<Record<TransitionInputField, BilingualMessage>> = {
  comment: { zh: '意见说明', en: 'a comment' },
  missingItems: { zh: '需补正的全部材料清单', en: 'the list of every missing item' },
  legalGround: { zh: '法律依据', en: 'the legal ground' },
  exercise: { zh: '是否行使优先购买权', en: 'whether pre-emption is exercised (exercise: true|false)' },
};

/** Whose earlier step disqualifies the actor: acceptance and both reviews are four-eyes checks on each other. */
const MUST_DIFFER_FROM: Partial<Record<RegistrationAction, readonly (keyof ReviewHistory)[]>> = {
  'pass-first-review': ['acceptedBy'],
  'pass-second-review': ['acceptedBy', 'firstReviewedBy'],
  approve: ['firstReviewedBy', 'secondReviewedBy'],
  record: ['acceptedBy'],
};

const HISTORY_LABELS: Readonly<Record<keyof ReviewHistory, BilingualMessage>> = {
  acceptedBy: { zh: '受理', en: 'accepted' },
  firstReviewedBy: { zh: '初审', en: 'did the first review of' },
  secondReviewedBy: { zh: '复审', en: 'did the second review of' },
};

function refuse(reason: TransitionRefusalReason, zh: string, en: string, field?: string): TransitionRefused {
  return field === undefined
    ? { ok: false, reason, message: { zh, en } }
    : { ok: false, reason, message: { zh, en }, field };
}

function isSystem(actor: RegistrationActor): actor is SystemActor {
  return 'system' in actor;
}

function actsAs(performer: Performer, actor: RegistrationActor): boolean {
  if (isSystem(actor)) return performer === 'system';
  if (performer === 'system') return false;
  if (performer === 'applicant') return actor.isApplicant && actor.roles.includes('holder');
  return actor.roles.includes(performer);
}

function actorRefusal(
  rule: TransitionRule,
  actor: RegistrationActor,
  history: ReviewHistory,
): TransitionRefused | null {
  const label = ACTION_LABELS[rule.action];
  if (!rule.by.some((performer) => actsAs(performer, actor))) {
    return isSystem(actor)
      ? refuse('forbidden', `系统不能自动执行"${label.zh}"`, `The system may not ${label.en} on its own`)
      : refuse(
          'forbidden',
          `您的角色无权执行"${label.zh}"`,
          `Your role may not ${label.en} this application`,
        );
  }
  if (isSystem(actor)) return null;
  // Staff who are a party would be deciding their own case; acting as the applicant is fine.
  const asApplicant = rule.by.includes('applicant') && actsAs('applicant', actor);
  if (!asApplicant && (actor.isApplicant || actor.isCounterparty)) {
    return refuse(
      'separation_of_duties',
      `您是本申请的当事人，不能执行"${label.zh}"`,
      `You are a party to this application and may not ${label.en} it`,
    );
  }
  for (const step of MUST_DIFFER_FROM[rule.action] ?? []) {
    if (history[step] === actor.id) {
      const earlier = HISTORY_LABELS[step];
      return refuse(
        'separation_of_duties',
        `您已${earlier.zh}本申请，不能再执行"${label.zh}"`,
        `You ${earlier.en} this application and may not also ${label.en} it`,
      );
    }
  }
  return null;
}

function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

function isMissing(field: TransitionInputField, input: TransitionInput): boolean {
  switch (field) {
    case 'missingItems':
      return (
        input.missingItems === undefined ||
        input.missingItems.length === 0 ||
        input.missingItems.some((item) => isBlank(item))
      );
    case 'exercise':
      return typeof input.exercise !== 'boolean';
    case 'comment':
    case 'legalGround':
      return isBlank(input[field]);
  }
}

function inputRefusal(action: RegistrationAction, input: TransitionInput): TransitionRefused | null {
  const missing = (REQUIRED_INPUT[action] ?? []).find((field) => isMissing(field, input));
  if (missing === undefined) return null;
  const label = INPUT_LABELS[missing];
  return refuse(
    'missing_input',
    `"${ACTION_LABELS[action].zh}"必须填写${label.zh}`,
    `${ACTION_LABELS[action].en} requires ${label.en}`,
    missing,
  );
}

function preconditionRefusal(
  action: RegistrationAction,
  kind: RegistrationKind,
  context: RegistrationContext,
): TransitionRefused | null {
  if ((action === 'submit' || action === 'resubmit') && isJointKind(kind) && !context.counterpartyConfirmed) {
    return refuse(
      'precondition',
      '转移和抵押登记须双方共同申请，对方尚未确认',
      'Transfer and mortgage need a joint application; the counter-party has not confirmed yet',
      'counterpartyConfirmed',
    );
  }
  if (action === 'accept' && context.precheck !== 'passed') {
    return context.precheck === 'failed'
      ? refuse(
          'precondition',
          '预审发现阻断性问题，不能受理，请要求补正或驳回',
          'The pre-check found blocking problems: requisition or reject instead of accepting',
          'precheck',
        )
      : refuse(
          'precondition',
          '自动预审尚未完成，暂不能受理',
          'The automatic pre-check has not finished yet',
          'precheck',
        );
  }
  return null;
}

function outcome(rule: TransitionRule, input: TransitionInput): TransitionAllowed {
  if (typeof rule.to !== 'string') {
    return input.exercise === true
      ? { ok: true, to: rule.to.exercised, legalGround: PREEMPTION_EXERCISED_GROUND }
      : { ok: true, to: rule.to.waived };
  }
  if (rule.to === 'rejected' && input.legalGround !== undefined) {
    return { ok: true, to: rule.to, legalGround: input.legalGround.trim() };
  }
  return { ok: true, to: rule.to };
}

/**
 * Checks run from the least to the most specific, so a refusal names the first thing the caller must change:
 * state, then who acts, then the request body, then the world (confirmation, pre-check).
 */
export function decideTransition(request: TransitionRequest): TransitionDecision {
  const { state, kind, action, actor, context, input } = request;
  const rule = findTransition(state, action);
  if (rule === undefined) {
    const from = STATE_LABELS[state];
    const act = ACTION_LABELS[action];
    return refuse(
      'illegal_transition',
      `申请当前状态为"${from.zh}"，不能执行"${act.zh}"`,
      `The application is ${from.en}; it cannot ${act.en} now`,
    );
  }
  return (
    actorRefusal(rule, actor, context) ??
    inputRefusal(action, input) ??
    preconditionRefusal(action, kind, context) ??
    outcome(rule, input)
  );
}

/**
 * What to offer this actor: state, role and separation of duties only. Preconditions and input are left out on
 * purpose, so a UI still shows "accept" while the pre-check runs and explains the refusal when pressed.
 */
export function availableActions(
  state: RegistrationState,
  actor: RegistrationActor,
  history: ReviewHistory,
): RegistrationAction[] {
  return REGISTRATION_ACTIONS.filter((action) => {
    const rule = findTransition(state, action);
    return rule !== undefined && actorRefusal(rule, actor, history) === null;
  });
}
