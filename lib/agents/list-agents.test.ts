// The agent roster on a real temporary SQLite file: whose agents each role sees, each agent's latest
// designation and open request, the days left and whether a renewal is due around the 60-day window
// (dates in New York), and search.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor, UserActor } from '@/lib/auth/actor';
import { expireDesignations } from '@/lib/designations/expire-designations';
import { AppError } from '@/lib/errors';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import { advance, designationOf, makeReviewers, propose, type Reviewers } from '@/lib/testing/workflow';
import { transitionRequest } from '@/lib/workflow/transition-request';
import { listAgents, type RosterRow } from './list-agents';

let t: TestDb;
let elPaso: UserActor;
let miami: UserActor;
let reviewers: Reviewers;
let roster: ReturnType<typeof buildRoster>;

// 15:00 UTC is 10:00 or 11:00 in New York: the same calendar date in both.
const day = (year: number, month: number, date: number, hourUtc = 15) => Date.UTC(year, month - 1, date, hourUtc);

beforeEach(() => {
  t = createTestDb();
  elPaso = makeUser(t.db, 'supervisor', 'hsi-el-paso', 'Sam Supervisor');
  miami = makeUser(t.db, 'supervisor', 'hsi-miami', 'Olga Otheroffice');
  reviewers = makeReviewers(t.db);
  roster = buildRoster();
});
afterEach(() => t.close());

/**
 * El Paso: Ana (designated 1 Jul 2025 – 30 Jun 2026, via El Paso), Ben (a draft only), Cy (designated
 * via Houston, then renewed via El Paso), Dee (under review in Houston). Miami: Mo (designated).
 */
function buildRoster() {
  const ana = propose(t.db, elPaso, { badge: 'EP1001', name: 'Ana Ruiz', submit: true, at: day(2025, 6, 20) });
  advance(t.db, reviewers, ana.id, 'active', { at: day(2025, 7, 1) });

  const ben = propose(t.db, elPaso, { badge: 'EP1002', name: 'Ben Ortiz', at: day(2025, 8, 1) });

  const cyFirst = propose(t.db, elPaso, { badge: 'EP1003', name: 'Cy Diaz', submit: true, at: day(2025, 3, 1) });
  advance(t.db, reviewers, cyFirst.id, 'active', { routeTo: 'dea-houston', at: day(2025, 3, 3) });
  const cyRenewal = propose(t.db, elPaso, { badge: 'EP1003', name: 'Cy Diaz', kind: 'renewal', submit: true, at: day(2026, 1, 15) });
  advance(t.db, reviewers, cyRenewal.id, 'active', { routeTo: 'dea-el-paso', at: day(2026, 1, 20) });

  const dee = propose(t.db, elPaso, { badge: 'EP1004', name: 'Dee Lopez', submit: true, at: day(2026, 4, 1) });
  advance(t.db, reviewers, dee.id, 'division_review', { routeTo: 'dea-houston', at: day(2026, 4, 2) });

  const mo = propose(t.db, miami, { badge: 'MI1001', name: 'Mo Reyes', division: 'dea-miami', dutyStation: 'Miami, FL', submit: true, at: day(2026, 1, 2) });
  advance(t.db, reviewers, mo.id, 'active', { at: day(2026, 1, 5) });

  return { ana, ben, cyFirst, cyRenewal, dee, mo };
}

function agentsOf(actor: Actor, filters: Record<string, unknown> = {}, now = day(2026, 4, 15)) {
  return listAgents(t.db, actor, filters, now);
}
const namesOf = (result: { rows: RosterRow[] }) => result.rows.map((r) => r.name);
const rowOf = (actor: Actor, badge: string, now?: number) => {
  const row = agentsOf(actor, { q: badge }, now).rows[0];
  if (!row) throw new Error(`${badge} is not on the roster`);
  return row;
};

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError, but nothing was thrown');
}

describe('whose agents each role sees', () => {
  it('shows a supervisor their own office’s agents, by name', () => {
    const result = agentsOf(elPaso);
    expect(namesOf(result)).toEqual(['Ana Ruiz', 'Ben Ortiz', 'Cy Diaz', 'Dee Lopez']);
    expect(result).toMatchObject({ total: 4, page: 1, pageCount: 1 });
    expect(result.rows.every((r) => r.officeName === 'HSI El Paso')).toBe(true);
    expect(namesOf(agentsOf(miami))).toEqual(['Mo Reyes']);
    // Asking for another office changes nothing.
    expect(agentsOf(elPaso, { office: officeId(t.db, 'hsi-miami') }).total).toBe(0);
  });

  it('shows a division coordinator only the agents with a request routed to their division', () => {
    expect(namesOf(agentsOf(reviewers.division('dea-el-paso')))).toEqual(['Ana Ruiz', 'Cy Diaz']);
    expect(namesOf(agentsOf(reviewers.division('dea-houston')))).toEqual(['Cy Diaz', 'Dee Lopez']);
    expect(namesOf(agentsOf(reviewers.division('dea-miami')))).toEqual(['Mo Reyes']);
    expect(namesOf(agentsOf(reviewers.division('dea-phoenix')))).toEqual([]);
    expect(agentsOf(makeUser(t.db, 'dea_division')).total).toBe(0);
    expect(agentsOf(makeUser(t.db, 'supervisor')).total).toBe(0);
  });

  it('shows headquarters and auditors every agent, and lets them filter by office', () => {
    for (const actor of [reviewers.hsi, reviewers.dea, makeUser(t.db, 'auditor'), makeUser(t.db, 'admin')]) {
      expect(namesOf(agentsOf(actor))).toEqual(['Ana Ruiz', 'Ben Ortiz', 'Cy Diaz', 'Dee Lopez', 'Mo Reyes']);
    }
    expect(namesOf(agentsOf(reviewers.hsi, { office: String(officeId(t.db, 'hsi-miami')) }))).toEqual(['Mo Reyes']);
  });
});

describe('designations and open requests', () => {
  it('gives each agent their latest designation and their open request', () => {
    const rows = Object.fromEntries(agentsOf(elPaso).rows.map((r) => [r.badge, r]));
    expect(rows['EP1001']).toMatchObject({
      designation: { requestId: roster.ana.id, startsOn: '2025-07-01', endsOn: '2026-06-30', state: 'active' },
      openRequest: null,
    });
    // The renewal, approved while the first designation ran, starts the day after it ends.
    expect(designationOf(t.db, roster.cyFirst.id)).toMatchObject({ startsOn: '2025-03-03', endsOn: '2026-03-02' });
    expect(rows['EP1003']).toMatchObject({
      designation: { requestId: roster.cyRenewal.id, startsOn: '2026-03-03', endsOn: '2027-03-02', state: 'active' },
      openRequest: null,
    });
    expect(rows['EP1002']).toMatchObject({
      designation: null,
      openRequest: { id: roster.ben.id, ref: roster.ben.ref, state: 'draft' },
      daysLeft: null,
      isRenewalDue: false,
    });
    expect(rows['EP1004']).toMatchObject({
      designation: null,
      openRequest: { id: roster.dee.id, ref: roster.dee.ref, state: 'division_review' },
      isRenewalDue: false,
    });
  });

  it('does not show headquarters a supervisor’s draft as an open request', () => {
    expect(rowOf(reviewers.hsi, 'EP1002').openRequest).toBeNull();
    expect(rowOf(reviewers.hsi, 'EP1004').openRequest).toMatchObject({ state: 'division_review' });
  });

  it('drops a request from the roster once it is no longer open', () => {
    transitionRequest(t.db, elPaso, { requestId: roster.dee.id, action: 'withdraw', reason: 'Reassigned.' });
    expect(rowOf(elPaso, 'EP1004').openRequest).toBeNull();
  });
});

describe('days left and renewal due, in New York dates', () => {
  // Ana's designation runs through 30 June 2026; a renewal may be asked for from 60 days before.
  it.each([
    ['30 April (61 days before)', day(2026, 4, 30), 61, false],
    ['1 May 01:00 UTC, still 30 April in New York', day(2026, 5, 1, 1), 61, false],
    ['1 May (60 days before)', day(2026, 5, 1), 60, true],
    ['1 May 04:00 UTC, midnight starting 1 May in New York', day(2026, 5, 1, 4), 60, true],
    ['30 June, the last valid day', day(2026, 6, 30), 0, true],
    ['1 July, ended but not yet expired by the daily job', day(2026, 7, 1), -1, true],
  ])('on %s (at %i ms): %i days left, renewal due %s', (_label, now, daysLeft, isRenewalDue) => {
    expect(rowOf(elPaso, 'EP1001', now)).toMatchObject({ daysLeft, isRenewalDue });
  });

  it('is not due for an agent without any designation, nor long before the end', () => {
    expect(rowOf(elPaso, 'EP1003', day(2026, 4, 15))).toMatchObject({ daysLeft: 321, isRenewalDue: false });
    expect(rowOf(miami, 'MI1001', day(2026, 4, 15))).toMatchObject({ daysLeft: 264, isRenewalDue: false });
  });

  it('is due, with no days left shown, once the designation has expired or been rescinded', () => {
    expireDesignations(t.db, day(2026, 7, 1));
    expect(rowOf(elPaso, 'EP1001', day(2026, 7, 1))).toMatchObject({ designation: { state: 'expired' }, daysLeft: null, isRenewalDue: true });
    // Cy's first designation expired too, but his latest is the renewal, still running.
    expect(rowOf(elPaso, 'EP1003', day(2026, 7, 1))).toMatchObject({ designation: { state: 'active' }, daysLeft: 244, isRenewalDue: false });

    transitionRequest(t.db, reviewers.dea, { requestId: roster.mo.id, action: 'rescind', reason: 'Transferred.', reasonCategory: 'transfer' });
    expect(rowOf(miami, 'MI1001')).toMatchObject({ designation: { state: 'rescinded' }, daysLeft: null, isRenewalDue: true });
  });

  it('is no longer due once a renewal has been requested', () => {
    const renewal = propose(t.db, elPaso, { badge: 'EP1001', name: 'Ana Ruiz', kind: 'renewal', at: day(2026, 5, 2) });
    expect(rowOf(elPaso, 'EP1001', day(2026, 5, 2))).toMatchObject({
      daysLeft: 59,
      isRenewalDue: false,
      openRequest: { id: renewal.id, state: 'draft' },
      designation: { requestId: roster.ana.id },
    });
  });
});

describe('search and filters', () => {
  it('finds agents by part of the name in any case, or by the exact badge in any case', () => {
    expect(namesOf(agentsOf(elPaso, { q: 'ORTIZ' }))).toEqual(['Ben Ortiz']);
    expect(namesOf(agentsOf(elPaso, { q: ' di ' }))).toEqual(['Cy Diaz']);
    expect(namesOf(agentsOf(elPaso, { q: 'ep1004' }))).toEqual(['Dee Lopez']);
    expect(agentsOf(elPaso, { q: 'EP100' }).total).toBe(0);
    // Another office's agent is not found by badge either.
    expect(agentsOf(elPaso, { q: 'MI1001' }).total).toBe(0);
  });

  it('treats % and _ as the characters themselves', () => {
    expect(agentsOf(elPaso, { q: '%' }).total).toBe(0);
    expect(agentsOf(elPaso, { q: '_' }).total).toBe(0);
    expect(agentsOf(elPaso, { q: 'A_a' }).total).toBe(0);
  });

  it.each([
    [{ office: 'abc' }, 'office'],
    [{ page: 0 }, 'page'],
    [{ q: 'x'.repeat(101) }, 'q'],
  ])('refuses %o, naming the filter', (filters, field) => {
    const error = appError(() => agentsOf(elPaso, filters));
    expect(error.code).toBe('invalid');
    expect(Object.keys(error.fieldErrors)).toEqual([field]);
  });
});
