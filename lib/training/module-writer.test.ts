// The one writer of training-module status, on a real temporary SQLite file: the seeded 2021 modules,
// the joint module's whole path from disputed to retired with every event it leaves, what the writer
// refuses (and that a refusal writes nothing), who may move a module, and the append-only history.
import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db/client';
import { trainingDisputes, trainingDisputeSteps, trainingModuleEvents, trainingModules } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import { ROLES, type Role } from '@/lib/domain/roles';
import type { ModuleStatus } from '@/lib/domain/training';
import { expectRefused } from '@/lib/testing/expect-refused';
import { createTestDb, makeUser, type TestDb } from '@/lib/testing/test-db';
import { escalateDispute, raiseDispute, resolveDispute } from './disputes';
import { allowedModuleMoves, MODULE_MOVES, moveModule, type ModuleMoveInput } from './module-writer';
import { getModuleDetail, listModules } from './modules';

const JOINT = 'JOINT-IAA-2009';
const SECOND = 'MODULE-2021-2';
// The January 2021 joint letter, as the reference data dates both modules' creation.
const LETTER_2021 = Date.UTC(2021, 0, 15, 17);
const REFERENCE_ACTOR_NAME = 'Reference data (GAO-25-107839)';
// A fixed "now": 1 March 2025, noon in Washington. 15 Jan 2021 → 15 Jan 2025 is 1,461 days (2024 is a
// leap year), then 31 days to 15 Feb and 14 more to 1 Mar.
const NOW = Date.UTC(2025, 2, 1, 17);
const DAYS_UNPUBLISHED_AT_NOW = 1461 + 31 + 14;

let t: TestDb;
let people: ReturnType<typeof makePeople>;

beforeEach(() => {
  t = createTestDb();
  people = makePeople(t.db);
});
afterEach(() => {
  vi.useRealTimers();
  t.close();
});

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

function userOf(role: Role): UserActor {
  const byRole: Record<Role, UserActor> = {
    supervisor: people.supervisor,
    hsi_hq: people.hsi,
    dea_hq: people.dea,
    dea_division: people.division,
    auditor: people.auditor,
    admin: people.admin,
  };
  return byRole[role];
}

function moduleRow(code: string) {
  const row = t.db.select().from(trainingModules).where(eq(trainingModules.code, code)).get();
  if (!row) throw new Error(`No module ${code}`);
  return row;
}
function eventsOf(code: string) {
  return t.db.select().from(trainingModuleEvents).where(eq(trainingModuleEvents.moduleId, moduleRow(code).id)).orderBy(asc(trainingModuleEvents.id)).all();
}
function disputesOf(code: string) {
  return t.db.select().from(trainingDisputes).where(eq(trainingDisputes.moduleId, moduleRow(code).id)).orderBy(asc(trainingDisputes.id)).all();
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

function move(actor: UserActor, code: string, action: ModuleMoveInput['action'], extra: Partial<ModuleMoveInput> = {}) {
  return moveModule(t.db, actor, { moduleId: moduleRow(code).id, action, ...extra });
}

/** Fakes only the clock, so the writer's own `Date.now()` stamps are known. */
function clockAt(at: number): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(at));
}

/** Puts the second module into review with a dispute raised while it was still a draft. */
/** A dispute raised on the draft, which is then submitted: in review with a dispute open, it is disputed. */
function secondSubmittedWithOpenDispute(): number {
  const { id } = raiseDispute(t.db, people.hsi, { moduleId: moduleRow(SECOND).id, point: 'Whether the topic is in scope.', raisedByAgency: 'HSI', raisedOn: '2025-03-01', level: 'working_group' });
  expect(moduleRow(SECOND).status).toBe('draft');
  move(people.admin, SECOND, 'submit_for_review');
  expect(moduleRow(SECOND).status).toBe('disputed');
  return id;
}

describe('the seeded 2021 modules', () => {
  it('are both unpublished, stuck since the 15 January 2021 letter', () => {
    const list = listModules(t.db, people.auditor, NOW);
    expect(list.map((m) => [m.code, m.status, m.version, m.minimumCompletionVersion, m.openDisputes, m.createdAt, m.statusSince])).toEqual([
      [JOINT, 'disputed', 1, 1, 1, LETTER_2021, LETTER_2021],
      [SECOND, 'draft', 1, 1, 0, LETTER_2021, LETTER_2021],
    ]);
    expect(list.map((m) => m.daysUnpublished)).toEqual([DAYS_UNPUBLISHED_AT_NOW, DAYS_UNPUBLISHED_AT_NOW]);
    expect(list.map((m) => m.daysInStatus)).toEqual([DAYS_UNPUBLISHED_AT_NOW, DAYS_UNPUBLISHED_AT_NOW]);
    // Counted in calendar days: the day of the letter itself is day 0.
    expect(listModules(t.db, people.auditor, LETTER_2021).map((m) => m.daysUnpublished)).toEqual([0, 0]);
    expect(listModules(t.db, people.auditor, Date.UTC(2021, 0, 16, 17)).map((m) => m.daysUnpublished)).toEqual([1, 1]);
  });

  it('record each module’s creation, and the joint module’s open dispute with its one step', () => {
    for (const code of [JOINT, SECOND]) {
      expect(eventsOf(code).map((e) => [e.action, e.fromStatus, e.toStatus, e.version, e.actorUserId, e.actorName, e.at, e.note])).toEqual([
        ['create', null, code === JOINT ? 'disputed' : 'draft', 1, null, REFERENCE_ACTOR_NAME, LETTER_2021, null],
      ]);
    }
    const detail = getModuleDetail(t.db, people.auditor, JOINT, NOW);
    expect(detail.disputes).toHaveLength(1);
    expect(detail.disputes[0]).toMatchObject({ raisedByAgency: 'both', raisedOn: '2025-02-01', level: 'headquarters', resolvedOn: null, resolution: null, createdByUserId: null });
    expect(detail.disputes[0]!.point).toMatch(/2009 agreement/);
    expect(detail.disputes[0]!.steps.map((s) => [s.level, s.on, s.actorUserId, s.actorName])).toEqual([['headquarters', '2025-02-01', null, REFERENCE_ACTOR_NAME]]);
    expect(getModuleDetail(t.db, people.auditor, SECOND, NOW).disputes).toEqual([]);
  });

  it('are readable by every role; only an administrator is offered moves, and the dispute roles may manage disputes', () => {
    for (const role of ROLES) {
      const actor = userOf(role);
      expect(listModules(t.db, actor, NOW)).toHaveLength(2);
      const second = getModuleDetail(t.db, actor, SECOND, NOW);
      expect(second.moves).toEqual(role === 'admin' ? ['submit_for_review'] : []);
      expect(second.mayManageDisputes).toBe(['admin', 'hsi_hq', 'dea_hq'].includes(role));
      // A disputed module offers no move to anyone: only resolving its dispute moves it on.
      expect(getModuleDetail(t.db, actor, JOINT, NOW).moves).toEqual([]);
    }
    expectRefused('not_found', () => getModuleDetail(t.db, people.admin, 'NO-SUCH-MODULE', NOW), snapshot);
  });
});

describe('allowedModuleMoves', () => {
  it('offers people the manual moves from each status, and no publish while a dispute is open', () => {
    const cases: [ModuleStatus, number, string[]][] = [
      ['draft', 0, ['submit_for_review']],
      ['in_review', 0, ['send_back', 'publish']],
      ['in_review', 1, ['send_back']],
      ['disputed', 1, []],
      ['published', 0, ['new_version', 'retire']],
      ['retired', 0, []],
    ];
    for (const [status, open, moves] of cases) expect(allowedModuleMoves(status, open)).toEqual(moves);
  });

  it('keeps the table as specified: which moves are automatic and which need a note', () => {
    expect(MODULE_MOVES.map((m) => [m.action, m.from, m.to, m.isAutomatic, m.isNoteRequired])).toEqual([
      ['submit_for_review', ['draft'], 'in_review', false, false],
      ['send_back', ['in_review'], 'draft', false, true],
      ['dispute', ['in_review'], 'disputed', true, false],
      ['resume_review', ['disputed'], 'in_review', true, false],
      ['publish', ['in_review'], 'published', false, false],
      ['new_version', ['published'], 'same', false, true],
      ['retire', ['published'], 'retired', false, true],
    ]);
  });
});

describe('the joint module’s path from disputed to retired', () => {
  it('escalates and resolves its dispute, resumes review by itself, is published, versioned twice and retired, with every step recorded', () => {
    // Reference data loaded on 1 March 2025, so its dispute step is recorded before the steps below.
    t.close();
    clockAt(NOW);
    t = createTestDb();
    people = makePeople(t.db);
    const joint = moduleRow(JOINT);
    const [dispute] = disputesOf(JOINT);
    const t1 = Date.UTC(2025, 2, 10, 15);
    const t2 = Date.UTC(2025, 3, 1, 15);
    const t3 = Date.UTC(2025, 3, 2, 15);
    const t4 = Date.UTC(2025, 5, 1, 15);
    const t5 = Date.UTC(2025, 8, 1, 15);
    const t6 = Date.UTC(2026, 0, 5, 15);

    escalateDispute(t.db, people.dea, { disputeId: dispute!.id, level: 'formal_mechanism', on: '2025-03-10', note: 'Headquarters could not agree.' }, t1);
    expect(moduleRow(JOINT).status).toBe('disputed');
    resolveDispute(t.db, people.hsi, { disputeId: dispute!.id, resolvedOn: '2025-04-01', resolution: 'Agreed text on joint investigations.' }, t2);
    // The last open dispute settled: the module is back in review without anyone moving it.
    expect(moduleRow(JOINT)).toMatchObject({ status: 'in_review', version: 1, statusSince: t2, statusNote: 'Agreed text on joint investigations.' });
    expect(getModuleDetail(t.db, people.admin, JOINT, t2).moves).toEqual(['send_back', 'publish']);

    clockAt(t3);
    expect(move(people.admin, JOINT, 'publish')).toEqual({ toStatus: 'published', version: 1 });
    expect(moduleRow(JOINT)).toMatchObject({ status: 'published', version: 1, minimumCompletionVersion: 1, statusSince: t3, updatedAt: t3 });

    clockAt(t4);
    expect(move(people.admin, JOINT, 'new_version', { note: '  Updated for the 2025 agreement.  ', isRequiredAgain: true })).toEqual({ toStatus: 'published', version: 2 });
    // Required again: completions of version 1 no longer count.
    expect(moduleRow(JOINT)).toMatchObject({ status: 'published', version: 2, minimumCompletionVersion: 2, statusSince: t4, statusNote: 'Updated for the 2025 agreement.' });

    clockAt(t5);
    expect(move(people.admin, JOINT, 'new_version', { note: 'Corrected typos.', isRequiredAgain: false })).toEqual({ toStatus: 'published', version: 3 });
    // Accepted as equivalent: completions of version 2 still count.
    expect(moduleRow(JOINT)).toMatchObject({ status: 'published', version: 3, minimumCompletionVersion: 2, statusSince: t5 });

    clockAt(t6);
    expect(move(people.admin, JOINT, 'retire', { note: 'Replaced by the 2026 course.' })).toEqual({ toStatus: 'retired', version: 3 });
    expect(moduleRow(JOINT)).toMatchObject({ status: 'retired', version: 3, minimumCompletionVersion: 2, statusSince: t6, statusNote: 'Replaced by the 2026 course.' });

    const events = eventsOf(JOINT);
    expect(events.every((e) => e.moduleId === joint.id)).toBe(true);
    expect(events.map((e) => [e.action, e.fromStatus, e.toStatus, e.version, e.actorUserId, e.actorName, e.at, e.note, e.details])).toEqual([
      ['create', null, 'disputed', 1, null, REFERENCE_ACTOR_NAME, LETTER_2021, null, null],
      ['resume_review', 'disputed', 'in_review', 1, people.hsi.id, 'Hana HSI-HQ', t2, 'Agreed text on joint investigations.', null],
      ['publish', 'in_review', 'published', 1, people.admin.id, 'Abe Admin', t3, null, null],
      ['new_version', 'published', 'published', 2, people.admin.id, 'Abe Admin', t4, 'Updated for the 2025 agreement.', JSON.stringify({ isRequiredAgain: true })],
      ['new_version', 'published', 'published', 3, people.admin.id, 'Abe Admin', t5, 'Corrected typos.', JSON.stringify({ isRequiredAgain: false })],
      ['retire', 'published', 'retired', 3, people.admin.id, 'Abe Admin', t6, 'Replaced by the 2026 course.', null],
    ]);

    const detail = getModuleDetail(t.db, people.admin, JOINT, t6);
    expect(detail.history.map((e) => e.action)).toEqual(['create', 'resume_review', 'publish', 'new_version', 'new_version', 'retire']);
    expect(detail).toMatchObject({ status: 'retired', daysUnpublished: null, openDisputes: 0, moves: [] });
    expect(detail.disputes).toHaveLength(1);
    expect(detail.disputes[0]).toMatchObject({ level: 'formal_mechanism', resolvedOn: '2025-04-01', resolution: 'Agreed text on joint investigations.' });
    expect(detail.disputes[0]!.steps.map((s) => [s.level, s.on, s.note, s.actorUserId, s.actorName])).toEqual([
      ['headquarters', '2025-02-01', 'As reported in GAO-25-107839 (March 2025).', null, REFERENCE_ACTOR_NAME],
      ['formal_mechanism', '2025-03-10', 'Headquarters could not agree.', people.dea.id, 'Dana DEA-HQ'],
    ]);
    // Once published, the module no longer counts as unpublished; the other one still does.
    expect(listModules(t.db, people.auditor, t3).map((m) => [m.code, m.daysUnpublished])).toEqual([
      [JOINT, null],
      [SECOND, 1538],
    ]);
  });

  it('sends a module in review back to draft with a note, and submits it again', () => {
    clockAt(NOW);
    move(people.admin, SECOND, 'submit_for_review');
    move(people.admin, SECOND, 'send_back', { note: 'Topic not agreed.' });
    move(people.admin, SECOND, 'submit_for_review', { note: '' });
    expect(eventsOf(SECOND).map((e) => [e.action, e.fromStatus, e.toStatus, e.version, e.note, e.at])).toEqual([
      ['create', null, 'draft', 1, null, LETTER_2021],
      ['submit_for_review', 'draft', 'in_review', 1, null, NOW],
      ['send_back', 'in_review', 'draft', 1, 'Topic not agreed.', NOW],
      ['submit_for_review', 'draft', 'in_review', 1, null, NOW],
    ]);
    // A move without a note keeps the status note already shown.
    expect(moduleRow(SECOND)).toMatchObject({ status: 'in_review', statusNote: 'Topic not agreed.' });
  });
});

describe('refusals, which write nothing', () => {
  it('keeps a module submitted with an open dispute disputed, refuses to publish it, and publishes once the dispute is resolved', () => {
    const disputeId = secondSubmittedWithOpenDispute();
    expect(getModuleDetail(t.db, people.admin, SECOND, NOW).moves).toEqual([]);
    expectRefused('conflict', () => move(people.admin, SECOND, 'publish'), snapshot);
    expectRefused('conflict', () => move(people.admin, JOINT, 'publish'), snapshot);
    expect(moduleRow(SECOND).status).toBe('disputed');

    // Resolving the last dispute resumes the review, and then it can be published.
    resolveDispute(t.db, people.dea, { disputeId, resolvedOn: '2025-03-05', resolution: 'In scope.' });
    expect(moduleRow(SECOND).status).toBe('in_review');
    expect(getModuleDetail(t.db, people.admin, SECOND, NOW).moves).toEqual(['send_back', 'publish']);
    expect(move(people.admin, SECOND, 'publish')).toEqual({ toStatus: 'published', version: 1 });
  });

  it('refuses a move the module’s status does not allow (conflict)', () => {
    expectRefused('conflict', () => move(people.admin, SECOND, 'publish'), snapshot);
    expectRefused('conflict', () => move(people.admin, SECOND, 'retire', { note: 'Never mind.' }), snapshot);
    expectRefused('conflict', () => move(people.admin, SECOND, 'new_version', { note: 'v2', isRequiredAgain: true }), snapshot);
    expectRefused('conflict', () => move(people.admin, SECOND, 'send_back', { note: 'Back.' }), snapshot);
    expectRefused('conflict', () => move(people.admin, JOINT, 'submit_for_review'), snapshot);
    move(people.admin, SECOND, 'submit_for_review');
    move(people.admin, SECOND, 'publish');
    expectRefused('conflict', () => move(people.admin, SECOND, 'publish'), snapshot);
    expectRefused('conflict', () => move(people.admin, SECOND, 'submit_for_review'), snapshot);
    move(people.admin, SECOND, 'retire', { note: 'Done.' });
    expectRefused('conflict', () => move(people.admin, SECOND, 'retire', { note: 'Again.' }), snapshot);
    expectRefused('conflict', () => move(people.admin, SECOND, 'new_version', { note: 'v2' }), snapshot);
  });

  it('requires a note to send back, publish a new version or retire', () => {
    move(people.admin, SECOND, 'submit_for_review');
    for (const note of [undefined, null, '', '   ']) {
      const error = expectRefused('invalid', () => move(people.admin, SECOND, 'send_back', { note }), snapshot);
      expect(Object.keys(error.fieldErrors)).toEqual(['note']);
    }
    move(people.admin, SECOND, 'publish');
    for (const note of [undefined, '  ']) {
      for (const action of ['new_version', 'retire'] as const) {
        const error = expectRefused('invalid', () => move(people.admin, SECOND, action, { note, isRequiredAgain: true }), snapshot);
        expect(Object.keys(error.fieldErrors)).toEqual(['note']);
      }
    }
    // Nor may a note run past 2,000 characters, on any move.
    const error = expectRefused('invalid', () => move(people.admin, SECOND, 'retire', { note: 'x'.repeat(2001) }), snapshot);
    expect(Object.keys(error.fieldErrors)).toEqual(['note']);
    expect(move(people.admin, SECOND, 'retire', { note: 'x'.repeat(2000) }).toStatus).toBe('retired');
  });

  it('refuses the automatic moves to people, even an administrator, and an unknown action or module', () => {
    move(people.admin, SECOND, 'submit_for_review');
    for (const [code, action] of [
      [SECOND, 'dispute'],
      [JOINT, 'resume_review'],
    ] as const) {
      const error = expectRefused('invalid', () => move(people.admin, code, action, { note: 'By hand.' }), snapshot);
      expect(Object.keys(error.fieldErrors)).toEqual(['action']);
    }
    const unknown = expectRefused('invalid', () => move(people.admin, SECOND, 'promote' as ModuleMoveInput['action']), snapshot);
    expect(Object.keys(unknown.fieldErrors)).toEqual(['action']);
    expectRefused('not_found', () => moveModule(t.db, people.admin, { moduleId: 999_999, action: 'submit_for_review' }), snapshot);
  });

  it('refuses every module move to every role but administrator (forbidden)', () => {
    move(people.admin, SECOND, 'submit_for_review');
    const attempts: [string, ModuleMoveInput['action'], Partial<ModuleMoveInput>][] = [
      [SECOND, 'publish', {}],
      [SECOND, 'send_back', { note: 'Back.' }],
      [JOINT, 'resume_review', {}],
      [SECOND, 'dispute', {}],
    ];
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      for (const [code, action, extra] of attempts) {
        expectRefused('forbidden', () => move(userOf(role), code, action, extra), snapshot);
      }
    }
    // Even on a module with nothing to move: the permission is checked first.
    expectRefused('forbidden', () => moveModule(t.db, people.hsi, { moduleId: 999_999, action: 'publish' }), snapshot);
    move(people.admin, SECOND, 'publish');
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      expectRefused('forbidden', () => move(userOf(role), SECOND, 'new_version', { note: 'v2', isRequiredAgain: true }), snapshot);
      expectRefused('forbidden', () => move(userOf(role), SECOND, 'retire', { note: 'Done.' }), snapshot);
    }
    expect(moduleRow(SECOND)).toMatchObject({ status: 'published', version: 1 });
  });
});

describe('the module history', () => {
  it('is append-only: a raw UPDATE or DELETE on training_module_events fails', () => {
    const raw = t.db.$client;
    const before = snapshot().events;
    expect(before.length).toBeGreaterThan(0);
    expect(() => raw.prepare("UPDATE training_module_events SET note = 'rewritten'").run()).toThrow(/append-only/);
    expect(() => raw.prepare("UPDATE training_module_events SET to_status = 'published' WHERE action = 'create'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM training_module_events').run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM training_module_events WHERE id = ?').run(before[0]!.id)).toThrow(/append-only/);
    expect(snapshot().events).toEqual(before);
  });
});
