// "Needs my action": the requests waiting on this user, grouped by what they wait for, oldest first.
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { requests } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { visibleRequestsCondition } from '@/lib/auth/request-scope';
import type { Role } from '@/lib/domain/roles';
import type { State } from '@/lib/domain/workflow-states';
import { loadGoals } from '@/lib/timeliness/goals';
import { openStatuses } from '@/lib/timeliness/open-status';
import { selectRequestRows } from './request-rows';

export const INBOX_LIMIT = 50;

interface InboxGroup {
  state: State;
  title: string;
}

// Whom each open state waits on. Review stages wait on their reviewer (lib/workflow/transitions.ts
// STAGE_REVIEWER); drafts and returned requests wait on the supervisor who proposed them.
const WAITING_ON: Record<Role, InboxGroup[]> = {
  supervisor: [
    { state: 'returned', title: 'Returned to you for changes' },
    { state: 'draft', title: 'Drafts not yet submitted' },
  ],
  hsi_hq: [{ state: 'hsi_review', title: 'Waiting for HSI HQ endorsement' }],
  dea_hq: [
    { state: 'dea_hq_review', title: 'Waiting for DEA HQ review' },
    { state: 'dea_decision', title: 'Waiting for DEA HQ decision' },
  ],
  dea_division: [{ state: 'division_review', title: 'Waiting for your division’s concurrence' }],
  auditor: [],
  admin: [],
};

export function inboxFor(db: Db, actor: Actor, now = Date.now()) {
  assertCan(actor, 'request:read');
  const groups = actor.kind === 'user' ? WAITING_ON[actor.role] : [];
  const goals = loadGoals(db);
  return groups.map((group) => {
    const where = and(visibleRequestsCondition(actor), eq(requests.state, group.state));
    const total = db.select({ n: count() }).from(requests).where(where).get()?.n ?? 0;
    const rows = selectRequestRows(db)
      .where(where)
      .orderBy(asc(requests.stateEnteredAt), asc(requests.id))
      .limit(INBOX_LIMIT)
      .all();
    return { ...group, total, rows, statuses: openStatuses(db, rows, goals, now) };
  });
}

/** Total waiting on the actor, for the navigation badge. */
export function inboxCount(db: Db, actor: Actor): number {
  const states = actor.kind === 'user' ? WAITING_ON[actor.role].map((g) => g.state) : [];
  if (states.length === 0) return 0;
  return (
    db
      .select({ n: count() })
      .from(requests)
      .where(and(visibleRequestsCondition(actor), inArray(requests.state, states)))
      .get()?.n ?? 0
  );
}
