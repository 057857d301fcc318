// The auditors' dashboard on a real temporary database filled through the real writer: its figures
// are the report's for the same period, its filters narrow them, open work is timed live against the
// goals, designations in force are counted on a date, and each role sees only what it may.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserActor } from '@/lib/auth/actor';
import type { Action } from '@/lib/domain/workflow-states';
import { AppError } from '@/lib/errors';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import { designationOf, makeReviewers, propose, type Reviewers } from '@/lib/testing/workflow';
import { transitionRequest, type TransitionInput } from '@/lib/workflow/transition-request';
import { dashboardData } from './dashboard';
import { dashboardCsv } from './dashboard-csv';
import { decidedInPeriod } from './decided-requests';
import { loadGoals } from './goals';
import { stageSummaryCsv } from './report-csv';
import { stageSummary } from './stage-summary';

const at = (iso: string) => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`Not an instant: ${iso}`);
  return ms;
};

// Friday 20 March 2026, 15:00 in New York.
const NOW = at('2026-03-20T15:00:00-04:00');
const FY2026 = { from: '2025-10-01', to: '2026-09-30' };

let t: TestDb;
let reviewers: Reviewers;
let auditor: UserActor;
let supElPaso: UserActor;
let ids: Record<'r1' | 'r1ren' | 'r2' | 'r3' | 'r4' | 'o1' | 'o2' | 'o3' | 'o4', number>;

function act(actor: UserActor, requestId: number, action: Action, iso: string, extra: Partial<TransitionInput> = {}) {
  transitionRequest(t.db, actor, { requestId, action, at: at(iso), ...extra });
}

/** Endorse, route, concur and approve at the four given times. */
function approveThrough(requestId: number, routeTo: string, times: [string, string, string, string]) {
  act(reviewers.hsi, requestId, 'endorse', times[0]);
  act(reviewers.dea, requestId, 'route', times[1], { divisionId: officeId(t.db, routeTo) });
  act(reviewers.division(routeTo), requestId, 'concur', times[2]);
  act(reviewers.dea, requestId, 'approve', times[3]);
}

// The history, every figure worked out by hand (New York dates; goals HSI HQ 5, DEA HQ 10,
// division 10, decision 5, end to end 30; warning at 80%).
//
// Decided in FY2026:
//   R1ren  El Paso office, renewal, division El Paso. Submitted Tue 20 Jan; HSI (20, 22 Jan] = 2;
//          DEA HQ (22, 27] = Fri 23, Mon 26, Tue 27 = 3; division (27, 29] = 2; decision
//          (Thu 29 Jan, Tue 10 Feb] = 30, 2, 3, 4, 5, 6, 9, 10 = 8; end to end 15. Approved while R1
//          (to 3 March 2026) was in force, so its designation runs 4 March 2026 – 3 March 2027.
//   R2     Houston office and division. One business day in each stage, 5 → 9 Jan: end to end 4.
//          Designation from 9 Jan 2026; rescinded Friday 20 Feb 2026 at 15:00.
//   R3     El Paso office, proposed for El Paso but routed to Houston. HSI (2, 3 Feb] = 1; DEA HQ
//          (3, 5] = 2; division (Thu 5, Wed 11] = 6, 9, 10, 11 = 4; decision 1; end to end 8.
//   R4     Houston office and division, denied in DEA HQ review: HSI 1; DEA HQ (Tue 3, Wed 18 Feb]
//          = 4, 5, 6, 9, 10, 11, 12, 13, (16 Washington's Birthday), 17, 18 = 10; end to end 11.
// Decided in FY2025 (not in the period): R1, El Paso, approved Tue 4 March 2025, designation
//   4 March 2025 – 3 March 2026.
// Open at NOW (Fri 20 March):
//   O2  Houston, in DEA HQ review since Tue 24 Feb: (24 Feb, 20 Mar] = 3 + 5 + 5 + 5 = 18 > 10:
//       overdue; due 10 business days after 24 Feb = Tue 10 March.
//   O4  Houston, returned by HSI HQ on Wed 11 March: with the requester (11, 20 Mar] = 7.
//   O1  El Paso, in HSI review since Mon 16 March: 4 days ≥ 80% of 5: at risk; due Mon 23 March.
//   O3  El Paso, in HSI review since Wed 18 March: 2 days: on track; due Wed 25 March.
beforeEach(() => {
  t = createTestDb();
  reviewers = makeReviewers(t.db);
  auditor = makeUser(t.db, 'auditor', undefined, 'Ada Auditor');
  supElPaso = makeUser(t.db, 'supervisor', 'hsi-el-paso', 'Sam El Paso');
  const supHouston = makeUser(t.db, 'supervisor', 'hsi-houston', 'Hal Houston');

  const r1 = propose(t.db, supElPaso, { badge: 'EP3001', division: 'dea-el-paso', submit: true, at: at('2025-03-03T10:00:00-05:00') }).id;
  approveThrough(r1, 'dea-el-paso', ['2025-03-04T09:00:00-05:00', '2025-03-04T10:00:00-05:00', '2025-03-04T11:00:00-05:00', '2025-03-04T12:00:00-05:00']);

  const r2 = propose(t.db, supHouston, { badge: 'HO3002', division: 'dea-houston', submit: true, at: at('2026-01-05T09:00:00-05:00') }).id;
  approveThrough(r2, 'dea-houston', ['2026-01-06T09:00:00-05:00', '2026-01-07T09:00:00-05:00', '2026-01-08T09:00:00-05:00', '2026-01-09T09:00:00-05:00']);

  const r1ren = propose(t.db, supElPaso, { badge: 'EP3001', kind: 'renewal', division: 'dea-el-paso', submit: true, at: at('2026-01-20T10:00:00-05:00') }).id;
  approveThrough(r1ren, 'dea-el-paso', ['2026-01-22T10:00:00-05:00', '2026-01-27T10:00:00-05:00', '2026-01-29T10:00:00-05:00', '2026-02-10T10:00:00-05:00']);

  const r3 = propose(t.db, supElPaso, { badge: 'EP3003', division: 'dea-el-paso', submit: true, at: at('2026-02-02T09:00:00-05:00') }).id;
  approveThrough(r3, 'dea-houston', ['2026-02-03T09:00:00-05:00', '2026-02-05T09:00:00-05:00', '2026-02-11T09:00:00-05:00', '2026-02-12T09:00:00-05:00']);

  const r4 = propose(t.db, supHouston, { badge: 'HO3004', division: 'dea-houston', submit: true, at: at('2026-02-02T10:00:00-05:00') }).id;
  act(reviewers.hsi, r4, 'endorse', '2026-02-03T10:00:00-05:00');
  act(reviewers.dea, r4, 'deny', '2026-02-18T10:00:00-05:00', { reason: 'No articulable border nexus.' });

  act(reviewers.dea, r2, 'rescind', '2026-02-20T15:00:00-05:00', { reason: 'Transferred to headquarters.', reasonCategory: 'transfer' });

  const o2 = propose(t.db, supHouston, { badge: 'HO3012', division: 'dea-houston', submit: true, at: at('2026-02-23T09:00:00-05:00') }).id;
  act(reviewers.hsi, o2, 'endorse', '2026-02-24T09:00:00-05:00');
  const o4 = propose(t.db, supHouston, { badge: 'HO3014', division: 'dea-houston', submit: true, at: at('2026-03-09T09:00:00-04:00') }).id;
  act(reviewers.hsi, o4, 'return', '2026-03-11T10:00:00-04:00', { reason: 'Name the port of entry.' });
  const o1 = propose(t.db, supElPaso, { badge: 'EP3011', division: 'dea-el-paso', submit: true, at: at('2026-03-16T09:00:00-04:00') }).id;
  const o3 = propose(t.db, supElPaso, { badge: 'EP3013', division: 'dea-el-paso', submit: true, at: at('2026-03-18T10:00:00-04:00') }).id;

  ids = { r1, r1ren, r2, r3, r4, o1, o2, o3, o4 };
});
afterEach(() => t.close());

const dashboard = (actor: UserActor, filters: Record<string, string> = {}) => dashboardData(t.db, actor, filters, NOW);

function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('Expected an AppError');
}

describe('dashboardData', () => {
  it('shows the report’s figures for the same period', () => {
    const data = dashboard(auditor, { fy: '2026' });
    expect(data.period).toMatchObject(FY2026);
    const decided = decidedInPeriod(t.db, auditor, FY2026);
    const report = stageSummary(decided, loadGoals(t.db), FY2026.to);
    expect(data.stages).toEqual(report);
    expect(dashboardCsv(data, 'stages')).toBe(stageSummaryCsv(report));
    const endToEnd = report.find((row) => row.stage === 'end_to_end')!;
    expect(data.headline.endToEndP50).toBe(endToEnd.p50);
    expect(data.headline.endToEndP90).toBe(endToEnd.p90);
    expect(data.headline.withinGoalPct).toBe(endToEnd.withinGoalPct);
    expect(data.headline.decided).toBe(endToEnd.n);

    // And those figures are the ones worked out by hand.
    // hsi 2, 1, 1, 1; DEA HQ 3, 1, 2, 10; division 2, 1, 4; decision 8, 1, 1 (8 > 5); end to end 15, 4, 8, 11.
    expect(data.stages).toEqual([
      { stage: 'hsi_review', n: 4, p50: 1, p90: 2, max: 2, goal: 5, withinGoalPct: 100 },
      { stage: 'dea_hq_review', n: 4, p50: 2, p90: 10, max: 10, goal: 10, withinGoalPct: 100 },
      { stage: 'division_review', n: 3, p50: 2, p90: 4, max: 4, goal: 10, withinGoalPct: 100 },
      { stage: 'dea_decision', n: 3, p50: 1, p90: 8, max: 8, goal: 5, withinGoalPct: 66.7 },
      { stage: 'end_to_end', n: 4, p50: 8, p90: 15, max: 15, goal: 30, withinGoalPct: 100 },
    ]);
    expect(data.headline).toMatchObject({ decided: 4, granted: 3, denied: 1, endToEndP50: 8, endToEndP90: 15, withinGoalPct: 100 });
    // By month of decision: January R2 (4); February R1ren, R3, R4 (15, 8, 11 → p50 rank 2 = 11).
    expect(data.trends).toEqual([
      { month: '2026-01', decided: 1, p50: 4, p90: 4, withinGoalPct: 100 },
      { month: '2026-02', decided: 3, p50: 11, p90: 15, withinGoalPct: 100 },
    ]);
  });

  it('takes a date range instead of the fiscal year', () => {
    const data = dashboard(auditor, { from: '2026-02-01', to: '2026-02-28' });
    expect(data.period).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
    expect(data.headline).toMatchObject({ decided: 3, granted: 2, denied: 1 });
    expect(data.stages).toEqual(stageSummary(decidedInPeriod(t.db, auditor, { from: '2026-02-01', to: '2026-02-28' }), loadGoals(t.db), '2026-02-28'));
  });

  it('narrows everything by office, division and kind', () => {
    const elPasoOffice = officeId(t.db, 'hsi-el-paso');
    const houstonDivision = officeId(t.db, 'dea-houston');

    // El Paso office: R1ren (15) and R3 (8) decided; O1 and O3 open.
    const byOffice = dashboard(auditor, { fy: '2026', office: String(elPasoOffice) });
    expect(byOffice.headline).toMatchObject({ decided: 2, endToEndP50: 8, endToEndP90: 15, open: 2, overdueNow: 0 });
    expect(byOffice.aging.map((r) => r.id)).toEqual([ids.o1, ids.o3]);
    expect(byOffice.stages).toEqual(
      stageSummary(decidedInPeriod(t.db, auditor, { ...FY2026, office: elPasoOffice }), loadGoals(t.db), FY2026.to),
    );

    // Houston division (where routed, else where proposed): R2, R3 (routed there) and R4 (proposed
    // there, denied before routing): 4, 8, 11. Open: O2 and O4.
    const byDivision = dashboard(auditor, { fy: '2026', division: String(houstonDivision) });
    expect(byDivision.headline).toMatchObject({ decided: 3, endToEndP50: 8, endToEndP90: 11, open: 2, overdueNow: 1 });

    // Renewals: R1ren alone; nothing open.
    const renewals = dashboard(auditor, { fy: '2026', kind: 'renewal' });
    expect(renewals.headline).toMatchObject({ decided: 1, endToEndP50: 15, endToEndP90: 15, open: 0 });
  });

  it('groups by office and by division', () => {
    const data = dashboard(auditor, { fy: '2026' });
    expect(data.byOffice).toEqual([
      { id: officeId(t.db, 'hsi-el-paso'), name: 'HSI El Paso', decided: 2, p50: 8, p90: 15, withinGoalPct: 100, open: 2, overdue: 0 },
      { id: officeId(t.db, 'hsi-houston'), name: 'HSI Houston', decided: 2, p50: 4, p90: 11, withinGoalPct: 100, open: 2, overdue: 1 },
    ]);
    expect(data.byDivision).toEqual([
      { id: officeId(t.db, 'dea-el-paso'), name: 'DEA El Paso Division', decided: 1, p50: 15, p90: 15, withinGoalPct: 100, open: 2, overdue: 0 },
      { id: officeId(t.db, 'dea-houston'), name: 'DEA Houston Division', decided: 3, p50: 8, p90: 11, withinGoalPct: 100, open: 2, overdue: 1 },
    ]);
  });

  it('times open requests live, oldest submission first, with where each stands', () => {
    const data = dashboard(auditor, { fy: '2026' });
    expect(data.today).toBe('2026-03-20');
    expect(data.headline).toMatchObject({ open: 4, overdueNow: 1 });
    expect(data.aging).toHaveLength(4);
    expect(data.aging.map((r) => [r.id, r.status.state, r.status.daysInStage, r.status.goal, r.status.dueOn, r.status.standing])).toEqual([
      [ids.o2, 'dea_hq_review', 18, 10, '2026-03-10', 'overdue'],
      [ids.o4, 'returned', 7, null, null, null],
      [ids.o1, 'hsi_review', 4, 5, '2026-03-23', 'at_risk'],
      [ids.o3, 'hsi_review', 2, 5, '2026-03-25', 'on_track'],
    ]);
    // O2's review time so far: HSI (23, 24 Feb] = 1 plus 18 = 19, under 80% of 30: on track overall.
    expect(data.aging[0]?.status).toMatchObject({ endToEndDays: 19, endToEndGoal: 30, endToEndStanding: 'on_track' });
    // The clock is live: a week later (Fri 27 March) O1 has 9 days against 5 and is overdue too.
    const later = dashboardData(t.db, auditor, { fy: '2026' }, at('2026-03-27T15:00:00-04:00'));
    expect(later.headline.overdueNow).toBe(3);
  });

  it('counts designations in force on a date', () => {
    const activeOn = (date: string, filters: Record<string, string> = {}) => dashboard(auditor, { activeOn: date, ...filters }).headline.activeDesignations;
    const elPasoDivision = { division: String(officeId(t.db, 'dea-el-paso')) };

    // The renewal was approved on 10 Feb but starts the day after R1 ends.
    expect(designationOf(t.db, ids.r1)).toMatchObject({ startsOn: '2025-03-04', endsOn: '2026-03-03' });
    expect(designationOf(t.db, ids.r1ren)).toMatchObject({ startsOn: '2026-03-04', endsOn: '2027-03-03' });

    // 15 Feb: R1, R2 (not yet rescinded) and R3 (from 12 Feb); not the renewal, which has not begun.
    expect(activeOn('2026-02-15')).toBe(3);
    expect(activeOn('2026-02-15', elPasoDivision)).toBe(1);
    expect(activeOn('2026-02-19')).toBe(3);
    // R2 was rescinded during 20 Feb, so it is no longer in force that day or after.
    expect(activeOn('2026-02-20')).toBe(2);
    expect(activeOn('2026-02-21')).toBe(2);
    // R1's last day, then the renewal's first.
    expect(activeOn('2026-03-03', elPasoDivision)).toBe(1);
    expect(activeOn('2026-03-04', elPasoDivision)).toBe(1);
    expect(activeOn('2027-03-03', elPasoDivision)).toBe(1);
    expect(activeOn('2027-03-04', elPasoDivision)).toBe(0);
    // Before anything was granted.
    expect(activeOn('2025-03-03')).toBe(0);
    // Without a date, today (20 March): the renewal and R3.
    expect(dashboard(auditor).headline).toMatchObject({ activeOn: '2026-03-20', activeDesignations: 2 });
  });

  it('shows a division coordinator only the requests routed to their division', () => {
    // Houston: R2 and R3 were routed there (4 and 8 days). R4 was proposed for Houston but denied
    // before routing, and O2 and O4 have not been routed: none of them is the division's.
    const houston = dashboard(reviewers.division('dea-houston'), { fy: '2026' });
    expect(houston.headline).toMatchObject({ decided: 2, granted: 2, denied: 0, endToEndP50: 4, endToEndP90: 8, open: 0, activeDesignations: 1 });
    expect(houston.stages).toEqual(
      stageSummary(decidedInPeriod(t.db, reviewers.division('dea-houston'), FY2026), loadGoals(t.db), FY2026.to),
    );
    expect(houston.byOffice.map((g) => g.name)).toEqual(['HSI El Paso', 'HSI Houston']);

    const elPaso = dashboard(reviewers.division('dea-el-paso'), { fy: '2026' });
    expect(elPaso.headline).toMatchObject({ decided: 1, endToEndP50: 15, open: 0 });
    // Asking for another division's figures gives nothing, not that division's.
    const peeking = dashboard(reviewers.division('dea-el-paso'), { fy: '2026', division: String(officeId(t.db, 'dea-houston')) });
    expect(peeking.headline).toMatchObject({ decided: 0, open: 0, activeDesignations: 0 });
  });

  it('refuses a supervisor', () => {
    const error = appErrorOf(() => dashboard(supElPaso, { fy: '2026' }));
    expect(error.code).toBe('forbidden');
    expect(error.status).toBe(403);
  });

  it.each([
    ['a fiscal year that is not a number', { fy: 'abc' }, 'fy'],
    ['a start date without an end date', { from: '2026-01-01' }, 'from'],
    ['an end date without a start date', { to: '2026-01-31' }, 'from'],
    ['an end date before the start date', { from: '2026-02-01', to: '2026-01-31' }, 'to'],
    ['a date that does not exist', { from: '2026-02-30', to: '2026-03-31' }, 'from'],
    ['an unknown kind', { kind: 'extension' }, 'kind'],
    ['an office that is not an id', { office: 'el-paso' }, 'office'],
  ])('refuses %s, naming the field', (_label, filters, field) => {
    const error = appErrorOf(() => dashboard(auditor, filters));
    expect(error.code).toBe('invalid');
    expect(Object.keys(error.fieldErrors)).toContain(field);
    expect(error.fieldErrors[field]?.[0]).toMatch(/\w/);
  });
});
