// Fuzzing the LMS completions import (security issue: "no 500, no stack trace, no partial write"):
// arbitrary text, and files with the right header (with and without the optional version column) whose
// cells are random, quoted at random, with embedded line breaks, quotes, byte-order marks and every
// line ending. Each file is imported whole or refused with an ImportError whose every issue names a
// line of the file, and a refused file writes nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { isoDateish, nastyString } from '@/lib/testing/fuzz/arbitraries';
import { anyCsvText, cellsRow, checkImportRefusal, csvCellText, csvFile, goodRow } from '@/lib/testing/fuzz/csv';
import { attemptAtomically, runs, Tally } from '@/lib/testing/fuzz/harness';
import { seedWorld, type World } from '@/lib/testing/fuzz/seed';
import { createTestDb, type TestDb } from '@/lib/testing/test-db';
import { importTraining, TRAINING_COLUMNS, TRAINING_OPTIONAL_COLUMNS } from './import-training';

let t: TestDb;
let world: World;

beforeAll(() => {
  t = createTestDb();
  world = seedWorld(t.db);
});
afterAll(() => t.close());

const DAY = 86_400_000;
const actor = (): fc.Arbitrary<Actor> => fc.oneof({ weight: 6, arbitrary: fc.constantFrom<Actor>(world.people.admin, world.people.hsi, world.people.dea) }, { weight: 1, arbitrary: fc.constantFrom(...world.actors) });

const goodCells = (withVersion: boolean) =>
  fc
    .record({
      badge: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...world.badges.all) }, { weight: 1, arbitrary: fc.constantFrom(...world.badges.all).map((b) => ` ${b.toLowerCase()} `) }, { weight: 1, arbitrary: nastyString }),
      moduleCode: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('FZ-PUB', 'FZ-GATE', 'FZ-RETIRED', 'fz-pub', ...world.moduleCodes) }, { weight: 1, arbitrary: nastyString }),
      completedOn: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.now() - DAY }).map((at) => new Date(at).toISOString().slice(0, 10)) },
        { weight: 1, arbitrary: isoDateish },
        { weight: 1, arbitrary: nastyString },
      ),
      version: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('', '1', ' 1 ', '2') }, { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1.0', '1e0', '0x1', '١', '99999999999999999999') }, { weight: 1, arbitrary: nastyString }),
    })
    .map((r) => (withVersion ? [r.badge, r.moduleCode, r.completedOn, r.version] : [r.badge, r.moduleCode, r.completedOn]));

const trainingFile = () =>
  fc.boolean().chain((withVersion) => {
    const header = withVersion ? [...TRAINING_COLUMNS, ...TRAINING_OPTIONAL_COLUMNS] : [...TRAINING_COLUMNS];
    return fc.oneof(
      { weight: 3, arbitrary: csvFile(header, fc.array(goodRow(goodCells(withVersion)), { minLength: 1, maxLength: 8 })) },
      { weight: 2, arbitrary: csvFile(header, fc.array(fc.oneof({ weight: 3, arbitrary: goodRow(goodCells(withVersion)) }, { weight: 1, arbitrary: cellsRow(header.length, csvCellText) }), { maxLength: 8 })) },
      { weight: 1, arbitrary: anyCsvText(header) },
    );
  });

describe('importTraining with hostile files', () => {
  it('imports whole or refuses with an ImportError naming real lines, and a refusal writes nothing', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(actor(), trainingFile(), (who, csvText) => {
        const outcome = tally.record(attemptAtomically(t.db, () => importTraining(t.db, who, csvText, { fileName: 'lms "export".csv' })));
        checkImportRefusal(outcome, csvText);
        if (outcome.ok) expect(outcome.value.added + outcome.value.alreadyRecorded).toBe(outcome.value.rows);
      }),
      { numRuns: runs(2000) },
    );
    console.info(`importTraining: ${tally}`);
    expect(tally.ok).toBeGreaterThan(tally.total * 0.03);
    expect(tally.total - tally.ok).toBeGreaterThan(tally.total * 0.05);
  });
});
