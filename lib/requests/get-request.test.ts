// One request's detail on a real temporary SQLite file: the timeline in order, the designation, the
// renewal link, the actions offered (checked against what the one writer accepts), who may not see it,
// and that nothing about users beyond an event's name and role leaves lib/.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { designations } from '@/db/schema';
import type { Actor, UserActor } from '@/lib/auth/actor';
import type { Action } from '@/lib/domain/workflow-states';
import { AppError } from '@/lib/errors';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import { advance, designationOf, makeReviewers, propose, type Reviewers } from '@/lib/testing/workflow';
import { applyTransition, transitionRequest } from '@/lib/workflow/transition-request';
import { TRANSITIONS } from '@/lib/workflow/transitions';
import { editRequest } from './edit-request';
import { getRequestDetail } from './get-request';

let t: TestDb;
let supervisor: UserActor;
let reviewers: Reviewers;

beforeEach(() => {
  t = createTestDb();
  supervisor = makeUser(t.db, 'supervisor', 'hsi-el-paso', 'Sam Supervisor');
  reviewers = makeReviewers(t.db);
});
afterEach(() => t.close());

const T0 = Date.UTC(2026, 2, 2, 15);
const minutes = (n: number) => T0 + n * 60_000;

function detail(actor: Actor, id: number) {
  return getRequestDetail(t.db, actor, id);
}

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError, but nothing was thrown');
}

class Rollback extends Error {}

/** The actions the one writer accepts from `actor` now, each tried in a transaction rolled back after. */
function acceptedActions(actor: Actor, requestId: number): Action[] {
  const divisionId = officeId(t.db, 'dea-el-paso');
  const accepted: Action[] = [];
  for (const rule of TRANSITIONS) {
    try {
      t.db.transaction((tx) => {
        applyTransition(tx, actor, { requestId, action: rule.action, reason: 'Because.', reasonCategory: 'transfer', divisionId });
        throw new Rollback();
      });
    } catch (error) {
      if (error instanceof Rollback) accepted.push(rule.action);
      else if (!(error instanceof AppError)) throw error;
    }
  }
  return accepted;
}

describe('the timeline and the designation', () => {
  it('lists every event in order with who did it, and the designation once approved', () => {
    const { id, ref } = propose(t.db, supervisor, { badge: 'EP1001', name: 'Ana Ruiz', at: minutes(0) });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(minutes(1)));
    editRequest(t.db, supervisor, id, { name: 'Ana Ruiz', dutyStation: 'Presidio, TX', deaDivisionId: officeId(t.db, 'dea-el-paso'), borderNexus: 'Fentanyl smuggling through the Presidio port of entry.' });
    vi.useRealTimers();
    transitionRequest(t.db, supervisor, { requestId: id, action: 'submit', at: minutes(2) });
    transitionRequest(t.db, reviewers.hsi, { requestId: id, action: 'return', reason: 'Name the port.', at: minutes(3) });
    transitionRequest(t.db, supervisor, { requestId: id, action: 'resubmit', at: minutes(4) });

    const beforeApproval = detail(supervisor, id);
    expect(beforeApproval.designation).toBeNull();

    advance(t.db, reviewers, id, 'active', { at: minutes(5) });
    const d = detail(supervisor, id);
    expect(d).toMatchObject({
      id,
      ref,
      kind: 'initial',
      state: 'active',
      agent: { name: 'Ana Ruiz', badge: 'EP1001', dutyStation: 'Presidio, TX' },
      hsiOfficeName: 'HSI El Paso',
      proposedDivisionName: 'DEA El Paso Division',
      routedDivisionName: 'DEA El Paso Division',
      firstSubmittedAt: minutes(2),
      renews: null,
    });
    // The timeline is ordered by time: the edit came a minute after the draft was created.
    expect(d.events.map((e) => [e.action, e.actorName, e.actorRole, e.fromState, e.toState])).toEqual([
      ['create', 'Sam Supervisor', 'supervisor', null, 'draft'],
      ['edit', 'Sam Supervisor', 'supervisor', 'draft', 'draft'],
      ['submit', 'Sam Supervisor', 'supervisor', 'draft', 'hsi_review'],
      ['return', 'Hana HSI-HQ', 'hsi_hq', 'hsi_review', 'returned'],
      ['resubmit', 'Sam Supervisor', 'supervisor', 'returned', 'hsi_review'],
      ['endorse', 'Hana HSI-HQ', 'hsi_hq', 'hsi_review', 'dea_hq_review'],
      ['route', 'Dana DEA-HQ', 'dea_hq', 'dea_hq_review', 'division_review'],
      ['concur', 'Coordinator dea-el-paso', 'dea_division', 'division_review', 'dea_decision'],
      ['approve', 'Dana DEA-HQ', 'dea_hq', 'dea_decision', 'active'],
    ]);
    expect(d.events.find((e) => e.action === 'return')!.reason).toBe('Name the port.');
    expect(d.events.find((e) => e.action === 'route')!.divisionName).toBe('DEA El Paso Division');
    expect(JSON.parse(d.events.find((e) => e.action === 'edit')!.details!)).toEqual(['duty station', 'border nexus']);

    // Approved at 10:05 New York time on 2 March 2026, for twelve months.
    expect(d.designation).toEqual({ id: designationOf(t.db, id).id, startsOn: '2026-03-02', endsOn: '2027-03-01' });
  });

  it('orders events that share a time by the order they were written', () => {
    const { id } = propose(t.db, supervisor, { badge: 'EP1001', submit: true, at: minutes(0) });
    expect(detail(supervisor, id).events.map((e) => e.action)).toEqual(['create', 'submit']);
  });
});

describe('the actions offered', () => {
  it.each([
    ['hsi_review', 'hsi_hq', ['endorse', 'return', 'withdraw']],
    ['hsi_review', 'supervisor', ['withdraw']],
    ['hsi_review', 'dea_hq', []],
    ['hsi_review', 'auditor', []],
    ['dea_hq_review', 'dea_hq', ['route', 'deny', 'return']],
    ['dea_hq_review', 'hsi_hq', ['withdraw']],
    ['division_review', 'dea_division', ['concur', 'nonconcur', 'return']],
    ['division_review', 'dea_hq', []],
    ['dea_decision', 'dea_hq', ['approve', 'deny', 'return']],
    ['active', 'dea_hq', ['rescind']],
    ['active', 'hsi_hq', ['rescind']],
    ['active', 'supervisor', []],
    ['active', 'admin', []],
  ] as const)('in %s, %s is offered %j, exactly what the writer accepts', (state, role, expected) => {
    const { id } = propose(t.db, supervisor, { badge: 'EP1001', submit: true });
    advance(t.db, reviewers, id, state);
    const actor: Actor = {
      supervisor,
      hsi_hq: reviewers.hsi,
      dea_hq: reviewers.dea,
      dea_division: reviewers.division('dea-el-paso'),
      auditor: makeUser(t.db, 'auditor'),
      admin: makeUser(t.db, 'admin'),
    }[role];
    const { actions } = detail(actor, id);
    expect(actions).toEqual(expected);
    expect(acceptedActions(actor, id)).toEqual(actions);
    // Trying them wrote nothing.
    expect(detail(actor, id).state).toBe(state);
  });

  it('offers a supervisor submit and withdraw on a draft, and resubmit and withdraw once returned', () => {
    const { id } = propose(t.db, supervisor, { badge: 'EP1001' });
    expect(detail(supervisor, id).actions).toEqual(['submit', 'withdraw']);
    expect(acceptedActions(supervisor, id)).toEqual(['submit', 'withdraw']);
    transitionRequest(t.db, supervisor, { requestId: id, action: 'submit' });
    transitionRequest(t.db, reviewers.hsi, { requestId: id, action: 'return', reason: 'Name the port.' });
    expect(detail(supervisor, id).actions).toEqual(['resubmit', 'withdraw']);
    expect(detail(reviewers.hsi, id).actions).toEqual(['withdraw']);
  });

  it('offers nothing on a request that has ended', () => {
    const { id } = propose(t.db, supervisor, { badge: 'EP1001', submit: true });
    transitionRequest(t.db, reviewers.hsi, { requestId: id, action: 'withdraw', reason: 'Reassigned.' });
    for (const actor of [supervisor, reviewers.hsi, reviewers.dea]) expect(detail(actor, id).actions).toEqual([]);
  });
});

describe('renewals', () => {
  it('links a renewal to the designation it continues', () => {
    const original = propose(t.db, supervisor, { badge: 'EP1001', submit: true, at: minutes(0) });
    advance(t.db, reviewers, original.id, 'active', { at: minutes(1) });
    t.db.update(designations).set({ endsOn: '2026-03-31' }).where(eq(designations.requestId, original.id)).run();
    const renewal = propose(t.db, supervisor, { badge: 'EP1001', kind: 'renewal', submit: true, at: Date.UTC(2026, 2, 20, 15) });

    expect(detail(supervisor, renewal.id)).toMatchObject({
      kind: 'renewal',
      renewsDesignationId: designationOf(t.db, original.id).id,
      renews: { requestId: original.id, ref: original.ref, endsOn: '2026-03-31' },
    });
    expect(detail(supervisor, original.id).renews).toBeNull();
  });

  it('does not reveal the renewed request to someone who may not see it', () => {
    // The original was routed to Houston, the renewal to El Paso: El Paso's coordinator sees only the renewal.
    const original = propose(t.db, supervisor, { badge: 'EP1001', submit: true, at: minutes(0) });
    advance(t.db, reviewers, original.id, 'active', { routeTo: 'dea-houston', at: minutes(1) });
    t.db.update(designations).set({ endsOn: '2026-03-31' }).where(eq(designations.requestId, original.id)).run();
    const renewal = propose(t.db, supervisor, { badge: 'EP1001', kind: 'renewal', submit: true, at: Date.UTC(2026, 2, 20, 15) });
    advance(t.db, reviewers, renewal.id, 'division_review', { routeTo: 'dea-el-paso', at: Date.UTC(2026, 2, 20, 16) });

    const coordinator = reviewers.division('dea-el-paso');
    expect(detail(coordinator, renewal.id).renews).toBeNull();
    expect(appError(() => detail(coordinator, original.id)).code).toBe('not_found');
    expect(detail(reviewers.division('dea-houston'), original.id).state).toBe('active');
  });
});

describe('the processing time', () => {
  it('runs while the request is under review, and stops for good when it is withdrawn', () => {
    const { id } = propose(t.db, supervisor, { badge: 'EP1001', submit: true, at: minutes(0) });
    expect(detail(supervisor, id).timing).toMatchObject({ isOpen: true, open: { state: 'hsi_review' } });

    transitionRequest(t.db, supervisor, { requestId: id, action: 'withdraw', reason: 'Reassigned.', at: minutes(5) });
    const timing = detail(supervisor, id).timing;
    expect(timing.decision).toBeNull();
    expect(timing.isOpen).toBe(false);
    expect(timing.open).toBeNull();
    expect(timing.stages.find((s) => s.stage === 'hsi_review')).toMatchObject({ visits: 1, isOpen: false });
    // It never reached a decision, so it is not judged against the end-to-end goal.
    expect(timing.endToEndGoal).toBe(30);
    expect(timing.isEndToEndWithinGoal).toBeNull();
  });
});

describe('who may not see it', () => {
  it('answers not found, never forbidden, outside the actor’s scope', () => {
    const draft = propose(t.db, supervisor, { badge: 'EP1001' });
    const submitted = propose(t.db, supervisor, { badge: 'EP1002', submit: true });
    advance(t.db, reviewers, submitted.id, 'division_review', { routeTo: 'dea-houston' });

    const cases: [Actor, number][] = [
      [makeUser(t.db, 'supervisor', 'hsi-miami'), draft.id],
      [makeUser(t.db, 'supervisor', 'hsi-miami'), submitted.id],
      [makeUser(t.db, 'supervisor'), draft.id],
      [reviewers.hsi, draft.id],
      [reviewers.dea, draft.id],
      [reviewers.division('dea-el-paso'), submitted.id],
      [supervisor, 999_999],
    ];
    for (const [actor, id] of cases) {
      const error = appError(() => detail(actor, id));
      expect(error.code).toBe('not_found');
      expect(error.status).toBe(404);
    }
    expect(detail(reviewers.division('dea-houston'), submitted.id).state).toBe('division_review');
    expect(detail(makeUser(t.db, 'auditor'), draft.id).state).toBe('draft');
  });
});

describe('what leaves lib/', () => {
  it('returns the request’s fields and the events’ names and roles, and nothing else about users', () => {
    const { id } = propose(t.db, supervisor, { badge: 'EP1001', submit: true });
    advance(t.db, reviewers, id, 'active');
    const d = detail(makeUser(t.db, 'auditor'), id);

    expect(Object.keys(d).sort()).toEqual(
      [
        'actions',
        'agent',
        'borderNexus',
        'createdAt',
        'createdByUserId',
        'deaDivisionId',
        'designation',
        'events',
        'firstSubmittedAt',
        'hsiOfficeId',
        'hsiOfficeName',
        'id',
        'isImported',
        'kind',
        'proposedDivisionName',
        'ref',
        'renews',
        'renewsDesignationId',
        'returnedFromState',
        'routedDivisionId',
        'routedDivisionName',
        'state',
        'stateEnteredAt',
        'timing',
        'trainingOwed',
      ].sort(),
    );
    expect(Object.keys(d.agent).sort()).toEqual(['badge', 'dutyStation', 'id', 'name']);
    expect(Object.keys(d.designation!).sort()).toEqual(['endsOn', 'id', 'startsOn']);
    for (const event of d.events) {
      expect(Object.keys(event).sort()).toEqual(
        ['action', 'actorName', 'actorRole', 'at', 'details', 'divisionName', 'fromState', 'id', 'isImported', 'reason', 'reasonCategory', 'toState'].sort(),
      );
    }
    const text = JSON.stringify(d);
    for (const secret of ['scrypt$', 'password', 'authVersion', 'email', supervisor.email, reviewers.hsi.email]) {
      expect(text).not.toContain(secret);
    }
  });
});
