// The activation gate, on a real temporary SQLite file: approval of an agent who owes a published module
// required before activation waits in pending_training with no designation; recording the last owed
// completion or waiver (by hand or by LMS import) activates it once, as the system, with a designation
// starting that day in the calendar's zone; what does not gate (no required module, one not published,
// retired, or for the other agency's agents, training done before approval) and what does not clear it
// (a completion of another module); and the clocks: end to end stops at approval, the pending time is
// counted on its own, live and in the request_timings cache.
import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { designations, requestEvents, requests, requestTimings, trainingModules } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import { requestTiming } from '@/lib/timeliness/request-timing';
import { loadTimingEvents } from '@/lib/timeliness/timing-events';
import { expectRefused } from '@/lib/testing/expect-refused';
import { createTestDb, makeUser, type TestDb } from '@/lib/testing/test-db';
import { advance, designationOf, makeReviewers, propose, type Reviewers } from '@/lib/testing/workflow';
import { transitionRequest } from '@/lib/workflow/transition-request';
import { importTraining } from './import-training';
import { createModule } from './manage-modules';
import { moveModule } from './module-writer';
import { recordCompletion } from './record-completions';

const ZONE = 'America/New_York';
// March 2025 has no federal holiday; US daylight saving starts on Sunday 9 March.
const SUBMITTED_AT = Date.UTC(2025, 2, 3, 15); // Monday 3 March, 10:00 EST
const REVIEWED_AT = Date.UTC(2025, 2, 4, 15); // Tuesday 4 March: endorsed, routed and concurred
const APPROVED_AT = Date.UTC(2025, 2, 5, 15); // Wednesday 5 March
const FIRST_DONE_AT = Date.UTC(2025, 2, 10, 15); // Monday 10 March, 11:00 EDT
// Thursday 13 March at 22:00 EDT, already Friday 14 March in UTC: the calendar's zone decides the day.
const SECOND_DONE_AT = Date.UTC(2025, 2, 14, 2);

let t: TestDb;
let supervisor: UserActor;
let admin: UserActor;
let hsi: UserActor;
let reviewers: Reviewers;
let badgeCounter = 0;

beforeEach(() => {
  t = createTestDb();
  supervisor = makeUser(t.db, 'supervisor', 'hsi-el-paso', 'Sam Supervisor');
  admin = makeUser(t.db, 'admin', undefined, 'Abe Admin');
  hsi = makeUser(t.db, 'hsi_hq', undefined, 'Hal HSI-HQ');
  reviewers = makeReviewers(t.db);
});
afterEach(() => t.close());

/** A module created and published by the administrator. */
function publishedModule(code: string, extra: Record<string, unknown> = {}): string {
  const { id } = createModule(t.db, admin, {
    code,
    title: `Module ${code}`,
    ownerAgency: 'joint',
    audience: 'hsi_agents',
    isRequiredBeforeActivation: 'yes',
    refresherMonths: '',
    completionWindowDays: '',
    ...extra,
  });
  moveModule(t.db, admin, { moduleId: id, action: 'submit_for_review' });
  moveModule(t.db, admin, { moduleId: id, action: 'publish' });
  return code;
}

/** A request for a new agent, submitted and reviewed, waiting for the DEA decision. */
function awaitingDecision(): { id: number; ref: string; badge: string } {
  badgeCounter += 1;
  const badge = `EP${4000 + badgeCounter}`;
  const created = propose(t.db, supervisor, { badge, submit: true, at: SUBMITTED_AT });
  advance(t.db, reviewers, created.id, 'dea_decision', { at: REVIEWED_AT });
  return { ...created, badge };
}

function approve(requestId: number, at = APPROVED_AT) {
  return transitionRequest(t.db, reviewers.dea, { requestId, action: 'approve', at });
}

function complete(actor: UserActor, badge: string, moduleCode: string, at: number, completedOn: string, extra: Record<string, unknown> = {}) {
  return recordCompletion(t.db, actor, { badge, moduleCode, completedOn, kind: 'completion', reason: '', ...extra }, at);
}

function requestRow(id: number) {
  return t.db.select().from(requests).where(eq(requests.id, id)).get()!;
}
function eventsOf(id: number) {
  return t.db.select().from(requestEvents).where(eq(requestEvents.requestId, id)).orderBy(asc(requestEvents.at), asc(requestEvents.id)).all();
}
function designationsOf(id: number) {
  return t.db.select().from(designations).where(eq(designations.requestId, id)).all();
}
function timingRow(id: number) {
  return t.db.select().from(requestTimings).where(eq(requestTimings.requestId, id)).get();
}
function liveTiming(id: number, now: number) {
  return requestTiming(loadTimingEvents(t.db, [id]).get(id)!, ZONE, now);
}

describe('approval while training is owed', () => {
  it('waits in pending_training, with no designation, until the last of two required modules is recorded', () => {
    publishedModule('T21-LAW');
    publishedModule('T21-ETHICS');
    const request = awaitingDecision();

    const result = approve(request.id);
    expect(result).toMatchObject({ action: 'approve', fromState: 'dea_decision', toState: 'pending_training', at: APPROVED_AT });
    expect(requestRow(request.id)).toMatchObject({ state: 'pending_training', stateEnteredAt: APPROVED_AT });
    expect(eventsOf(request.id).at(-1)).toMatchObject({ action: 'approve', fromState: 'dea_decision', toState: 'pending_training', actorUserId: reviewers.dea.id });
    expect(designationsOf(request.id)).toEqual([]);

    // One of the two: still waiting.
    expect(complete(hsi, request.badge, 'T21-LAW', FIRST_DONE_AT, '2025-03-10')).toEqual({ added: 1, alreadyRecorded: 0, activated: [] });
    expect(requestRow(request.id).state).toBe('pending_training');
    expect(designationsOf(request.id)).toEqual([]);

    // The second: active, by the system, with the designation starting that day in New York.
    expect(complete(admin, request.badge, 'T21-ETHICS', SECOND_DONE_AT, '2025-03-13')).toEqual({ added: 1, alreadyRecorded: 0, activated: [request.ref] });
    expect(requestRow(request.id)).toMatchObject({ state: 'active', stateEnteredAt: SECOND_DONE_AT, lastEventAt: SECOND_DONE_AT });
    const activations = eventsOf(request.id).filter((e) => e.action === 'activate');
    expect(activations).toEqual([
      expect.objectContaining({ fromState: 'pending_training', toState: 'active', actorUserId: null, actorName: expect.stringMatching(/^T21 Tracker/), actorRole: null, at: SECOND_DONE_AT, isImported: false }),
    ]);
    expect(designationsOf(request.id)).toHaveLength(1);
    expect(designationOf(t.db, request.id)).toMatchObject({ startsOn: '2025-03-13', createdAt: SECOND_DONE_AT });
    expect(designationOf(t.db, request.id).endsOn > '2025-03-13').toBe(true);

    // More records for an active agent activate nothing again.
    expect(complete(hsi, request.badge, 'T21-LAW', Date.UTC(2025, 2, 20, 15), '2025-03-20')).toMatchObject({ added: 1, activated: [] });
    expect(eventsOf(request.id).filter((e) => e.action === 'activate')).toHaveLength(1);
    expect(designationsOf(request.id)).toHaveLength(1);
  });

  it('is cleared by a waiver as well as by a completion', () => {
    publishedModule('T21-LAW');
    const request = awaitingDecision();
    expect(approve(request.id).toState).toBe('pending_training');
    const summary = recordCompletion(t.db, hsi, { badge: request.badge, moduleCode: 'T21-LAW', completedOn: '2025-03-10', kind: 'waiver', reason: 'Completed the same course at the DEA academy.' }, FIRST_DONE_AT);
    expect(summary.activated).toEqual([request.ref]);
    expect(requestRow(request.id).state).toBe('active');
    expect(designationOf(t.db, request.id).startsOn).toBe('2025-03-10');
  });

  it('is cleared by an LMS import too', () => {
    publishedModule('T21-LAW');
    const request = awaitingDecision();
    approve(request.id);
    const summary = importTraining(t.db, admin, `badge,module_code,completed_on\n${request.badge.toLowerCase()},t21-law,2025-03-07\n`, { at: FIRST_DONE_AT });
    expect(summary).toEqual({ rows: 1, added: 1, alreadyRecorded: 0, activated: [request.ref] });
    expect(requestRow(request.id).state).toBe('active');
    expect(eventsOf(request.id).filter((e) => e.action === 'activate')).toEqual([expect.objectContaining({ actorUserId: null, at: FIRST_DONE_AT })]);
  });

  it('is not cleared by a completion of another module, only by the one owed', () => {
    publishedModule('T21-LAW');
    publishedModule('T21-OTHER', { isRequiredBeforeActivation: 'no' });
    const request = awaitingDecision();
    approve(request.id);
    expect(complete(hsi, request.badge, 'T21-OTHER', FIRST_DONE_AT, '2025-03-10')).toEqual({ added: 1, alreadyRecorded: 0, activated: [] });
    expect(requestRow(request.id).state).toBe('pending_training');
    expect(designationsOf(request.id)).toEqual([]);
    expect(complete(hsi, request.badge, 'T21-LAW', SECOND_DONE_AT, '2025-03-13').activated).toEqual([request.ref]);
  });

  it('holds even while the module’s completion window is still open (due is owed)', () => {
    publishedModule('T21-LAW', { completionWindowDays: '90' });
    const request = awaitingDecision();
    expect(approve(request.id).toState).toBe('pending_training');
  });

  it('is released only by the system: a person cannot activate a pending request', () => {
    publishedModule('T21-LAW');
    const request = awaitingDecision();
    approve(request.id);
    const snapshot = () => ({ request: requestRow(request.id), events: eventsOf(request.id), designations: designationsOf(request.id) });
    expectRefused('forbidden', () => transitionRequest(t.db, reviewers.dea, { requestId: request.id, action: 'activate', at: FIRST_DONE_AT }), snapshot);
    expectRefused('forbidden', () => transitionRequest(t.db, admin, { requestId: request.id, action: 'activate', at: FIRST_DONE_AT }), snapshot);
  });
});

describe('what does not gate', () => {
  function expectStraightToActive(request: { id: number }): void {
    expect(approve(request.id).toState).toBe('active');
    expect(requestRow(request.id).state).toBe('active');
    expect(eventsOf(request.id).map((e) => e.action)).not.toContain('activate');
    expect(designationOf(t.db, request.id).startsOn).toBe('2025-03-05');
  }

  it('no required module at all: only the seeded, unpublished ones', () => {
    const seeded = t.db.select().from(trainingModules).all();
    expect(seeded.map((m) => [m.code, m.status, m.isRequiredBeforeActivation]).sort()).toEqual([
      ['JOINT-IAA-2009', 'disputed', true],
      ['MODULE-2021-2', 'draft', false],
    ]);
    expectStraightToActive(awaitingDecision());
    expect(timingRow(awaitingDecision().id)).toBeUndefined();
  });

  it('a published module that is not required before activation', () => {
    publishedModule('T21-OPTIONAL', { isRequiredBeforeActivation: 'no' });
    expectStraightToActive(awaitingDecision());
  });

  it('a required module still in draft or in review', () => {
    createModule(t.db, admin, { code: 'T21-DRAFT', title: 'Draft', ownerAgency: 'HSI', audience: 'hsi_agents', isRequiredBeforeActivation: 'yes', refresherMonths: '', completionWindowDays: '' });
    const { id } = createModule(t.db, admin, { code: 'T21-REVIEW', title: 'In review', ownerAgency: 'HSI', audience: 'both', isRequiredBeforeActivation: 'yes', refresherMonths: '', completionWindowDays: '' });
    moveModule(t.db, admin, { moduleId: id, action: 'submit_for_review' });
    expectStraightToActive(awaitingDecision());
  });

  it('a required module that has been retired', () => {
    publishedModule('T21-OLD');
    const id = t.db.select({ id: trainingModules.id }).from(trainingModules).where(eq(trainingModules.code, 'T21-OLD')).get()!.id;
    moveModule(t.db, admin, { moduleId: id, action: 'retire', note: 'Replaced.' });
    expectStraightToActive(awaitingDecision());
  });

  it('a required module for DEA agents only', () => {
    publishedModule('T21-DEA', { audience: 'dea_agents' });
    expectStraightToActive(awaitingDecision());
  });

  it('an agent who completed the required training before approval', () => {
    publishedModule('T21-LAW');
    publishedModule('T21-ETHICS');
    const request = awaitingDecision();
    const recordedAt = Date.UTC(2025, 2, 4, 20);
    expect(complete(hsi, request.badge, 'T21-LAW', recordedAt, '2025-02-14').activated).toEqual([]);
    recordCompletion(t.db, hsi, { badge: request.badge, moduleCode: 'T21-ETHICS', completedOn: '2025-03-04', kind: 'waiver', reason: 'Exempt.' }, recordedAt);
    // Still waiting for the decision: recording training does not approve anything.
    expect(requestRow(request.id).state).toBe('dea_decision');
    expectStraightToActive(request);
  });

  it('but training half done before approval still gates', () => {
    publishedModule('T21-LAW');
    publishedModule('T21-ETHICS');
    const request = awaitingDecision();
    complete(hsi, request.badge, 'T21-LAW', Date.UTC(2025, 2, 4, 20), '2025-02-14');
    expect(approve(request.id).toState).toBe('pending_training');
    expect(complete(hsi, request.badge, 'T21-ETHICS', FIRST_DONE_AT, '2025-03-10').activated).toEqual([request.ref]);
  });
});

describe('the clocks of a request held for training', () => {
  // Submitted Monday 3 March, reviewed Tuesday 4, approved Wednesday 5: 2 business days end to end.
  // Activated Thursday 13 March (New York): business days after 5 March up to 13 March are 6, 7, 10,
  // 11, 12 and 13, so 6 business days and 8 calendar days pending.
  it('end to end stops at approval; the pending time is counted on its own, live and in the cache', () => {
    publishedModule('T21-LAW');
    publishedModule('T21-ETHICS');
    const request = awaitingDecision();
    approve(request.id);

    // While pending: the cache has the decision but no finished pending span.
    expect(timingRow(request.id)).toMatchObject({
      decision: 'approve',
      decidedAt: APPROVED_AT,
      decidedOn: '2025-03-05',
      firstSubmittedOn: '2025-03-03',
      endToEndDays: 2,
      endToEndCalendarDays: 2,
      pendingTrainingDays: null,
      pendingTrainingCalendarDays: null,
      activatedAt: null,
    });
    // Live, on Friday 7 March: 2 business days pending so far (6 and 7 March), still open.
    const friday = liveTiming(request.id, Date.UTC(2025, 2, 7, 18));
    expect(friday.endToEnd).toEqual({ businessDays: 2, calendarDays: 2 });
    expect(friday.pendingTraining).toEqual({ businessDays: 2, calendarDays: 2, isOpen: true, activatedAt: null });

    complete(hsi, request.badge, 'T21-LAW', FIRST_DONE_AT, '2025-03-10');
    complete(hsi, request.badge, 'T21-ETHICS', SECOND_DONE_AT, '2025-03-13');
    expect(requestRow(request.id).state).toBe('active');

    expect(timingRow(request.id)).toMatchObject({
      decision: 'approve',
      decidedAt: APPROVED_AT,
      decidedOn: '2025-03-05',
      endToEndDays: 2,
      endToEndCalendarDays: 2,
      hsiReviewDays: 1,
      deaDecisionDays: 1,
      pendingTrainingDays: 6,
      pendingTrainingCalendarDays: 8,
      activatedAt: SECOND_DONE_AT,
    });
    // Long after, the figures do not move.
    const later = liveTiming(request.id, Date.UTC(2025, 5, 2, 15));
    expect(later.decision).toEqual({ action: 'approve', at: APPROVED_AT, date: '2025-03-05' });
    expect(later.endToEnd).toEqual({ businessDays: 2, calendarDays: 2 });
    expect(later.pendingTraining).toEqual({ businessDays: 6, calendarDays: 8, isOpen: false, activatedAt: SECOND_DONE_AT });
  });

  it('an approval that activates at once has no pending time', () => {
    const request = awaitingDecision();
    approve(request.id);
    expect(timingRow(request.id)).toMatchObject({ endToEndDays: 2, pendingTrainingDays: null, pendingTrainingCalendarDays: null, activatedAt: null });
    expect(liveTiming(request.id, Date.UTC(2025, 2, 20, 15)).pendingTraining).toBeNull();
  });
});
