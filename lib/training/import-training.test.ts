// Importing an LMS export of training completions (importTraining), on a real temporary SQLite file:
// a good file with and without the version column, what is written (source, version, who and when),
// re-imports and repeated rows counted rather than added, every kind of bad row reported with its line
// and column while nothing at all is written, line numbers that stay true across quoted newlines and
// blank lines, files that cannot be read (header, empty), lenient spellings (lower case, BOM, CRLF),
// "today" taken in the calendar's zone, and who may import.
import { asc, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { agents, trainingCompletions, trainingModules } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import { ImportError, type ImportIssue } from '@/lib/import/import-error';
import { expectRefused } from '@/lib/testing/expect-refused';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import { importTraining, MAX_TRAINING_IMPORT_BYTES } from './import-training';
import { createModule } from './manage-modules';
import { moveModule } from './module-writer';

// 10:00 in New York on Monday 2 November 2026 (standard time since 1 November): today is 2026-11-02.
const AT = Date.UTC(2026, 10, 2, 15);
const HEADER = 'badge,module_code,completed_on';
const HEADER_V = 'badge,module_code,completed_on,version';
/** A CSV file from data lines: lines[i] is on file line i + 2. */
const csv = (header: string, ...lines: string[]) => `${header}\n${lines.join('\n')}\n`;

/** Published, for HSI agents, now at version 2 (a new version that did not require it again). */
const CORE = 'T21-CORE';
/** Published, for agents of both agencies, version 1. */
const LAW = 'T21-LAW';

let t: TestDb;
let admin: UserActor;
let hsi: UserActor;
let supervisor: UserActor;

beforeEach(() => {
  t = createTestDb();
  admin = makeUser(t.db, 'admin', undefined, 'Abe Admin');
  hsi = makeUser(t.db, 'hsi_hq', undefined, 'Hana HSI-HQ');
  supervisor = makeUser(t.db, 'supervisor', 'hsi-el-paso', 'Sam Supervisor');
  addAgent(t.db, 'HSI-1001', 'Ana Ruiz', 'HSI', 'hsi-el-paso');
  addAgent(t.db, 'HSI-1002', 'Ben Ortiz', 'HSI', 'hsi-el-paso');
  addAgent(t.db, 'DEA-2001', 'Dee Alvarez', 'DEA', 'dea-el-paso');
  publishModule(CORE, 'hsi_agents');
  moveModule(t.db, admin, { moduleId: moduleRow(CORE).id, action: 'new_version', note: 'Updated case law.', isRequiredAgain: false });
  publishModule(LAW, 'both');
  expect(moduleRow(CORE)).toMatchObject({ status: 'published', version: 2, minimumCompletionVersion: 1 });
  expect(moduleRow(LAW)).toMatchObject({ status: 'published', version: 1 });
});
afterEach(() => t.close());

function addAgent(db: Db, badge: string, name: string, agency: 'HSI' | 'DEA', office: string): void {
  const at = Date.UTC(2024, 0, 8, 15);
  db.insert(agents).values({ badge, name, agency, officeId: officeId(db, office), dutyStation: 'El Paso, TX', createdAt: at, updatedAt: at }).run();
}

function publishModule(code: string, audience: 'hsi_agents' | 'dea_agents' | 'both'): void {
  const { id } = createModule(t.db, admin, { code, title: `Module ${code}`, ownerAgency: 'joint', audience, isRequiredBeforeActivation: 'no', refresherMonths: '', completionWindowDays: '' });
  moveModule(t.db, admin, { moduleId: id, action: 'submit_for_review' });
  moveModule(t.db, admin, { moduleId: id, action: 'publish' });
}

function moduleRow(code: string) {
  const row = t.db.select().from(trainingModules).where(eq(trainingModules.code, code)).get();
  if (!row) throw new Error(`No module ${code}`);
  return row;
}
function agentId(badge: string): number {
  return t.db.select({ id: agents.id }).from(agents).where(eq(agents.badge, badge)).get()!.id;
}
function completionCount(): number {
  return t.db.select({ n: sql<number>`count(*)` }).from(trainingCompletions).get()!.n;
}
function allCompletions() {
  return t.db.select().from(trainingCompletions).orderBy(asc(trainingCompletions.id)).all();
}
/** The completions on record as (badge, module, version, date), in a stable order. */
function recorded() {
  return t.db
    .select({ badge: agents.badge, code: trainingModules.code, version: trainingCompletions.version, completedOn: trainingCompletions.completedOn })
    .from(trainingCompletions)
    .innerJoin(agents, eq(agents.id, trainingCompletions.agentId))
    .innerJoin(trainingModules, eq(trainingModules.id, trainingCompletions.moduleId))
    .orderBy(asc(agents.badge), asc(trainingModules.code), asc(trainingCompletions.completedOn), asc(trainingCompletions.version))
    .all();
}

/** Runs an import that must fail, checks it is an ImportError that wrote nothing, and returns its issues. */
function failingImport(text: string, actor: UserActor = admin, at = AT): readonly ImportIssue[] {
  const before = allCompletions();
  let caught: unknown;
  try {
    importTraining(t.db, actor, text, { fileName: 'completions.csv', at });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ImportError);
  const error = caught as ImportError;
  expect(error.code).toBe('invalid');
  expect(error.message).toMatch(/^completions\.csv: nothing was imported/);
  expect(allCompletions()).toEqual(before);
  return error.errors;
}

describe('a good file', () => {
  it('adds one record per row, marked imported, at the module’s current version, by the importer at the given time', () => {
    const summary = importTraining(t.db, admin, csv(HEADER, `HSI-1001,${CORE},2025-06-02`, `HSI-1002,${CORE},2026-11-02`, `DEA-2001,${LAW},2024-12-31`), { at: AT });
    expect(summary).toEqual({ rows: 3, added: 3, alreadyRecorded: 0, activated: [] });
    expect(recorded()).toEqual([
      { badge: 'DEA-2001', code: LAW, version: 1, completedOn: '2024-12-31' },
      { badge: 'HSI-1001', code: CORE, version: 2, completedOn: '2025-06-02' },
      { badge: 'HSI-1002', code: CORE, version: 2, completedOn: '2026-11-02' },
    ]);
    for (const row of allCompletions()) {
      expect(row).toMatchObject({ kind: 'completion', reason: null, source: 'import', recordedByUserId: admin.id, recordedByName: 'Abe Admin', recordedAt: AT });
    }
    expect(allCompletions().find((r) => r.agentId === agentId('HSI-1001'))!.moduleId).toBe(moduleRow(CORE).id);
  });

  it('takes the version column when given, and the current version when the cell is blank', () => {
    const summary = importTraining(t.db, admin, csv(HEADER_V, `HSI-1001,${CORE},2024-03-04,1`, `HSI-1002,${CORE},2025-06-02,`, `HSI-1001,${CORE},2025-06-03,2`), { at: AT });
    expect(summary).toEqual({ rows: 3, added: 3, alreadyRecorded: 0, activated: [] });
    expect(recorded()).toEqual([
      { badge: 'HSI-1001', code: CORE, version: 1, completedOn: '2024-03-04' },
      { badge: 'HSI-1001', code: CORE, version: 2, completedOn: '2025-06-03' },
      { badge: 'HSI-1002', code: CORE, version: 2, completedOn: '2025-06-02' },
    ]);
  });

  it('adds nothing on a re-import, and says how many were already on record', () => {
    const file = csv(HEADER, `HSI-1001,${CORE},2025-06-02`, `HSI-1002,${CORE},2025-06-02`, `DEA-2001,${LAW},2025-06-02`);
    expect(importTraining(t.db, admin, file, { at: AT }).added).toBe(3);
    const before = allCompletions();
    expect(importTraining(t.db, hsi, file, { at: AT + 86_400_000 })).toEqual({ rows: 3, added: 0, alreadyRecorded: 3, activated: [] });
    expect(allCompletions()).toEqual(before);
  });

  it('counts a row repeated within the file once, including one that spells out the default version', () => {
    const summary = importTraining(t.db, admin, csv(HEADER_V, `HSI-1001,${CORE},2025-06-02,`, `HSI-1001,${CORE},2025-06-02,`, `HSI-1001,${CORE},2025-06-02,2`), { at: AT });
    expect(summary).toEqual({ rows: 3, added: 1, alreadyRecorded: 2, activated: [] });
    expect(completionCount()).toBe(1);
  });

  it('adds a second record for the same day at another version', () => {
    const summary = importTraining(t.db, admin, csv(HEADER_V, `HSI-1001,${CORE},2025-06-02,1`, `HSI-1001,${CORE},2025-06-02,2`), { at: AT });
    expect(summary).toMatchObject({ added: 2, alreadyRecorded: 0 });
  });

  it('accepts lower-case badges and module codes, a header in any case, a byte-order mark, CRLF line ends and spaces around values', () => {
    const text = `\uFEFFBadge,Module_Code,Completed_On\r\nhsi-1001,t21-core,2025-06-02\r\n hsi-1002 , ${LAW.toLowerCase()} , 2025-06-03 \r\n`;
    expect(importTraining(t.db, admin, text, { at: AT })).toEqual({ rows: 2, added: 2, alreadyRecorded: 0, activated: [] });
    expect(recorded()).toEqual([
      { badge: 'HSI-1001', code: CORE, version: 2, completedOn: '2025-06-02' },
      { badge: 'HSI-1002', code: LAW, version: 1, completedOn: '2025-06-03' },
    ]);
  });

  it('takes a version cell holding only spaces as blank, like every other cell, which is trimmed', () => {
    // Spreadsheets export empty cells as a space often enough; " 2 " is read as 2, so " " should be blank.
    expect(importTraining(t.db, admin, csv(HEADER_V, `HSI-1001,${CORE},2025-06-02, `, `HSI-1002,${CORE},2025-06-02, 1 `), { at: AT })).toMatchObject({ added: 2 });
    expect(recorded()).toEqual([
      { badge: 'HSI-1001', code: CORE, version: 2, completedOn: '2025-06-02' },
      { badge: 'HSI-1002', code: CORE, version: 1, completedOn: '2025-06-02' },
    ]);
  });

  it('skips blank lines', () => {
    expect(importTraining(t.db, admin, `${HEADER}\n\nHSI-1001,${CORE},2025-06-02\n   \n\n`, { at: AT })).toMatchObject({ rows: 1, added: 1 });
  });

  it('accepts a completion dated today in the calendar’s zone, even when it is already tomorrow in UTC', () => {
    // 22:00 on 2 November in New York is 03:00 on 3 November in UTC.
    const lateEvening = Date.UTC(2026, 10, 3, 3);
    expect(importTraining(t.db, admin, csv(HEADER, `HSI-1001,${CORE},2026-11-02`), { at: lateEvening }).added).toBe(1);
    const issues = failingImport(csv(HEADER, `HSI-1002,${CORE},2026-11-03`), admin, lateEvening);
    expect(issues).toEqual([{ line: 2, field: 'completed_on', message: expect.stringMatching(/future/) }]);
  });
});

describe('a bad row: named by line and column, and nothing is written', () => {
  // A good row on line 2 that must not be written either, then the bad row on line 3.
  const GOOD = `HSI-1002,${CORE},2025-06-02`;
  it.each([
    ['an unknown badge', HEADER, `HSI-9999,${CORE},2025-06-02`, 'badge', /HSI-9999/],
    ['a badge that is not a badge', HEADER, `H!,${CORE},2025-06-02`, 'badge', /letters, digits or hyphens/],
    ['an empty badge', HEADER, `,${CORE},2025-06-02`, 'badge', /badge/],
    ['an unknown module code', HEADER, 'HSI-1001,NO-SUCH-MODULE,2025-06-02', 'module_code', /NO-SUCH-MODULE/],
    ['an empty module code', HEADER, 'HSI-1001,,2025-06-02', 'module_code', /module code/],
    ['a module still in draft', HEADER, 'HSI-1001,MODULE-2021-2,2025-06-02', 'module_code', /not published/],
    ['a disputed module', HEADER, 'HSI-1001,JOINT-IAA-2009,2025-06-02', 'module_code', /not published/],
    ['a DEA agent on a module for HSI agents', HEADER, `DEA-2001,${CORE},2025-06-02`, 'badge', /DEA-2001 is a DEA agent/],
    ['a date that does not exist', HEADER, `HSI-1001,${CORE},2025-02-30`, 'completed_on', /YYYY-MM-DD/],
    ['a date written the American way', HEADER, `HSI-1001,${CORE},12/01/2025`, 'completed_on', /YYYY-MM-DD/],
    ['an empty date', HEADER, `HSI-1001,${CORE},`, 'completed_on', /date/],
    ['a date after today', HEADER, `HSI-1001,${CORE},2026-11-03`, 'completed_on', /future/],
    ['version 0', HEADER_V, `HSI-1001,${CORE},2025-06-02,0`, 'version', /start at 1/],
    ['a version that is not a number', HEADER_V, `HSI-1001,${CORE},2025-06-02,x`, 'version', /whole number/],
    ['a fractional version', HEADER_V, `HSI-1001,${CORE},2025-06-02,1.5`, 'version', /whole number/],
    ['a version the module never had', HEADER_V, `HSI-1001,${CORE},2025-06-02,3`, 'version', /no version 3; its latest is 2/],
  ])('%s', (_, header, row, field, message) => {
    const good = header === HEADER_V ? `${GOOD},` : GOOD;
    const issues = failingImport(csv(header, good, row));
    expect(issues).toEqual([{ line: 3, field, message: expect.stringMatching(message) }]);
    expect(completionCount()).toBe(0);
  });

  it.each([
    ['too few values', HEADER, `HSI-1001,${CORE}`, /Expected 3 values .* found 2/],
    ['too many values', HEADER, `HSI-1001,${CORE},2025-06-02,1`, /Expected 3 values .* found 4/],
    ['too few values for the header with a version', HEADER_V, `HSI-1001,${CORE},2025-06-02`, /Expected 4 values .* found 3/],
  ])('a row with %s', (_, header, row, message) => {
    const good = header === HEADER_V ? `${GOOD},` : GOOD;
    const issues = failingImport(csv(header, good, row));
    expect(issues).toEqual([{ line: 3, message: expect.stringMatching(message) }]);
  });

  it('lists every problem of one row', () => {
    const issues = failingImport(csv(HEADER_V, `HSI-9999,MODULE-2021-2,2026-12-25,7`));
    expect(issues.map((i) => [i.line, i.field])).toEqual([
      [2, 'badge'],
      [2, 'module_code'],
      [2, 'version'],
      [2, 'completed_on'],
    ]);
  });

  it('lists every bad row of a file with its true line, counting lines inside quoted cells and blank lines', () => {
    const text = [
      HEADER, // 1
      `HSI-1001,"${CORE}`, // 2: a good row whose quoted module code spills onto line 3
      `",2025-06-02`, // 3
      `HSI-9999,${CORE},2025-06-02`, // 4: unknown badge
      `HSI-1002,${CORE},2025-06-02`, // 5: good
      `HSI-1002,"NO-SUCH`, // 6: an unknown module code, quoted across two lines
      `MODULE",2025-06-02`, // 7
      `DEA-2001,${CORE},2025-13-01`, // 8: a bad date
      `HSI-1001,${CORE}`, // 9: too few values
      '', // 10: blank
      `HSI-1001,${CORE},2027-01-01`, // 11: in the future
      `DEA-2001,${CORE},2025-06-02`, // 12: not in the audience
    ].join('\n');
    const issues = failingImport(text);
    expect(issues.map((i) => [i.line, i.field])).toEqual([
      [4, 'badge'],
      [6, 'module_code'],
      [8, 'completed_on'],
      [9, undefined],
      [11, 'completed_on'],
      [12, 'badge'],
    ]);
    expect(completionCount()).toBe(0);
  });

  it('names the lines in the error the forms and routes show', () => {
    let caught: unknown;
    try {
      importTraining(t.db, admin, csv(HEADER, GOOD, `HSI-9999,${CORE},2025-06-02`, `HSI-1001,${CORE},2025-02-30`), { at: AT });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ImportError);
    expect(Object.keys((caught as ImportError).fieldErrors)).toEqual(['line 3', 'line 4']);
    expect((caught as ImportError).fieldErrors['line 3']).toEqual([expect.stringMatching(/^badge: /)]);
    expect((caught as ImportError).message).toMatch(/nothing was imported \(2 errors\): line 3 \(badge\): .*; line 4 \(completed_on\): /);
  });
});

describe('a file that cannot be read', () => {
  it.each([
    ['a misspelt column', 'badge,module,completed_on'],
    ['columns in another order', 'module_code,badge,completed_on'],
    ['an unknown extra column', 'badge,module_code,completed_on,score'],
    ['no header at all', `HSI-1001,${CORE},2025-06-02`],
  ])('is refused on line 1 for %s', (_, header) => {
    const issues = failingImport(csv(header, `HSI-1002,${CORE},2025-06-02`));
    expect(issues).toEqual([{ line: 1, message: expect.stringMatching(/header badge,module_code,completed_on\[,version\]/) }]);
  });

  it.each([
    ['an empty file', ''],
    ['a file of blank lines', '\n\r\n  \n'],
    ['a byte-order mark alone', '\uFEFF'],
  ])('is refused as a whole for %s', (_, text) => {
    const issues = failingImport(text);
    expect(issues).toEqual([{ line: 0, message: expect.stringMatching(/empty/) }]);
  });

  it('is refused as a whole when larger than the limit, before anything is read', () => {
    const big = `${HEADER}\n${`HSI-1001,${CORE},2025-06-02\n`.repeat(Math.ceil(MAX_TRAINING_IMPORT_BYTES / 27) + 1)}`;
    expect(Buffer.byteLength(big, 'utf8')).toBeGreaterThan(MAX_TRAINING_IMPORT_BYTES);
    const issues = failingImport(big);
    expect(issues).toEqual([{ line: 0, message: expect.stringContaining(`larger than ${MAX_TRAINING_IMPORT_BYTES / 1024 / 1024} MB`) }]);
  });

  it('is refused for an unclosed quote', () => {
    const issues = failingImport(`${HEADER}\nHSI-1001,"${CORE},2025-06-02\n`);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/not valid CSV/);
  });
});

describe('who may import', () => {
  it('refuses a supervisor, who may not record training, and writes nothing', () => {
    expectRefused('forbidden', () => importTraining(t.db, supervisor, csv(HEADER, `HSI-1001,${CORE},2025-06-02`), { at: AT }), allCompletions);
  });

  it('refuses an auditor and a DEA division coordinator', () => {
    for (const actor of [makeUser(t.db, 'auditor'), makeUser(t.db, 'dea_division', 'dea-el-paso')]) {
      expectRefused('forbidden', () => importTraining(t.db, actor, csv(HEADER, `HSI-1001,${CORE},2025-06-02`), { at: AT }), allCompletions);
    }
  });

  it('lets an HSI headquarters reviewer import, recorded as them', () => {
    expect(importTraining(t.db, hsi, csv(HEADER, `HSI-1001,${CORE},2025-06-02`, `DEA-2001,${LAW},2025-06-02`), { at: AT })).toMatchObject({ added: 2 });
    expect(allCompletions().map((r) => [r.recordedByUserId, r.recordedByName, r.source])).toEqual([
      [hsi.id, 'Hana HSI-HQ', 'import'],
      [hsi.id, 'Hana HSI-HQ', 'import'],
    ]);
  });
});
