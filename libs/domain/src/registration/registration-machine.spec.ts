import fc from 'fast-check';
import {
  availableActions,
  decideTransition,
  type PersonActor,
  type RegistrationActor,
  type RegistrationContext,
  type TransitionInput,
} from './registration-machine';
import {
  findTransition,
  isClockPaused,
  isTerminal,
  PREEMPTION_EXERCISED_GROUND,
  REGISTRATION_ACTIONS,
  REGISTRATION_KINDS,
  REGISTRATION_STATES,
  TERMINAL_STATES,
  TRANSITIONS,
  targetsOf,
  type Performer,
  type RegistrationAction,
  type RegistrationState,
} from './registration-model';

// Written out by hand rather than derived from TRANSITIONS, so the table is checked against an independent copy.
const LEGAL: Record<RegistrationState, Partial<Record<RegistrationAction, RegistrationState>>> = {
  draft: { submit: 'submitted', withdraw: 'withdrawn' },
  submitted: { accept: 'accepted', requisition: 'requisitioned', reject: 'rejected', withdraw: 'withdrawn' },
  accepted: {
    'open-preemption': 'preemption_pending',
    requisition: 'requisitioned',
    'pass-first-review': 'first_review',
    reject: 'rejected',
    withdraw: 'withdrawn',
  },
  first_review: {
    requisition: 'requisitioned',
    'pass-second-review': 'second_review',
    reject: 'rejected',
    withdraw: 'withdrawn',
  },
  second_review: {
    requisition: 'requisitioned',
    approve: 'approved',
    reject: 'rejected',
    withdraw: 'withdrawn',
  },
  approved: { record: 'recorded', reject: 'rejected', withdraw: 'withdrawn' },
  recorded: { certify: 'certified' },
  certified: {},
  requisitioned: { resubmit: 'submitted', reject: 'rejected', withdraw: 'withdrawn' },
  preemption_pending: { 'decide-preemption': 'accepted', withdraw: 'withdrawn' },
  rejected: {},
  withdrawn: {},
};

const COMPLETE_INPUT: TransitionInput = {
  comment: '材料齐全',
  missingItems: ['TAX_RECEIPT'],
  legalGround: '不动产登记暂行条例第二十二条',
  exercise: false,
};

const OPEN_CONTEXT: RegistrationContext = {
  counterpartyConfirmed: true,
  precheck: 'passed',
  acceptedBy: 'acceptor',
  firstReviewedBy: 'first-reviewer',
  secondReviewedBy: 'second-reviewer',
};

function person(id: string, roles: string[], party: Partial<PersonActor> = {}): PersonActor {
  return { id, roles, isApplicant: false, isCounterparty: false, ...party };
}

const SYSTEM: RegistrationActor = { system: true };

function actorFor(performer: Performer, id = `${performer}-1`): RegistrationActor {
  if (performer === 'system') return SYSTEM;
  if (performer === 'applicant') return person(id, ['holder'], { isApplicant: true });
  return person(id, [performer]);
}

function performerOf(state: RegistrationState, action: RegistrationAction): Performer {
  const rule = findTransition(state, action) ?? TRANSITIONS.find((candidate) => candidate.action === action);
  if (rule === undefined) throw new Error(`no rule for ${action}`);
  return rule.by[0];
}

function decide(
  state: RegistrationState,
  action: RegistrationAction,
  actor: RegistrationActor = actorFor(performerOf(state, action)),
  context: RegistrationContext = OPEN_CONTEXT,
  input: TransitionInput = COMPLETE_INPUT,
  kind: (typeof REGISTRATION_KINDS)[number] = 'transfer',
) {
  return decideTransition({ state, kind, action, actor, context, input });
}

describe('transition table', () => {
  it('has at most one rule per state and action, none out of a terminal state', () => {
    for (const state of REGISTRATION_STATES) {
      for (const action of REGISTRATION_ACTIONS) {
        const rules = TRANSITIONS.filter((rule) => rule.action === action && rule.from.includes(state));
        expect(rules.length).toBeLessThanOrEqual(1);
        if (isTerminal(state)) expect(rules).toHaveLength(0);
      }
    }
  });

  it('reaches every state from draft and a terminal state from every state', () => {
    const next = (state: RegistrationState) =>
      TRANSITIONS.filter((rule) => rule.from.includes(state)).flatMap((rule) => targetsOf(rule));
    const reach = (start: RegistrationState) => {
      const seen = new Set<RegistrationState>([start]);
      const queue = [start];
      for (let state = queue.pop(); state !== undefined; state = queue.pop()) {
        for (const target of next(state)) {
          if (seen.has(target)) continue;
          seen.add(target);
          queue.push(target);
        }
      }
      return seen;
    };
    expect([...reach('draft')].sort()).toEqual([...REGISTRATION_STATES].sort());
    for (const state of REGISTRATION_STATES) {
      expect(TERMINAL_STATES.some((terminal) => reach(state).has(terminal))).toBe(true);
    }
  });

  it('pauses the clock only while requisitioned or awaiting the pre-emption decision', () => {
    expect(REGISTRATION_STATES.filter((state) => isClockPaused(state))).toEqual([
      'requisitioned',
      'preemption_pending',
    ]);
    expect(REGISTRATION_STATES.filter((state) => isTerminal(state))).toEqual([
      'certified',
      'rejected',
      'withdrawn',
    ]);
  });
});

describe('every state × action for a permitted actor', () => {
  const pairs = REGISTRATION_STATES.flatMap((state) =>
    REGISTRATION_ACTIONS.map((action) => [state, action] as const),
  );
  it.each(pairs)('%s × %s', (state, action) => {
    const expected = LEGAL[state][action];
    const decision = decide(state, action);
    if (expected === undefined) {
      expect(decision).toMatchObject({ ok: false, reason: 'illegal_transition' });
      if (!decision.ok) expect(decision.message.zh).toContain('不能执行');
    } else {
      expect(decision).toEqual(expect.objectContaining({ ok: true, to: expected }));
    }
  });
});

describe('every action × role', () => {
  const ROLES: Record<string, RegistrationActor> = {
    applicant: actorFor('applicant'),
    otherHolder: person('holder-2', ['holder']),
    counterparty: person('holder-3', ['holder'], { isCounterparty: true }),
    clerk: actorFor('clerk'),
    reviewer: actorFor('reviewer'),
    registrar: actorFor('registrar'),
    admin: person('admin-1', ['admin']),
    auditor: person('auditor-1', ['auditor']),
    system: SYSTEM,
  };
  // One representative state per action; reject's state-dependent roles are covered below.
  const ALLOWED: Record<RegistrationAction, [RegistrationState, string[]]> = {
    submit: ['draft', ['applicant']],
    accept: ['submitted', ['clerk', 'reviewer']],
    'open-preemption': ['accepted', ['system']],
    'decide-preemption': ['preemption_pending', ['registrar']],
    requisition: ['submitted', ['clerk', 'reviewer', 'system']],
    resubmit: ['requisitioned', ['applicant']],
    'pass-first-review': ['accepted', ['reviewer']],
    'pass-second-review': ['first_review', ['reviewer']],
    approve: ['second_review', ['registrar']],
    record: ['approved', ['registrar']],
    certify: ['recorded', ['system']],
    reject: ['submitted', ['clerk', 'reviewer']],
    withdraw: ['accepted', ['applicant']],
  };
  const cases = REGISTRATION_ACTIONS.flatMap((action) =>
    Object.keys(ROLES).map((role) => [action, role] as const),
  );
  it.each(cases)('%s by %s', (action, role) => {
    const [state, allowed] = ALLOWED[action];
    const decision = decide(state, action, ROLES[role]);
    if (allowed.includes(role)) expect(decision).toMatchObject({ ok: true });
    else expect(decision).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('lets only staff, not the system, requisition once the application is accepted', () => {
    expect(decide('accepted', 'requisition', SYSTEM)).toMatchObject({ reason: 'forbidden' });
    expect(decide('first_review', 'requisition', actorFor('clerk'))).toMatchObject({ ok: true });
  });

  it.each([
    ['submitted', ['clerk', 'reviewer']],
    ['requisitioned', ['clerk', 'reviewer']],
    ['accepted', ['reviewer', 'registrar']],
    ['first_review', ['reviewer', 'registrar']],
    ['second_review', ['reviewer', 'registrar']],
    ['approved', ['registrar']],
  ] as const)('reject from %s is for %j', (state, allowed) => {
    for (const role of ['clerk', 'reviewer', 'registrar'] as const) {
      const decision = decide(state, 'reject', actorFor(role));
      expect(decision.ok).toBe((allowed as readonly string[]).includes(role));
    }
  });
});

describe('separation of duties', () => {
  const context = { ...OPEN_CONTEXT, acceptedBy: 'u-accept', firstReviewedBy: 'u-first' };

  it('keeps the acceptor out of both reviews and out of recording', () => {
    const acceptor = person('u-accept', ['clerk', 'reviewer', 'registrar']);
    for (const [state, action] of [
      ['accepted', 'pass-first-review'],
      ['first_review', 'pass-second-review'],
      ['approved', 'record'],
    ] as const) {
      expect(decide(state, action, acceptor, context)).toMatchObject({
        ok: false,
        reason: 'separation_of_duties',
      });
    }
  });

  it('needs a second reviewer other than the first', () => {
    expect(
      decide('first_review', 'pass-second-review', person('u-first', ['reviewer']), context),
    ).toMatchObject({
      reason: 'separation_of_duties',
    });
    expect(decide('first_review', 'pass-second-review', person('u-other', ['reviewer']), context)).toEqual({
      ok: true,
      to: 'second_review',
    });
  });

  it('keeps either reviewer from approving their own review', () => {
    const withSecond = { ...context, secondReviewedBy: 'u-second' };
    for (const id of ['u-first', 'u-second']) {
      expect(
        decide('second_review', 'approve', person(id, ['reviewer', 'registrar']), withSecond),
      ).toMatchObject({
        reason: 'separation_of_duties',
      });
    }
  });

  it('keeps staff who are a party from deciding the application', () => {
    expect(
      decide('submitted', 'accept', person('c', ['clerk', 'holder'], { isApplicant: true })),
    ).toMatchObject({
      reason: 'separation_of_duties',
    });
    expect(decide('approved', 'record', person('r', ['registrar'], { isCounterparty: true }))).toMatchObject({
      reason: 'separation_of_duties',
    });
    expect(decide('draft', 'submit', person('c', ['clerk', 'holder'], { isApplicant: true }))).toMatchObject({
      ok: true,
    });
  });
});

describe('required input and preconditions', () => {
  it.each([
    ['requisition', 'submitted', { comment: '缺材料' }, 'missingItems'],
    ['requisition', 'submitted', { comment: '缺材料', missingItems: [] }, 'missingItems'],
    ['requisition', 'submitted', { comment: '缺材料', missingItems: ['TAX_RECEIPT', ' '] }, 'missingItems'],
    ['requisition', 'submitted', { missingItems: ['TAX_RECEIPT'] }, 'comment'],
    ['reject', 'accepted', { comment: '查封' }, 'legalGround'],
    ['reject', 'accepted', { comment: '查封', legalGround: '  ' }, 'legalGround'],
    ['reject', 'accepted', { legalGround: '条例第二十二条' }, 'comment'],
    ['decide-preemption', 'preemption_pending', {}, 'exercise'],
  ] as const)('%s from %s with %j names %s', (action, state, input, field) => {
    expect(decide(state, action, undefined, OPEN_CONTEXT, input)).toMatchObject({
      ok: false,
      reason: 'missing_input',
      field,
    });
  });

  it.each(['transfer', 'mortgage'] as const)('needs the counter-party to confirm a joint %s', (kind) => {
    for (const [state, action] of [
      ['draft', 'submit'],
      ['requisitioned', 'resubmit'],
    ] as const) {
      const context = { ...OPEN_CONTEXT, counterpartyConfirmed: false };
      expect(decide(state, action, undefined, context, {}, kind)).toMatchObject({
        reason: 'precondition',
        field: 'counterpartyConfirmed',
      });
    }
  });

  it.each(['lease', 'mortgage_release'] as const)('submits a %s without a counter-party', (kind) => {
    expect(decide('draft', 'submit', undefined, {}, {}, kind)).toEqual({ ok: true, to: 'submitted' });
  });

  it.each([['pending'], ['failed'], [undefined]] as const)(
    'refuses to accept with pre-check %s',
    (precheck) => {
      expect(decide('submitted', 'accept', undefined, { ...OPEN_CONTEXT, precheck })).toMatchObject({
        reason: 'precondition',
        field: 'precheck',
      });
    },
  );

  it('reports the legal ground of every rejection', () => {
    expect(
      decide('preemption_pending', 'decide-preemption', undefined, OPEN_CONTEXT, { exercise: true }),
    ).toEqual({
      ok: true,
      to: 'rejected',
      legalGround: PREEMPTION_EXERCISED_GROUND,
    });
    expect(
      decide('accepted', 'reject', undefined, OPEN_CONTEXT, {
        comment: '已查封',
        legalGround: ' 条例第二十二条 ',
      }),
    ).toEqual({ ok: true, to: 'rejected', legalGround: '条例第二十二条' });
  });
});

describe('available actions', () => {
  it('offers the applicant only their own steps', () => {
    expect(availableActions('draft', actorFor('applicant'), {})).toEqual(['submit', 'withdraw']);
    expect(availableActions('recorded', actorFor('applicant'), {})).toEqual([]);
  });

  it('leaves out what separation of duties forbids but keeps what waits on a precondition', () => {
    const reviewer = person('u-accept', ['reviewer']);
    expect(availableActions('accepted', reviewer, { acceptedBy: 'u-accept' })).toEqual([
      'requisition',
      'reject',
    ]);
    expect(availableActions('accepted', person('u-2', ['reviewer']), { acceptedBy: 'u-accept' })).toEqual([
      'requisition',
      'pass-first-review',
      'reject',
    ]);
    expect(availableActions('submitted', actorFor('clerk'), {})).toEqual(['accept', 'requisition', 'reject']);
  });
});

describe('random walks', () => {
  const FORWARD: RegistrationAction[] = [
    'submit',
    'resubmit',
    'accept',
    'decide-preemption',
    'pass-first-review',
    'pass-second-review',
    'approve',
    'record',
    'certify',
  ];
  // Uniform actions end almost every walk in withdrawn or rejected; leaning forward also reaches certified.
  const anyAction = fc.oneof(
    { arbitrary: fc.constantFrom(...FORWARD), weight: 4 },
    { arbitrary: fc.constantFrom(...REGISTRATION_ACTIONS), weight: 1 },
  );
  const MAIN_LINE: RegistrationState[] = [
    'accepted',
    'first_review',
    'second_review',
    'approved',
    'recorded',
  ];

  it('never leave a terminal state, follow the table and record only after the full review line', () => {
    let reachedCertified = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...REGISTRATION_KINDS),
        fc.array(
          fc.record({
            action: anyAction,
            who: fc.integer({ min: 1, max: 4 }),
            exercise: fc.boolean(),
            precheck: fc.constantFrom('pending', 'passed', 'failed' as const),
          }),
          { maxLength: 120, size: 'max' },
        ),
        (kind, steps) => {
          let state: RegistrationState = 'draft';
          const trace: RegistrationState[] = [state];
          let history: RegistrationContext = {};
          for (const step of steps) {
            const actor = actorFor(performerOf(state, step.action), `u-${step.who}`);
            const context = { ...history, counterpartyConfirmed: true, precheck: step.precheck };
            const decision = decideTransition({
              state,
              kind,
              action: step.action,
              actor,
              context,
              input: { ...COMPLETE_INPUT, exercise: step.exercise },
            });
            if (isTerminal(state)) expect(decision).toMatchObject({ reason: 'illegal_transition' });
            if (!decision.ok) continue;
            const rule = findTransition(state, step.action);
            expect(rule && targetsOf(rule)).toContain(decision.to);
            const id = 'id' in actor ? actor.id : undefined;
            if (step.action === 'accept') history = { acceptedBy: id };
            if (step.action === 'pass-first-review') history = { ...history, firstReviewedBy: id };
            if (step.action === 'pass-second-review') history = { ...history, secondReviewedBy: id };
            state = decision.to;
            trace.push(state);
            if (state === 'recorded') expect(trace.slice(-5)).toEqual(MAIN_LINE);
          }
          if (state === 'certified') reachedCertified += 1;
        },
      ),
      { numRuns: 500 },
    );
    expect(reachedCertified).toBeGreaterThan(0);
  });
});
