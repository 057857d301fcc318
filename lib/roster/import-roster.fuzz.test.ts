// Fuzzing the roster import (security issue: "no 500, no stack trace, no partial write"): arbitrary
// text, and files with the right header whose cells are random, quoted at random, with embedded line
// breaks, quotes, byte-order marks and every line ending. Each file is imported whole (a summary) or
// refused with an ImportError whose every issue names a line of the file and says what is wrong, and a
// refused file writes nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { hostileText } from '@/lib/testing/fuzz/arbitraries';
import { anyCsvText, cellsRow, checkImportRefusal, csvCellText, csvFile, goodRow, layout, multilineText, placeRows } from '@/lib/testing/fuzz/csv';
import { attempt, attemptAtomically, inRollback, runs, Tally } from '@/lib/testing/fuzz/harness';
import { isImportError } from '@/lib/import/import-error';
import { seedWorld, type World } from '@/lib/testing/fuzz/seed';
import { createTestDb, type TestDb } from '@/lib/testing/test-db';
import { importRoster, ROSTER_COLUMNS } from './import-roster';

let t: TestDb;
let world: World;
let fieldOfficeCodes: string[];
let divisionCodes: string[];

beforeAll(() => {
  t = createTestDb();
  world = seedWorld(t.db);
  const codes = t.db.$client.prepare('SELECT code, kind FROM offices').all() as { code: string; kind: string }[];
  fieldOfficeCodes = codes.filter((c) => c.kind === 'field_office').map((c) => c.code);
  divisionCodes = codes.filter((c) => c.kind === 'division').map((c) => c.code);
});
afterAll(() => t.close());

const actor = (): fc.Arbitrary<Actor> => fc.oneof({ weight: 6, arbitrary: fc.constant<Actor>(world.people.admin) }, { weight: 1, arbitrary: fc.constantFrom(...world.actors) });

/** A roster row that should import: the deep path, to the writes. */
const goodRosterRow = () =>
  goodRow(
    fc
      .record({
        badge: fc.oneof({ weight: 5, arbitrary: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{2,19}$/) }, { weight: 1, arbitrary: fc.constantFrom(...world.badges.all) }, { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,19}$/) }),
        name: hostileText(1, 120).map((s) => s.replace(/[\r\n]/g, ' ')),
        agency: fc.constantFrom('HSI', 'DEA', 'hsi', ' dea '),
        dutyStation: hostileText(1, 120),
      })
      .chain((row) =>
        fc.constantFrom(...(row.agency.trim().toUpperCase() === 'HSI' ? fieldOfficeCodes : divisionCodes)).map((office) => [row.badge, row.name, row.agency, office, row.dutyStation]),
      ),
  );

const rosterFile = () =>
  fc.oneof(
    { weight: 3, arbitrary: csvFile(ROSTER_COLUMNS, fc.uniqueArray(goodRosterRow(), { minLength: 1, maxLength: 6, selector: (r) => r[0]!.text.trim().toUpperCase() })) },
    { weight: 2, arbitrary: csvFile(ROSTER_COLUMNS, fc.array(fc.oneof({ weight: 3, arbitrary: goodRosterRow() }, { weight: 1, arbitrary: cellsRow(ROSTER_COLUMNS.length, csvCellText) }), { maxLength: 6 })) },
    { weight: 1, arbitrary: anyCsvText(ROSTER_COLUMNS) },
  );

describe('importRoster with hostile files', () => {
  it('imports whole or refuses with an ImportError naming real lines, and a refusal writes nothing', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(actor(), rosterFile(), (who, csvText) => {
        const outcome = tally.record(attemptAtomically(t.db, () => importRoster(t.db, who, csvText, { fileName: 'roster<script>.csv' })));
        checkImportRefusal(outcome, csvText);
        if (outcome.ok) expect(outcome.value.added + outcome.value.updated + outcome.value.unchanged).toBe(outcome.value.rows);
      }),
      { numRuns: runs(2000) },
    );
    console.info(`importRoster: ${tally}`);
    expect(tally.ok).toBeGreaterThan(tally.total * 0.05);
    expect(tally.total - tally.ok).toBeGreaterThan(tally.total * 0.05);
  });
});

describe('importRoster line numbers', () => {
  it('an issue names the line its row starts on, whatever line breaks the rows before it hold', () => {
    let seq = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.nat(7), layout, fc.array(multilineText, { minLength: 16, maxLength: 16 }), (count, badAt, shape, texts) => {
        const bad = badAt % count;
        const rows = Array.from({ length: count }, (_, i) => {
          seq += 1;
          // Names and duty stations spanning lines; the one bad row has an agency that does not exist.
          return [`LN-${seq}`, texts[2 * i]!, i === bad ? 'FBI' : 'HSI', 'hsi-el-paso', texts[2 * i + 1]!];
        });
        const file = placeRows(ROSTER_COLUMNS, rows, shape);
        inRollback(t.db, () => {
          const outcome = attempt(() => importRoster(t.db, world.people.admin, file.text));
          expect(outcome.ok).toBe(false);
          if (outcome.ok || !isImportError(outcome.error)) throw new Error('expected an ImportError');
          expect(outcome.error.errors.map((e) => e.line)).toEqual([file.rowLines[bad]]);
        });
      }),
      { numRuns: runs(1000) },
    );
  });
});
