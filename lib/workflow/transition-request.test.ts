// The one writer, on a real temporary SQLite file: what it writes to the request and the event log,
// what it refuses (and that a refusal writes nothing), who may not even see a request, the
// designation an approval grants, and what two connections acting on one request get.
import { and, count, eq } from 'drizzle-orm';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '@/db/client';
import { designations, offices, requestEvents, requests, users } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import { REVIEW_STAGES, type Action, type ReviewStage, type State } from '@/lib/domain/workflow-states';
import { AppError } from '@/lib/errors';
import { createRequests } from '@/lib/requests/create-requests';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import type { TransitionWorkerData, TransitionWorkerResult } from '@/lib/testing/transition-worker';
import { applyTransition, transitionRequest, type TransitionInput } from './transition-request';

// Worker threads do not inherit vitest's TypeScript transform: a one-line bootstrap loads the worker
// through tsx (a dependency already, for the CLI).
const TSX_API = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
const WORKER_URL = new URL('../testing/transition-worker.ts', import.meta.url).href;
const WORKER_BOOTSTRAP = new URL(
  'data:text/javascript,' +
    encodeURIComponent(`const { tsImport } = await import(${JSON.stringify(TSX_API)}); await tsImport(${JSON.stringify(WORKER_URL)}, ${JSON.stringify(TSX_API)});`),
);

let t: TestDb;
let people: ReturnType<typeof makePeople>;

beforeEach(() => {
  t = createTestDb();
  people = makePeople(t.db);
});
afterEach(() => {
  vi.useRealTimers();
  t.close();
});

function makePeople(db: Db) {
  return {
    supervisor: makeUser(db, 'supervisor', 'hsi-el-paso', 'Sam Supervisor'),
    otherSupervisor: makeUser(db, 'supervisor', 'hsi-miami', 'Olga Otheroffice'),
    hsi: makeUser(db, 'hsi_hq', undefined, 'Hana HSI-HQ'),
    hsi2: makeUser(db, 'hsi_hq', undefined, 'Hugo HSI-HQ'),
    dea: makeUser(db, 'dea_hq', undefined, 'Dana DEA-HQ'),
    dea2: makeUser(db, 'dea_hq', undefined, 'Dirk DEA-HQ'),
    division: makeUser(db, 'dea_division', 'dea-el-paso', 'Diego Division'),
    otherDivision: makeUser(db, 'dea_division', 'dea-miami', 'Mia Otherdivision'),
    auditor: makeUser(db, 'auditor', undefined, 'Ada Auditor'),
    admin: makeUser(db, 'admin', undefined, 'Abe Admin'),
  };
}

let keyCounter = 0;
function propose(options: { submit: boolean; at?: number; badge?: string; kind?: 'initial' | 'renewal' }): number {
  keyCounter += 1;
  const [created] = createRequests(
    t.db,
    people.supervisor,
    {
      kind: options.kind ?? 'initial',
      deaDivisionId: officeId(t.db, 'dea-el-paso'),
      borderNexus: 'Fentanyl smuggling through the Ysleta port of entry.',
      agents: [{ name: 'Ana Ruiz', badge: options.badge ?? 'EP1001', dutyStation: 'El Paso, TX' }],
    },
    { submit: options.submit, submissionKey: `test-key-${keyCounter}`, at: options.at },
  );
  return created!.id;
}

function act(actor: UserActor, requestId: number, action: Action, extra: Partial<TransitionInput> = {}) {
  return transitionRequest(t.db, actor, { requestId, action, ...extra });
}

/** Moves a submitted request forward until it waits in `stage`. */
function advanceTo(requestId: number, stage: ReviewStage | 'active', at?: number): void {
  const order: ReviewStage[] = ['hsi_review', 'dea_hq_review', 'division_review', 'dea_decision'];
  const current = requestRow(requestId).state;
  const steps: [UserActor, Action, Partial<TransitionInput>][] = [
    [people.hsi, 'endorse', {}],
    [people.dea, 'route', { divisionId: officeId(t.db, 'dea-el-paso') }],
    [people.division, 'concur', {}],
    [people.dea, 'approve', {}],
  ];
  let index = order.indexOf(current as ReviewStage);
  const targetIndex = stage === 'active' ? order.length : order.indexOf(stage);
  for (; index < targetIndex; index++) {
    const [actor, action, extra] = steps[index]!;
    act(actor, requestId, action, { ...extra, ...(at === undefined ? {} : { at }) });
  }
  expect(requestRow(requestId).state).toBe(stage);
}

function requestRow(id: number) {
  return t.db.select().from(requests).where(eq(requests.id, id)).get()!;
}
function eventsOf(id: number) {
  return t.db.select().from(requestEvents).where(eq(requestEvents.requestId, id)).orderBy(requestEvents.id).all();
}
function countEvents(db: Db = t.db): number {
  return db.select({ n: count() }).from(requestEvents).get()!.n;
}
function countDesignations(db: Db = t.db): number {
  return db.select({ n: count() }).from(designations).get()!.n;
}

/** Runs `fn`, which must throw an AppError, and returns it. */
function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError, but nothing was thrown');
}

/** Asserts `fn` fails with `code` and leaves the request and the log exactly as they were. */
function expectRefusedWithoutWriting(requestId: number, code: AppError['code'], fn: () => unknown): AppError {
  const before = { request: requestRow(requestId), events: countEvents(), designations: countDesignations() };
  const error = appError(fn);
  expect(error.code).toBe(code);
  expect(requestRow(requestId)).toEqual(before.request);
  expect(countEvents()).toBe(before.events);
  expect(countDesignations()).toBe(before.designations);
  return error;
}

describe('the happy path', () => {
  it('moves the request through every stage, one event per step with who, when and why', () => {
    const t0 = Date.UTC(2026, 2, 2, 14, 0, 0, 0);
    const id = propose({ submit: false, at: t0 });
    expect(requestRow(id)).toMatchObject({ state: 'draft', firstSubmittedAt: null, routedDivisionId: null });

    const elPaso = officeId(t.db, 'dea-el-paso');
    // One millisecond apart: the log keeps milliseconds, so steps never tie.
    const steps: [UserActor, Action, Partial<TransitionInput>, State, State][] = [
      [people.supervisor, 'submit', {}, 'draft', 'hsi_review'],
      [people.hsi, 'endorse', {}, 'hsi_review', 'dea_hq_review'],
      [people.dea, 'route', { divisionId: elPaso }, 'dea_hq_review', 'division_review'],
      [people.division, 'concur', { reason: '  Known to the El Paso task force.  ' }, 'division_review', 'dea_decision'],
      [people.dea, 'approve', {}, 'dea_decision', 'active'],
    ];
    steps.forEach(([actor, action, extra, from, to], i) => {
      const at = t0 + 1 + i;
      const result = act(actor, id, action, { ...extra, at });
      expect(result).toMatchObject({ requestId: id, action, fromState: from, toState: to, at });
      expect(requestRow(id)).toMatchObject({ state: to, stateEnteredAt: at, lastEventAt: at });
    });

    const row = requestRow(id);
    expect(row).toMatchObject({
      state: 'active',
      firstSubmittedAt: t0 + 1,
      routedDivisionId: elPaso,
      returnedFromState: null,
      createdByUserId: people.supervisor.id,
    });

    const events = eventsOf(id);
    expect(events.map((e) => [e.action, e.fromState, e.toState, e.actorUserId, e.actorName, e.actorRole, e.at])).toEqual([
      ['create', null, 'draft', people.supervisor.id, 'Sam Supervisor', 'supervisor', t0],
      ['submit', 'draft', 'hsi_review', people.supervisor.id, 'Sam Supervisor', 'supervisor', t0 + 1],
      ['endorse', 'hsi_review', 'dea_hq_review', people.hsi.id, 'Hana HSI-HQ', 'hsi_hq', t0 + 2],
      ['route', 'dea_hq_review', 'division_review', people.dea.id, 'Dana DEA-HQ', 'dea_hq', t0 + 3],
      ['concur', 'division_review', 'dea_decision', people.division.id, 'Diego Division', 'dea_division', t0 + 4],
      ['approve', 'dea_decision', 'active', people.dea.id, 'Dana DEA-HQ', 'dea_hq', t0 + 5],
    ]);
    expect(events.map((e) => e.reason)).toEqual([null, null, null, null, 'Known to the El Paso task force.', null]);
    expect(events.map((e) => e.divisionId)).toEqual([null, null, null, elPaso, null, null]);
    expect(events.every((e) => e.isImported === false && e.reasonCategory === null)).toBe(true);
    expect(countDesignations()).toBe(1);
  });

  it('stamps a live action with the current time in milliseconds', () => {
    const id = propose({ submit: true });
    const before = Date.now();
    const result = act(people.hsi, id, 'endorse');
    const after = Date.now();
    expect(result.at).toBeGreaterThanOrEqual(before);
    expect(result.at).toBeLessThanOrEqual(after);
    expect(eventsOf(id).at(-1)!.at).toBe(result.at);
  });

  it('records the reason for a non-concurrence, a denial and a withdrawal', () => {
    const id = propose({ submit: true });
    advanceTo(id, 'division_review');
    act(people.division, id, 'nonconcur', { reason: 'No nexus to this division.' });
    act(people.dea, id, 'deny', { reason: 'Border nexus not shown.' });
    expect(requestRow(id).state).toBe('denied');
    expect(eventsOf(id).slice(-2).map((e) => [e.action, e.toState, e.reason])).toEqual([
      ['nonconcur', 'dea_decision', 'No nexus to this division.'],
      ['deny', 'denied', 'Border nexus not shown.'],
    ]);

    const other = propose({ submit: true, badge: 'EP1002' });
    act(people.hsi, other, 'withdraw', { reason: 'Agent reassigned.' });
    expect(requestRow(other).state).toBe('withdrawn');
    expect(eventsOf(other).at(-1)).toMatchObject({ action: 'withdraw', fromState: 'hsi_review', reason: 'Agent reassigned.' });
  });
});

describe('return and resubmission', () => {
  const reviewerOf = (stage: ReviewStage): UserActor =>
    ({ hsi_review: people.hsi, dea_hq_review: people.dea, division_review: people.division, dea_decision: people.dea })[stage];

  it.each(REVIEW_STAGES)('a request returned from %s resumes there when resubmitted', (stage) => {
    const id = propose({ submit: true });
    advanceTo(id, stage);
    const routedBefore = requestRow(id).routedDivisionId;

    act(reviewerOf(stage), id, 'return', { reason: 'Add the port of entry.' });
    expect(requestRow(id)).toMatchObject({ state: 'returned', returnedFromState: stage, routedDivisionId: routedBefore });
    expect(eventsOf(id).at(-1)).toMatchObject({
      action: 'return',
      fromState: stage,
      toState: 'returned',
      actorUserId: reviewerOf(stage).id,
      reason: 'Add the port of entry.',
    });

    const result = act(people.supervisor, id, 'resubmit');
    expect(result.toState).toBe(stage);
    expect(requestRow(id)).toMatchObject({ state: stage, returnedFromState: null, routedDivisionId: routedBefore });
    expect(eventsOf(id).at(-1)).toMatchObject({ action: 'resubmit', fromState: 'returned', toState: stage, reason: null });

    // The reviewer who returned it can take it up again, and it can finish.
    advanceTo(id, 'active');
  });

  it('keeps the first submission time across a return and resubmission', () => {
    const t0 = Date.UTC(2026, 0, 5, 15);
    const id = propose({ submit: true, at: t0 });
    act(people.hsi, id, 'return', { reason: 'Missing duty station.', at: t0 + 10 });
    act(people.supervisor, id, 'resubmit', { at: t0 + 20 });
    expect(requestRow(id)).toMatchObject({ firstSubmittedAt: t0, stateEnteredAt: t0 + 20 });
  });

  it('refuses a second resubmission as already done', () => {
    const id = propose({ submit: true });
    act(people.hsi, id, 'return', { reason: 'Missing duty station.' });
    act(people.supervisor, id, 'resubmit');
    const error = expectRefusedWithoutWriting(id, 'conflict', () => act(people.supervisor, id, 'resubmit'));
    expect(error.message).toMatch(/already resubmitted by Sam Supervisor/);
  });
});

describe('reasons, divisions and categories', () => {
  it.each([
    ['return', 'hsi_review'],
    ['withdraw', 'hsi_review'],
    ['deny', 'dea_hq_review'],
    ['nonconcur', 'division_review'],
    ['deny', 'dea_decision'],
  ] as const)('%s from %s without a reason is invalid and writes nothing', (action, stage) => {
    const id = propose({ submit: true });
    advanceTo(id, stage);
    const actor = { hsi_review: people.hsi, dea_hq_review: people.dea, division_review: people.division, dea_decision: people.dea }[stage];
    for (const reason of [undefined, null, '', '   \n ']) {
      const error = expectRefusedWithoutWriting(id, 'invalid', () => act(actor, id, action, { reason }));
      expect(error.status).toBe(400);
      expect(error.fieldErrors.reason?.[0]).toBeTruthy();
    }
  });

  it('refuses a reason longer than 2,000 characters', () => {
    const id = propose({ submit: true });
    const error = expectRefusedWithoutWriting(id, 'invalid', () => act(people.hsi, id, 'return', { reason: 'x'.repeat(2001) }));
    expect(Object.keys(error.fieldErrors)).toEqual(['reason']);
    act(people.hsi, id, 'return', { reason: 'x'.repeat(2000) });
  });

  it('routes only to an active DEA division', () => {
    const id = propose({ submit: true });
    advanceTo(id, 'dea_hq_review');
    const inactive = officeId(t.db, 'dea-miami');
    t.db.update(offices).set({ isActive: false }).where(eq(offices.id, inactive)).run();

    for (const divisionId of [undefined, null, 999_999, officeId(t.db, 'hsi-el-paso'), officeId(t.db, 'hsi-hq'), inactive]) {
      const error = expectRefusedWithoutWriting(id, 'invalid', () => act(people.dea, id, 'route', { divisionId }));
      expect(Object.keys(error.fieldErrors)).toEqual(['divisionId']);
    }

    // DEA HQ chooses the division: it need not be the one the supervisor proposed.
    const chicago = officeId(t.db, 'dea-chicago');
    act(people.dea, id, 'route', { divisionId: chicago });
    expect(requestRow(id)).toMatchObject({ state: 'division_review', routedDivisionId: chicago });
    expect(eventsOf(id).at(-1)).toMatchObject({ action: 'route', divisionId: chicago });
  });

  it('rescinds only with a reason and a category', () => {
    const id = propose({ submit: true });
    advanceTo(id, 'active');
    for (const reasonCategory of [undefined, null, '', 'boredom', 'Transfer']) {
      const error = expectRefusedWithoutWriting(id, 'invalid', () =>
        act(people.dea, id, 'rescind', { reason: 'Agent left HSI.', reasonCategory }),
      );
      expect(Object.keys(error.fieldErrors)).toEqual(['reasonCategory']);
    }
    const noReason = expectRefusedWithoutWriting(id, 'invalid', () => act(people.hsi, id, 'rescind', { reasonCategory: 'separation' }));
    expect(noReason.fieldErrors.reason).toBeDefined();

    act(people.hsi, id, 'rescind', { reason: 'Agent left HSI.', reasonCategory: 'separation' });
    expect(requestRow(id).state).toBe('rescinded');
    expect(eventsOf(id).at(-1)).toMatchObject({ action: 'rescind', reason: 'Agent left HSI.', reasonCategory: 'separation' });
  });

  it('ignores a division or category given with an action that does not take one', () => {
    const id = propose({ submit: true });
    act(people.hsi, id, 'endorse', { divisionId: officeId(t.db, 'dea-miami'), reasonCategory: 'misconduct' });
    expect(requestRow(id).routedDivisionId).toBeNull();
    expect(eventsOf(id).at(-1)).toMatchObject({ divisionId: null, reasonCategory: null });
  });
});

describe('stale pages and double clicks', () => {
  it('refuses an action taken from a stale page, naming who moved the request and when', () => {
    const endorsedAt = Date.UTC(2026, 2, 2, 15, 4);
    const id = propose({ submit: true, at: endorsedAt - 60_000 });
    act(people.hsi, id, 'endorse', { at: endorsedAt });
    // Hugo's page still shows the request waiting for HSI HQ.
    const error = expectRefusedWithoutWriting(id, 'conflict', () =>
      act(people.hsi2, id, 'return', { reason: 'Incomplete.', expectedState: 'hsi_review' }),
    );
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/^This request was already endorsed by Hana HSI-HQ \(HSI HQ reviewer\) at .+\./);
    // The time is shown in the calendar's zone: 15:04 UTC is 10:04 in New York.
    expect(error.message).toMatch(/Mar 2, 2026.*10:04/);
  });

  it('refuses a stale page even when the action would be valid in the current state', () => {
    const id = propose({ submit: true });
    advanceTo(id, 'dea_hq_review');
    // Dirk opened the request at DEA HQ review; meanwhile Dana routed it and the division concurred.
    // Deny is allowed at dea_decision too, but Dirk decided on what he saw, so it is refused.
    act(people.dea, id, 'route', { divisionId: officeId(t.db, 'dea-el-paso') });
    act(people.division, id, 'concur');
    const error = expectRefusedWithoutWriting(id, 'conflict', () =>
      act(people.dea2, id, 'deny', { reason: 'No nexus.', expectedState: 'dea_hq_review' }),
    );
    expect(error.message).toMatch(/already concurred by Diego Division/);

    // With the page reloaded, the same action goes through.
    act(people.dea2, id, 'deny', { reason: 'No nexus.', expectedState: 'dea_decision' });
    expect(requestRow(id).state).toBe('denied');
  });

  it('approves once: a second approval is a conflict, with one approve event and one designation', () => {
    const id = propose({ submit: true });
    advanceTo(id, 'dea_decision');
    act(people.dea, id, 'approve', { expectedState: 'dea_decision' });
    const error = expectRefusedWithoutWriting(id, 'conflict', () => act(people.dea2, id, 'approve', { expectedState: 'dea_decision' }));
    expect(error.message).toMatch(/already approved by Dana DEA-HQ/);
    // The same person clicking twice gets the same answer.
    expectRefusedWithoutWriting(id, 'conflict', () => act(people.dea, id, 'approve'));

    const approvals = t.db
      .select({ n: count() })
      .from(requestEvents)
      .where(and(eq(requestEvents.requestId, id), eq(requestEvents.action, 'approve')))
      .get()!.n;
    expect(approvals).toBe(1);
    expect(countDesignations()).toBe(1);
  });
});

describe('who may not act', () => {
  it('hides a request from a supervisor of another office: 404, not 403', () => {
    const id = propose({ submit: false });
    for (const action of ['submit', 'withdraw'] as const) {
      const error = expectRefusedWithoutWriting(id, 'not_found', () =>
        act(people.otherSupervisor, id, action, { reason: 'Not mine.' }),
      );
      expect(error.status).toBe(404);
    }
  });

  it('hides a request from a division it was not routed to', () => {
    const id = propose({ submit: true });
    advanceTo(id, 'division_review');
    expectRefusedWithoutWriting(id, 'not_found', () => act(people.otherDivision, id, 'concur'));
    expectRefusedWithoutWriting(id, 'not_found', () => act(people.otherDivision, id, 'return', { reason: 'Not ours.' }));
    // Not even the division the supervisor proposed sees it before DEA HQ routes it there.
    const unrouted = propose({ submit: true, badge: 'EP1002' });
    advanceTo(unrouted, 'dea_hq_review');
    expectRefusedWithoutWriting(unrouted, 'not_found', () => act(people.division, unrouted, 'concur'));
  });

  it('hides drafts from headquarters', () => {
    const id = propose({ submit: false });
    expectRefusedWithoutWriting(id, 'not_found', () => act(people.hsi, id, 'withdraw', { reason: 'Duplicate.' }));
    expectRefusedWithoutWriting(id, 'not_found', () => act(people.hsi, id, 'endorse'));
    expectRefusedWithoutWriting(id, 'not_found', () => act(people.dea, id, 'deny', { reason: 'No.' }));
  });

  it('answers not_found for a request that does not exist', () => {
    const error = appError(() => act(people.auditor, 123_456, 'approve'));
    expect(error.code).toBe('not_found');
  });

  it('forbids a role from an action it never takes, even on a request it can see', () => {
    const id = propose({ submit: true });
    advanceTo(id, 'dea_decision');
    for (const actor of [people.auditor, people.admin, people.supervisor, people.division, people.hsi]) {
      const error = expectRefusedWithoutWriting(id, 'forbidden', () => act(actor, id, 'approve'));
      expect(error.status).toBe(403);
    }
    // The system's scheduled job expires designations; it does not approve them.
    expectRefusedWithoutWriting(id, 'forbidden', () =>
      transitionRequest(t.db, { kind: 'system', name: 'Nightly job' }, { requestId: id, action: 'approve' }),
    );
  });

  it('forbids a move on a visible request to anyone but that stage’s reviewer', () => {
    const id = propose({ submit: true });
    advanceTo(id, 'division_review');
    // The division coordinator of the routed division may concur but not withdraw.
    expectRefusedWithoutWriting(id, 'forbidden', () => act(people.division, id, 'withdraw', { reason: 'x' }));
    // DEA HQ cannot return a request waiting for the division: that stage's reviewer returns it.
    expectRefusedWithoutWriting(id, 'forbidden', () => act(people.dea, id, 'return', { reason: 'x' }));
  });

  it('refuses an unknown action as invalid', () => {
    const id = propose({ submit: true });
    const error = expectRefusedWithoutWriting(id, 'invalid', () => act(people.hsi, id, 'create'));
    expect(error.fieldErrors.action).toBeDefined();
    expectRefusedWithoutWriting(id, 'invalid', () => act(people.hsi, id, 'edit'));
  });

  it('lets nobody decide a request they proposed', () => {
    const id = propose({ submit: true });
    // The supervisor who proposed it later moves to HSI headquarters.
    t.db.update(users).set({ role: 'hsi_hq', officeId: null }).where(eq(users.id, people.supervisor.id)).run();
    const promoted: UserActor = { ...people.supervisor, role: 'hsi_hq', officeId: null };
    const error = expectRefusedWithoutWriting(id, 'forbidden', () => act(promoted, id, 'endorse'));
    expect(error.message).toMatch(/you proposed this request/i);
    expectRefusedWithoutWriting(id, 'forbidden', () => act(promoted, id, 'return', { reason: 'Mine.' }));
    // Withdrawing is not a decision.
    act(promoted, id, 'withdraw', { reason: 'Proposed in error.' });
    expect(requestRow(id).state).toBe('withdrawn');
  });
});

describe('the designation an approval grants', () => {
  function approveAt(instant: string, badge = 'EP1001'): number {
    // The whole history happens just before the approval: events may not be dated out of order.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Date.parse(instant) - 3_600_000));
    const id = propose({ submit: true, badge });
    advanceTo(id, 'dea_decision');
    vi.setSystemTime(new Date(instant));
    act(people.dea, id, 'approve');
    vi.useRealTimers();
    return id;
  }
  const designationOf = (requestId: number) =>
    t.db.select().from(designations).where(eq(designations.requestId, requestId)).get()!;

  it('runs from the approval date in New York for 12 months', () => {
    // 03:30 UTC on 2 March is still 1 March in New York.
    const id = approveAt('2026-03-02T03:30:00Z');
    const row = requestRow(id);
    expect(designationOf(id)).toMatchObject({
      requestId: id,
      agentId: row.agentId,
      startsOn: '2026-03-01',
      endsOn: '2027-02-28',
      createdAt: Date.parse('2026-03-02T03:30:00Z'),
    });
  });

  it('starts on the New York date even across the turn of a year', () => {
    const id = approveAt('2026-01-01T04:59:59.999Z');
    expect(designationOf(id)).toMatchObject({ startsOn: '2025-12-31', endsOn: '2026-12-30' });
    const next = approveAt('2026-01-01T05:00:00Z', 'EP1002');
    expect(designationOf(next)).toMatchObject({ startsOn: '2026-01-01', endsOn: '2026-12-31' });
  });

  it('lasts a full 12 months from 29 February: to 28 February, not the 27th', () => {
    const leap = approveAt('2028-02-29T15:00:00Z');
    expect(designationOf(leap)).toMatchObject({ startsOn: '2028-02-29', endsOn: '2029-02-28' });
    // The day before, the anniversary exists and the period ends the day before it.
    const before = approveAt('2027-02-28T15:00:00Z', 'EP1002');
    expect(designationOf(before)).toMatchObject({ startsOn: '2027-02-28', endsOn: '2028-02-27' });
  });

  function renewal(at: number): number {
    const [created] = createRequests(
      t.db,
      people.supervisor,
      {
        kind: 'renewal',
        deaDivisionId: officeId(t.db, 'dea-el-paso'),
        borderNexus: 'Continues the Ysleta port of entry investigations.',
        agents: [{ name: 'Ana Ruiz', badge: 'EP1001', dutyStation: 'El Paso, TX' }],
      },
      { submit: true, submissionKey: `renewal-${at}`, at },
    );
    return created!.id;
  }

  /** Reviews a renewal on 1 Dec 2025, just after it was proposed, and approves it at `approvedAt`. */
  function approveRenewalAt(id: number, approvedAt: string): void {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-12-01T16:00:00Z'));
    advanceTo(id, 'dea_decision');
    vi.setSystemTime(new Date(approvedAt));
    act(people.dea, id, 'approve');
    vi.useRealTimers();
  }

  it('starts a renewal approved while the previous designation runs on the day after it ends', () => {
    const first = approveAt('2025-01-15T15:00:00Z');
    const previous = designationOf(first);
    expect(previous).toMatchObject({ startsOn: '2025-01-15', endsOn: '2026-01-14' });

    const id = renewal(Date.parse('2025-12-01T15:00:00Z'));
    expect(requestRow(id)).toMatchObject({ kind: 'renewal', renewsDesignationId: previous.id });
    approveRenewalAt(id, '2025-12-20T15:00:00Z');
    expect(designationOf(id)).toMatchObject({ startsOn: '2026-01-15', endsOn: '2027-01-14' });
  });

  it('starts a renewal approved on the last day of the previous designation the day after', () => {
    const first = approveAt('2025-01-15T15:00:00Z');
    const id = renewal(Date.parse('2025-12-01T15:00:00Z'));
    // 14 Jan 2026, 23:30 in New York: the previous designation's last day.
    approveRenewalAt(id, '2026-01-15T04:30:00Z');
    expect(designationOf(first).endsOn).toBe('2026-01-14');
    expect(designationOf(id)).toMatchObject({ startsOn: '2026-01-15', endsOn: '2027-01-14' });
  });

  it('starts a renewal approved after the previous designation ended on the approval date', () => {
    approveAt('2025-01-15T15:00:00Z');
    const id = renewal(Date.parse('2025-12-01T15:00:00Z'));
    approveRenewalAt(id, '2026-02-03T15:00:00Z');
    expect(designationOf(id)).toMatchObject({ startsOn: '2026-02-03', endsOn: '2027-02-02' });
  });

  it('starts a renewal on the approval date when the designation it continues was rescinded meanwhile', () => {
    const first = approveAt('2025-01-15T15:00:00Z');
    const id = renewal(Date.parse('2025-12-01T15:00:00Z'));
    // While the renewal is under review, the running designation is rescinded.
    act(people.dea, first, 'rescind', { reason: 'Reassigned, then reinstated.', reasonCategory: 'other', at: Date.parse('2025-12-01T15:30:00Z') });
    approveRenewalAt(id, '2025-12-20T15:00:00Z');
    // Not 2026-01-15: the rescinded designation gives no authority until its nominal end.
    expect(designationOf(id)).toMatchObject({ startsOn: '2025-12-20', endsOn: '2026-12-19' });
  });

  it('grants nothing when a request is denied', () => {
    const id = propose({ submit: true });
    advanceTo(id, 'dea_decision');
    act(people.dea, id, 'deny', { reason: 'No nexus.' });
    expect(countDesignations()).toBe(0);
  });
});

describe('the order of history', () => {
  it('refuses an event dated before the request’s previous one, and writes nothing', () => {
    const t0 = Date.UTC(2026, 2, 2, 15);
    const id = propose({ submit: true, at: t0 });
    const before = t.db.$client.prepare('SELECT count(*) AS n FROM request_events WHERE request_id = ?').get(id) as { n: number };
    expect(() => act(people.hsi, id, 'endorse', { at: t0 - 1 })).toThrow(expect.objectContaining({ code: 'invalid', fieldErrors: expect.objectContaining({ at: expect.any(Array) }) }));
    expect(t.db.$client.prepare('SELECT count(*) AS n FROM request_events WHERE request_id = ?').get(id)).toEqual(before);
    expect(requestRow(id).state).toBe('hsi_review');
    // The same instant is allowed: two steps may share a timestamp in imported history.
    expect(act(people.hsi, id, 'endorse', { at: t0 }).toState).toBe('dea_hq_review');
  });
});

describe('the event log', () => {
  it('is append-only: raw updates and deletes are rejected by the database', () => {
    const id = propose({ submit: true });
    const before = eventsOf(id);
    expect(() => t.db.$client.prepare('UPDATE request_events SET reason = ? WHERE request_id = ?').run('rewritten', id)).toThrow(
      /append-only/,
    );
    expect(() => t.db.$client.prepare('DELETE FROM request_events WHERE request_id = ?').run(id)).toThrow(/append-only/);
    expect(() => t.db.$client.prepare('DELETE FROM request_events').run()).toThrow(/append-only/);
    expect(eventsOf(id)).toEqual(before);
  });
});

describe('two connections on one file', () => {
  let second: Db;
  beforeEach(() => {
    second = openDatabase(t.file);
  });
  afterEach(() => second.$client.close());

  it('lets exactly one of two coordinators approve', () => {
    const id = propose({ submit: true });
    advanceTo(id, 'dea_decision');

    // Both pages showed the request waiting for a decision.
    const seenBySecond = second.select({ state: requests.state }).from(requests).where(eq(requests.id, id)).get()!;
    expect(seenBySecond.state).toBe('dea_decision');

    transitionRequest(t.db, people.dea, { requestId: id, action: 'approve', expectedState: 'dea_decision' });
    const error = appError(() =>
      transitionRequest(second, people.dea2, { requestId: id, action: 'approve', expectedState: seenBySecond.state }),
    );
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/already approved by Dana DEA-HQ/);

    // And the other way round on a second request: the writer is the same whatever the connection.
    const other = propose({ submit: true, badge: 'EP1002' });
    advanceTo(other, 'dea_decision');
    transitionRequest(second, people.dea2, { requestId: other, action: 'approve' });
    expect(appError(() => transitionRequest(t.db, people.dea, { requestId: other, action: 'approve' })).code).toBe('conflict');

    for (const db of [t.db, second]) {
      const approvals = db.select({ n: count() }).from(requestEvents).where(eq(requestEvents.action, 'approve')).get()!.n;
      expect(approvals).toBe(2);
      expect(countDesignations(db)).toBe(2);
      expect(db.select({ state: requests.state }).from(requests).where(eq(requests.id, id)).get()!.state).toBe('active');
    }
    const byRequest = t.db
      .select({ requestId: requestEvents.requestId, actorUserId: requestEvents.actorUserId })
      .from(requestEvents)
      .where(eq(requestEvents.action, 'approve'))
      .orderBy(requestEvents.requestId)
      .all();
    expect(byRequest).toEqual([
      { requestId: id, actorUserId: people.dea.id },
      { requestId: other, actorUserId: people.dea2.id },
    ]);
  });

  it('holds the write lock through a transition: the other connection cannot start one meanwhile', () => {
    const id = propose({ submit: true });
    advanceTo(id, 'dea_decision');
    // The second connection approves inside its own transaction. Until it commits, the first
    // connection still reads the old state (WAL) and cannot begin a transition of its own: it would
    // wait for the lock (busy_timeout); with no timeout it fails at once, writing nothing. After the
    // commit it gets a conflict.
    t.db.$client.pragma('busy_timeout = 0');
    second.transaction(
      (tx) => {
        applyTransition(tx, people.dea2, { requestId: id, action: 'approve' });
        expect(t.db.select({ state: requests.state }).from(requests).where(eq(requests.id, id)).get()!.state).toBe(
          'dea_decision',
        );
        expect(() => transitionRequest(t.db, people.dea, { requestId: id, action: 'approve' })).toThrow(/locked|busy/i);
      },
      { behavior: 'immediate' },
    );
    expect(appError(() => transitionRequest(t.db, people.dea, { requestId: id, action: 'approve' })).code).toBe('conflict');
    expect(
      t.db.select({ n: count() }).from(requestEvents).where(and(eq(requestEvents.requestId, id), eq(requestEvents.action, 'approve'))).get()!
        .n,
    ).toBe(1);
  });
});

describe('simultaneous approvals from several threads', () => {
  it('yields exactly one approval when four threads approve at the same instant', async () => {
    const id = propose({ submit: true });
    advanceTo(id, 'dea_decision');
    const coordinators = [people.dea, people.dea2, makeUser(t.db, 'dea_hq', undefined, 'Cruz DEA-HQ'), makeUser(t.db, 'dea_hq', undefined, 'Lee DEA-HQ')];
    const barrier = new SharedArrayBuffer(4);
    const results = await Promise.all(
      coordinators.map(
        (actor) =>
          new Promise<TransitionWorkerResult>((resolve, reject) => {
            const workerData: TransitionWorkerData = {
              file: t.file,
              actor,
              input: { requestId: id, action: 'approve', expectedState: 'dea_decision' },
              barrier,
              workers: coordinators.length,
            };
            const worker = new Worker(WORKER_BOOTSTRAP, { workerData });
            worker.once('message', resolve);
            worker.once('error', reject);
            worker.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
          }),
      ),
    );

    const winners = results.filter((r) => r.ok);
    const losers = results.filter((r): r is Extract<TransitionWorkerResult, { ok: false }> => !r.ok);
    expect(winners).toHaveLength(1);
    expect(losers.map((r) => r.code)).toEqual(['conflict', 'conflict', 'conflict']);
    const approvals = t.db
      .select({ actorUserId: requestEvents.actorUserId, actorName: requestEvents.actorName })
      .from(requestEvents)
      .where(and(eq(requestEvents.requestId, id), eq(requestEvents.action, 'approve')))
      .all();
    expect(approvals).toHaveLength(1);
    for (const loser of losers) expect(loser.message).toContain(`already approved by ${approvals[0]!.actorName}`);
    expect(countDesignations()).toBe(1);
    expect(requestRow(id).state).toBe('active');
  });
});

