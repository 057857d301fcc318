// The dashboard's tables as CSV, from the same figures the page shows.
import { toCsv } from '@/lib/csv/to-csv';
import { calendarDate } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import type { DashboardData, GroupFigures } from './dashboard';
import { stageSummaryCsv } from './report-csv';

export const DASHBOARD_TABLES = ['stages', 'pending_training', 'trends', 'offices', 'divisions', 'aging'] as const;
export type DashboardTable = (typeof DASHBOARD_TABLES)[number];

const groupCsv = (nameHeader: string, rows: GroupFigures[]) =>
  toCsv(
    [nameHeader, 'decided', 'p50_end_to_end', 'p90_end_to_end', 'within_goal_pct', 'open', 'overdue'],
    rows.map((r) => [r.name, r.decided, r.p50, r.p90, r.withinGoalPct?.toFixed(1), r.open, r.overdue]),
  );

export function dashboardCsv(data: DashboardData, table: DashboardTable): string {
  switch (table) {
    case 'stages':
      return stageSummaryCsv(data.stages);
    case 'pending_training': {
      const p = data.pendingTraining;
      return toCsv(['activated_after_waiting', 'p50_business_days', 'p90_business_days', 'max_business_days', 'waiting_now'], [[p.n, p.p50, p.p90, p.max, p.waitingNow]]);
    }
    case 'trends':
      return toCsv(
        ['month', 'decided', 'p50_end_to_end', 'p90_end_to_end', 'within_goal_pct'],
        data.trends.map((t) => [t.month, t.decided, t.p50, t.p90, t.withinGoalPct?.toFixed(1)]),
      );
    case 'offices':
      return groupCsv('hsi_office', data.byOffice);
    case 'divisions':
      return groupCsv('dea_division', data.byDivision);
    case 'aging': {
      const zone = settings().T21_TIME_ZONE;
      return toCsv(
        ['request_ref', 'agent', 'hsi_office', 'dea_division', 'first_submitted_on', 'state', 'business_days_in_stage', 'goal', 'due_on', 'standing'],
        data.aging.map((r) => [
          r.ref,
          r.agentName,
          r.officeName,
          r.divisionName,
          r.firstSubmittedAt === null ? null : calendarDate(r.firstSubmittedAt, zone),
          r.status.state,
          r.status.daysInStage,
          r.status.goal,
          r.status.dueOn,
          r.status.standing,
        ]),
      );
    }
  }
}
