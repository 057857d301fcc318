// Which requests (and agents) an actor may see. One rule, in two forms: a SQL condition for lists and
// a predicate for one loaded row; request-scope.test.ts checks that the two agree.
import { and, eq, ne, or, sql, type SQL } from 'drizzle-orm';
import { agents, requests } from '@/db/schema';
import type { State } from '@/lib/domain/workflow-states';
import type { Performer } from '@/lib/workflow/transitions';
import type { Actor } from './actor';

export interface ScopedRequest {
  hsiOfficeId: number;
  routedDivisionId: number | null;
  state: State;
}

const NOTHING = sql`0 = 1`;

/** SQL condition on `requests` selecting what the actor may see; undefined means everything. */
export function visibleRequestsCondition(actor: Actor): SQL | undefined {
  if (actor.kind === 'system') return undefined;
  switch (actor.role) {
    case 'auditor':
    case 'admin':
      return undefined;
    case 'hsi_hq':
    case 'dea_hq':
      // A draft is the supervisor's own work until it is submitted.
      return ne(requests.state, 'draft');
    case 'supervisor':
      return actor.officeId === null ? NOTHING : eq(requests.hsiOfficeId, actor.officeId);
    case 'dea_division':
      return actor.officeId === null ? NOTHING : eq(requests.routedDivisionId, actor.officeId);
    default:
      return NOTHING;
  }
}

export function canSeeRequest(actor: Actor, request: ScopedRequest): boolean {
  if (actor.kind === 'system') return true;
  switch (actor.role) {
    case 'auditor':
    case 'admin':
      return true;
    case 'hsi_hq':
    case 'dea_hq':
      return request.state !== 'draft';
    case 'supervisor':
      return actor.officeId !== null && request.hsiOfficeId === actor.officeId;
    case 'dea_division':
      return actor.officeId !== null && request.routedDivisionId === actor.officeId;
    default:
      return false;
  }
}

/** The roster: supervisors see their own office's agents; division coordinators see their division's
 * DEA agents and the HSI agents they have had a request routed for; headquarters, auditors and
 * administrators see all. */
export function visibleAgentsCondition(actor: Actor): SQL | undefined {
  if (actor.kind === 'system') return undefined;
  switch (actor.role) {
    case 'supervisor':
      return actor.officeId === null ? NOTHING : eq(agents.officeId, actor.officeId);
    case 'dea_division':
      return actor.officeId === null
        ? NOTHING
        : or(
            and(eq(agents.agency, 'DEA'), eq(agents.officeId, actor.officeId)),
            // An uncorrelated IN: the division's agents are read once from its index. The correlated
            // EXISTS it replaces was planned on that same index and so walked all of the division's
            // requests for every agent: 1.7 s at 10k requests, two minutes at 50k.
            sql`${agents.id} in (select ${requests.agentId} from ${requests} where ${eq(requests.routedDivisionId, actor.officeId)})`,
          );
    case 'hsi_hq':
    case 'dea_hq':
    case 'auditor':
    case 'admin':
      return undefined;
    default:
      return NOTHING;
  }
}

/** Whether the actor is one of the performers a transition rule allows, for this request. */
export function actsAs(actor: Actor, performers: readonly Performer[], request: ScopedRequest): boolean {
  return performers.some((performer) => {
    // Imported history replays what people did elsewhere: the importer stands in for whoever did it.
    if (actor.kind === 'system') return performer.role === 'system' || actor.isImport === true;
    if (performer.role === 'system') return false;
    if (actor.role !== performer.role) return false;
    switch (performer.scope) {
      case 'any':
        return true;
      case 'own_office':
        return actor.officeId !== null && actor.officeId === request.hsiOfficeId;
      case 'routed_division':
        return actor.officeId !== null && actor.officeId === request.routedDivisionId;
    }
  });
}
