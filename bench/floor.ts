// The floor for the dashboard: the same figures the page shows, computed by hand-written SQL
// (floor-sql.ts) over the same stored tables, timed in-process with better-sqlite3 and no framework.
// It is checked against dashboardData() on the same database before it is timed: a floor that
// computed different numbers would prove nothing.
//
// What the floor includes: every figure over decided requests (the stage table, the headline's
// decided, granted, denied, end-to-end percentiles and share within goal, the monthly trends, the
// by-office and by-division tables, the training waits), the open counts (in all, by office, by
// division, waiting for training), active designations today, the goals in force, the first 100 rows
// of the aging list, and reading every open request's events.
// What it leaves out: turning those events into business days (federal holidays, the time zone) for
// the open clocks, i.e. "overdue now", the overdue columns and each aging row's due date and standing.
// SQLite holds no holiday calendar, so no SQL over the stored tables computes them; the page does.
// The page's training panel (trainingPanel(), memoised until the data changes) is not in the floor
// either: it is timed on its own, so the page's time can be split.
import { TZDate } from '@date-fns/tz';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { users } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import { addCalendarDays, calendarDate, type IsoDate } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import { AGING_LIMIT, dashboardData, periodOf, type DashboardFilters } from '@/lib/timeliness/dashboard';
import { trainingPanel } from '@/lib/training/training-status';
import { ACTIVE_DESIGNATIONS_SQL, AGING_SQL, DECIDED_FIGURES_SQL, GOALS_ON_SQL, OPEN_COUNTS_SQL, OPEN_EVENTS_SQL } from './floor-sql';
import { timeSync, type Timing } from './stats';

/** Figures keyed by name ("stage.hsi_review.p50", "office.12.open" …), for comparing like with like. */
type Figures = Map<string, number | null>;

interface GroupRow {
  dim: string;
  key: string | number;
  rows: number;
  n: number;
  p50: number | null;
  p90: number | null;
  max: number | null;
  within_goal_pct: number | null;
}

function endOfDay(date: IsoDate, zone: string): number {
  const [y, m, d] = addCalendarDays(date, 1).split('-').map(Number);
  return new TZDate(y!, m! - 1, d!, zone).getTime();
}

/** Prepared once, like a server would keep them; each call runs every query and assembles the figures. */
function floorQueries(sqlite: Database.Database) {
  const decided = sqlite.prepare(DECIDED_FIGURES_SQL);
  const openCounts = sqlite.prepare(OPEN_COUNTS_SQL);
  const aging = sqlite.prepare(AGING_SQL);
  const openEvents = sqlite.prepare(OPEN_EVENTS_SQL);
  const active = sqlite.prepare(ACTIVE_DESIGNATIONS_SQL);
  const goalsOn = sqlite.prepare(GOALS_ON_SQL);

  return (from: IsoDate, to: IsoDate, today: IsoDate, zone: string): Figures => {
    const figures: Figures = new Map();
    const groups = decided.all({ from, to }) as GroupRow[];
    const open = openCounts.all() as { dim: string; key: number; n: number }[];
    const agingRows = aging.all({ limit: AGING_LIMIT }) as unknown[];
    const events = openEvents.raw(true).all() as unknown[];
    const activeNow = (active.get({ date: today, endOfDay: endOfDay(today, zone) }) as { n: number }).n;
    const goals = goalsOn.all({ date: to }) as { stage: string; business_days: number }[];

    const find = (dim: string, key: string | number) => groups.find((g) => g.dim === dim && String(g.key) === String(key));
    const e2e = find('stage', 'end_to_end');
    const granted = find('decision', 'approve')?.rows ?? 0;
    const denied = find('decision', 'deny')?.rows ?? 0;
    figures.set('headline.decided', granted + denied);
    figures.set('headline.granted', granted);
    figures.set('headline.denied', denied);
    figures.set('headline.endToEndP50', e2e?.p50 ?? null);
    figures.set('headline.endToEndP90', e2e?.p90 ?? null);
    figures.set('headline.withinGoalPct', e2e?.within_goal_pct ?? null);
    figures.set('headline.open', open.find((o) => o.dim === 'all')?.n ?? 0);
    figures.set('headline.activeDesignations', activeNow);
    for (const stage of ['hsi_review', 'dea_hq_review', 'division_review', 'dea_decision', 'end_to_end']) {
      const row = find('stage', stage);
      figures.set(`stage.${stage}.n`, row?.n ?? 0);
      figures.set(`stage.${stage}.p50`, row?.p50 ?? null);
      figures.set(`stage.${stage}.p90`, row?.p90 ?? null);
      figures.set(`stage.${stage}.max`, row?.max ?? null);
      figures.set(`stage.${stage}.withinGoalPct`, row?.within_goal_pct ?? null);
      figures.set(`stage.${stage}.goal`, goals.find((g) => g.stage === stage)?.business_days ?? null);
    }
    const waits = find('pending_training', '');
    figures.set('pendingTraining.n', waits?.n ?? 0);
    figures.set('pendingTraining.p50', waits?.p50 ?? null);
    figures.set('pendingTraining.p90', waits?.p90 ?? null);
    figures.set('pendingTraining.max', waits?.max ?? null);
    figures.set('pendingTraining.waitingNow', open.find((o) => o.dim === 'pending_training')?.n ?? 0);
    for (const g of groups.filter((g) => g.dim === 'month')) {
      figures.set(`trend.${g.key}.decided`, g.rows);
      figures.set(`trend.${g.key}.p50`, g.p50);
      figures.set(`trend.${g.key}.p90`, g.p90);
      figures.set(`trend.${g.key}.withinGoalPct`, g.within_goal_pct);
    }
    for (const dim of ['office', 'division']) {
      const ids = new Set([...groups.filter((g) => g.dim === dim).map((g) => Number(g.key)), ...open.filter((o) => o.dim === dim).map((o) => o.key)]);
      for (const id of ids) {
        const g = find(dim, id);
        figures.set(`${dim}.${id}.decided`, g?.rows ?? 0);
        figures.set(`${dim}.${id}.p50`, g?.p50 ?? null);
        figures.set(`${dim}.${id}.p90`, g?.p90 ?? null);
        figures.set(`${dim}.${id}.withinGoalPct`, g?.within_goal_pct ?? null);
        figures.set(`${dim}.${id}.open`, open.find((o) => o.dim === dim && o.key === id)?.n ?? 0);
      }
    }
    figures.set('aging.shown', agingRows.length);
    // Not a dashboard figure: kept so the event read cannot be optimised away, and reported.
    figures.set('openEvents.read', events.length);
    return figures;
  };
}

/** The same names, from what the page itself computes. */
function pageFigures(data: ReturnType<typeof dashboardData>): Figures {
  const figures: Figures = new Map();
  const h = data.headline;
  for (const key of ['decided', 'granted', 'denied', 'endToEndP50', 'endToEndP90', 'withinGoalPct', 'open', 'activeDesignations'] as const) {
    figures.set(`headline.${key}`, h[key]);
  }
  for (const s of data.stages) {
    for (const key of ['n', 'p50', 'p90', 'max', 'withinGoalPct', 'goal'] as const) figures.set(`stage.${s.stage}.${key}`, s[key]);
  }
  for (const key of ['n', 'p50', 'p90', 'max', 'waitingNow'] as const) figures.set(`pendingTraining.${key}`, data.pendingTraining[key]);
  for (const t of data.trends) for (const key of ['decided', 'p50', 'p90', 'withinGoalPct'] as const) figures.set(`trend.${t.month}.${key}`, t[key]);
  for (const [dim, rows] of [['office', data.byOffice], ['division', data.byDivision]] as const) {
    for (const g of rows) for (const key of ['decided', 'p50', 'p90', 'withinGoalPct', 'open'] as const) figures.set(`${dim}.${g.id}.${key}`, g[key]);
  }
  figures.set('aging.shown', Math.min(AGING_LIMIT, data.aging.length));
  return figures;
}

function differences(floor: Figures, page: Figures): string[] {
  const out: string[] = [];
  for (const key of new Set([...floor.keys(), ...page.keys()])) {
    if (key === 'openEvents.read') continue;
    if (floor.get(key) !== page.get(key)) out.push(`${key}: floor ${floor.get(key)}, page ${page.get(key)}`);
  }
  return out;
}

export interface FloorResult {
  view: string;
  period: { from: IsoDate; to: IsoDate };
  decided: number;
  open: number;
  openEventsRead: number;
  /** The hand-written SQL. */
  floor: Timing;
  /** dashboardData() in-process: the page's own computation without rendering or HTTP. */
  dashboardData: Timing;
  /** trainingPanel(): the page's other computation (memoised until the data changes, as in the server). */
  trainingPanel: Timing;
  agrees: boolean;
  differences: string[];
}

export function measureFloor(databaseFile: string, views: { view: string; filters: DashboardFilters }[], runs: number, warmups: number): FloorResult[] {
  const zone = settings().T21_TIME_ZONE;
  const now = Date.now();
  const today = calendarDate(now, zone);
  const sqlite = new Database(databaseFile, { fileMustExist: true });
  const db = openDatabase(databaseFile);
  try {
    const row = db.select().from(users).where(eq(users.email, 'auditor@demo.example')).get();
    if (!row) throw new Error('No auditor demo account in the database.');
    const auditor: UserActor = { kind: 'user', id: row.id, name: row.name, email: row.email, role: row.role, officeId: row.officeId };
    const floor = floorQueries(sqlite);

    return views.map(({ view, filters }) => {
      const period = periodOf(filters, today);
      const floorFigures = floor(period.from, period.to, today, zone);
      const found = differences(floorFigures, pageFigures(dashboardData(db, auditor, filters, now)));
      return {
        view,
        period: { from: period.from, to: period.to },
        decided: floorFigures.get('headline.decided') ?? 0,
        open: floorFigures.get('headline.open') ?? 0,
        openEventsRead: floorFigures.get('openEvents.read') ?? 0,
        floor: timeSync(() => floor(period.from, period.to, today, zone), runs, warmups),
        dashboardData: timeSync(() => dashboardData(db, auditor, filters, now), runs, warmups),
        trainingPanel: timeSync(() => trainingPanel(db, auditor, now), runs, warmups),
        agrees: found.length === 0,
        differences: found.slice(0, 20),
      };
    });
  } finally {
    sqlite.close();
    db.$client.close();
  }
}
