// The workflow table, specified independently of TRANSITIONS: every action × every state × every role
// × every scope relation. The expectation below is transcribed from the table, not computed
// from the code, so a drift in either shows up as a named mismatch.
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor, type SystemActor, type UserActor } from '@/lib/auth/actor';
import { ROLES, type Role } from '@/lib/domain/roles';
import { ACTIONS, isReviewStage, REVIEW_STAGES, STATES, type Action, type ReviewStage, type State } from '@/lib/domain/workflow-states';
import { allowedActions, transitionRefusal, type TransitionSubject } from './transition-request';
import { ruleFor, STAGE_REVIEWER, targetState, TRANSITIONS } from './transitions';

type TransitionAction = Exclude<Action, 'create' | 'edit'>;
// Who may act, as the issue names them. A supervisor acts only for their own office and a division
// coordinator only on a request routed to their division; the other roles are not scoped.
type Who = 'supervisor' | 'hsi_hq' | 'dea_hq' | 'dea_division' | 'system';

interface SpecRow {
  /** from-state → who may take the action from there */
  from: Partial<Record<State, readonly Who[]>>;
  to: State | 'the stage that returned it';
  isReasonRequired: boolean;
}

const REVIEWERS_OF_STAGE: Record<ReviewStage, Who> = {
  hsi_review: 'hsi_hq',
  dea_hq_review: 'dea_hq',
  division_review: 'dea_division',
  dea_decision: 'dea_hq',
};

const SPEC: Record<TransitionAction, SpecRow> = {
  submit: { from: { draft: ['supervisor'] }, to: 'hsi_review', isReasonRequired: false },
  endorse: { from: { hsi_review: ['hsi_hq'] }, to: 'dea_hq_review', isReasonRequired: false },
  route: { from: { dea_hq_review: ['dea_hq'] }, to: 'division_review', isReasonRequired: false },
  concur: { from: { division_review: ['dea_division'] }, to: 'dea_decision', isReasonRequired: false },
  nonconcur: { from: { division_review: ['dea_division'] }, to: 'dea_decision', isReasonRequired: true },
  approve: { from: { dea_decision: ['dea_hq'] }, to: 'active', isReasonRequired: false },
  deny: { from: { dea_hq_review: ['dea_hq'], dea_decision: ['dea_hq'] }, to: 'denied', isReasonRequired: true },
  return: {
    from: {
      hsi_review: ['hsi_hq'],
      dea_hq_review: ['dea_hq'],
      division_review: ['dea_division'],
      dea_decision: ['dea_hq'],
    },
    to: 'returned',
    isReasonRequired: true,
  },
  resubmit: { from: { returned: ['supervisor'] }, to: 'the stage that returned it', isReasonRequired: false },
  withdraw: {
    from: {
      // HQ never sees drafts, so it cannot withdraw one.
      draft: ['supervisor'],
      returned: ['supervisor', 'hsi_hq'],
      hsi_review: ['supervisor', 'hsi_hq'],
      dea_hq_review: ['supervisor', 'hsi_hq'],
      division_review: ['supervisor', 'hsi_hq'],
      dea_decision: ['supervisor', 'hsi_hq'],
    },
    to: 'withdrawn',
    isReasonRequired: true,
  },
  expire: { from: { active: ['system'] }, to: 'expired', isReasonRequired: false },
  rescind: { from: { active: ['dea_hq', 'hsi_hq'] }, to: 'rescinded', isReasonRequired: true },
  activate: { from: { pending_training: ['system'] }, to: 'active', isReasonRequired: false },
};

// Decisions on a request: the person who proposed it may never make one.
const DECISIONS: readonly TransitionAction[] = ['endorse', 'route', 'concur', 'nonconcur', 'approve', 'deny', 'return', 'rescind'];

const TRANSITION_ACTIONS = ACTIONS.filter((a): a is TransitionAction => a !== 'create' && a !== 'edit');

// The request every case looks at: proposed by field office 10, routed (when routed) to division 20.
const MY_FIELD_OFFICE = 10;
const OTHER_FIELD_OFFICE = 11;
const MY_DIVISION = 20;
const OTHER_DIVISION = 21;
const PROPOSER_ID = 999;

interface Case {
  label: string;
  actor: Actor;
  /** How this actor relates to the request, independent of the code's notion of scope. */
  isOwnOffice: boolean;
  isRoutedToMine: boolean;
  routedDivisionId: number | null;
  isProposer: boolean;
}

let nextUserId = 1;
function user(role: Role, officeId: number | null): UserActor {
  const id = nextUserId++;
  return { kind: 'user', id, name: `${role} ${id}`, email: `${role}.${id}@test.example`, role, officeId };
}

function cases(): Case[] {
  const out: Case[] = [];
  const base = { isOwnOffice: false, isRoutedToMine: false, routedDivisionId: MY_DIVISION, isProposer: false };
  const add = (c: Partial<Case> & { label: string; actor: Actor }) => out.push({ ...base, ...c });

  for (const isProposer of [false, true]) {
    const suffix = isProposer ? ', who proposed it' : '';
    const maybeProposer = (actor: UserActor): UserActor => (isProposer ? { ...actor, id: PROPOSER_ID } : actor);

    add({ label: `supervisor of the request's office${suffix}`, actor: maybeProposer(user('supervisor', MY_FIELD_OFFICE)), isOwnOffice: true, isProposer });
    add({ label: `supervisor of another office${suffix}`, actor: maybeProposer(user('supervisor', OTHER_FIELD_OFFICE)), isProposer });
    add({ label: `supervisor with no office${suffix}`, actor: maybeProposer(user('supervisor', null)), isProposer });
    for (const role of ['hsi_hq', 'dea_hq', 'auditor', 'admin'] as const) {
      add({ label: `${role}${suffix}`, actor: maybeProposer(user(role, null)), isProposer });
    }
    add({
      label: `dea_division of the routed division${suffix}`,
      actor: maybeProposer(user('dea_division', MY_DIVISION)),
      isRoutedToMine: true,
      isProposer,
    });
    add({ label: `dea_division of another division${suffix}`, actor: maybeProposer(user('dea_division', OTHER_DIVISION)), isProposer });
    add({
      label: `dea_division, request not routed anywhere${suffix}`,
      actor: maybeProposer(user('dea_division', MY_DIVISION)),
      routedDivisionId: null,
      isProposer,
    });
    add({ label: `dea_division with no office${suffix}`, actor: maybeProposer(user('dea_division', null)), isProposer });
  }
  add({ label: 'the system (scheduled job)', actor: SYSTEM_ACTOR });
  return out;
}

function subject(state: State, c: Case): TransitionSubject {
  return {
    id: 1,
    state,
    hsiOfficeId: MY_FIELD_OFFICE,
    routedDivisionId: c.routedDivisionId,
    returnedFromState: state === 'returned' ? 'dea_hq_review' : null,
    createdByUserId: PROPOSER_ID,
  };
}

/** The spec's answer: may this actor take this action on this request now? */
function expectedAllowed(action: TransitionAction, state: State, c: Case): boolean {
  const who = SPEC[action].from[state];
  if (!who) return false;
  const matches = who.some((w) => {
    if (c.actor.kind === 'system') return w === 'system';
    if (w !== c.actor.role) return false;
    if (w === 'supervisor') return c.isOwnOffice;
    if (w === 'dea_division') return c.isRoutedToMine;
    return true;
  });
  if (!matches) return false;
  return !(c.isProposer && DECISIONS.includes(action));
}

const CASES = cases();

describe('the transition table matches the spec', () => {
  it('has exactly one rule per action, and none for create or edit', () => {
    expect(TRANSITIONS.map((r) => r.action).sort()).toEqual([...TRANSITION_ACTIONS].sort());
    expect(ruleFor('create')).toBeUndefined();
    expect(ruleFor('edit')).toBeUndefined();
  });

  it.each(TRANSITION_ACTIONS)('%s: from-states, target and reason flag', (action) => {
    const rule = ruleFor(action)!;
    const spec = SPEC[action];
    expect([...rule.from].sort()).toEqual(Object.keys(spec.from).sort());
    expect(rule.to).toBe(spec.to === 'the stage that returned it' ? 'returned_from' : spec.to);
    expect(rule.isReasonRequired).toBe(spec.isReasonRequired);
    expect(rule.isDecision).toBe(DECISIONS.includes(action));
  });

  it('requires a reason exactly for nonconcur, deny, return, withdraw and rescind', () => {
    const withReason = TRANSITIONS.filter((r) => r.isReasonRequired).map((r) => r.action).sort();
    expect(withReason).toEqual(['deny', 'nonconcur', 'rescind', 'return', 'withdraw']);
  });

  it('resubmission resumes at the stage that returned the request', () => {
    const resubmit = ruleFor('resubmit')!;
    for (const stage of REVIEW_STAGES) expect(targetState(resubmit, stage)).toBe(stage);
    expect(() => targetState(resubmit, null)).toThrow();
    // Every other rule goes to its fixed state whatever the returned-from stage.
    for (const action of TRANSITION_ACTIONS.filter((a) => a !== 'resubmit')) {
      expect(targetState(ruleFor(action)!, 'hsi_review')).toBe(SPEC[action].to);
    }
  });

  it('names the reviewer of each clocked stage', () => {
    for (const stage of REVIEW_STAGES) {
      const reviewer = STAGE_REVIEWER[stage];
      expect(reviewer.role).toBe(REVIEWERS_OF_STAGE[stage]);
      expect(reviewer.scope).toBe(stage === 'division_review' ? 'routed_division' : 'any');
    }
    expect(STATES.filter(isReviewStage)).toEqual([...REVIEW_STAGES]);
  });
});

describe('who may do what, in every state', () => {
  for (const action of TRANSITION_ACTIONS) {
    describe(action, () => {
      it.each(STATES)(`from %s`, (state) => {
        const rule = ruleFor(action)!;
        const mismatches: string[] = [];
        for (const c of CASES) {
          const refusal = transitionRefusal(c.actor, rule, subject(state, c));
          const expected = expectedAllowed(action, state, c);
          if ((refusal === null) !== expected) {
            mismatches.push(`${c.label}: expected ${expected ? 'allowed' : 'refused'}, got ${refusal ? refusal.message : 'allowed'}`);
            continue;
          }
          if (refusal) {
            // The wrong state is a conflict (the page is stale); the wrong person is forbidden.
            const code = SPEC[action].from[state] ? 'forbidden' : 'conflict';
            if (refusal.code !== code) mismatches.push(`${c.label}: expected ${code}, got ${refusal.code}`);
          }
        }
        expect(mismatches).toEqual([]);
      });
    });
  }
});

describe('allowedActions offers exactly the moves the spec allows', () => {
  it.each(STATES)('in %s', (state) => {
    const mismatches: string[] = [];
    for (const c of CASES) {
      const offered = allowedActions(c.actor, subject(state, c)).sort();
      // Pages offer people's moves; what only the system does is never a button.
      const expected =
        c.actor.kind === 'system' ? [] : TRANSITION_ACTIONS.filter((a) => expectedAllowed(a, state, c)).sort();
      if (JSON.stringify(offered) !== JSON.stringify(expected)) {
        mismatches.push(`${c.label}: offered [${offered.join(', ')}], expected [${expected.join(', ')}]`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('offers nothing, in any state, to an auditor or an administrator', () => {
    for (const role of ['auditor', 'admin'] as const) {
      const actor = user(role, null);
      for (const state of STATES) {
        for (const routedDivisionId of [null, MY_DIVISION]) {
          const request = { ...subject(state, CASES[0]!), routedDivisionId };
          expect(allowedActions(actor, request)).toEqual([]);
          for (const rule of TRANSITIONS) expect(transitionRefusal(actor, rule, request)).not.toBeNull();
        }
      }
    }
  });

  it('offers the proposer no decision even when their role would allow it', () => {
    // A user who proposed a request and later moved to HSI HQ may withdraw it but not endorse it.
    const actor: UserActor = { ...user('hsi_hq', null), id: PROPOSER_ID };
    const request = { ...subject('hsi_review', CASES[0]!) };
    expect(allowedActions(actor, request).sort()).toEqual(['withdraw']);
    expect(transitionRefusal(actor, ruleFor('endorse')!, request)?.message).toMatch(/you proposed this request/i);
    const other = user('hsi_hq', null);
    expect(allowedActions(other, request).sort()).toEqual(['endorse', 'return', 'withdraw']);
  });

  it('covers every role', () => {
    const covered = new Set(CASES.flatMap((c) => (c.actor.kind === 'user' ? [c.actor.role] : [])));
    expect([...covered].sort()).toEqual([...ROLES].sort());
  });
});

describe('the history importer', () => {
  // Imported history replays moves people made elsewhere; the importer stands in for whoever made
  // them, but only along the table's edges.
  const importer: SystemActor = { kind: 'system', name: 'Imported from the 2019 spreadsheet', isImport: true };

  it.each(STATES)('replays exactly the actions whose from-states include %s', (state) => {
    const request = subject(state, CASES[0]!);
    const replayable = TRANSITION_ACTIONS.filter((a) => transitionRefusal(importer, ruleFor(a)!, request) === null).sort();
    const expected = TRANSITION_ACTIONS.filter((a) => SPEC[a].from[state] !== undefined).sort();
    expect(replayable).toEqual(expected);
  });
});
