// The daily expiry job on a real temporary SQLite file: only active designations whose last valid day
// (a New York calendar date) has passed expire, each through the one writer with an event by the
// system, and a second run finds nothing more.
import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestEvents, requests } from '@/db/schema';
import { SYSTEM_ACTOR, type UserActor } from '@/lib/auth/actor';
import { createTestDb, makeUser, type TestDb } from '@/lib/testing/test-db';
import { advance, designationOf, makeReviewers, propose, type Reviewers } from '@/lib/testing/workflow';
import { transitionRequest } from '@/lib/workflow/transition-request';
import { expireDesignations } from './expire-designations';

let t: TestDb;
let supervisor: UserActor;
let reviewers: Reviewers;

beforeEach(() => {
  t = createTestDb();
  supervisor = makeUser(t.db, 'supervisor', 'hsi-el-paso', 'Sam Supervisor');
  reviewers = makeReviewers(t.db);
});
afterEach(() => t.close());

// New York is on daylight time (UTC−4) in July.
const newYork = (month: number, date: number, hour: number, minute: number) => Date.UTC(2026, month - 1, date, hour + 4, minute);

/** A request approved at `approvedAt` (New York noon), so its twelve months end the day before the anniversary. */
function designated(badge: string, approvedAt: number) {
  const request = propose(t.db, supervisor, { badge, submit: true, at: approvedAt - 86_400_000 });
  advance(t.db, reviewers, request.id, 'active', { at: approvedAt });
  return request;
}

const stateOf = (id: number) => t.db.select({ state: requests.state }).from(requests).where(eq(requests.id, id)).get()!.state;
const eventCount = () => t.db.select({ n: count() }).from(requestEvents).get()!.n;

describe('which designations expire', () => {
  let endsJune30: ReturnType<typeof designated>;

  beforeEach(() => {
    // Approved 1 July 2025: valid through 30 June 2026.
    endsJune30 = designated('EP1001', Date.UTC(2025, 6, 1, 16));
    expect(designationOf(t.db, endsJune30.id).endsOn).toBe('2026-06-30');
  });

  it('keeps a designation through the whole of its last day in New York', () => {
    // 23:30 on 30 June in New York is already 1 July in UTC.
    const lateOnTheLastDay = newYork(6, 30, 23, 30);
    expect(new Date(lateOnTheLastDay).toISOString()).toBe('2026-07-01T03:30:00.000Z');
    const before = eventCount();
    expect(expireDesignations(t.db, lateOnTheLastDay)).toEqual({ expired: [] });
    expect(stateOf(endsJune30.id)).toBe('active');
    expect(eventCount()).toBe(before);
  });

  it('expires it half an hour into the next day in New York, with an event by the system', () => {
    const justAfter = newYork(7, 1, 0, 30);
    const before = t.db.select().from(requests).where(eq(requests.id, endsJune30.id)).get()!;
    expect(expireDesignations(t.db, justAfter)).toEqual({ expired: [endsJune30.ref] });

    expect(t.db.select().from(requests).where(eq(requests.id, endsJune30.id)).get()).toMatchObject({
      state: 'expired',
      stateEnteredAt: justAfter,
      lastEventAt: justAfter,
      firstSubmittedAt: before.firstSubmittedAt,
    });
    const last = t.db.select().from(requestEvents).where(eq(requestEvents.requestId, endsJune30.id)).orderBy(requestEvents.id).all().at(-1)!;
    expect(last).toMatchObject({
      action: 'expire',
      fromState: 'active',
      toState: 'expired',
      actorUserId: null,
      actorName: SYSTEM_ACTOR.name,
      actorRole: null,
      at: justAfter,
      reason: null,
      isImported: false,
    });
    // The designation itself is kept: it is history.
    expect(designationOf(t.db, endsJune30.id).endsOn).toBe('2026-06-30');
  });

  it('expires nothing more when run again', () => {
    const justAfter = newYork(7, 1, 0, 30);
    expireDesignations(t.db, justAfter);
    const after = eventCount();
    expect(expireDesignations(t.db, justAfter)).toEqual({ expired: [] });
    expect(expireDesignations(t.db, newYork(7, 20, 12, 0))).toEqual({ expired: [] });
    expect(eventCount()).toBe(after);
    expect(t.db.select({ n: count() }).from(requestEvents).where(eq(requestEvents.action, 'expire')).get()!.n).toBe(1);
  });

  it('expires only active requests whose designation has ended, leaving every other one alone', () => {
    // Ended at the same time but rescinded first: it stays rescinded.
    const rescinded = designated('EP1002', Date.UTC(2025, 6, 1, 16));
    transitionRequest(t.db, reviewers.dea, { requestId: rescinded.id, action: 'rescind', reason: 'Transferred.', reasonCategory: 'transfer' });
    // Ends a day later, on 1 July 2026.
    const endsJuly1 = designated('EP1003', Date.UTC(2025, 6, 2, 16));
    // Ended long ago (30 April 2026).
    const endsApril30 = designated('EP1004', Date.UTC(2025, 4, 1, 16));
    // Requests without a designation, in every open state.
    const draft = propose(t.db, supervisor, { badge: 'EP1005' });
    const inReview = propose(t.db, supervisor, { badge: 'EP1006', submit: true });
    advance(t.db, reviewers, inReview.id, 'dea_decision');

    const result = expireDesignations(t.db, newYork(7, 1, 0, 30));
    expect(result.expired.sort()).toEqual([endsApril30.ref, endsJune30.ref].sort());
    expect([endsJune30, endsApril30, rescinded, endsJuly1, draft, inReview].map((r) => stateOf(r.id))).toEqual([
      'expired',
      'expired',
      'rescinded',
      'active',
      'draft',
      'dea_decision',
    ]);

    // The next day, the one that ended on 1 July goes too.
    expect(expireDesignations(t.db, newYork(7, 2, 0, 30))).toEqual({ expired: [endsJuly1.ref] });
  });

  it('keeps a renewal that has begun when the designation it continues expires', () => {
    const renewal = propose(t.db, supervisor, { badge: 'EP1001', kind: 'renewal', submit: true, at: Date.UTC(2026, 5, 1, 16) });
    advance(t.db, reviewers, renewal.id, 'active', { at: Date.UTC(2026, 5, 2, 16) });
    expect(designationOf(t.db, renewal.id)).toMatchObject({ startsOn: '2026-07-01', endsOn: '2027-06-30' });

    expect(expireDesignations(t.db, newYork(7, 1, 0, 30))).toEqual({ expired: [endsJune30.ref] });
    expect(stateOf(renewal.id)).toBe('active');
  });
});
