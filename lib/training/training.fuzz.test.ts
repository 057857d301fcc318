// Fuzzing the training writers with hostile input (security issue: "no 500, no stack trace, no partial
// write"): modules (create, edit, move), disputes (raise, escalate, resolve) and completions recorded
// by hand, each called as its server action calls it (Object.fromEntries(formData)) and with anything
// a crafted post could carry. Each run succeeds or is refused with a safe AppError, and a refusal
// writes nothing.
import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { COMPLETION_KINDS, DISPUTING_AGENCIES, ESCALATION_LEVELS, MODULE_AUDIENCES, MODULE_OWNERS } from '@/lib/domain/training';
import { anyJson, hostileId, hostileRecord, hostileText, hostileValue, isoDateish, longString, nastyString } from '@/lib/testing/fuzz/arbitraries';
import { attemptAtomically, runs, Tally, expectReached } from '@/lib/testing/fuzz/harness';
import { seedWorld, type World } from '@/lib/testing/fuzz/seed';
import { createTestDb, type TestDb } from '@/lib/testing/test-db';
import { parseOrThrow } from '@/lib/validation/parse';
import { escalateDispute, raiseDispute, resolveDispute } from './disputes';
import { createModule, editModule } from './manage-modules';
import { MODULE_MOVES, moveModule, type ModuleMoveInput } from './module-writer';
import { recordCompletion } from './record-completions';

let t: TestDb;
let world: World;

beforeAll(() => {
  t = createTestDb();
  world = seedWorld(t.db);
});
afterAll(() => t.close());

const reached = (tally: Tally, what: string) => expectReached(tally, what, 0.03);

const managers = (): fc.Arbitrary<Actor> =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom<Actor>(world.people.admin, world.people.hsi, world.people.dea) }, { weight: 1, arbitrary: fc.constantFrom(...world.actors) });
/** Administrators manage modules; anyone else is refused. */
const admins = (): fc.Arbitrary<Actor> => fc.oneof({ weight: 6, arbitrary: fc.constant<Actor>(world.people.admin) }, { weight: 1, arbitrary: fc.constantFrom(...world.actors) });
const moduleId = () => fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...world.ids.modules.map(String)) }, { weight: 1, arbitrary: hostileId(world.ids.modules) });
const disputeId = () => fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...world.ids.disputes.map(String)) }, { weight: 1, arbitrary: hostileId(world.ids.disputes) });
const checkbox = () => fc.oneof(fc.constantFrom<unknown>('on', 'yes', true, false, '', undefined, 'true'), hostileValue);
const wholeText = (max: number) =>
  fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('', '0', '-1', String(max + 1), '1.5', '1e2', ' 12 ', '0x10', 'NaN') }, { weight: 1, arbitrary: hostileValue });
const DAY = 86_400_000;
/** Mostly recent real dates (after the seeded disputes' steps, not in the future), some anything. */
const dateText = () =>
  fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: Date.UTC(2025, 1, 2), max: Date.now() - DAY }).map((at) => new Date(at).toISOString().slice(0, 10)) },
    { weight: 2, arbitrary: isoDateish },
    { weight: 1, arbitrary: nastyString },
  );

const particulars = {
  title: fc.oneof({ weight: 4, arbitrary: hostileText(1, 200) }, { weight: 1, arbitrary: longString }),
  ownerAgency: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...MODULE_OWNERS) }, { weight: 1, arbitrary: nastyString }),
  audience: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...MODULE_AUDIENCES) }, { weight: 1, arbitrary: nastyString }),
  isRequiredBeforeActivation: checkbox(),
  refresherMonths: wholeText(120),
  completionWindowDays: wholeText(730),
};

describe('createModule and editModule with hostile input', () => {
  it('createModule: creates or refuses safely, writing nothing when refused', () => {
    const tally = new Tally();
    const code = fc.oneof(
      { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/) },
      { weight: 1, arbitrary: fc.constantFrom(...world.moduleCodes, ...world.moduleCodes.map((c) => ` ${c.toLowerCase()} `), 'ß', 'ﬃ-1', 'ǅ', 'İ', 'x'.repeat(41), '-A', 'A_B', 'A%', '<A>') },
      { weight: 1, arbitrary: hostileValue },
    );
    const input = fc.oneof({ weight: 4, arbitrary: fc.record({ code, ...particulars }) }, { weight: 2, arbitrary: hostileRecord({ code, ...particulars }) }, { weight: 1, arbitrary: anyJson });
    fc.assert(
      fc.property(admins(), input, (who, data) => {
        tally.record(attemptAtomically(t.db, () => createModule(t.db, who, data)));
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'createModule');
  });

  it('editModule: changes it or refuses safely, writing nothing when refused', () => {
    const tally = new Tally();
    const input = fc.oneof(
      { weight: 4, arbitrary: fc.record({ moduleId: moduleId(), ...particulars }) },
      { weight: 2, arbitrary: hostileRecord({ moduleId: moduleId(), ...particulars }) },
      { weight: 1, arbitrary: anyJson },
    );
    fc.assert(
      fc.property(admins(), input, (who, data) => {
        tally.record(attemptAtomically(t.db, () => editModule(t.db, who, data)));
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'editModule');
  });
});

// The schema moveModuleAction (app/training/actions.ts) parses a move with before calling moveModule.
const MOVE_ACTIONS = MODULE_MOVES.map((m) => m.action) as [string, ...string[]];
const moveActionSchema = z.object({
  moduleId: z.coerce.number().int().positive(),
  action: z.enum(MOVE_ACTIONS, { error: 'Choose an action.' }),
  note: z.preprocess((v) => (v === '' || v == null ? null : v), z.string().nullable()),
  isRequiredAgain: z.preprocess((v) => v === 'yes', z.boolean()),
});

/** Moves the seeded modules' statuses allow (retiring or re-versioning the gate activates the
 * approval waiting for it). */
const allowedMove = () =>
  fc.constantFrom<[number, string]>(
    [world.moduleIds['MODULE-2021-2']!, 'submit_for_review'],
    [world.moduleIds['FZ-PUB']!, 'new_version'],
    [world.moduleIds['FZ-PUB']!, 'retire'],
    [world.moduleIds['FZ-GATE']!, 'new_version'],
    [world.moduleIds['FZ-GATE']!, 'retire'],
  );

describe('moveModule with hostile input', () => {
  const action = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...MOVE_ACTIONS) }, { weight: 1, arbitrary: fc.constantFrom('create', 'edit', 'PUBLISH', 'toString', '__proto__', '') });
  const note = fc.oneof({ weight: 4, arbitrary: hostileText(0, 2000) }, { weight: 1, arbitrary: longString }, { weight: 1, arbitrary: fc.constantFrom('', '   ', '\u0000', '\u00A0', '\t') });

  it('as the module page posts it: moves or refuses safely, writing nothing when refused', () => {
    const tally = new Tally();
    const good = { moduleId: moduleId(), action, note, isRequiredAgain: fc.constantFrom<unknown>('yes', 'no', '', undefined) };
    const input = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(allowedMove(), fc.record({ note, isRequiredAgain: good.isRequiredAgain })).map(([[id, move], rest]) => ({ moduleId: String(id), action: move, ...rest })) },
      { weight: 4, arbitrary: fc.record(good) },
      { weight: 2, arbitrary: hostileRecord(good) },
      { weight: 1, arbitrary: anyJson },
    );
    fc.assert(
      fc.property(admins(), input, (who, data) => {
        tally.record(
          attemptAtomically(t.db, () => {
            const parsed = parseOrThrow(moveActionSchema, data);
            return moveModule(t.db, who, { ...parsed, action: parsed.action as ModuleMoveInput['action'] });
          }),
        );
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'moveModule (form)');
  });

  it('called directly with well-typed but unchecked values', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(
        admins(),
        fc.oneof(
          { weight: 3, arbitrary: allowedMove() },
          { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...world.ids.modules), action) },
          { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.integer(), fc.constantFrom(0, -1, 1.5, Number.NaN)), action) },
        ),
        fc.option(note, { nil: undefined, freq: 4 }),
        fc.option(fc.boolean(), { nil: undefined }),
        (who, [id, move], text, isRequiredAgain) => {
          tally.record(attemptAtomically(t.db, () => moveModule(t.db, who, { moduleId: id, action: move as ModuleMoveInput['action'], note: text, isRequiredAgain })));
        },
      ),
      { numRuns: runs(2000) },
    );
    reached(tally, 'moveModule (direct)');
  });
});

describe('disputes with hostile input', () => {
  const text = (max: number) => fc.oneof({ weight: 8, arbitrary: hostileText(1, max) }, { weight: 1, arbitrary: longString }, { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u0000', '\u00A0') });

  it('raiseDispute: raises or refuses safely, writing nothing when refused', () => {
    const tally = new Tally();
    const good = {
      moduleId: moduleId(),
      point: text(2000),
      raisedByAgency: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...DISPUTING_AGENCIES) }, { weight: 1, arbitrary: nastyString }),
      raisedOn: dateText(),
      level: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...ESCALATION_LEVELS) }, { weight: 1, arbitrary: nastyString }),
    };
    const input = fc.oneof({ weight: 4, arbitrary: fc.record(good) }, { weight: 2, arbitrary: hostileRecord(good) }, { weight: 1, arbitrary: anyJson });
    fc.assert(
      fc.property(managers(), input, (who, data) => {
        tally.record(attemptAtomically(t.db, () => raiseDispute(t.db, who, data)));
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'raiseDispute');
  });

  it('escalateDispute: escalates or refuses safely, writing nothing when refused', () => {
    const tally = new Tally();
    const good = {
      disputeId: disputeId(),
      level: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...ESCALATION_LEVELS) }, { weight: 1, arbitrary: nastyString }),
      on: dateText(),
      note: fc.oneof(text(2000), fc.constant('')),
    };
    const input = fc.oneof({ weight: 4, arbitrary: fc.record(good) }, { weight: 2, arbitrary: hostileRecord(good) }, { weight: 1, arbitrary: anyJson });
    fc.assert(
      fc.property(managers(), input, (who, data) => {
        tally.record(attemptAtomically(t.db, () => escalateDispute(t.db, who, data)));
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'escalateDispute');
  });

  it('resolveDispute: resolves or refuses safely, writing nothing when refused', () => {
    const tally = new Tally();
    const good = { disputeId: disputeId(), resolvedOn: dateText(), resolution: text(4000) };
    const input = fc.oneof({ weight: 4, arbitrary: fc.record(good) }, { weight: 2, arbitrary: hostileRecord(good) }, { weight: 1, arbitrary: anyJson });
    fc.assert(
      fc.property(managers(), input, (who, data) => {
        tally.record(attemptAtomically(t.db, () => resolveDispute(t.db, who, data)));
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'resolveDispute');
  });
});


/** A waiver whose reason, trimmed, starts with NUL: SQLite's length() stops at the NUL, so the
 * table's CHECK (length(trim(reason)) > 0) sees an empty reason. */

describe('recordCompletion with hostile input', () => {
  // Found by fuzzing: a reason led by NUL passed the form's check (JavaScript's trim keeps NUL) and then
  // failed the database's CHECK (SQLite's length() stops at NUL): a 500. NUL is now removed first.
  it('a waiver whose reason is only NUL and spaces is refused as invalid, not a 500', () => {
    const outcome = attemptAtomically(t.db, () =>
      recordCompletion(t.db, world.people.admin, { badge: 'FZ-ACTIVE', moduleCode: 'FZ-PUB', completedOn: '2025-03-01', kind: 'waiver', reason: '\u0000 \u0000 ' }),
    );
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('invalid');
  });

  // Found by fuzzing: the version's preprocess called String() on anything, so {"toString":1} threw a
  // TypeError (a 500). Objects now reach the schema, which refuses them.
  it('a version that is an object with a non-function toString is refused as invalid', () => {
    const outcome = attemptAtomically(t.db, () =>
      recordCompletion(t.db, world.people.admin, { badge: 'FZ-ACTIVE', moduleCode: 'FZ-PUB', completedOn: '2025-03-01', kind: 'completion', version: JSON.parse('{"toString":1}') }),
    );
    expect(outcome.ok).toBe(false);
  });

  it('records or refuses safely, writing nothing when refused', () => {
    const tally = new Tally();
    const good = {
      badge: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...world.badges.all) }, { weight: 1, arbitrary: fc.constantFrom(...world.badges.all).map((b) => ` ${b.toLowerCase()} `) }, { weight: 1, arbitrary: nastyString }),
      moduleCode: fc.oneof({ weight: 5, arbitrary: fc.constantFrom('FZ-PUB', 'FZ-GATE', 'FZ-RETIRED', ...world.moduleCodes) }, { weight: 1, arbitrary: fc.constantFrom('fz-pub', ' FZ-PUB ') }, { weight: 1, arbitrary: nastyString }),
      completedOn: dateText(),
      version: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('', '1', '2', ' 1 ') }, { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1.0', '1e0', '0x1', '١', '99999999999999999999') }, { weight: 1, arbitrary: hostileValue }),
      kind: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...COMPLETION_KINDS) }, { weight: 1, arbitrary: nastyString }),
      // Text a waiver's reason could be: markup, and the characters JavaScript and SQLite disagree about.
      reason: fc.oneof({ weight: 4, arbitrary: hostileText(1, 2000) }, { weight: 1, arbitrary: longString }, { weight: 2, arbitrary: fc.constantFrom('', '   ', '\u0000', '\u0000 late', ' \u0000', '\u00A0', '\u3000', '\t', '\u200B') }),
    };
    const input = fc.oneof({ weight: 5, arbitrary: fc.record(good) }, { weight: 2, arbitrary: hostileRecord(good) }, { weight: 1, arbitrary: anyJson });
    fc.assert(
      fc.property(managers(), input, (who, data) => {
        tally.record(attemptAtomically(t.db, () => recordCompletion(t.db, who, data)));
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'recordCompletion');
  });
});
