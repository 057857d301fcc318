// Summary statistics of decided requests against their goals: the stage table of the dashboard, its
// CSV download and `npm run t21 -- report` all come from these functions, so they agree to the digit.
import type { IsoDate } from '@/lib/calendar/dates';
import { CLOCKED_STAGE_GOALS, type GoalStage } from '@/lib/domain/goals';
import { goalOn, isWithinGoal, type GoalBook } from './goals';
import { nearestRank } from './percentile';

/** One decided request's business days per clocked stage (null: never visited) and end to end. */
export interface DecidedTiming {
  requestId: number;
  ref: string;
  firstSubmittedOn: IsoDate | null;
  decidedOn: IsoDate;
  decision: 'approve' | 'deny';
  days: Record<GoalStage, number | null>;
}

/** A stage's figures over decided requests: how many visited it, percentiles, and share within goal. */
export interface StageFigures {
  n: number;
  p50: number | null;
  p90: number | null;
  max: number | null;
  /** Share of those with a goal whose value is within their own goal, in percent; null when none has one. */
  withinGoalPct: number | null;
}

export interface StageSummaryRow extends StageFigures {
  stage: GoalStage;
  /** The goal in force on the last day of the period (requests are each judged by their own). */
  goal: number | null;
}

export interface PerRequestRow {
  ref: string;
  stage: GoalStage;
  businessDays: number;
  goal: number | null;
  withinGoal: boolean | null;
}

/** The date whose goal version judges a request: its first submission (decision date as a fallback
 * for imported history that has none). */
function judgedOn(row: DecidedTiming): IsoDate {
  return row.firstSubmittedOn ?? row.decidedOn;
}

export function perRequestRows(rows: readonly DecidedTiming[], goals: GoalBook): PerRequestRow[] {
  const out: PerRequestRow[] = [];
  for (const row of rows) {
    for (const stage of CLOCKED_STAGE_GOALS) {
      const businessDays = row.days[stage];
      if (businessDays === null) continue;
      const goal = goalOn(goals, stage, judgedOn(row));
      out.push({ ref: row.ref, stage, businessDays, goal: goal?.businessDays ?? null, withinGoal: goal ? isWithinGoal(businessDays, goal) : null });
    }
  }
  const stageOrder = (stage: GoalStage) => CLOCKED_STAGE_GOALS.indexOf(stage);
  return out.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : stageOrder(a.stage) - stageOrder(b.stage)));
}

/** Percent to one decimal, rounding halves up. */
export function percent(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return Math.round((part * 1000) / whole) / 10;
}

export function stageFigures(rows: readonly DecidedTiming[], goals: GoalBook, stage: GoalStage): StageFigures {
  const values: number[] = [];
  let judged = 0;
  let within = 0;
  for (const row of rows) {
    const value = row.days[stage];
    if (value === null) continue;
    values.push(value);
    const goal = goalOn(goals, stage, judgedOn(row));
    if (goal) {
      judged += 1;
      if (isWithinGoal(value, goal)) within += 1;
    }
  }
  return {
    n: values.length,
    p50: nearestRank(values, 0.5),
    p90: nearestRank(values, 0.9),
    max: values.length ? values.reduce((a, b) => Math.max(a, b)) : null,
    withinGoalPct: percent(within, judged),
  };
}

export function stageSummary(rows: readonly DecidedTiming[], goals: GoalBook, periodEnd: IsoDate): StageSummaryRow[] {
  return CLOCKED_STAGE_GOALS.map((stage) => ({
    stage,
    ...stageFigures(rows, goals, stage),
    goal: goalOn(goals, stage, periodEnd)?.businessDays ?? null,
  }));
}
