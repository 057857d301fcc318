// What each load user opens: request pages they may see, the list filters their role uses, the
// dashboards open to them, and for supervisors what a new proposal from their office looks like.
// Read from the load's copy before the run. The detail pages are chosen through the app's own scope
// rule (visibleRequestsCondition), so a 404 under load is a real fault, not a badly chosen id.
import { count, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, offices, requests } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import { visibleRequestsCondition } from '@/lib/auth/request-scope';
import { createRandom } from '@/lib/demo/random';
import type { LoadUser } from './load-users';
import { pastFiscalYear } from './pages';

export interface UserTargets {
  detailIds: number[];
  listPaths: string[];
  /** Empty for supervisors: the dashboard is not theirs (timeliness:read). */
  dashboardPaths: string[];
  /** Supervisors only: the division and duty station their new proposals name. */
  proposal: { deaDivisionId: number; dutyStation: string } | null;
}

// Mostly what moved lately (the work people follow), some from anywhere in their scope (a search, an old case).
const RECENT_POOL = 300;
const RECENT_PICKS = 24;
const ANY_PICKS = 8;

function pickDistinct<T>(items: readonly T[], n: number, random: ReturnType<typeof createRandom>): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(random.int(0, pool.length - 1), 1)[0]!);
  return out;
}

function busiest(db: Db, kind: 'field_office' | 'division'): number[] {
  const column = kind === 'field_office' ? requests.hsiOfficeId : requests.routedDivisionId;
  return db
    .select({ id: offices.id })
    .from(requests)
    .innerJoin(offices, eq(offices.id, column))
    .groupBy(offices.id)
    .orderBy(desc(count()))
    .limit(8)
    .all()
    .map((o) => o.id);
}

/** The most frequent value of a column among rows, or undefined. */
function mostFrequent<T>(values: T[]): T | undefined {
  const tally = new Map<T, number>();
  for (const v of values) tally.set(v, (tally.get(v) ?? 0) + 1);
  return [...tally].sort((a, b) => b[1] - a[1])[0]?.[0];
}

export function targetsFor(db: Db, users: LoadUser[], seed = 7): UserTargets[] {
  const fieldOffices = busiest(db, 'field_office');
  const divisions = busiest(db, 'division');
  const fy = pastFiscalYear();
  return users.map((user) => {
    const random = createRandom(seed * 1000 + user.index);
    const actor: UserActor = { kind: 'user', id: user.id, name: user.name, email: user.email, role: user.role, officeId: user.officeId };
    const visible = db
      .select({ id: requests.id, name: agents.name })
      .from(requests)
      .innerJoin(agents, eq(agents.id, requests.agentId))
      .where(visibleRequestsCondition(actor))
      .orderBy(desc(requests.lastEventAt), desc(requests.id))
      .all();
    if (visible.length === 0) throw new Error(`${user.email} can see no requests; the load needs a populated database.`);
    const recent = pickDistinct(visible.slice(0, RECENT_POOL), RECENT_PICKS, random);
    const chosen = new Set(recent.map((r) => r.id));
    const any = pickDistinct(visible.filter((r) => !chosen.has(r.id)), ANY_PICKS, random);
    const detail = [...recent, ...any];
    // A search for an agent the user has dealt with, by surname, as people look someone up.
    const surname = encodeURIComponent(detail[0]!.name.split(' ').at(-1)!);
    const office = fieldOffices[user.index % fieldOffices.length]!;
    const division = divisions[user.index % divisions.length]!;

    const listPaths = {
      supervisor: ['/requests', '/requests?state=active', `/requests?q=${surname}`, '/requests?state=hsi_review', '/requests?kind=renewal', '/requests?state=expired&page=2'],
      hsi_hq: ['/requests?state=hsi_review', `/requests?office=${office}`, `/requests?q=${surname}`, '/requests?state=returned', `/requests?office=${office}&state=active`, '/requests'],
      dea_hq: ['/requests?state=dea_hq_review', '/requests?state=dea_decision', `/requests?division=${division}`, `/requests?q=${surname}`, '/requests?kind=renewal&state=active', '/requests'],
      dea_division: ['/requests?state=division_review', '/requests', `/requests?q=${surname}`, '/requests?kind=initial', '/requests?state=active'],
      auditor: [`/requests?state=active&office=${office}`, '/requests?state=denied', `/requests?division=${division}&kind=renewal`, '/requests?page=3', `/requests?q=${surname}`, '/requests?state=rescinded'],
    }[user.role];
    const dashboardPaths = {
      supervisor: [],
      hsi_hq: ['/dashboard', `/dashboard?fy=${fy}`],
      dea_hq: ['/dashboard', `/dashboard?fy=${fy}`],
      dea_division: ['/dashboard'],
      auditor: ['/dashboard', `/dashboard?fy=${fy}`, `/dashboard?fy=${fy}&office=${office}`],
    }[user.role];

    let proposal: UserTargets['proposal'] = null;
    if (user.role === 'supervisor') {
      // Where this office's agents usually go and sit: what its next proposal most likely names.
      const own = db.select({ division: requests.deaDivisionId }).from(requests).where(eq(requests.hsiOfficeId, user.officeId!)).all();
      const stations = db.select({ station: agents.dutyStation }).from(agents).where(eq(agents.officeId, user.officeId!)).all();
      const deaDivisionId = mostFrequent(own.map((r) => r.division)) ?? divisions[0]!;
      proposal = { deaDivisionId, dutyStation: mostFrequent(stations.map((s) => s.station)) ?? 'Headquarters' };
    }
    return { detailIds: detail.map((r) => r.id), listPaths, dashboardPaths, proposal };
  });
}
