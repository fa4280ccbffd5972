export const REGISTRATION_KINDS = ['transfer', 'lease', 'mortgage', 'mortgage_release'] as const;
export type RegistrationKind = (typeof REGISTRATION_KINDS)[number];

/** Transfer and mortgage change the counter-party's rights too, so the law wants both parties to apply. */
export const JOINT_KINDS: readonly RegistrationKind[] = ['transfer', 'mortgage'];

export function isJointKind(kind: RegistrationKind): boolean {
  return JOINT_KINDS.includes(kind);
}

/**
 * A state names the last completed step, not the next one: `first_review` means the first review is done
 * and the second is awaited. Persisted as the application status: never rename one, only add.
 */
export const REGISTRATION_STATES = [
  'draft',
  'submitted',
  'accepted',
  'first_review',
  'second_review',
  'approved',
  'recorded',
  'certified',
  'requisitioned',
  'preemption_pending',
  'rejected',
  'withdrawn',
] as const;
export type RegistrationState = (typeof REGISTRATION_STATES)[number];

export const TERMINAL_STATES: readonly RegistrationState[] = ['certified', 'rejected', 'withdrawn'];

export function isTerminal(state: RegistrationState): boolean {
  return TERMINAL_STATES.includes(state);
}

/**
 * On its way to the register: submitted and not yet recorded or ended. Once accepted, an application in one of
 * these states holds its place in the unit's acceptance order and its clock; at most one transfer per unit may be
 * in them (the migration mirrors this list in its partial unique indexes).
 */
export const IN_FLIGHT_STATES: readonly RegistrationState[] = [
  'submitted',
  'requisitioned',
  'accepted',
  'preemption_pending',
  'first_review',
  'second_review',
  'approved',
];

/** The states in which a reviewer assigned to the application has its next step to take. */
export const REVIEW_STAGES: readonly RegistrationState[] = ['accepted', 'first_review'];

/**
 * Before acceptance there is nothing to count yet, so `requisitioned` from `submitted` being "paused" is
 * harmless; after acceptance these are the two states the statutory clock excludes.
 */
export function isClockPaused(state: RegistrationState): boolean {
  return state === 'requisitioned' || state === 'preemption_pending';
}

/** The path segment of `POST /applications/:id/actions/:action`, hence kebab-case. */
export const REGISTRATION_ACTIONS = [
  'submit',
  'accept',
  'open-preemption',
  'decide-preemption',
  'requisition',
  'resubmit',
  'pass-first-review',
  'pass-second-review',
  'approve',
  'record',
  'certify',
  'reject',
  'withdraw',
] as const;
export type RegistrationAction = (typeof REGISTRATION_ACTIONS)[number];

/**
 * `applicant` is a holder who is the applicant of this very application: holding the role alone is not enough,
 * and the counter-party only confirms (a separate endpoint), it never drives the workflow.
 */
export const PERFORMERS = ['applicant', 'clerk', 'reviewer', 'registrar', 'system'] as const;
export type Performer = (typeof PERFORMERS)[number];

/** Pre-emption is the one action whose outcome depends on the decision, not only on the state. */
export interface PreemptionOutcome {
  readonly waived: RegistrationState;
  readonly exercised: RegistrationState;
}

export interface TransitionRule {
  readonly action: RegistrationAction;
  readonly from: readonly RegistrationState[];
  readonly to: RegistrationState | PreemptionOutcome;
  readonly by: readonly Performer[];
}

const IN_REVIEW: readonly RegistrationState[] = ['accepted', 'first_review', 'second_review'];

/**
 * At most one rule per (action, state) pair; the spec checks it, because the lookup takes the first match.
 *
 * Reject: 不予受理 before acceptance (clerk or reviewer, also when a requisition was never answered), 不予登记
 * during review (reviewer or registrar), and after approval only the registrar, because nobody below the
 * approver should undo an approval; it covers a competing transfer recorded first. `preemption_pending` has
 * no plain reject: the registrar's `decide-preemption` is the only way out, so the pre-emption decision is
 * always on file. `draft` has nothing to refuse: the applicant withdraws it.
 *
 * Withdraw: any non-terminal state before `recorded`, because after 登簿 the register has changed and only a
 * new application can undo it.
 *
 * The system requisitions only from `submitted`: that is where the automatic pre-check runs.
 */
export const TRANSITIONS: readonly TransitionRule[] = [
  { action: 'submit', from: ['draft'], to: 'submitted', by: ['applicant'] },
  { action: 'accept', from: ['submitted'], to: 'accepted', by: ['clerk', 'reviewer'] },
  { action: 'open-preemption', from: ['accepted'], to: 'preemption_pending', by: ['system'] },
  {
    action: 'decide-preemption',
    from: ['preemption_pending'],
    to: { waived: 'accepted', exercised: 'rejected' },
    by: ['registrar'],
  },
  { action: 'requisition', from: ['submitted'], to: 'requisitioned', by: ['clerk', 'reviewer', 'system'] },
  { action: 'requisition', from: IN_REVIEW, to: 'requisitioned', by: ['clerk', 'reviewer'] },
  { action: 'resubmit', from: ['requisitioned'], to: 'submitted', by: ['applicant'] },
  { action: 'pass-first-review', from: ['accepted'], to: 'first_review', by: ['reviewer'] },
  { action: 'pass-second-review', from: ['first_review'], to: 'second_review', by: ['reviewer'] },
  { action: 'approve', from: ['second_review'], to: 'approved', by: ['registrar'] },
  { action: 'record', from: ['approved'], to: 'recorded', by: ['registrar'] },
  { action: 'certify', from: ['recorded'], to: 'certified', by: ['system'] },
  { action: 'reject', from: ['submitted', 'requisitioned'], to: 'rejected', by: ['clerk', 'reviewer'] },
  { action: 'reject', from: IN_REVIEW, to: 'rejected', by: ['reviewer', 'registrar'] },
  { action: 'reject', from: ['approved'], to: 'rejected', by: ['registrar'] },
  {
    action: 'withdraw',
    from: [
      'draft',
      'submitted',
      'requisitioned',
      'accepted',
      'preemption_pending',
      'first_review',
      'second_review',
      'approved',
    ],
    to: 'withdrawn',
    by: ['applicant'],
  },
];

/** Actions a person may ask for; `certify` and `open-preemption` belong to the system alone. */
export type PersonAction = Exclude<RegistrationAction, 'certify' | 'open-preemption'>;
export const PERSON_ACTIONS: readonly PersonAction[] = REGISTRATION_ACTIONS.filter(
  (action): action is PersonAction =>
    TRANSITIONS.some((rule) => rule.action === action && rule.by.some((performer) => performer !== 'system')),
);

export function findTransition(
  state: RegistrationState,
  action: RegistrationAction,
): TransitionRule | undefined {
  return TRANSITIONS.find((rule) => rule.action === action && rule.from.includes(state));
}

/** Every state a rule can lead to, for tools that draw or check the graph. */
export function targetsOf(rule: TransitionRule): readonly RegistrationState[] {
  return typeof rule.to === 'string' ? [rule.to] : [rule.to.waived, rule.to.exercised];
}

/** The legal ground recorded when the government buys the land itself instead of letting the transfer go on. */
export const PREEMPTION_EXERCISED_GROUND = '国办发〔2019〕34号：政府行使优先购买权';
