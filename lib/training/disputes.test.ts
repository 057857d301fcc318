// Content disputes over training modules, on a real temporary SQLite file: raising one (and what it
// does to the module), escalating it rung by rung, resolving it (the last one resumes the review),
// what is refused and that a refusal writes nothing, who may record disputes, and the append-only steps.
import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { trainingDisputes, trainingDisputeSteps, trainingModuleEvents, trainingModules } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import { expectRefused } from '@/lib/testing/expect-refused';
import { createTestDb, makeUser, type TestDb } from '@/lib/testing/test-db';
import { disputesOf, escalateDispute, raiseDispute, resolveDispute } from './disputes';
import { moveModule } from './module-writer';
import { getModuleDetail } from './modules';

const JOINT = 'JOINT-IAA-2009';
const SECOND = 'MODULE-2021-2';
const T0 = Date.UTC(2025, 2, 3, 15);

let t: TestDb;
let people: ReturnType<typeof makePeople>;

beforeEach(() => {
  t = createTestDb();
  people = makePeople(t.db);
});
afterEach(() => t.close());

function makePeople(db: Db) {
  return {
    supervisor: makeUser(db, 'supervisor', 'hsi-el-paso', 'Sam Supervisor'),
    hsi: makeUser(db, 'hsi_hq', undefined, 'Hana HSI-HQ'),
    dea: makeUser(db, 'dea_hq', undefined, 'Dana DEA-HQ'),
    division: makeUser(db, 'dea_division', 'dea-el-paso', 'Diego Division'),
    auditor: makeUser(db, 'auditor', undefined, 'Ada Auditor'),
    admin: makeUser(db, 'admin', undefined, 'Abe Admin'),
  };
}

function moduleRow(code: string) {
  const row = t.db.select().from(trainingModules).where(eq(trainingModules.code, code)).get();
  if (!row) throw new Error(`No module ${code}`);
  return row;
}
function eventsOf(code: string) {
  return t.db.select().from(trainingModuleEvents).where(eq(trainingModuleEvents.moduleId, moduleRow(code).id)).orderBy(asc(trainingModuleEvents.id)).all();
}
function disputeRow(id: number) {
  return t.db.select().from(trainingDisputes).where(eq(trainingDisputes.id, id)).get()!;
}
function stepsOf(disputeId: number) {
  return t.db.select().from(trainingDisputeSteps).where(eq(trainingDisputeSteps.disputeId, disputeId)).orderBy(asc(trainingDisputeSteps.id)).all();
}
/** The seeded dispute over the joint module. */
function seededDisputeId(): number {
  return t.db.select({ id: trainingDisputes.id }).from(trainingDisputes).where(eq(trainingDisputes.moduleId, moduleRow(JOINT).id)).get()!.id;
}
/** Everything the training writers touch, to show a refusal left it exactly as it was. */
function snapshot() {
  return {
    modules: t.db.select().from(trainingModules).orderBy(asc(trainingModules.id)).all(),
    events: t.db.select().from(trainingModuleEvents).orderBy(asc(trainingModuleEvents.id)).all(),
    disputes: t.db.select().from(trainingDisputes).orderBy(asc(trainingDisputes.id)).all(),
    steps: t.db.select().from(trainingDisputeSteps).orderBy(asc(trainingDisputeSteps.id)).all(),
  };
}

function raise(actor: UserActor, code: string, extra: Record<string, unknown> = {}, at = T0) {
  return raiseDispute(
    t.db,
    actor,
    { moduleId: moduleRow(code).id, point: 'Which cases count as joint investigations.', raisedByAgency: 'DEA', raisedOn: '2025-03-03', level: 'working_group', ...extra },
    at,
  );
}

/** The second module, submitted for review. */
function secondInReview(): void {
  moveModule(t.db, people.admin, { moduleId: moduleRow(SECOND).id, action: 'submit_for_review' });
  expect(moduleRow(SECOND).status).toBe('in_review');
}

describe('raising a dispute', () => {
  it('makes a module in review disputed, with the dispute, its first step and the module event', () => {
    secondInReview();
    const { id } = raise(people.dea, SECOND, { point: '  Which cases count as joint investigations.  ' });
    expect(moduleRow(SECOND)).toMatchObject({ status: 'disputed', version: 1, statusSince: T0, updatedAt: T0, statusNote: 'Which cases count as joint investigations.' });
    expect(disputeRow(id)).toMatchObject({
      moduleId: moduleRow(SECOND).id,
      point: 'Which cases count as joint investigations.',
      raisedByAgency: 'DEA',
      raisedOn: '2025-03-03',
      level: 'working_group',
      resolvedOn: null,
      resolution: null,
      createdByUserId: people.dea.id,
      createdAt: T0,
    });
    expect(stepsOf(id).map((s) => [s.level, s.on, s.note, s.actorUserId, s.actorName, s.at])).toEqual([['working_group', '2025-03-03', null, people.dea.id, 'Dana DEA-HQ', T0]]);
    expect(eventsOf(SECOND).slice(-1).map((e) => [e.action, e.fromStatus, e.toStatus, e.version, e.actorUserId, e.actorName, e.at, e.note])).toEqual([
      ['dispute', 'in_review', 'disputed', 1, people.dea.id, 'Dana DEA-HQ', T0, 'Which cases count as joint investigations.'],
    ]);
    const detail = getModuleDetail(t.db, people.admin, SECOND, T0);
    expect(detail).toMatchObject({ status: 'disputed', openDisputes: 1, moves: [] });
  });

  it('leaves a draft or an already disputed module’s status alone, without a module event', () => {
    const before = { second: eventsOf(SECOND).length, joint: eventsOf(JOINT).length };
    raise(people.hsi, SECOND, { raisedByAgency: 'HSI' });
    raise(people.admin, JOINT, { raisedByAgency: 'both', level: 'headquarters' });
    expect(moduleRow(SECOND).status).toBe('draft');
    expect(moduleRow(JOINT).status).toBe('disputed');
    expect({ second: eventsOf(SECOND).length, joint: eventsOf(JOINT).length }).toEqual(before);
    expect(getModuleDetail(t.db, people.auditor, JOINT, T0).openDisputes).toBe(2);
  });

  it('is refused on a published or retired module (conflict), and on a module that does not exist', () => {
    secondInReview();
    moveModule(t.db, people.admin, { moduleId: moduleRow(SECOND).id, action: 'publish' });
    const error = expectRefused('conflict', () => raise(people.dea, SECOND), snapshot);
    expect(error.message).toMatch(/new version/);
    moveModule(t.db, people.admin, { moduleId: moduleRow(SECOND).id, action: 'retire', note: 'Withdrawn.' });
    expectRefused('conflict', () => raise(people.dea, SECOND), snapshot);
    expectRefused('not_found', () => raiseDispute(t.db, people.dea, { moduleId: 999_999, point: 'x', raisedByAgency: 'DEA', raisedOn: '2025-03-03', level: 'working_group' }), snapshot);
  });
});

describe('escalating a dispute', () => {
  it('goes up rung by rung, each step dated and recorded, without moving the module', () => {
    secondInReview();
    const { id } = raise(people.dea, SECOND);
    const events = eventsOf(SECOND).length;
    escalateDispute(t.db, people.hsi, { disputeId: id, level: 'headquarters', on: '2025-03-03', note: '' }, T0 + 1);
    escalateDispute(t.db, people.admin, { disputeId: String(id), level: 'formal_mechanism', on: '2025-04-15', note: '  First use of the mechanism.  ' }, T0 + 2);
    expect(disputeRow(id).level).toBe('formal_mechanism');
    expect(stepsOf(id).map((s) => [s.level, s.on, s.note, s.actorUserId, s.at])).toEqual([
      ['working_group', '2025-03-03', null, people.dea.id, T0],
      ['headquarters', '2025-03-03', null, people.hsi.id, T0 + 1],
      ['formal_mechanism', '2025-04-15', 'First use of the mechanism.', people.admin.id, T0 + 2],
    ]);
    expect(disputesOf(t.db, moduleRow(SECOND).id)[0]!.steps.map((s) => s.level)).toEqual(['working_group', 'headquarters', 'formal_mechanism']);
    expect(moduleRow(SECOND).status).toBe('disputed');
    expect(eventsOf(SECOND)).toHaveLength(events);
  });

  it('refuses going down or staying at the same level, and a date before the dispute was raised', () => {
    const id = seededDisputeId(); // at headquarters since 2025-02-01
    for (const level of ['working_group', 'headquarters']) {
      const error = expectRefused('invalid', () => escalateDispute(t.db, people.dea, { disputeId: id, level, on: '2025-03-01' }), snapshot);
      expect(Object.keys(error.fieldErrors)).toEqual(['level']);
    }
    const early = expectRefused('invalid', () => escalateDispute(t.db, people.dea, { disputeId: id, level: 'formal_mechanism', on: '2025-01-31' }), snapshot);
    expect(Object.keys(early.fieldErrors)).toEqual(['on']);
    // The day it was raised is allowed.
    escalateDispute(t.db, people.dea, { disputeId: id, level: 'formal_mechanism', on: '2025-02-01' });
    expect(disputeRow(id).level).toBe('formal_mechanism');
    // Nothing is above the formal mechanism.
    expectRefused('invalid', () => escalateDispute(t.db, people.dea, { disputeId: id, level: 'formal_mechanism', on: '2025-03-01' }), snapshot);
  });

  it('refuses a resolved dispute (conflict) and one that does not exist', () => {
    const id = seededDisputeId();
    resolveDispute(t.db, people.hsi, { disputeId: id, resolvedOn: '2025-03-01', resolution: 'Agreed.' });
    expectRefused('conflict', () => escalateDispute(t.db, people.dea, { disputeId: id, level: 'formal_mechanism', on: '2025-03-02' }), snapshot);
    expectRefused('not_found', () => escalateDispute(t.db, people.dea, { disputeId: 999_999, level: 'formal_mechanism', on: '2025-03-02' }), snapshot);
  });
});

describe('resolving a dispute', () => {
  it('resolves the seeded dispute and resumes the joint module’s review, recorded as the resolver’s move', () => {
    const id = seededDisputeId();
    resolveDispute(t.db, people.dea, { disputeId: id, resolvedOn: '2025-03-01', resolution: '  Agreed text.  ' }, T0);
    expect(disputeRow(id)).toMatchObject({ resolvedOn: '2025-03-01', resolution: 'Agreed text.', level: 'headquarters' });
    // Resolving adds no step: the steps are the escalations.
    expect(stepsOf(id)).toHaveLength(1);
    expect(moduleRow(JOINT)).toMatchObject({ status: 'in_review', statusSince: T0, statusNote: 'Agreed text.' });
    expect(eventsOf(JOINT).map((e) => [e.action, e.fromStatus, e.toStatus, e.version, e.actorUserId, e.actorName, e.at, e.note])).toEqual([
      ['create', null, 'disputed', 1, null, 'Reference data (GAO-25-107839)', Date.UTC(2021, 0, 15, 17), null],
      ['resume_review', 'disputed', 'in_review', 1, people.dea.id, 'Dana DEA-HQ', T0, 'Agreed text.'],
    ]);
  });

  it('refuses resolving twice (conflict), a date before raising, and a dispute that does not exist', () => {
    const id = seededDisputeId();
    const early = expectRefused('invalid', () => resolveDispute(t.db, people.hsi, { disputeId: id, resolvedOn: '2025-01-31', resolution: 'Agreed.' }), snapshot);
    expect(Object.keys(early.fieldErrors)).toEqual(['resolvedOn']);
    resolveDispute(t.db, people.hsi, { disputeId: id, resolvedOn: '2025-02-01', resolution: 'Agreed.' });
    const twice = expectRefused('conflict', () => resolveDispute(t.db, people.dea, { disputeId: id, resolvedOn: '2025-03-01', resolution: 'Agreed again.' }), snapshot);
    expect(twice.message).toMatch(/already resolved/);
    expect(disputeRow(id)).toMatchObject({ resolvedOn: '2025-02-01', resolution: 'Agreed.' });
    expectRefused('not_found', () => resolveDispute(t.db, people.hsi, { disputeId: 999_999, resolvedOn: '2025-03-01', resolution: 'Agreed.' }), snapshot);
  });

  it('with two open disputes, keeps the module disputed until the second is resolved', () => {
    const first = seededDisputeId();
    const { id: second } = raise(people.hsi, JOINT, { raisedByAgency: 'HSI', point: 'The audience of the module.' });
    const events = eventsOf(JOINT).length;

    resolveDispute(t.db, people.hsi, { disputeId: second, resolvedOn: '2025-03-05', resolution: 'Both agencies’ agents.' }, T0 + 1);
    expect(moduleRow(JOINT).status).toBe('disputed');
    expect(eventsOf(JOINT)).toHaveLength(events);
    expect(getModuleDetail(t.db, people.admin, JOINT, T0 + 1)).toMatchObject({ openDisputes: 1, moves: [] });

    resolveDispute(t.db, people.dea, { disputeId: first, resolvedOn: '2025-03-06', resolution: 'Agreed text.' }, T0 + 2);
    expect(moduleRow(JOINT).status).toBe('in_review');
    expect(eventsOf(JOINT).slice(events).map((e) => [e.action, e.fromStatus, e.toStatus, e.actorUserId, e.at, e.note])).toEqual([
      ['resume_review', 'disputed', 'in_review', people.dea.id, T0 + 2, 'Agreed text.'],
    ]);
    expect(getModuleDetail(t.db, people.admin, JOINT, T0 + 2)).toMatchObject({ openDisputes: 0, moves: ['send_back', 'publish'] });
  });

  it('raised again on the module back in review, disputes it again', () => {
    resolveDispute(t.db, people.hsi, { disputeId: seededDisputeId(), resolvedOn: '2025-03-01', resolution: 'Agreed.' }, T0);
    raise(people.dea, JOINT, {}, T0 + 1);
    expect(moduleRow(JOINT).status).toBe('disputed');
    expect(eventsOf(JOINT).map((e) => [e.action, e.toStatus])).toEqual([
      ['create', 'disputed'],
      ['resume_review', 'in_review'],
      ['dispute', 'disputed'],
    ]);
  });
});

describe('who may record disputes', () => {
  it('refuses supervisors, auditors and DEA divisions (forbidden), whatever the input', () => {
    secondInReview();
    const id = seededDisputeId();
    for (const actor of [people.supervisor, people.auditor, people.division]) {
      expectRefused('forbidden', () => raise(actor, SECOND), snapshot);
      expectRefused('forbidden', () => raiseDispute(t.db, actor, {}), snapshot);
      expectRefused('forbidden', () => escalateDispute(t.db, actor, { disputeId: id, level: 'formal_mechanism', on: '2025-03-01' }), snapshot);
      expectRefused('forbidden', () => resolveDispute(t.db, actor, { disputeId: id, resolvedOn: '2025-03-01', resolution: 'Agreed.' }), snapshot);
    }
    expect(moduleRow(SECOND).status).toBe('in_review');
  });

  it('allows either headquarters and administrators', () => {
    const hsi = raise(people.hsi, SECOND, { raisedByAgency: 'HSI' });
    const dea = raise(people.dea, SECOND);
    const admin = raise(people.admin, SECOND, { raisedByAgency: 'both' });
    escalateDispute(t.db, people.dea, { disputeId: hsi.id, level: 'headquarters', on: '2025-03-04' });
    escalateDispute(t.db, people.admin, { disputeId: dea.id, level: 'headquarters', on: '2025-03-04' });
    resolveDispute(t.db, people.hsi, { disputeId: admin.id, resolvedOn: '2025-03-04', resolution: 'Withdrawn.' });
    expect([hsi.id, dea.id, admin.id].map((id) => [disputeRow(id).createdByUserId, disputeRow(id).level, disputeRow(id).resolvedOn])).toEqual([
      [people.hsi.id, 'headquarters', null],
      [people.dea.id, 'headquarters', null],
      [people.admin.id, 'working_group', '2025-03-04'],
    ]);
  });
});

describe('bad input', () => {
  it('raising: names every bad field', () => {
    const moduleId = moduleRow(SECOND).id;
    const bad = expectRefused('invalid', () => raiseDispute(t.db, people.dea, { moduleId, point: '   ', raisedByAgency: 'CBP', raisedOn: '2025-02-30', level: 'congress' }), snapshot);
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(['level', 'point', 'raisedByAgency', 'raisedOn']);
    expect(bad.fieldErrors.point).toEqual(['Enter the point in dispute.']);

    const missing = expectRefused('invalid', () => raiseDispute(t.db, people.dea, {}), snapshot);
    expect(Object.keys(missing.fieldErrors).sort()).toEqual(['level', 'moduleId', 'point', 'raisedByAgency', 'raisedOn']);

    for (const raisedOn of ['3/3/2025', '2025-3-3', '2025-13-01', '', '2025-03-03T00:00:00Z']) {
      const error = expectRefused('invalid', () => raise(people.dea, SECOND, { raisedOn }), snapshot);
      expect(Object.keys(error.fieldErrors)).toEqual(['raisedOn']);
    }
    const long = expectRefused('invalid', () => raise(people.dea, SECOND, { point: 'x'.repeat(2001) }), snapshot);
    expect(Object.keys(long.fieldErrors)).toEqual(['point']);
    const noModule = expectRefused('invalid', () => raise(people.dea, SECOND, { moduleId: 'abc' }), snapshot);
    expect(Object.keys(noModule.fieldErrors)).toEqual(['moduleId']);
  });

  it('escalating: names every bad field', () => {
    const id = seededDisputeId();
    const bad = expectRefused('invalid', () => escalateDispute(t.db, people.dea, { disputeId: id, level: 'supreme_court', on: '2025/03/01', note: 'x'.repeat(2001) }), snapshot);
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(['level', 'note', 'on']);
    const missing = expectRefused('invalid', () => escalateDispute(t.db, people.dea, {}), snapshot);
    expect(Object.keys(missing.fieldErrors).sort()).toEqual(['disputeId', 'level', 'on']);
    const badDate = expectRefused('invalid', () => escalateDispute(t.db, people.dea, { disputeId: id, level: 'formal_mechanism', on: '2025-02-29' }), snapshot);
    expect(Object.keys(badDate.fieldErrors)).toEqual(['on']);
  });

  it('resolving: names every bad field', () => {
    const id = seededDisputeId();
    const bad = expectRefused('invalid', () => resolveDispute(t.db, people.dea, { disputeId: id, resolvedOn: 'yesterday', resolution: '  ' }), snapshot);
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(['resolution', 'resolvedOn']);
    const missing = expectRefused('invalid', () => resolveDispute(t.db, people.dea, { disputeId: 0 }), snapshot);
    expect(Object.keys(missing.fieldErrors).sort()).toEqual(['disputeId', 'resolution', 'resolvedOn']);
    const long = expectRefused('invalid', () => resolveDispute(t.db, people.dea, { disputeId: id, resolvedOn: '2025-03-01', resolution: 'x'.repeat(4001) }), snapshot);
    expect(Object.keys(long.fieldErrors)).toEqual(['resolution']);
  });
});

describe('the dispute steps', () => {
  it('are append-only: a raw UPDATE or DELETE on training_dispute_steps fails', () => {
    escalateDispute(t.db, people.dea, { disputeId: seededDisputeId(), level: 'formal_mechanism', on: '2025-03-01' });
    const raw = t.db.$client;
    const before = snapshot().steps;
    expect(before).toHaveLength(2);
    expect(() => raw.prepare("UPDATE training_dispute_steps SET level = 'working_group'").run()).toThrow(/append-only/);
    expect(() => raw.prepare("UPDATE training_dispute_steps SET \"on\" = '2020-01-01' WHERE id = ?").run(before[1]!.id)).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM training_dispute_steps').run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM training_dispute_steps WHERE id = ?').run(before[0]!.id)).toThrow(/append-only/);
    expect(snapshot().steps).toEqual(before);
  });
});

describe('the order of a dispute’s steps', () => {
  it('refuses an escalation or a resolution dated before the previous step', () => {
    const t2 = createTestDb();
    try {
      const admin = makeUser(t2.db, 'admin');
      const moduleId = (t2.db.$client.prepare("SELECT id FROM training_modules WHERE code = 'JOINT-IAA-2009'").get() as { id: number }).id;
      const disputeId = (t2.db.$client.prepare('SELECT id FROM training_disputes WHERE module_id = ?').get(moduleId) as { id: number }).id;
      escalateDispute(t2.db, admin, { disputeId, level: 'formal_mechanism', on: '2025-06-01' });
      const steps = () => t2.db.$client.prepare('SELECT count(*) AS n FROM training_dispute_steps').get();
      const before = steps();
      expect(() => resolveDispute(t2.db, admin, { disputeId, resolvedOn: '2025-05-31', resolution: 'Settled.' })).toThrow(
        expect.objectContaining({ code: 'invalid', fieldErrors: { resolvedOn: [expect.stringMatching(/last step/)] } }),
      );
      expect(steps()).toEqual(before);
      resolveDispute(t2.db, admin, { disputeId, resolvedOn: '2025-06-01', resolution: 'Settled.' });
    } finally {
      t2.close();
    }
  });
});
