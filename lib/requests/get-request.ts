// One request as its detail page shows it: the agent, the offices, the designation, the timeline of
// every event, and the actions this user may take now.
import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '@/db/client';
import { agents, designations, offices, requestEvents, requests } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { visibleRequestsCondition } from '@/lib/auth/request-scope';
import { trainingOwedForActivation } from '@/lib/training/activation-gate';
import { notFound } from '@/lib/errors';
import { allowedActions } from '@/lib/workflow/transition-request';
import { calendarDate } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import { REVIEW_STAGES, SUBMITTED_OPEN_STATES, type Action, type State } from '@/lib/domain/workflow-states';
import { goalOn, isWithinGoal, loadGoals } from '@/lib/timeliness/goals';
import { openStatusOf } from '@/lib/timeliness/open-status';
import { requestTiming } from '@/lib/timeliness/request-timing';

const hsiOffice = alias(offices, 'hsi_office');
const proposedDivision = alias(offices, 'proposed_division');
const routedDivision = alias(offices, 'routed_division');
const eventDivision = alias(offices, 'event_division');

export function getRequestDetail(db: Db, actor: Actor, requestId: number, now = Date.now()) {
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

  // Approved and waiting: the modules the agent still owes before the designation becomes active.
  const trainingOwed =
    row.state === 'pending_training' ? trainingOwedForActivation(db, row.agent.id, calendarDate(now, settings().T21_TIME_ZONE)).map((m) => ({ code: m.code, title: m.title })) : [];

  return { ...row, events, designation, renews, trainingOwed, actions: allowedActions(actor, row), timing: processingTime(db, row.state, events, now) };
}

/** The request's processing time per clocked stage and end to end, against the goals it is judged by. */
function processingTime(db: Db, state: State, events: { action: Action; toState: State; at: number }[], now: number) {
  const zone = settings().T21_TIME_ZONE;
  const goals = loadGoals(db);
  const timing = requestTiming(events, zone, now);
  const judgedOn = calendarDate(timing.firstSubmittedAt ?? now, zone);
  const stages = REVIEW_STAGES.map((stage) => {
    const time = timing.stages[stage];
    const goal = goalOn(goals, stage, judgedOn);
    return {
      stage,
      businessDays: time?.businessDays ?? null,
      calendarDays: time?.calendarDays ?? null,
      visits: time?.visits ?? 0,
      isOpen: time?.isOpen ?? false,
      goal: goal?.businessDays ?? null,
      isWithinGoal: time && goal ? isWithinGoal(time.businessDays, goal) : null,
    };
  });
  const endToEndGoal = goalOn(goals, 'end_to_end', judgedOn);
  // Not "undecided": a withdrawn request is never decided, yet its clocks stopped when it was withdrawn.
  const isOpen = timing.firstSubmittedAt !== null && SUBMITTED_OPEN_STATES.includes(state);
  return {
    stages,
    endToEnd: timing.endToEnd,
    endToEndGoal: endToEndGoal?.businessDays ?? null,
    // End to end is judged only at a decision: a withdrawn request never finished the process.
    isEndToEndWithinGoal: timing.decision && timing.endToEnd && endToEndGoal ? isWithinGoal(timing.endToEnd.businessDays, endToEndGoal) : null,
    isOpen,
    withRequester: timing.withRequester,
    decision: timing.decision,
    goalsJudgedOn: timing.firstSubmittedAt === null ? null : judgedOn,
    open: isOpen ? openStatusOf(state, timing, goals, zone, now) : null,
  };
}

export type RequestDetail = ReturnType<typeof getRequestDetail>;
