// The statements the writer runs on every move, prepared once per connection (db/prepared.ts): reading
// the request, moving it with `WHERE id = ? AND state = ?`, appending the event, and creating a draft
// with its `create` event. They are the whole of what a transition writes to the two core tables, so
// the live writer, imports and the demo seed share them.
import { and, eq, sql } from 'drizzle-orm';
import { preparedQuery } from '@/db/prepared';
import { designations, offices, requestEvents, requests } from '@/db/schema';
import type { Action, RequestKind, State } from '@/lib/domain/workflow-states';
import type { DbOrTx } from './transition-request';

const p = sql.placeholder;

/** The request's fields the rules look at, or undefined. */
export function readRequestForMove(db: DbOrTx, requestId: number) {
  return preparedQuery(db, 'writer.readRequest', (d) =>
    d
      .select({
        id: requests.id,
        state: requests.state,
        hsiOfficeId: requests.hsiOfficeId,
        routedDivisionId: requests.routedDivisionId,
        returnedFromState: requests.returnedFromState,
        createdByUserId: requests.createdByUserId,
        kind: requests.kind,
        agentId: requests.agentId,
        renewsDesignationId: requests.renewsDesignationId,
        firstSubmittedAt: requests.firstSubmittedAt,
        lastEventAt: requests.lastEventAt,
      })
      .from(requests)
      .where(eq(requests.id, p('id')))
      .prepare(),
  ).get({ id: requestId });
}

export interface Move {
  requestId: number;
  fromState: State;
  toState: State;
  at: number;
  returnedFromState: State | null;
  routedDivisionId: number | null;
  firstSubmittedAt: number | null;
}

/** What the request row held when read: the move rewrites the fields that change, and only those. */
export type Held = Pick<Move, 'returnedFromState' | 'routedDivisionId' | 'firstSubmittedAt'>;

/**
 * Moves the request only if it is still in `fromState`; returns whether it did (exactly one row). The
 * guarded update sets the state and its clock; the other fields, which most moves leave alone, are
 * written by a second statement only when they change, because SQLite rewrites every index on a
 * column an UPDATE assigns, changed or not.
 */
export function moveRequest(db: DbOrTx, move: Move, held: Held): boolean {
  const changed = preparedQuery(db, 'writer.moveRequest', (d) =>
    d
      .update(requests)
      // drizzle's update types take no bare placeholder; inside sql`` it binds the same way. The values
      // are plain text and numbers, so no column encoding is skipped.
      .set({ state: sql`${p('toState')}`, stateEnteredAt: sql`${p('at')}`, lastEventAt: sql`${p('at')}` })
      .where(and(eq(requests.id, p('requestId')), eq(requests.state, p('fromState'))))
      .prepare(),
  ).run({ requestId: move.requestId, fromState: move.fromState, toState: move.toState, at: move.at });
  if (changed.changes !== 1) return false;
  if (
    move.returnedFromState !== held.returnedFromState ||
    move.routedDivisionId !== held.routedDivisionId ||
    move.firstSubmittedAt !== held.firstSubmittedAt
  ) {
    preparedQuery(db, 'writer.moveRequestDetails', (d) =>
      d
        .update(requests)
        .set({
          returnedFromState: sql`${p('returnedFromState')}`,
          routedDivisionId: sql`${p('routedDivisionId')}`,
          firstSubmittedAt: sql`${p('firstSubmittedAt')}`,
        })
        .where(eq(requests.id, p('requestId')))
        .prepare(),
    ).run({ requestId: move.requestId, returnedFromState: move.returnedFromState, routedDivisionId: move.routedDivisionId, firstSubmittedAt: move.firstSubmittedAt });
  }
  return true;
}

export interface NewEvent {
  requestId: number;
  action: Action;
  fromState: State | null;
  toState: State;
  actorUserId: number | null;
  actorName: string;
  actorRole: string | null;
  at: number;
  reason: string | null;
  reasonCategory: string | null;
  divisionId: number | null;
  isImported: boolean;
}

/** Appends one event to the log (append-only: triggers refuse UPDATE and DELETE); returns its id. */
export function appendEvent(db: DbOrTx, event: NewEvent): number {
  return preparedQuery(db, 'writer.appendEvent', (d) =>
    d
      .insert(requestEvents)
      .values({
        requestId: p('requestId'),
        action: p('action'),
        fromState: p('fromState'),
        toState: p('toState'),
        actorUserId: p('actorUserId'),
        actorName: p('actorName'),
        actorRole: p('actorRole'),
        at: p('at'),
        reason: p('reason'),
        reasonCategory: p('reasonCategory'),
        divisionId: p('divisionId'),
        isImported: p('isImported'),
      })
      .returning({ id: requestEvents.id })
      .prepare(),
  ).get({ ...event })!.id;
}

export interface NewDraft {
  ref: string;
  kind: RequestKind;
  agentId: number;
  hsiOfficeId: number;
  deaDivisionId: number;
  borderNexus: string;
  renewsDesignationId: number | null;
  createdByUserId: number | null;
  submissionKey: string | null;
  isImported: boolean;
  at: number;
}

/** Inserts a draft request row (its `create` event is the caller's, through appendEvent). */
export function insertDraft(db: DbOrTx, draft: NewDraft): { id: number; ref: string } {
  return preparedQuery(db, 'writer.insertDraft', (d) =>
    d
      .insert(requests)
      .values({
        ref: p('ref'),
        kind: p('kind'),
        state: 'draft',
        agentId: p('agentId'),
        hsiOfficeId: p('hsiOfficeId'),
        deaDivisionId: p('deaDivisionId'),
        borderNexus: p('borderNexus'),
        renewsDesignationId: p('renewsDesignationId'),
        createdByUserId: p('createdByUserId'),
        submissionKey: p('submissionKey'),
        isImported: p('isImported'),
        lastEventAt: p('at'),
        stateEnteredAt: p('at'),
        createdAt: p('at'),
      })
      .returning({ id: requests.id, ref: requests.ref })
      .prepare(),
  ).get({ ...draft })!;
}

/** A division by id, as routing needs it. */
export function readDivision(db: DbOrTx, divisionId: number) {
  return preparedQuery(db, 'writer.readDivision', (d) =>
    d.select({ id: offices.id, kind: offices.kind, isActive: offices.isActive }).from(offices).where(eq(offices.id, p('id'))).prepare(),
  ).get({ id: divisionId });
}

/** The designation a renewal continues, with where its request stands. */
export function readRenewedDesignation(db: DbOrTx, designationId: number) {
  return preparedQuery(db, 'writer.readRenewedDesignation', (d) =>
    d
      .select({ endsOn: designations.endsOn, state: requests.state })
      .from(designations)
      .innerJoin(requests, eq(requests.id, designations.requestId))
      .where(eq(designations.id, p('id')))
      .prepare(),
  ).get({ id: designationId });
}

/** Records the authority an approval grants. */
export function insertDesignation(db: DbOrTx, designation: { requestId: number; agentId: number; startsOn: string; endsOn: string; createdAt: number }): void {
  preparedQuery(db, 'writer.insertDesignation', (d) =>
    d
      .insert(designations)
      .values({ requestId: p('requestId'), agentId: p('agentId'), startsOn: p('startsOn'), endsOn: p('endsOn'), createdAt: p('createdAt') })
      .prepare(),
  ).run({ ...designation });
}
