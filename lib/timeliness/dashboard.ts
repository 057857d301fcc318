// Everything the auditors' dashboard shows, computed in one place from the event log (through the
// timing cache for decided requests and live for open ones). Its CSV downloads call the same function.
import { TZDate } from '@date-fns/tz';
import { and, asc, count, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { agents, designations, offices, requestEvents, requests } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { addCalendarDays, calendarDate, fiscalYear, isIsoDate, type IsoDate } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import { CLOCKED_STAGE_GOALS } from '@/lib/domain/goals';
import { SUBMITTED_OPEN_STATES } from '@/lib/domain/workflow-states';
import { parseOrThrow } from '@/lib/validation/parse';
import { decidedInPeriod, requestFilterConditions, requestFilterFields, type DecidedRow } from './decided-requests';
import { goalOn, loadGoals, type GoalBook } from './goals';
import { openStatuses, type OpenStatus } from './open-status';
import { nearestRank } from './percentile';
import { stageFigures, stageSummary, type StageSummaryRow } from './stage-summary';

const blank = (v: unknown) => (v === '' || v == null ? undefined : v);
const optionalDate = (label: string) =>
  z.preprocess(blank, z.string().refine(isIsoDate, `Enter the ${label} date as a real date in the form YYYY-MM-DD.`).optional());

export const dashboardFiltersSchema = z
  .object({
    fy: z.preprocess(blank, z.coerce.number({ error: 'Choose a fiscal year.' }).int().min(1990, 'Choose a fiscal year from 1990.').max(2100, 'Choose a fiscal year before 2100.').optional()),
    from: optionalDate('start'),
    to: optionalDate('end'),
    ...requestFilterFields,
    activeOn: optionalDate('“active on”'),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'The end date must be on or after the start date.' })
  .refine((f) => (f.from === undefined) === (f.to === undefined), { path: ['from'], message: 'Give both a start and an end date, or neither.' });
export type DashboardFilters = z.infer<typeof dashboardFiltersSchema>;

export interface Period {
  from: IsoDate;
  to: IsoDate;
  label: string;
}

/** A date range wins over a fiscal year; with neither, the current fiscal year. */
export function periodOf(filters: DashboardFilters, today: IsoDate): Period {
  if (filters.from && filters.to) return { from: filters.from, to: filters.to, label: `${filters.from} to ${filters.to}` };
  const fy = filters.fy ?? fiscalYear(today);
  return { from: `${fy - 1}-10-01`, to: `${fy}-09-30`, label: `FY${fy} (1 Oct ${fy - 1} to 30 Sep ${fy})` };
}

/** The current fiscal year and the twenty before it, newest first, for the filter. */
export function fiscalYearChoices(now = Date.now()): number[] {
  const current = fiscalYear(calendarDate(now, settings().T21_TIME_ZONE));
  return Array.from({ length: 21 }, (_, i) => current - i);
}

export interface GroupFigures {
  id: number;
  name: string;
  decided: number;
  p50: number | null;
  p90: number | null;
  withinGoalPct: number | null;
  open: number;
  overdue: number;
}

export interface TrendPoint {
  month: string;
  decided: number;
  p50: number | null;
  p90: number | null;
  withinGoalPct: number | null;
}

export interface AgingRow {
  id: number;
  ref: string;
  agentName: string;
  officeName: string;
  divisionName: string;
  firstSubmittedAt: number | null;
  status: OpenStatus;
}

// The dashboard lists the oldest open requests at a glance; every one of them is in the download. Each
// row weighs on the page twice (its HTML and React's payload), so the list is kept to what a reader
// scans: at 100 rows it was a third of the dashboard's bytes and of its rendering time.
export const AGING_LIMIT = 25;

function groupBy<T>(rows: readonly T[], key: (row: T) => string | number): Map<string | number, T[]> {
  const groups = new Map<string | number, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k) ?? [];
    list.push(row);
    groups.set(k, list);
  }
  return groups;
}

const hsiOffice = alias(offices, 'hsi_office');
const division = alias(offices, 'division');

export function dashboardData(db: Db, actor: Actor, rawFilters: unknown, now = Date.now()) {
  assertCan(actor, 'timeliness:read');
  const filters = parseOrThrow(dashboardFiltersSchema, rawFilters, 'Check the filters.');
  const zone = settings().T21_TIME_ZONE;
  const today = calendarDate(now, zone);
  const period = periodOf(filters, today);
  const goals = loadGoals(db);

  const decided = decidedInPeriod(db, actor, { ...filters, from: period.from, to: period.to });
  const stages: StageSummaryRow[] = stageSummary(decided, goals, period.to);
  const e2e = stageFigures(decided, goals, 'end_to_end');

  // Open work, live.
  const openRows = db
    .select({
      id: requests.id,
      ref: requests.ref,
      state: requests.state,
      firstSubmittedAt: requests.firstSubmittedAt,
      agentName: agents.name,
      hsiOfficeId: requests.hsiOfficeId,
      officeName: hsiOffice.name,
      divisionId: division.id,
      divisionName: division.name,
    })
    .from(requests)
    .innerJoin(agents, eq(agents.id, requests.agentId))
    .innerJoin(hsiOffice, eq(hsiOffice.id, requests.hsiOfficeId))
    .innerJoin(division, eq(division.id, sql`coalesce(${requests.routedDivisionId}, ${requests.deaDivisionId})`))
    .where(and(inArray(requests.state, [...SUBMITTED_OPEN_STATES]), ...requestFilterConditions(actor, filters)))
    .orderBy(asc(requests.firstSubmittedAt), asc(requests.id))
    .all();
  const statuses = openStatuses(db, openRows, goals, now);
  const isOverdue = (id: number) => statuses.get(id)?.standing === 'overdue';
  const overdueNow = openRows.filter((r) => isOverdue(r.id)).length;

  // After approval, time waiting for training is reported on its own (end to end stopped at approval).
  const waits = decided.flatMap((r) => (r.pendingTrainingDays === null ? [] : [r.pendingTrainingDays]));
  const waitingNow =
    db
      .select({ n: count() })
      .from(requests)
      .where(and(eq(requests.state, 'pending_training'), ...requestFilterConditions(actor, filters)))
      .get()?.n ?? 0;
  const pendingTraining = { n: waits.length, p50: nearestRank(waits, 0.5), p90: nearestRank(waits, 0.9), max: waits.length ? waits.reduce((a, b) => Math.max(a, b)) : null, waitingNow };

  const activeOn = filters.activeOn ?? today;
  const activeDesignations = countActiveOn(db, actor, filters, activeOn, zone);

  const trends: TrendPoint[] = [...groupBy(decided, (r) => r.decidedOn.slice(0, 7)).entries()]
    .sort(([a], [b]) => String(a).localeCompare(String(b)))
    .map(([month, rows]) => {
      const f = stageFigures(rows, goals, 'end_to_end');
      return { month: String(month), decided: rows.length, p50: f.p50, p90: f.p90, withinGoalPct: f.withinGoalPct };
    });

  const names = new Map(db.select({ id: offices.id, name: offices.name }).from(offices).all().map((o) => [o.id, o.name]));
  const figuresBy = (decidedKey: (r: DecidedRow) => number, openKey: (r: (typeof openRows)[number]) => number): GroupFigures[] => {
    const decidedGroups = groupBy(decided, decidedKey);
    const openGroups = groupBy(openRows, openKey);
    const ids = new Set<number>([...decidedGroups.keys(), ...openGroups.keys()].map(Number));
    return [...ids].map((id) => {
      const f = stageFigures(decidedGroups.get(id) ?? [], goals, 'end_to_end');
      const open = openGroups.get(id) ?? [];
      return { id, name: names.get(id) ?? String(id), decided: (decidedGroups.get(id) ?? []).length, p50: f.p50, p90: f.p90, withinGoalPct: f.withinGoalPct, open: open.length, overdue: open.filter((r) => isOverdue(r.id)).length };
    }).sort((a, b) => a.name.localeCompare(b.name));
  };

  // Every open request, oldest first: the page shows the first AGING_LIMIT, the CSV all of them.
  const aging: AgingRow[] = openRows.map((r) => ({
    id: r.id,
    ref: r.ref,
    agentName: r.agentName,
    officeName: r.officeName,
    divisionName: r.divisionName,
    firstSubmittedAt: r.firstSubmittedAt,
    status: statuses.get(r.id)!,
  }));

  return {
    filters,
    period,
    today,
    headline: {
      open: openRows.length,
      overdueNow,
      endToEndP50: e2e.p50,
      endToEndP90: e2e.p90,
      decided: decided.length,
      withinGoalPct: e2e.withinGoalPct,
      granted: decided.filter((r) => r.decision === 'approve').length,
      denied: decided.filter((r) => r.decision === 'deny').length,
      activeOn,
      activeDesignations,
    },
    stages,
    pendingTraining,
    trends,
    byOffice: figuresBy((r) => r.hsiOfficeId, (r) => r.hsiOfficeId),
    byDivision: figuresBy((r) => r.divisionId, (r) => r.divisionId),
    aging,
    goals: currentGoals(goals, today),
  };
}

export type DashboardData = ReturnType<typeof dashboardData>;

/** Designations in force on a date: started, not past their end, and not rescinded by then. */
function countActiveOn(db: Db, actor: Actor, filters: DashboardFilters, date: IsoDate, zone: string): number {
  const next = addCalendarDays(date, 1);
  const [y, m, d] = next.split('-').map(Number);
  const endOfDay = new TZDate(y!, m! - 1, d!, zone).getTime();
  // One uncorrelated subquery: correlated per designation, SQLite scans every rescission each time.
  const isNotRescindedByThen = sql`${requests.id} not in (select ${requestEvents.requestId} from ${requestEvents} where ${requestEvents.action} = 'rescind' and ${requestEvents.at} < ${endOfDay})`;
  return (
    db
      .select({ n: count() })
      .from(designations)
      .innerJoin(requests, eq(requests.id, designations.requestId))
      .where(and(lte(designations.startsOn, date), gte(designations.endsOn, date), isNotRescindedByThen, ...requestFilterConditions(actor, filters)))
      .get()?.n ?? 0
  );
}

/** The goals in force today, with when each took effect: the first lines of the status report. */
function currentGoals(goals: GoalBook, today: IsoDate) {
  return CLOCKED_STAGE_GOALS.map((stage) => {
    const goal = goalOn(goals, stage, today);
    return { stage, businessDays: goal?.businessDays ?? null, warningShare: goal?.warningShare ?? null, effectiveFrom: goal?.effectiveFrom ?? null, note: goal?.note ?? null };
  });
}
