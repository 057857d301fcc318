// The statistics behind every timeliness figure (DOMAIN.md "Timeliness, exactly"): nearest-rank
// percentiles, goal versions judged by the date of first submission, where open work stands against
// its goal, and percentages to one decimal. Expectations are worked out by hand from the definitions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '@/lib/calendar/dates';
import type { GoalStage } from '@/lib/domain/goals';
import { goalOn, isWithinGoal, standing, type GoalBook, type GoalVersion } from './goals';
import { nearestRank } from './percentile';
import { percent, perRequestRows, stageSummary, type DecidedTiming } from './stage-summary';

const RUNS = { numRuns: 1000 };

describe('nearestRank', () => {
  it('takes the value at rank ⌈p·n⌉ of the sorted values', () => {
    const values = [15, 20, 35, 40, 50];
    // p50: ⌈0.5·5⌉ = ⌈2.5⌉ = 3 → 35.  p90: ⌈4.5⌉ = 5 → 50.  p20: ⌈1⌉ = 1 → 15.  p40: ⌈2⌉ = 2 → 20.
    expect(nearestRank(values, 0.5)).toBe(35);
    expect(nearestRank(values, 0.9)).toBe(50);
    expect(nearestRank(values, 0.2)).toBe(15);
    expect(nearestRank(values, 0.4)).toBe(20);
    expect(nearestRank(values, 1)).toBe(50);
    // p1: ⌈0.05⌉ = 1 → the smallest.
    expect(nearestRank(values, 0.01)).toBe(15);
  });

  it('sorts the values itself, numerically', () => {
    expect(nearestRank([50, 15, 40, 20, 35], 0.5)).toBe(35);
    // Numeric, not text order: "100" < "9" as text.
    expect(nearestRank([100, 9, 10], 0.5)).toBe(10);
  });

  it('with ten values, takes the 5th for p50 and the 9th for p90', () => {
    const values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    // ⌈0.5·10⌉ = 5 → 50; ⌈0.9·10⌉ = 9 → 90 (not the maximum).
    expect(nearestRank(values, 0.5)).toBe(50);
    expect(nearestRank(values, 0.9)).toBe(90);
  });

  it('handles even counts and repeats', () => {
    // n = 4: p50 rank 2, p90 rank ⌈3.6⌉ = 4.
    expect(nearestRank([1, 2, 3, 6], 0.5)).toBe(2);
    expect(nearestRank([1, 2, 3, 6], 0.9)).toBe(6);
    // n = 3: p50 rank ⌈1.5⌉ = 2, p90 rank ⌈2.7⌉ = 3.
    expect(nearestRank([4, 4, 9], 0.5)).toBe(4);
    expect(nearestRank([4, 4, 9], 0.9)).toBe(9);
    // n = 1: every percentile is the value.
    expect(nearestRank([7], 0.5)).toBe(7);
    expect(nearestRank([7], 0.9)).toBe(7);
  });

  it('gives null for no values', () => {
    expect(nearestRank([], 0.5)).toBeNull();
    expect(nearestRank([], 0.9)).toBeNull();
  });

  it('refuses a percentile outside (0, 1]', () => {
    expect(() => nearestRank([1, 2], 0)).toThrow(RangeError);
    expect(() => nearestRank([1, 2], 1.5)).toThrow(RangeError);
    expect(() => nearestRank([1, 2], Number.NaN)).toThrow(RangeError);
  });

  it('takes rank ⌈k·n/100⌉ for every whole percentile k, computed in whole numbers', () => {
    // Whole-number arithmetic is the oracle: 0.07 · 100 is 7.000000000000001 in floating point, and
    // its ceiling must still be rank 7, not 8.
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(nearestRank(hundred, 0.07)).toBe(7);
    expect(nearestRank(hundred.slice(0, 25), 0.28)).toBe(7);
    // Every whole percentile of every count up to 400 (the cases floating point gets wrong are rare,
    // so they are enumerated rather than sampled).
    for (let n = 1; n <= 400; n += 1) {
      const values = Array.from({ length: n }, (_, i) => i + 1);
      for (let k = 1; k <= 100; k += 1) {
        const rank = Math.floor((k * n + 99) / 100);
        if (nearestRank(values, k / 100) !== rank) expect.fail(`p${k} of ${n} values: expected rank ${rank}, got ${nearestRank(values, k / 100)}`);
      }
    }
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 100 }), (values, k) => {
        const sorted = [...values].sort((a, b) => a - b);
        const rank = Math.floor((k * values.length + 99) / 100);
        expect(nearestRank(values, k / 100)).toBe(sorted[rank - 1]);
      }),
      RUNS,
    );
  });
});

function version(stage: GoalStage, businessDays: number, effectiveFrom: IsoDate, warningShare = 0.8): GoalVersion {
  return { id: 0, stage, businessDays, warningShare, effectiveFrom, note: null, createdAt: 0 };
}

/** A goal book as loadGoals builds it: versions of each stage in order of effective date. */
function bookOf(...versions: GoalVersion[]): GoalBook {
  const book: GoalBook = new Map();
  for (const v of [...versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))) {
    book.set(v.stage, [...(book.get(v.stage) ?? []), v]);
  }
  return book;
}

function decided(ref: string, firstSubmittedOn: IsoDate | null, days: Partial<Record<GoalStage, number>>, decidedOn: IsoDate = '2026-01-30'): DecidedTiming {
  return {
    requestId: 0,
    ref,
    firstSubmittedOn,
    decidedOn,
    decision: 'approve',
    days: { hsi_review: null, dea_hq_review: null, division_review: null, dea_decision: null, end_to_end: null, ...days },
  };
}

describe('goal versions', () => {
  // The proposed default of 5 business days for HSI HQ endorsement, tightened to 3 from 15 January 2026.
  const goals = bookOf(version('hsi_review', 5, '2000-01-01'), version('hsi_review', 3, '2026-01-15'), version('end_to_end', 30, '2026-01-01'));

  it('finds the version in force on a date: the latest effective on or before it', () => {
    expect(goalOn(goals, 'hsi_review', '2026-01-14')?.businessDays).toBe(5);
    expect(goalOn(goals, 'hsi_review', '2026-01-15')?.businessDays).toBe(3);
    expect(goalOn(goals, 'hsi_review', '2026-06-01')?.businessDays).toBe(3);
    expect(goalOn(goals, 'end_to_end', '2025-12-31')).toBeNull();
    expect(goalOn(goals, 'division_review', '2026-06-01')).toBeNull();
  });

  it('judges each request by the version in force when it was first submitted', () => {
    const rows = [
      // Submitted the day before the new version: judged by 5, so 4 days is within.
      decided('REQ-A', '2026-01-14', { hsi_review: 4 }),
      // Submitted the day it took effect: judged by 3, so 4 days is not.
      decided('REQ-B', '2026-01-15', { hsi_review: 4 }),
      decided('REQ-C', '2026-01-16', { hsi_review: 2 }),
      // No submission on record (imported history): judged on its decision date, 2026-01-10 → 5.
      decided('REQ-D', null, { hsi_review: 5 }, '2026-01-10'),
    ];
    expect(perRequestRows(rows, goals)).toEqual([
      { ref: 'REQ-A', stage: 'hsi_review', businessDays: 4, goal: 5, withinGoal: true },
      { ref: 'REQ-B', stage: 'hsi_review', businessDays: 4, goal: 3, withinGoal: false },
      { ref: 'REQ-C', stage: 'hsi_review', businessDays: 2, goal: 3, withinGoal: true },
      { ref: 'REQ-D', stage: 'hsi_review', businessDays: 5, goal: 5, withinGoal: true },
    ]);
    // The summary's goal column is the version in force on the last day of the period; the share
    // within goal uses each request's own: A, C and D within, B not → 3 of 4 = 75.0%.
    const [hsi] = stageSummary(rows, goals, '2026-01-31');
    expect(hsi).toEqual({ stage: 'hsi_review', n: 4, p50: 4, p90: 5, max: 5, goal: 3, withinGoalPct: 75 });
    expect(stageSummary(rows, goals, '2026-01-14')[0]?.goal).toBe(5);
  });

  it('leaves a request with no goal in force out of the share within goal', () => {
    const rows = [
      // Submitted before any end-to-end goal existed: no goal, not judged.
      decided('REQ-E', '2025-12-15', { end_to_end: 40 }),
      decided('REQ-F', '2026-01-05', { end_to_end: 31 }),
      decided('REQ-G', '2026-01-06', { end_to_end: 30 }),
    ];
    expect(perRequestRows(rows, goals).map((r) => [r.ref, r.goal, r.withinGoal])).toEqual([
      ['REQ-E', null, null],
      ['REQ-F', 30, false],
      ['REQ-G', 30, true],
    ]);
    const e2e = stageSummary(rows, goals, '2026-01-31').find((r) => r.stage === 'end_to_end');
    // n counts all three; within goal is 1 of the 2 judged = 50.0%.
    expect(e2e).toEqual({ stage: 'end_to_end', n: 3, p50: 31, p90: 40, max: 40, goal: 30, withinGoalPct: 50 });
  });

  it('shows an empty stage as n = 0 with no figures', () => {
    const summary = stageSummary([], goals, '2026-01-31');
    expect(summary.map((r) => r.stage)).toEqual(['hsi_review', 'dea_hq_review', 'division_review', 'dea_decision', 'end_to_end']);
    expect(summary[0]).toEqual({ stage: 'hsi_review', n: 0, p50: null, p90: null, max: null, goal: 3, withinGoalPct: null });
    expect(summary[2]).toEqual({ stage: 'division_review', n: 0, p50: null, p90: null, max: null, goal: null, withinGoalPct: null });
  });

  it('sorts per-request rows by reference, then by stage in workflow order', () => {
    const book = bookOf(...(['hsi_review', 'dea_hq_review', 'division_review', 'dea_decision', 'end_to_end'] as const).map((s) => version(s, 10, '2000-01-01')));
    const rows = [
      decided('T21-2026-00002', '2026-01-05', { end_to_end: 9, hsi_review: 1, dea_hq_review: 8 }),
      decided('T21-2026-00001', '2026-01-05', { dea_decision: 2, hsi_review: 3, end_to_end: 5 }),
    ];
    expect(perRequestRows(rows, book).map((r) => `${r.ref} ${r.stage}`)).toEqual([
      'T21-2026-00001 hsi_review',
      'T21-2026-00001 dea_decision',
      'T21-2026-00001 end_to_end',
      'T21-2026-00002 hsi_review',
      'T21-2026-00002 dea_hq_review',
      'T21-2026-00002 end_to_end',
    ]);
  });
});

describe('standing of open work', () => {
  const tenDays = { businessDays: 10, warningShare: 0.8 };

  it('is on track below the warning share, at risk from it, overdue only past the goal', () => {
    expect(standing(0, tenDays)).toBe('on_track');
    expect(standing(7, tenDays)).toBe('on_track');
    // Exactly 80% of 10 = 8: at risk.
    expect(standing(8, tenDays)).toBe('at_risk');
    // Exactly the goal: still within it, so at risk, not overdue.
    expect(standing(10, tenDays)).toBe('at_risk');
    expect(standing(11, tenDays)).toBe('overdue');
  });

  it('rounds nothing: 80% of 7 is 5.6, so 5 is on track and 6 at risk', () => {
    const sevenDays = { businessDays: 7, warningShare: 0.8 };
    expect(standing(5, sevenDays)).toBe('on_track');
    expect(standing(6, sevenDays)).toBe('at_risk');
    expect(standing(7, sevenDays)).toBe('at_risk');
    expect(standing(8, sevenDays)).toBe('overdue');
  });

  it('is at risk at exactly the warning share for every whole-percent share and goal', () => {
    // 28% of 25 days is exactly 7 days, though 0.28 · 25 is 7.000000000000001 in floating point.
    expect(standing(7, { businessDays: 25, warningShare: 0.28 })).toBe('at_risk');
    expect(standing(14, { businessDays: 50, warningShare: 0.28 })).toBe('at_risk');
    // Enumerated too, since the shares and goals floating point gets wrong are few.
    for (let k = 1; k <= 100; k += 1) {
      for (let goal = 1; goal <= 365; goal += 1) {
        const threshold = Math.ceil((k * goal) / 100); // the fewest whole days at or past k% of goal
        const got = standing(threshold, { businessDays: goal, warningShare: k / 100 });
        if (got !== 'at_risk') expect.fail(`${threshold} days of a ${goal}-day goal at ${k}%: expected at_risk, got ${got}`);
        if (threshold > 0 && standing(threshold - 1, { businessDays: goal, warningShare: k / 100 }) !== 'on_track') {
          expect.fail(`${threshold - 1} days of a ${goal}-day goal at ${k}%: expected on_track`);
        }
      }
    }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 365 }), fc.integer({ min: 0, max: 400 }), (k, goal, days) => {
        const expected = days > goal ? 'overdue' : 100 * days >= k * goal ? 'at_risk' : 'on_track';
        expect(standing(days, { businessDays: goal, warningShare: k / 100 })).toBe(expected);
      }),
      RUNS,
    );
  });

  it('counts the goal itself as within goal', () => {
    expect(isWithinGoal(10, tenDays)).toBe(true);
    expect(isWithinGoal(11, tenDays)).toBe(false);
  });
});

describe('percent', () => {
  it('rounds to one decimal, halves up', () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(1, 6)).toBe(16.7);
    expect(percent(5, 6)).toBe(83.3);
    // 1/16 = 6.25% → 6.3; 1/80 = 1.25% → 1.3; 1/40 = 2.5% stays 2.5.
    expect(percent(1, 16)).toBe(6.3);
    expect(percent(1, 80)).toBe(1.3);
    expect(percent(1, 40)).toBe(2.5);
    expect(percent(3, 4)).toBe(75);
    expect(percent(4, 4)).toBe(100);
    expect(percent(0, 4)).toBe(0);
  });

  it('gives null when nothing was judged', () => {
    expect(percent(0, 0)).toBeNull();
  });
});
