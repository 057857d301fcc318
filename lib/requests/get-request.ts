// One request as its detail page shows it: the agent, the offices, the designation, the timeline of
// every event, and the actions this user may take now.
import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '@/db/client';
import { agents, designations, offices, requestEvents, requests } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { visibleRequestsCondition } from '@/lib/auth/request-scope';
import { notFound } from '@/lib/errors';
import { allowedActions } from '@/lib/workflow/transition-request';

const hsiOffice = alias(offices, 'hsi_office');
const proposedDivision = alias(offices, 'proposed_division');
const routedDivision = alias(offices, 'routed_division');
const eventDivision = alias(offices, 'event_division');

export function getRequestDetail(db: Db, actor: Actor, requestId: number) {
  assertCan(actor, 'request:read');
  const row = db
    .select({
      id: requests.id,
      ref: requests.ref,
      kind: requests.kind,
      state: requests.state,
      hsiOfficeId: requests.hsiOfficeId,
      deaDivisionId: requests.deaDivisionId,
      routedDivisionId: requests.routedDivisionId,
      returnedFromState: requests.returnedFromState,
      createdByUserId: requests.createdByUserId,
      borderNexus: requests.borderNexus,
      renewsDesignationId: requests.renewsDesignationId,
      isImported: requests.isImported,
      createdAt: requests.createdAt,
      stateEnteredAt: requests.stateEnteredAt,
      firstSubmittedAt: requests.firstSubmittedAt,
      agent: { id: agents.id, name: agents.name, badge: agents.badge, dutyStation: agents.dutyStation },
      hsiOfficeName: hsiOffice.name,
      proposedDivisionName: proposedDivision.name,
      routedDivisionName: routedDivision.name,
    })
    .from(requests)
    .innerJoin(agents, eq(agents.id, requests.agentId))
    .innerJoin(hsiOffice, eq(hsiOffice.id, requests.hsiOfficeId))
    .innerJoin(proposedDivision, eq(proposedDivision.id, requests.deaDivisionId))
    .leftJoin(routedDivision, eq(routedDivision.id, requests.routedDivisionId))
    .where(and(eq(requests.id, requestId), visibleRequestsCondition(actor)))
    .get();
  if (!row) throw notFound('Request');

  const events = db
    .select({
      id: requestEvents.id,
      action: requestEvents.action,
      fromState: requestEvents.fromState,
      toState: requestEvents.toState,
      actorName: requestEvents.actorName,
      actorRole: requestEvents.actorRole,
      at: requestEvents.at,
      reason: requestEvents.reason,
      reasonCategory: requestEvents.reasonCategory,
      divisionName: eventDivision.name,
      details: requestEvents.details,
      isImported: requestEvents.isImported,
    })
    .from(requestEvents)
    .leftJoin(eventDivision, eq(eventDivision.id, requestEvents.divisionId))
    .where(eq(requestEvents.requestId, row.id))
    .orderBy(asc(requestEvents.at), asc(requestEvents.id))
    .all();

  const designation =
    db
      .select({ id: designations.id, startsOn: designations.startsOn, endsOn: designations.endsOn })
      .from(designations)
      .where(eq(designations.requestId, row.id))
      .get() ?? null;

  const renews =
    row.renewsDesignationId == null
      ? null
      : (db
          .select({ requestId: designations.requestId, ref: requests.ref, endsOn: designations.endsOn })
          .from(designations)
          .innerJoin(requests, eq(requests.id, designations.requestId))
          .where(and(eq(designations.id, row.renewsDesignationId), visibleRequestsCondition(actor)))
          .get() ?? null);

  return { ...row, events, designation, renews, actions: allowedActions(actor, row) };
}

export type RequestDetail = ReturnType<typeof getRequestDetail>;
