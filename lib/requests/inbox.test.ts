// "Needs my action" on a real temporary SQLite file: for each role, the requests waiting on that user
// and no others, grouped by what they wait for, oldest first, with counts that match the badge.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor, type UserActor } from '@/lib/auth/actor';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import { advance, makeReviewers, propose, type Reviewers } from '@/lib/testing/workflow';
import { transitionRequest } from '@/lib/workflow/transition-request';
import { createRequests } from './create-requests';
import { INBOX_LIMIT, inboxCount, inboxFor } from './inbox';

let t: TestDb;
let elPaso: UserActor;
let miami: UserActor;
let reviewers: Reviewers;

const T0 = Date.UTC(2026, 2, 2, 15);
const at = (minutes: number) => T0 + minutes * 60_000;

beforeEach(() => {
  t = createTestDb();
  elPaso = makeUser(t.db, 'supervisor', 'hsi-el-paso', 'Sam Supervisor');
  miami = makeUser(t.db, 'supervisor', 'hsi-miami', 'Olga Otheroffice');
  reviewers = makeReviewers(t.db);
});
afterEach(() => t.close());

/** Group state → refs, in the order the inbox shows them. */
function inboxOf(actor: Actor): Record<string, string[]> {
  return Object.fromEntries(inboxFor(t.db, actor).map((group) => [group.state, group.rows.map((r) => r.ref)]));
}

/**
 * One request waiting in each place, for two offices and two divisions. Each is stamped so that the
 * later-created request of a pair entered its state earlier: the inbox must sort by time, not by id.
 */
function populate() {
  const r = {
    // El Paso drafts: the second created is the older.
    epDraftNew: propose(t.db, elPaso, { badge: 'EP1001', at: at(50) }),
    epDraftOld: propose(t.db, elPaso, { badge: 'EP1002', at: at(10) }),
    miDraft: propose(t.db, miami, { badge: 'MI1001', division: 'dea-miami', at: at(10) }),
    epReturned: propose(t.db, elPaso, { badge: 'EP1003', submit: true, at: at(1) }),
    miReturned: propose(t.db, miami, { badge: 'MI1002', division: 'dea-miami', submit: true, at: at(1) }),
    hsiNew: propose(t.db, elPaso, { badge: 'EP1004', submit: true, at: at(40) }),
    hsiOld: propose(t.db, miami, { badge: 'MI1003', division: 'dea-miami', submit: true, at: at(20) }),
    deaReview: propose(t.db, elPaso, { badge: 'EP1005', submit: true, at: at(1) }),
    toElPasoNew: propose(t.db, elPaso, { badge: 'EP1006', submit: true, at: at(1) }),
    toElPasoOld: propose(t.db, miami, { badge: 'MI1004', division: 'dea-miami', submit: true, at: at(1) }),
    toHouston: propose(t.db, elPaso, { badge: 'EP1007', submit: true, at: at(1) }),
    decision: propose(t.db, elPaso, { badge: 'EP1008', submit: true, at: at(1) }),
    active: propose(t.db, elPaso, { badge: 'EP1009', submit: true, at: at(1) }),
  };
  transitionRequest(t.db, reviewers.hsi, { requestId: r.epReturned.id, action: 'return', reason: 'Add the port.', at: at(30) });
  transitionRequest(t.db, reviewers.hsi, { requestId: r.miReturned.id, action: 'return', reason: 'Add the port.', at: at(30) });
  advance(t.db, reviewers, r.deaReview.id, 'dea_hq_review', { at: at(5) });
  advance(t.db, reviewers, r.toElPasoNew.id, 'division_review', { routeTo: 'dea-el-paso', at: at(45) });
  advance(t.db, reviewers, r.toElPasoOld.id, 'division_review', { routeTo: 'dea-el-paso', at: at(15) });
  advance(t.db, reviewers, r.toHouston.id, 'division_review', { routeTo: 'dea-houston', at: at(5) });
  advance(t.db, reviewers, r.decision.id, 'dea_decision', { at: at(6) });
  advance(t.db, reviewers, r.active.id, 'active', { at: at(7) });
  return r;
}

describe('what waits on each role', () => {
  it('gives a supervisor the returned requests and drafts of their own office only', () => {
    const r = populate();
    const groups = inboxFor(t.db, elPaso);
    expect(groups.map((g) => [g.state, g.total])).toEqual([
      ['returned', 1],
      ['draft', 2],
    ]);
    expect(groups.every((g) => g.title.length > 0)).toBe(true);
    expect(inboxOf(elPaso)).toEqual({ returned: [r.epReturned.ref], draft: [r.epDraftOld.ref, r.epDraftNew.ref] });
    expect(inboxOf(miami)).toEqual({ returned: [r.miReturned.ref], draft: [r.miDraft.ref] });
    expect(inboxCount(t.db, elPaso)).toBe(3);
    expect(inboxCount(t.db, miami)).toBe(2);
  });

  it('gives HSI HQ the requests waiting for endorsement, from every office', () => {
    const r = populate();
    expect(inboxOf(reviewers.hsi)).toEqual({ hsi_review: [r.hsiOld.ref, r.hsiNew.ref] });
    expect(inboxCount(t.db, reviewers.hsi)).toBe(2);
  });

  it('gives DEA HQ the requests waiting for its review and for its decision', () => {
    const r = populate();
    expect(inboxOf(reviewers.dea)).toEqual({ dea_hq_review: [r.deaReview.ref], dea_decision: [r.decision.ref] });
    expect(inboxCount(t.db, reviewers.dea)).toBe(2);
  });

  it('gives a division coordinator only the requests routed to their division', () => {
    const r = populate();
    const elPasoDivision = reviewers.division('dea-el-paso');
    expect(inboxOf(elPasoDivision)).toEqual({ division_review: [r.toElPasoOld.ref, r.toElPasoNew.ref] });
    expect(inboxCount(t.db, elPasoDivision)).toBe(2);
    expect(inboxOf(reviewers.division('dea-houston'))).toEqual({ division_review: [r.toHouston.ref] });
    // Miami proposed requests of its own, but none is routed there.
    expect(inboxOf(reviewers.division('dea-miami'))).toEqual({ division_review: [] });
    expect(inboxCount(t.db, reviewers.division('dea-miami'))).toBe(0);
  });

  it('gives auditors, administrators and the system nothing to do', () => {
    populate();
    for (const actor of [makeUser(t.db, 'auditor'), makeUser(t.db, 'admin'), SYSTEM_ACTOR]) {
      expect(inboxFor(t.db, actor)).toEqual([]);
      expect(inboxCount(t.db, actor)).toBe(0);
    }
  });

  it('gives a supervisor or coordinator without an office nothing', () => {
    populate();
    const lost = [makeUser(t.db, 'supervisor'), makeUser(t.db, 'dea_division')];
    for (const actor of lost) {
      expect(inboxFor(t.db, actor).every((g) => g.total === 0 && g.rows.length === 0)).toBe(true);
      expect(inboxCount(t.db, actor)).toBe(0);
    }
  });

  it('drops a request from one inbox and adds it to the next as it moves', () => {
    const r = populate();
    transitionRequest(t.db, reviewers.hsi, { requestId: r.hsiOld.id, action: 'endorse', at: at(60) });
    expect(inboxOf(reviewers.hsi)).toEqual({ hsi_review: [r.hsiNew.ref] });
    expect(inboxOf(reviewers.dea)).toEqual({ dea_hq_review: [r.deaReview.ref, r.hsiOld.ref], dea_decision: [r.decision.ref] });
    expect(inboxCount(t.db, reviewers.dea)).toBe(3);
  });
});

describe('counts', () => {
  it('matches the badge count to the groups’ totals for every role', () => {
    populate();
    const actors = [elPaso, miami, reviewers.hsi, reviewers.dea, reviewers.division('dea-el-paso'), reviewers.division('dea-houston')];
    for (const actor of actors) {
      const groups = inboxFor(t.db, actor);
      expect(inboxCount(t.db, actor)).toBe(groups.reduce((sum, g) => sum + g.total, 0));
      for (const group of groups) expect(group.rows).toHaveLength(group.total);
    }
  });

  it(`shows the oldest ${INBOX_LIMIT} of a long queue but counts them all`, () => {
    let key = 0;
    for (let batch = 0; batch < 3; batch++) {
      createRequests(
        t.db,
        elPaso,
        {
          kind: 'initial',
          deaDivisionId: officeId(t.db, 'dea-el-paso'),
          borderNexus: 'Fentanyl smuggling through the Ysleta port of entry.',
          agents: Array.from({ length: 20 }, (_, i) => ({ name: `Agent ${batch}-${i}`, badge: `EP${batch}${100 + i}`, dutyStation: 'El Paso' })),
        },
        // The later batches are the older ones.
        { submit: false, submissionKey: `long-queue-${++key}`, at: at(100 - batch * 10) },
      );
    }
    const [returned, drafts] = inboxFor(t.db, elPaso);
    expect(returned).toMatchObject({ state: 'returned', total: 0, rows: [] });
    expect(drafts!.total).toBe(60);
    expect(drafts!.rows).toHaveLength(INBOX_LIMIT);
    const entered = drafts!.rows.map((row) => row.stateEnteredAt);
    expect(entered).toEqual([...entered].sort((a, b) => a - b));
    // The newest batch (the first created) is the one cut off, beyond its first ten.
    expect(drafts!.rows.filter((row) => row.agentName.startsWith('Agent 0-'))).toHaveLength(10);
    expect(inboxCount(t.db, elPaso)).toBe(60);
  });
});
