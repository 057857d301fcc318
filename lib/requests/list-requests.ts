// The request list: search by agent name, badge or reference; filter by state, office, division and
// kind; newest activity first; paged. Always within what the actor may see.
import { and, count, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { agents, requests } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { visibleRequestsCondition } from '@/lib/auth/request-scope';
import { REQUEST_KINDS, STATES } from '@/lib/domain/workflow-states';
import { parseOrThrow } from '@/lib/validation/parse';
import { loadGoals } from '@/lib/timeliness/goals';
import { openStatuses } from '@/lib/timeliness/open-status';
import { selectRequestRows } from './request-rows';

export const PAGE_SIZE = 25;

const optionalId = z.preprocess((v) => (v === '' || v == null ? undefined : v), z.coerce.number().int().positive().optional());
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess((v) => (v === '' || v == null ? undefined : v), z.enum(values, { error: message }).optional());

export const requestFiltersSchema = z.object({
  q: z.preprocess((v) => (typeof v === 'string' ? v.trim() : undefined), z.string().max(100, 'Search for at most 100 characters.').optional()),
  state: optionalEnum(STATES, 'Choose a state from the list.'),
  office: optionalId,
  division: optionalId,
  kind: optionalEnum(REQUEST_KINDS, 'Choose initial or renewal.'),
  page: z.preprocess((v) => (v === '' || v == null ? undefined : v), z.coerce.number().int().min(1).max(100_000).default(1)),
});
export type RequestFilters = z.infer<typeof requestFiltersSchema>;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function listRequests(db: Db, actor: Actor, rawFilters: unknown, now = Date.now()) {
  assertCan(actor, 'request:read');
  const filters = parseOrThrow(requestFiltersSchema, rawFilters, 'Check the filters.');
  const conditions: (SQL | undefined)[] = [visibleRequestsCondition(actor)];
  if (filters.q) {
    const text = escapeLike(filters.q);
    conditions.push(
      or(
        sql`${agents.name} LIKE ${`%${text}%`} ESCAPE '\\'`,
        eq(agents.badge, filters.q.toUpperCase()),
        // Escaped like the name: a "%" or "_" typed in the search is that character, not a wildcard.
        sql`${requests.ref} LIKE ${`${text.toUpperCase()}%`} ESCAPE '\\'`,
      ),
    );
  }
  if (filters.state) conditions.push(eq(requests.state, filters.state));
  if (filters.office) conditions.push(eq(requests.hsiOfficeId, filters.office));
  if (filters.division) {
    conditions.push(sql`coalesce(${requests.routedDivisionId}, ${requests.deaDivisionId}) = ${filters.division}`);
  }
  if (filters.kind) conditions.push(eq(requests.kind, filters.kind));
  const where = and(...conditions);

  const total =
    db
      .select({ n: count() })
      .from(requests)
      .innerJoin(agents, eq(agents.id, requests.agentId))
      .where(where)
      .get()?.n ?? 0;

  const rows = selectRequestRows(db)
    .where(where)
    .orderBy(desc(requests.lastEventAt), desc(requests.id))
    .limit(PAGE_SIZE)
    .offset((filters.page - 1) * PAGE_SIZE)
    .all();

  const statuses = openStatuses(db, rows, loadGoals(db), now);
  return { rows, statuses, total, filters, page: filters.page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

export type RequestListRow = ReturnType<typeof listRequests>['rows'][number];
