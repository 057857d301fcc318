// Fuzzing the history import (security issue: "no 500, no stack trace, no partial write"): arbitrary
// text; files with the right header whose cells are random, quoted at random, with embedded line
// breaks, quotes, byte-order marks and every line ending; and plausible histories (valid paths through
// the workflow, new requests and ones imported before, live ones too) with hostile text in every free
// field. Each file is imported whole or refused with an ImportError whose every issue names a line of
// the file and says what is wrong, and a refused file writes nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileText, nastyString } from '@/lib/testing/fuzz/arbitraries';
import { anyCsvText, cellsRow, checkImportRefusal, csvCellText, csvFile, goodRow, layout, multilineText, placeRows } from '@/lib/testing/fuzz/csv';
import { attempt, attemptAtomically, inRollback, runs, Tally } from '@/lib/testing/fuzz/harness';
import { isImportError } from './import-error';
import { seedWorld, type World } from '@/lib/testing/fuzz/seed';
import { createTestDb, type TestDb } from '@/lib/testing/test-db';
import { HISTORY_COLUMNS, importHistory } from './import-history';

let t: TestDb;
let world: World;
let fieldOfficeCodes: string[];
let divisionCodes: string[];
let liveRefs: string[];

const HOUR = 3_600_000;
const IMPORTED_AT = Date.UTC(2016, 4, 2, 14);
// A request imported before the fuzz runs, so files can extend it (or contradict it).
const IMPORTED = [
  HISTORY_COLUMNS.join(','),
  `HIST-1,create,${new Date(IMPORTED_AT).toISOString()},"Old, <b>Records</b>",HIST-AGENT-1,Imported Agent,hsi-el-paso,dea-el-paso,initial,`,
  `HIST-1,submit,${new Date(IMPORTED_AT + HOUR).toISOString()},Old Records,,,,,,`,
].join('\n');

beforeAll(() => {
  t = createTestDb();
  world = seedWorld(t.db);
  importHistory(t.db, IMPORTED);
  const codes = t.db.$client.prepare('SELECT code, kind FROM offices').all() as { code: string; kind: string }[];
  fieldOfficeCodes = codes.filter((c) => c.kind === 'field_office').map((c) => c.code);
  divisionCodes = codes.filter((c) => c.kind === 'division').map((c) => c.code);
  liveRefs = (t.db.$client.prepare('SELECT ref FROM requests WHERE is_imported = 0').all() as { ref: string }[]).map((r) => r.ref);
});
afterAll(() => t.close());

// Paths through the workflow an imported history may take; a prefix of one is a request still open.
const PATHS: readonly string[][] = [
  ['create', 'submit', 'endorse', 'route', 'concur', 'approve', 'rescind'],
  ['create', 'submit', 'endorse', 'route', 'nonconcur', 'deny'],
  ['create', 'submit', 'return', 'resubmit', 'endorse', 'route', 'concur', 'approve', 'expire'],
  ['create', 'submit', 'endorse', 'deny'],
  ['create', 'withdraw'],
  ['create', 'submit', 'endorse', 'route', 'return', 'resubmit', 'withdraw'],
];
const NEEDS_REASON = new Set(['nonconcur', 'deny', 'return', 'withdraw', 'rescind']);

/** An instant as a spreadsheet might write it: Z, an offset, a space for the T, fractions. */
function instant(at: number, style: number): string {
  const iso = new Date(at).toISOString();
  switch (style % 4) {
    case 0:
      return iso;
    case 1:
      return `${new Date(at - 5 * HOUR).toISOString().slice(0, 19)}-05:00`;
    case 2:
      return `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
    default:
      return `${new Date(at + 2 * HOUR).toISOString().slice(0, 23)}+0200`;
  }
}

/** One request's rows, valid unless the dice say otherwise. */
const historyRows = () =>
  fc
    .record({
      ref: fc.oneof({ weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,20}$/) }, { weight: 1, arbitrary: fc.constantFrom('HIST-1', ...liveRefs) }),
      path: fc.constantFrom(...PATHS),
      length: fc.integer({ min: 1, max: 9 }),
      start: fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2024, 0, 1) }),
      gaps: fc.array(fc.integer({ min: 0, max: 400 * HOUR }), { minLength: 9, maxLength: 9 }),
      styles: fc.array(fc.nat(3), { minLength: 9, maxLength: 9 }),
      actor: hostileText(1, 200),
      badge: fc.oneof({ weight: 6, arbitrary: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{2,19}$/) }, { weight: 1, arbitrary: fc.constantFrom('HIST-AGENT-1', ...world.badges.all) }),
      name: hostileText(1, 120),
      hsi: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...fieldOfficeCodes) }, { weight: 1, arbitrary: fc.constantFrom('HSI-EL-PASO', 'hsi-hq', 'dea-el-paso', 'nowhere') }),
      division: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...divisionCodes) }, { weight: 1, arbitrary: fc.constantFrom('DEA-EL-PASO', 'dea-hq', 'hsi-el-paso', 'nowhere') }),
      routeTo: fc.option(fc.constantFrom(...divisionCodes), { freq: 3 }),
      kind: fc.constantFrom('initial', 'renewal', 'INITIAL'),
      reason: fc.oneof({ weight: 6, arbitrary: hostileText(1, 2000) }, { weight: 1, arbitrary: fc.constantFrom('transfer: moved', 'Misconduct : x', 'other:', ' : ', '\u0000') }),
      shuffle: fc.boolean(),
    })
    .map((h) => {
      let at = h.start;
      const rows = h.path.slice(0, h.length).map((action, i) => {
        at += h.gaps[i]!;
        const isCreate = action === 'create';
        return [
          h.ref,
          action,
          instant(at, h.styles[i]!),
          h.actor,
          isCreate ? h.badge : '',
          isCreate ? h.name : '',
          isCreate ? h.hsi : '',
          isCreate || (action === 'route' && h.routeTo) ? (isCreate ? h.division : h.routeTo!) : '',
          isCreate ? h.kind : '',
          NEEDS_REASON.has(action) ? h.reason : '',
        ];
      });
      // Files are not always in order; the import sorts each request's events by instant.
      return h.shuffle ? [...rows].reverse() : rows;
    });

const historyFile = () =>
  fc.oneof(
    { weight: 4, arbitrary: csvFile(HISTORY_COLUMNS, fc.array(historyRows(), { minLength: 1, maxLength: 3 }).chain((requests) => fc.constant(requests.flat()).chain((rows) => fc.tuple(...rows.map((r) => goodRow(fc.constant(r))))))) },
    {
      weight: 2,
      arbitrary: csvFile(
        HISTORY_COLUMNS,
        fc
          .tuple(fc.array(historyRows(), { minLength: 1, maxLength: 2 }), fc.array(cellsRow(HISTORY_COLUMNS.length, fc.oneof(csvCellText, nastyString)), { maxLength: 3 }))
          .chain(([requests, junk]) => fc.tuple(...requests.flat().map((r) => goodRow(fc.constant(r)))).map((good) => [...good, ...junk])),
      ),
    },
    { weight: 1, arbitrary: anyCsvText(HISTORY_COLUMNS) },
  );

describe('importHistory with hostile files', () => {
  it('imports whole or refuses with an ImportError naming real lines, and a refusal writes nothing', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(historyFile(), (csvText) => {
        const outcome = tally.record(attemptAtomically(t.db, () => importHistory(t.db, csvText, { fileName: '../../etc/passwd<script>.csv' })));
        checkImportRefusal(outcome, csvText);
        if (outcome.ok) {
          const s = outcome.value;
          expect(s.requestsCreated + s.requestsExtended + s.requestsUnchanged).toBeLessThanOrEqual(s.rowsRead);
          expect(s.eventsAdded).toBeLessThanOrEqual(s.rowsRead);
        }
      }),
      { numRuns: runs(1500) },
    );
    console.info(`importHistory: ${tally}`);
    expect(tally.ok).toBeGreaterThan(tally.total * 0.05);
    expect(tally.total - tally.ok).toBeGreaterThan(tally.total * 0.05);
  });
});

describe('importHistory line numbers', () => {
  it('an issue names the line its row starts on, whatever line breaks the rows before it hold', () => {
    let seq = 0;
    const path = PATHS[0]!;
    fc.assert(
      fc.property(fc.integer({ min: 2, max: path.length }), fc.nat(10), layout, fc.array(multilineText, { minLength: 8, maxLength: 8 }), (count, badAt, shape, texts) => {
        seq += 1;
        // One request; the bad row is one of its events after the create row, with a time that is not one.
        const bad = 1 + (badAt % (count - 1));
        const rows = path.slice(0, count).map((action, i) => {
          const isCreate = action === 'create';
          return [
            `LN-${seq}`,
            action,
            i === bad ? 'yesterday' : new Date(Date.UTC(2018, 0, 1) + i * HOUR).toISOString(),
            texts[i]!,
            isCreate ? `LN-${seq}` : '',
            isCreate ? texts[7]! : '',
            isCreate ? 'hsi-el-paso' : '',
            isCreate ? 'dea-el-paso' : '',
            isCreate ? 'initial' : '',
            NEEDS_REASON.has(action) ? texts[(i + 3) % 8]! : '',
          ];
        });
        const file = placeRows(HISTORY_COLUMNS, rows, shape);
        inRollback(t.db, () => {
          const outcome = attempt(() => importHistory(t.db, file.text));
          if (outcome.ok || !isImportError(outcome.error)) throw new Error('expected an ImportError');
          expect(outcome.error.errors.map((e) => e.line)).toEqual([file.rowLines[bad]]);
        });
      }),
      { numRuns: runs(1000) },
    );
  });
});
