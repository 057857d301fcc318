// Loading the roster from a personnel export, on a real temporary SQLite file: people added, updated
// and left alone; each kind of bad row named by line and column with nothing written; and who may do it.
import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agents } from '@/db/schema';
import { isImportError } from '@/lib/import/import-error';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import { importRoster } from './import-roster';

const HEADER = 'badge,name,agency,office_code,duty_station';
const AT = Date.UTC(2026, 10, 2, 15);
let t: TestDb;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.close());

const admin = () => makeUser(t.db, 'admin', undefined, 'Abe Admin');
const roster = () => t.db.select({ badge: agents.badge, name: agents.name, agency: agents.agency, officeId: agents.officeId, dutyStation: agents.dutyStation }).from(agents).orderBy(asc(agents.badge)).all();

function problems(csv: string) {
  const before = roster();
  try {
    importRoster(t.db, admin(), csv, { at: AT });
  } catch (error) {
    expect(roster()).toEqual(before);
    if (isImportError(error)) return error.errors.map((e) => [e.line, e.field ?? null, e.message]);
    throw error;
  }
  throw new Error('expected the import to be refused');
}

describe('a good file', () => {
  it('adds HSI agents to field offices and DEA agents to divisions, badges upper-cased', () => {
    const summary = importRoster(t.db, admin(), [HEADER, 'hsi-1001,Ana Ruiz,hsi,hsi-el-paso,"El Paso, TX"', 'DEA-2001,Dan Cole,DEA,dea-el-paso,El Paso'].join('\n'), { at: AT });
    expect(summary).toEqual({ rows: 2, added: 2, updated: 0, unchanged: 0 });
    expect(roster()).toEqual([
      { badge: 'DEA-2001', name: 'Dan Cole', agency: 'DEA', officeId: officeId(t.db, 'dea-el-paso'), dutyStation: 'El Paso' },
      { badge: 'HSI-1001', name: 'Ana Ruiz', agency: 'HSI', officeId: officeId(t.db, 'hsi-el-paso'), dutyStation: 'El Paso, TX' },
    ]);
  });

  it('updates a known badge, leaves an unchanged one alone, and changes nothing on a second run', () => {
    importRoster(t.db, admin(), [HEADER, 'HSI-1001,Ana Ruiz,HSI,hsi-el-paso,El Paso', 'HSI-1002,Ben Ortiz,HSI,hsi-el-paso,El Paso'].join('\n'), { at: AT });
    const file = [HEADER, 'HSI-1001,Ana Ruiz-Mendez,HSI,hsi-houston,Houston', 'HSI-1002,Ben Ortiz,HSI,hsi-el-paso,El Paso'].join('\n');
    expect(importRoster(t.db, admin(), file, { at: AT })).toEqual({ rows: 2, added: 0, updated: 1, unchanged: 1 });
    expect(roster()[0]).toMatchObject({ name: 'Ana Ruiz-Mendez', officeId: officeId(t.db, 'hsi-houston'), dutyStation: 'Houston' });
    expect(importRoster(t.db, admin(), file, { at: AT })).toEqual({ rows: 2, added: 0, updated: 0, unchanged: 2 });
  });
});

describe('bad rows', () => {
  it('lists every problem with its line and column, and writes nothing', () => {
    importRoster(t.db, admin(), [HEADER, 'HSI-1001,Ana Ruiz,HSI,hsi-el-paso,El Paso'].join('\n'), { at: AT });
    const found = problems(
      [
        HEADER,
        'DEA-1,Dan Cole,DEA,hsi-el-paso,El Paso', // line 2: a DEA agent in an HSI office
        'HSI-2,Eve Lin,HSI,hsi-nowhere,Somewhere', // line 3: unknown office
        'HSI-3,,HSI,hsi-el-paso,El Paso', // line 4: no name
        'HSI-4,Fay Wu,ICE,hsi-el-paso,El Paso', // line 5: unknown agency
        'HSI-1001,Ana Ruiz,DEA,dea-el-paso,El Paso', // line 6: known as HSI
        'HSI-5,Gus Hart,HSI,hsi-el-paso,El Paso', // line 7: fine
        'HSI-5,Gus Hart,HSI,hsi-el-paso,El Paso', // line 8: duplicate badge
        'HSI-6,Hal Ng,HSI', // line 9: too few cells
      ].join('\n'),
    );
    expect(found.map(([line, field]) => [line, field])).toEqual([
      [2, 'office_code'],
      [3, 'office_code'],
      [4, 'name'],
      [5, 'agency'],
      [6, 'agency'],
      [8, 'badge'],
      [9, null],
    ]);
    expect(found[0]![2]).toBe('DEA agents belong to a DEA division; hsi-el-paso is not one.');
    expect(found[5]![2]).toBe('Badge HSI-5 is also on line 7.');
  });

  it('refuses a wrong header and an empty file', () => {
    expect(problems('badge,name,agency\nX1,Y,HSI')).toEqual([[1, null, 'The first line must be the header badge,name,agency,office_code,duty_station; found "badge,name,agency".']]);
    expect(problems('')[0]![0]).toBe(0);
  });
});

it('is for administrators only', () => {
  for (const role of ['supervisor', 'hsi_hq', 'dea_hq', 'dea_division', 'auditor'] as const) {
    const actor = makeUser(t.db, role, role === 'supervisor' ? 'hsi-el-paso' : role === 'dea_division' ? 'dea-el-paso' : undefined, `Someone ${role}`);
    expect(() => importRoster(t.db, actor, `${HEADER}\nHSI-1,Ana,HSI,hsi-el-paso,El Paso`)).toThrow(expect.objectContaining({ code: 'forbidden' }));
  }
  expect(roster()).toEqual([]);
});
