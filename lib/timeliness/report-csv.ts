// The report's CSV, shared by `npm run t21 -- report` and the dashboard's stage-table download.
import { toCsv } from '@/lib/csv/to-csv';
import type { PerRequestRow, StageSummaryRow } from './stage-summary';

export function stageSummaryCsv(rows: readonly StageSummaryRow[]): string {
  return toCsv(
    ['stage', 'n', 'p50', 'p90', 'max', 'goal', 'within_goal_pct'],
    rows.map((r) => [r.stage, r.n, r.p50, r.p90, r.max, r.goal, r.withinGoalPct === null ? null : r.withinGoalPct.toFixed(1)]),
  );
}

export function perRequestCsv(rows: readonly PerRequestRow[]): string {
  return toCsv(
    ['request_ref', 'stage', 'business_days', 'goal', 'within_goal'],
    rows.map((r) => [r.ref, r.stage, r.businessDays, r.goal, r.withinGoal]),
  );
}
