// A supervisor corrects a draft or a returned request before (re)submitting it. Not a transition: the
// state stays, but the change is kept in the timeline as an `edit` event naming the fields changed.
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '@/lib/audit/audit-log';
import type { Db } from '@/db/client';
import { agents, offices, requestEvents, requests } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { visibleRequestsCondition } from '@/lib/auth/request-scope';
import type { State } from '@/lib/domain/workflow-states';
import { conflict, forbidden, invalid, notFound } from '@/lib/errors';
import { editRequestSchema } from '@/lib/validation/request-input';
import { parseOrThrow } from '@/lib/validation/parse';

export const EDITABLE_STATES: readonly State[] = ['draft', 'returned'];

function isProposingSupervisor(actor: Actor, request: { hsiOfficeId: number }): boolean {
  return actor.kind === 'user' && actor.role === 'supervisor' && actor.officeId === request.hsiOfficeId;
}

export function canEditRequest(actor: Actor, request: { state: State; hsiOfficeId: number }): boolean {
  return isProposingSupervisor(actor, request) && EDITABLE_STATES.includes(request.state);
}

export function editRequest(db: Db, actor: Actor, requestId: number, input: unknown, expectedState?: State): { changed: string[] } {
  assertCan(actor, 'request:edit');
  const data = parseOrThrow(editRequestSchema, input);
  return db.transaction(
    (tx) => {
      const row = tx
        .select({
          id: requests.id,
          state: requests.state,
          hsiOfficeId: requests.hsiOfficeId,
          deaDivisionId: requests.deaDivisionId,
          borderNexus: requests.borderNexus,
          agentId: agents.id,
          agentName: agents.name,
          dutyStation: agents.dutyStation,
        })
        .from(requests)
        .innerJoin(agents, eq(agents.id, requests.agentId))
        .where(and(eq(requests.id, requestId), visibleRequestsCondition(actor)))
        .get();
      if (!row) throw notFound('Request');
      if (!isProposingSupervisor(actor, row)) {
        throw forbidden('Only a supervisor of the proposing office may change this request.');
      }
      if (!EDITABLE_STATES.includes(row.state) || (expectedState && expectedState !== row.state)) {
        throw conflict('This request has moved on since you opened it and can no longer be changed here. Reload the page.');
      }
      const division = tx.select({ kind: offices.kind, isActive: offices.isActive }).from(offices).where(eq(offices.id, data.deaDivisionId)).get();
      if (!division || division.kind !== 'division' || !division.isActive) {
        throw invalid('Check the highlighted fields.', { deaDivisionId: ['Choose an active DEA division.'] });
      }

      const changed: string[] = [];
      if (data.name !== row.agentName) changed.push('agent name');
      if (data.dutyStation !== row.dutyStation) changed.push('duty station');
      if (data.deaDivisionId !== row.deaDivisionId) changed.push('DEA division');
      if (data.borderNexus !== row.borderNexus) changed.push('border nexus');
      if (changed.length === 0) return { changed };

      const at = Date.now();
      tx.update(agents).set({ name: data.name, dutyStation: data.dutyStation, updatedAt: at }).where(eq(agents.id, row.agentId)).run();
      const updated = tx
        .update(requests)
        .set({ deaDivisionId: data.deaDivisionId, borderNexus: data.borderNexus, lastEventAt: at })
        .where(and(eq(requests.id, row.id), eq(requests.state, row.state)))
        .run();
      if (updated.changes !== 1) throw conflict('This request changed while you were editing it. Reload the page.');
      tx.insert(requestEvents)
        .values({
          requestId: row.id,
          action: 'edit',
          fromState: row.state,
          toState: row.state,
          actorUserId: actor.kind === 'user' ? actor.id : null,
          actorName: actor.name,
          actorRole: actor.kind === 'user' ? actor.role : null,
          at,
          details: JSON.stringify(changed),
        })
        .run();
      recordAudit(tx, actor, { action: 'request_edited', objectType: 'request', objectId: row.id, details: { changed } }, at);
      return { changed };
    },
    { behavior: 'immediate' },
  );
}
