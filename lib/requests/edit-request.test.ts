// A supervisor's correction of a draft or returned request, on a real temporary SQLite file: what it
// changes, the `edit` event that names the fields, and every refusal (with nothing written).
import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agents, offices, requestEvents, requests } from '@/db/schema';
import { SYSTEM_ACTOR, type Actor, type UserActor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import { advance, makeReviewers, propose, TEST_NEXUS, type Reviewers } from '@/lib/testing/workflow';
import { transitionRequest } from '@/lib/workflow/transition-request';
import { editRequest } from './edit-request';
import { expectRefused } from '@/lib/testing/expect-refused';

let t: TestDb;
let supervisor: UserActor;
let reviewers: Reviewers;

beforeEach(() => {
  t = createTestDb();
  supervisor = makeUser(t.db, 'supervisor', 'hsi-el-paso', 'Sam Supervisor');
  reviewers = makeReviewers(t.db);
});
afterEach(() => t.close());

const NEW_NEXUS = 'Methamphetamine smuggled through the Santa Teresa port of entry.';

/** The request's current fields, as the edit form would post them back unchanged. */
function unchanged(requestId: number) {
  const row = requestRow(requestId);
  const agent = t.db.select().from(agents).where(eq(agents.id, row.agentId)).get()!;
  return { name: agent.name, dutyStation: agent.dutyStation, deaDivisionId: row.deaDivisionId, borderNexus: row.borderNexus };
}

function requestRow(id: number) {
  return t.db.select().from(requests).where(eq(requests.id, id)).get()!;
}
function agentOf(requestId: number) {
  return t.db.select().from(agents).where(eq(agents.id, requestRow(requestId).agentId)).get()!;
}
function eventsOf(id: number) {
  return t.db.select().from(requestEvents).where(eq(requestEvents.requestId, id)).orderBy(requestEvents.id).all();
}

function snapshot(requestId: number) {
  return {
    request: requestRow(requestId),
    agent: agentOf(requestId),
    events: t.db.select({ n: count() }).from(requestEvents).get()!.n,
  };
}

/** `fn` must fail with `code` and leave the request, its agent and the log as they were. */
function refused(requestId: number, code: AppError['code'], fn: () => unknown): AppError {
  return expectRefused(code, fn, () => snapshot(requestId));
}

function draft(): number {
  return propose(t.db, supervisor, { badge: 'EP1001', name: 'Ana Ruiz', dutyStation: 'El Paso, TX' }).id;
}
function returned(): number {
  const { id } = propose(t.db, supervisor, { badge: 'EP1001', name: 'Ana Ruiz', dutyStation: 'El Paso, TX', submit: true });
  advance(t.db, reviewers, id, 'division_review');
  transitionRequest(t.db, reviewers.division('dea-el-paso'), { requestId: id, action: 'return', reason: 'Name the port of entry.' });
  return id;
}

describe('a supervisor corrects their office’s request', () => {
  it('changes every field of a draft, keeps its state, and logs which fields changed', () => {
    const id = draft();
    const before = requestRow(id);
    const startedAt = Date.now();
    const result = editRequest(
      t.db,
      supervisor,
      id,
      { name: '  Ana Ruiz-Soto ', dutyStation: 'Presidio, TX', deaDivisionId: String(officeId(t.db, 'dea-houston')), borderNexus: NEW_NEXUS },
      'draft',
    );
    expect(result.changed).toEqual(['agent name', 'duty station', 'DEA division', 'border nexus']);

    const after = requestRow(id);
    expect(after).toMatchObject({
      state: 'draft',
      deaDivisionId: officeId(t.db, 'dea-houston'),
      borderNexus: NEW_NEXUS,
      stateEnteredAt: before.stateEnteredAt,
      firstSubmittedAt: null,
    });
    expect(after.lastEventAt).toBeGreaterThanOrEqual(startedAt);
    expect(agentOf(id)).toMatchObject({ name: 'Ana Ruiz-Soto', dutyStation: 'Presidio, TX', badge: 'EP1001' });

    const edit = eventsOf(id).at(-1)!;
    expect(edit).toMatchObject({
      action: 'edit',
      fromState: 'draft',
      toState: 'draft',
      actorUserId: supervisor.id,
      actorName: 'Sam Supervisor',
      actorRole: 'supervisor',
      at: after.lastEventAt,
      reason: null,
    });
    expect(JSON.parse(edit.details!)).toEqual(['agent name', 'duty station', 'DEA division', 'border nexus']);
    expect(eventsOf(id).map((e) => e.action)).toEqual(['create', 'edit']);
  });

  it('changes one field of a returned request, which stays returned and resumes where it was returned from', () => {
    const id = returned();
    const before = requestRow(id);
    const result = editRequest(t.db, supervisor, id, { ...unchanged(id), borderNexus: NEW_NEXUS }, 'returned');
    expect(result.changed).toEqual(['border nexus']);
    expect(requestRow(id)).toMatchObject({
      state: 'returned',
      returnedFromState: 'division_review',
      routedDivisionId: before.routedDivisionId,
      borderNexus: NEW_NEXUS,
      stateEnteredAt: before.stateEnteredAt,
    });
    const edit = eventsOf(id).at(-1)!;
    expect(edit).toMatchObject({ action: 'edit', fromState: 'returned', toState: 'returned' });
    expect(JSON.parse(edit.details!)).toEqual(['border nexus']);

    transitionRequest(t.db, supervisor, { requestId: id, action: 'resubmit' });
    expect(requestRow(id).state).toBe('division_review');
  });

  it('lets a colleague in the same office edit, and works without an expected state', () => {
    const id = draft();
    const colleague = makeUser(t.db, 'supervisor', 'hsi-el-paso', 'Cora Colleague');
    expect(editRequest(t.db, colleague, id, { ...unchanged(id), dutyStation: 'Fabens, TX' }).changed).toEqual(['duty station']);
    expect(eventsOf(id).at(-1)).toMatchObject({ action: 'edit', actorName: 'Cora Colleague' });
  });

  it('writes nothing when nothing changed, even if the form pads the values with spaces', () => {
    const id = draft();
    const before = snapshot(id);
    const same = unchanged(id);
    expect(editRequest(t.db, supervisor, id, same, 'draft')).toEqual({ changed: [] });
    expect(
      editRequest(t.db, supervisor, id, { ...same, name: ` ${same.name} `, borderNexus: `${TEST_NEXUS}\n`, deaDivisionId: String(same.deaDivisionId) }),
    ).toEqual({ changed: [] });
    expect(snapshot(id)).toEqual(before);
  });
});

describe('what is refused, with nothing written', () => {
  it('hides another office’s request: not found', () => {
    const id = draft();
    const miami = makeUser(t.db, 'supervisor', 'hsi-miami');
    const error = refused(id, 'not_found', () => editRequest(t.db, miami, id, { ...unchanged(id), name: 'Someone Else' }));
    expect(error.status).toBe(404);
    refused(id, 'not_found', () => editRequest(t.db, makeUser(t.db, 'supervisor'), id, { ...unchanged(id), name: 'Someone Else' }));
  });

  it('refuses a request that does not exist as not found', () => {
    const id = draft();
    refused(id, 'not_found', () => editRequest(t.db, supervisor, 999_999, unchanged(id)));
  });

  it.each(['hsi_hq', 'dea_hq', 'auditor', 'admin'] as const)('forbids %s to edit', (role) => {
    const id = returned();
    const error = refused(id, 'forbidden', () => editRequest(t.db, makeUser(t.db, role), id, { ...unchanged(id), name: 'Changed Name' }));
    expect(error.status).toBe(403);
  });

  it('forbids the division coordinator and the system to edit', () => {
    const id = returned();
    const input = { ...unchanged(id), name: 'Changed Name' };
    const actors: Actor[] = [reviewers.division('dea-el-paso'), SYSTEM_ACTOR];
    for (const actor of actors) refused(id, 'forbidden', () => editRequest(t.db, actor, id, input));
  });

  it('refuses a request under review, or closed, as a conflict', () => {
    const id = propose(t.db, supervisor, { badge: 'EP1001', submit: true }).id;
    const error = refused(id, 'conflict', () => editRequest(t.db, supervisor, id, { ...unchanged(id), name: 'Changed Name' }));
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/reload/i);
    transitionRequest(t.db, supervisor, { requestId: id, action: 'withdraw', reason: 'Reassigned.' });
    refused(id, 'conflict', () => editRequest(t.db, supervisor, id, { ...unchanged(id), name: 'Changed Name' }));
  });

  it('refuses an edit made from a page that showed another state', () => {
    const id = returned();
    refused(id, 'conflict', () => editRequest(t.db, supervisor, id, { ...unchanged(id), name: 'Changed Name' }, 'draft'));
    // Resubmitted while the form was open: still a conflict, even though the form expected "returned".
    transitionRequest(t.db, supervisor, { requestId: id, action: 'resubmit' });
    refused(id, 'conflict', () => editRequest(t.db, supervisor, id, { ...unchanged(id), name: 'Changed Name' }, 'returned'));
  });

  it('names every malformed field', () => {
    const id = draft();
    const error = refused(id, 'invalid', () =>
      editRequest(t.db, supervisor, id, { name: '   ', deaDivisionId: 'none', borderNexus: 'too short' }),
    );
    expect(error.status).toBe(400);
    expect(Object.keys(error.fieldErrors).sort()).toEqual(['borderNexus', 'deaDivisionId', 'dutyStation', 'name']);
    expect(error.fieldErrors['borderNexus']![0]).toMatch(/border nexus/i);
    expect(Object.keys(refused(id, 'invalid', () => editRequest(t.db, supervisor, id, null)).fieldErrors)).toContain('form');
    expect(
      Object.keys(refused(id, 'invalid', () => editRequest(t.db, supervisor, id, { ...unchanged(id), name: 'x'.repeat(121) })).fieldErrors),
    ).toEqual(['name']);
  });

  it('refuses a division that is not an active DEA division', () => {
    const id = draft();
    const inactive = officeId(t.db, 'dea-miami');
    t.db.update(offices).set({ isActive: false }).where(eq(offices.id, inactive)).run();
    for (const deaDivisionId of [inactive, officeId(t.db, 'hsi-el-paso'), officeId(t.db, 'dea-hq'), 999_999]) {
      const error = refused(id, 'invalid', () => editRequest(t.db, supervisor, id, { ...unchanged(id), name: 'Changed Name', deaDivisionId }));
      expect(Object.keys(error.fieldErrors)).toEqual(['deaDivisionId']);
    }
  });
});
