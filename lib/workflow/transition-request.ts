// The one writer: every state change of a request, from the browser, a route, the CLI, the demo seed
// or a history import, goes through applyTransition. It updates the request only if it is still in
// the state that was read (`WHERE id = ? AND state = ?`), requires exactly one changed row, and appends
// the event in the same synchronous transaction, so a double click or two coordinators acting at once
// yield exactly one transition and one event.
import { desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { requestEvents } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { actsAs, canSeeRequest } from '@/lib/auth/request-scope';
import { addCalendarDays, addCalendarMonths, calendarDate } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import { ROLE_LABELS } from '@/lib/domain/roles';
import {
  ACTION_LABELS,
  ACTION_PAST,
  RESCIND_CATEGORIES,
  type Action,
  type State,
} from '@/lib/domain/workflow-states';
import { AppError, conflict, forbidden, invalid, notFound } from '@/lib/errors';
import { formatInstant } from '@/lib/format';
import { recordAudit } from '@/lib/audit/audit-log';
import { refreshTiming } from '@/lib/timeliness/timing-cache';
import { trainingOwedForActivation } from '@/lib/training/activation-gate';
import { REASON_MAX_LENGTH } from './limits';
import { ruleFor, targetState, TRANSITIONS, type TransitionRule } from './transitions';
import { appendEvent, insertDesignation, moveRequest, readDivision, readRenewedDesignation, readRequestForMove } from './writer-queries';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface TransitionInput {
  requestId: number;
  action: Action;
  reason?: string | null;
  /** For rescind: transfer, separation, misconduct or other. */
  reasonCategory?: string | null;
  /** For route: the DEA division chosen. */
  divisionId?: number | null;
  /** The state the actor's page showed; if the request has moved since, the action is refused. */
  expectedState?: State | null;
  /** History written after the fact (an import, the demo seed): recorded in the audit trail once, as
   * the import or seed, not event by event. */
  isReplay?: boolean;
  /** When it happened, for imported history, the demo seed and the system's own moves; forms and
   * routes never pass it (their schemas have no such field), so live actions are stamped now. */
  at?: number;
}

export interface TransitionResult {
  requestId: number;
  eventId: number;
  action: Action;
  fromState: State;
  toState: State;
  at: number;
}

/** The row fields the rules look at. */
export interface TransitionSubject {
  id: number;
  state: State;
  hsiOfficeId: number;
  routedDivisionId: number | null;
  returnedFromState: State | null;
  createdByUserId: number | null;
}

/**
 * Why `actor` may not take `rule` on `request` now, or null if they may. Shared by the writer and by
 * allowedActions, so the buttons a page offers are exactly the moves the server accepts.
 */
export function transitionRefusal(actor: Actor, rule: TransitionRule, request: TransitionSubject): AppError | null {
  if (!rule.from.includes(request.state)) {
    return conflict(`A request that is ${request.state.replace(/_/g, ' ')} cannot be ${ACTION_PAST[rule.action]}.`);
  }
  if (!actsAs(actor, rule.by(request.state), request)) {
    return forbidden(`Your role may not ${ACTION_LABELS[rule.action].toLowerCase()} this request.`);
  }
  if (rule.isDecision && actor.kind === 'user' && request.createdByUserId === actor.id) {
    return forbidden('You proposed this request, so you may not decide it.');
  }
  return null;
}

/** Whether the actor's role could ever take this action (in some state, on some request of theirs). */
function roleEverTakes(actor: Actor, rule: TransitionRule): boolean {
  if (actor.kind === 'system' && actor.isImport) return true;
  return rule.from.some((from) =>
    rule.by(from).some((p) => (actor.kind === 'system' ? p.role === 'system' : p.role === actor.role)),
  );
}

export function transitionRequest(db: Db, actor: Actor, input: TransitionInput): TransitionResult {
  // better-sqlite3 transactions are synchronous: nothing in here may await. IMMEDIATE takes the write
  // lock at the start, so the state read below cannot change before the update.
  return db.transaction((tx) => applyTransition(tx, actor, input), { behavior: 'immediate' });
}

/** The transition inside a transaction the caller already holds (imports and seeding batch many). */
export function applyTransition(tx: DbOrTx, actor: Actor, input: TransitionInput): TransitionResult {
  const rule = ruleFor(input.action);
  if (!rule) throw invalid(`"${input.action}" is not an action on a request.`, { action: ['Choose an action.'] });

  const request = readRequestForMove(tx, input.requestId);
  if (!request || !canSeeRequest(actor, request)) throw notFound('Request');

  if (!roleEverTakes(actor, rule)) {
    throw forbidden(`Your role may not ${ACTION_LABELS[rule.action].toLowerCase()} requests.`);
  }
  const isStale = input.expectedState != null && input.expectedState !== request.state;
  if (isStale || !rule.from.includes(request.state)) {
    throw alreadyMoved(tx, request.id, rule.action);
  }
  const refusal = transitionRefusal(actor, rule, request);
  if (refusal) throw refusal;

  const reason = input.reason?.trim() || null;
  checkReason(rule, reason);
  const reasonCategory = rule.action === 'rescind' ? checkRescindCategory(input.reasonCategory) : null;
  const divisionId = rule.action === 'route' ? checkDivision(tx, input.divisionId) : null;

  const at = input.at ?? Date.now();
  // Clocks are computed from the order of events: history may not be written out of order.
  if (at < request.lastEventAt) {
    throw invalid('An event cannot be dated before the request’s previous event.', { at: [`Use a time on or after ${formatInstant(request.lastEventAt)}.`] });
  }
  // Imported history is replayed as it happened elsewhere: the gate applies to live approvals only.
  const isTrainingOwed =
    rule.heldWhileTrainingOwed !== undefined &&
    !(actor.kind === 'system' && actor.isImport === true) &&
    trainingOwedForActivation(tx, request.agentId, calendarDate(at, settings().T21_TIME_ZONE)).length > 0;
  const toState = targetState(rule, request.returnedFromState, isTrainingOwed);

  const isMoved = moveRequest(tx, {
    requestId: request.id,
    fromState: request.state,
    toState,
    at,
    returnedFromState: rule.action === 'return' ? request.state : rule.action === 'resubmit' ? null : request.returnedFromState,
    routedDivisionId: divisionId ?? request.routedDivisionId,
    firstSubmittedAt: request.firstSubmittedAt ?? (rule.action === 'submit' ? at : null),
  }, request);
  if (!isMoved) throw alreadyMoved(tx, request.id, rule.action);

  const eventId = appendEvent(tx, {
    requestId: request.id,
    action: rule.action,
    fromState: request.state,
    toState,
    actorUserId: actor.kind === 'user' ? actor.id : null,
    actorName: actor.name,
    actorRole: actor.kind === 'user' ? actor.role : null,
    at,
    reason,
    reasonCategory,
    divisionId,
    isImported: actor.kind === 'system' && actor.isImport === true,
  });

  // The designation starts when the authority does: at approval, or at activation after training.
  if (toState === 'active' && (rule.action === 'approve' || rule.action === 'activate')) grantDesignation(tx, request, at);
  if (rule.action === 'approve' || rule.action === 'deny' || rule.action === 'activate') refreshTiming(tx, request.id);
  if (!input.isReplay) {
    recordAudit(tx, actor, { action: 'transition', objectType: 'request', objectId: request.id, details: { action: rule.action, from: request.state, to: toState } }, Math.max(at, Date.now()));
  }

  return { requestId: request.id, eventId, action: rule.action, fromState: request.state, toState, at };
}

function checkReason(rule: TransitionRule, reason: string | null): void {
  if (rule.isReasonRequired && !reason) {
    throw invalid(`A reason is required to ${ACTION_LABELS[rule.action].toLowerCase()}.`, {
      reason: [`Enter why you ${ACTION_LABELS[rule.action].toLowerCase()} this request.`],
    });
  }
  if (reason && reason.length > REASON_MAX_LENGTH) {
    throw invalid('The reason is too long.', { reason: [`Keep the reason to ${REASON_MAX_LENGTH} characters or fewer.`] });
  }
}

function checkRescindCategory(category: string | null | undefined): string {
  if (!category || !(RESCIND_CATEGORIES as readonly string[]).includes(category)) {
    throw invalid('Choose why the designation is rescinded.', {
      reasonCategory: ['Choose transfer, separation, misconduct or other.'],
    });
  }
  return category;
}

function checkDivision(tx: DbOrTx, divisionId: number | null | undefined): number {
  const division = divisionId == null ? undefined : readDivision(tx, divisionId);
  if (!division || division.kind !== 'division' || !division.isActive) {
    throw invalid('Choose the DEA division to route to.', { divisionId: ['Choose an active DEA division.'] });
  }
  return division.id;
}

/** The 409 a stale page or a second click gets: who moved the request, and when. */
function alreadyMoved(tx: DbOrTx, requestId: number, attempted: Action): AppError {
  const last = tx
    .select({ action: requestEvents.action, actorName: requestEvents.actorName, actorRole: requestEvents.actorRole, at: requestEvents.at })
    .from(requestEvents)
    .where(eq(requestEvents.requestId, requestId))
    .orderBy(desc(requestEvents.at), desc(requestEvents.id))
    .limit(1)
    .get();
  if (!last) return conflict(`This request cannot be ${ACTION_PAST[attempted]} now.`);
  const role = last.actorRole && last.actorRole in ROLE_LABELS ? ` (${ROLE_LABELS[last.actorRole as keyof typeof ROLE_LABELS]})` : '';
  return conflict(
    `This request was already ${ACTION_PAST[last.action]} by ${last.actorName}${role} at ${formatInstant(last.at)}. ` +
      'Reload the page to see where it stands.',
  );
}

/**
 * Approval grants a designation for the configured period. A renewal approved while the designation it
 * continues is still running starts the day after that one ends, so the agent's authority has no gap
 * and no overlap.
 */
function grantDesignation(
  tx: DbOrTx,
  request: { id: number; agentId: number; renewsDesignationId: number | null },
  at: number,
): void {
  const { T21_TIME_ZONE, T21_DESIGNATION_MONTHS } = settings();
  const approvedOn = calendarDate(at, T21_TIME_ZONE);
  let startsOn = approvedOn;
  if (request.renewsDesignationId != null) {
    const previous = readRenewedDesignation(tx, request.renewsDesignationId);
    // Only a designation still in force defers the start: a rescinded one ended early, and waiting
    // for its nominal end would leave an approved agent without authority for months.
    const isInForce = previous?.state === 'active' || previous?.state === 'pending_training';
    if (previous && isInForce && previous.endsOn >= approvedOn) startsOn = addCalendarDays(previous.endsOn, 1);
  }
  // The day before the same date N months later; when that date does not exist (a start on 29 Feb,
  // or the 31st with a short period), adding months lands on the month's last day, which is then the
  // last day of validity rather than the day after it.
  const anniversary = addCalendarMonths(startsOn, T21_DESIGNATION_MONTHS);
  const endsOn = anniversary.slice(8) === startsOn.slice(8) ? addCalendarDays(anniversary, -1) : anniversary;
  insertDesignation(tx, { requestId: request.id, agentId: request.agentId, startsOn, endsOn, createdAt: at });
}

/** The actions this actor may take on this request now: what a page offers, and nothing more. */
export function allowedActions(actor: Actor, request: TransitionSubject): Action[] {
  if (!canSeeRequest(actor, request)) return [];
  return TRANSITIONS.filter((rule) => rule.by(request.state).some((p) => p.role !== 'system'))
    .filter((rule) => transitionRefusal(actor, rule, request) === null)
    .map((rule) => rule.action);
}
