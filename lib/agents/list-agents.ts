// The agent roster: each agent with their latest designation (status and end date) and any open request.
import { and, asc, count, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { agents, designations, offices, requests } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { visibleAgentsCondition, visibleRequestsCondition } from '@/lib/auth/request-scope';
import { calendarDate, daysBetween } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import { UNFINISHED_STATES, type State } from '@/lib/domain/workflow-states';
import { parseOrThrow } from '@/lib/validation/parse';
import type { Agency } from '@/lib/domain/offices';

export const AGENT_PAGE_SIZE = 50;

export const agentFiltersSchema = z.object({
  q: z.preprocess((v) => (typeof v === 'string' ? v.trim() : undefined), z.string().max(100, 'Search for at most 100 characters.').optional()),
  office: z.preprocess((v) => (v === '' || v == null ? undefined : v), z.coerce.number().int().positive().optional()),
  page: z.preprocess((v) => (v === '' || v == null ? undefined : v), z.coerce.number().int().min(1).max(100_000).default(1)),
});

export interface RosterRow {
  id: number;
  name: string;
  badge: string;
  agency: Agency;
  dutyStation: string;
  officeName: string;
  designation: { requestId: number; startsOn: string; endsOn: string; state: State } | null;
  openRequest: { id: number; ref: string; state: State } | null;
  /** Days until an active designation ends (calendar's zone); null when none is active. */
  daysLeft: number | null;
  /** Whether a renewal may be requested now: no open request, and a designation that has ended or
   * ends within the renewal window. */
  isRenewalDue: boolean;
}

export function listAgents(db: Db, actor: Actor, rawFilters: unknown, now = Date.now()) {
  assertCan(actor, 'agent:read');
  const filters = parseOrThrow(agentFiltersSchema, rawFilters, 'Check the filters.');
  const conditions: (SQL | undefined)[] = [visibleAgentsCondition(actor)];
  if (filters.q) {
    const text = filters.q.replace(/[\\%_]/g, (c) => `\\${c}`);
    conditions.push(or(sql`${agents.name} LIKE ${`%${text}%`} ESCAPE '\\'`, eq(agents.badge, filters.q.toUpperCase())));
  }
  if (filters.office) conditions.push(eq(agents.officeId, filters.office));
  const where = and(...conditions);

  const total = db.select({ n: count() }).from(agents).where(where).get()?.n ?? 0;
  const page = db
    .select({ id: agents.id, name: agents.name, badge: agents.badge, agency: agents.agency, dutyStation: agents.dutyStation, officeName: offices.name })
    .from(agents)
    .innerJoin(offices, eq(offices.id, agents.officeId))
    .where(where)
    .orderBy(asc(agents.name), asc(agents.id))
    .limit(AGENT_PAGE_SIZE)
    .offset((filters.page - 1) * AGENT_PAGE_SIZE)
    .all();

  const ids = page.map((a) => a.id);
  const latest = new Map<number, RosterRow['designation']>();
  const open = new Map<number, RosterRow['openRequest']>();
  if (ids.length > 0) {
    const designationRows = db
      .select({ agentId: designations.agentId, requestId: designations.requestId, startsOn: designations.startsOn, endsOn: designations.endsOn, state: requests.state })
      .from(designations)
      .innerJoin(requests, eq(requests.id, designations.requestId))
      .where(inArray(designations.agentId, ids))
      .orderBy(asc(designations.endsOn), asc(designations.id))
      .all();
    // Ordered by end date, so the last one written per agent is their latest.
    for (const { agentId, ...designation } of designationRows) latest.set(agentId, designation);
    const openRows = db
      .select({ agentId: requests.agentId, id: requests.id, ref: requests.ref, state: requests.state })
      .from(requests)
      .where(and(inArray(requests.agentId, ids), inArray(requests.state, [...UNFINISHED_STATES]), visibleRequestsCondition(actor)))
      .all();
    for (const { agentId, ...request } of openRows) open.set(agentId, request);
  }

  const { T21_TIME_ZONE, T21_RENEWAL_WINDOW_DAYS } = settings();
  const today = calendarDate(now, T21_TIME_ZONE);
  const rows: RosterRow[] = page.map((agent) => {
    const designation = latest.get(agent.id) ?? null;
    const openRequest = open.get(agent.id) ?? null;
    const isActive = designation?.state === 'active' || designation?.state === 'pending_training';
    const daysLeft = designation && isActive ? daysBetween(today, designation.endsOn) : null;
    const isRenewalDue = !openRequest && designation !== null && (!isActive || (daysLeft !== null && daysLeft <= T21_RENEWAL_WINDOW_DAYS));
    return { ...agent, designation, openRequest, daysLeft, isRenewalDue };
  });
  return { rows, total, filters, page: filters.page, pageCount: Math.max(1, Math.ceil(total / AGENT_PAGE_SIZE)) };
}

/** One agent the actor may see, for pre-filling a renewal. */
export function getAgent(db: Db, actor: Actor, agentId: number) {
  assertCan(actor, 'agent:read');
  return (
    db
      .select({ id: agents.id, name: agents.name, badge: agents.badge, dutyStation: agents.dutyStation, hsiOfficeId: agents.officeId })
      .from(agents)
      .where(and(eq(agents.id, agentId), visibleAgentsCondition(actor)))
      .get() ?? null
  );
}
