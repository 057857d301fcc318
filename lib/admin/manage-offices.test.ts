// Managing offices on a real temporary SQLite file: who may, the code's format and uniqueness, that HSI
// has field offices and DEA divisions, and renaming or retiring an office (which then drops out of the
// divisions a request may name).
import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { offices } from '@/db/schema';
import { SYSTEM_ACTOR, type UserActor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { createRequests } from '@/lib/requests/create-requests';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import { createOffice, listAllOffices, updateOffice } from './manage-offices';
import { expectRefused } from '@/lib/testing/expect-refused';

let t: TestDb;
let admin: UserActor;

beforeEach(() => {
  t = createTestDb();
  admin = makeUser(t.db, 'admin', undefined, 'Abe Admin');
});
afterEach(() => t.close());

const allOffices = () => t.db.select().from(offices).orderBy(offices.id).all();
const officeRow = (id: number) => t.db.select().from(offices).where(eq(offices.id, id)).get()!;

/** `fn` must fail with `code` and leave the offices table exactly as it was. */
function refused(code: AppError['code'], fn: () => unknown): AppError {
  return expectRefused(code, fn, allOffices);
}

const laredo = { code: 'hsi-laredo', agency: 'HSI', kind: 'field_office', name: 'HSI Laredo' };

describe('who may manage offices', () => {
  it.each(['supervisor', 'hsi_hq', 'dea_hq', 'dea_division', 'auditor'] as const)('forbids %s everything', (role) => {
    const office = role === 'supervisor' ? 'hsi-el-paso' : role === 'dea_division' ? 'dea-el-paso' : undefined;
    const actor = makeUser(t.db, role, office);
    expect(refused('forbidden', () => listAllOffices(t.db, actor)).status).toBe(403);
    refused('forbidden', () => createOffice(t.db, actor, laredo));
    refused('forbidden', () => updateOffice(t.db, actor, officeId(t.db, 'hsi-el-paso'), { name: 'Renamed', isActive: true }));
  });

  it('lets an administrator and the system list and create offices', () => {
    expect(listAllOffices(t.db, admin).map((o) => o.code)).toContain('dea-el-paso');
    const { id } = createOffice(t.db, SYSTEM_ACTOR, laredo);
    expect(officeRow(id)).toMatchObject({ ...laredo, isActive: true });
  });
});

describe('creating an office', () => {
  it('stores the code in lower case and the name trimmed', () => {
    const { id } = createOffice(t.db, admin, { ...laredo, code: '  HSI-Laredo ', name: '  HSI Laredo  ' });
    expect(officeRow(id)).toMatchObject({ code: 'hsi-laredo', agency: 'HSI', kind: 'field_office', name: 'HSI Laredo', isActive: true });
  });

  it.each(['x', '-laredo', 'hsi laredo', 'hsi_laredo', 'hsi/laredo', 'h'.repeat(41), ''])('refuses the code %j', (code) => {
    const error = refused('invalid', () => createOffice(t.db, admin, { ...laredo, code }));
    expect(Object.keys(error.fieldErrors)).toEqual(['code']);
  });

  it('accepts a code of 2 and of 40 characters', () => {
    expect(officeRow(createOffice(t.db, admin, { ...laredo, code: 'h1' }).id).code).toBe('h1');
    expect(officeRow(createOffice(t.db, admin, { ...laredo, code: 'h'.repeat(40) }).id).code).toBe('h'.repeat(40));
  });

  it('refuses a code already in use, whatever its case', () => {
    for (const code of ['hsi-el-paso', 'HSI-El-Paso']) {
      const error = refused('invalid', () => createOffice(t.db, admin, { ...laredo, code }));
      expect(error.fieldErrors).toEqual({ code: [expect.stringMatching(/already exists/)] });
    }
  });

  it('gives HSI field offices and DEA divisions, and either agency a headquarters', () => {
    for (const office of [
      { agency: 'HSI', kind: 'division' },
      { agency: 'DEA', kind: 'field_office' },
    ]) {
      const error = refused('invalid', () => createOffice(t.db, admin, { ...laredo, ...office }));
      expect(Object.keys(error.fieldErrors)).toEqual(['kind']);
      expect(error.fieldErrors['kind']![0]).toMatch(/HSI has field offices; DEA has divisions/);
    }
    const division = createOffice(t.db, admin, { code: 'dea-laredo', agency: 'DEA', kind: 'division', name: 'DEA Laredo Division' });
    expect(officeRow(division.id)).toMatchObject({ agency: 'DEA', kind: 'division' });
    for (const agency of ['HSI', 'DEA']) {
      const hq = createOffice(t.db, admin, { code: `${agency.toLowerCase()}-annex`, agency, kind: 'headquarters', name: `${agency} Annex` });
      expect(officeRow(hq.id)).toMatchObject({ agency, kind: 'headquarters' });
    }
  });

  it('names every bad field at once', () => {
    const error = refused('invalid', () => createOffice(t.db, admin, { code: '!', agency: 'CBP', kind: 'branch', name: ' ' }));
    expect(Object.keys(error.fieldErrors).sort()).toEqual(['agency', 'code', 'kind', 'name']);
  });
});

describe('changing an office', () => {
  it('renames an office and makes it inactive, after which no new request may name it', () => {
    const miami = officeId(t.db, 'dea-miami');
    updateOffice(t.db, admin, miami, { name: '  DEA Miami Field Division ', isActive: 'on' });
    expect(officeRow(miami)).toMatchObject({ code: 'dea-miami', name: 'DEA Miami Field Division', isActive: true });

    // An unticked "active" box is absent from the form.
    updateOffice(t.db, admin, miami, { name: 'DEA Miami Field Division' });
    expect(officeRow(miami).isActive).toBe(false);

    const supervisor = makeUser(t.db, 'supervisor', 'hsi-miami');
    let formKey = 0;
    const propose = () =>
      createRequests(
        t.db,
        supervisor,
        {
          kind: 'initial',
          deaDivisionId: miami,
          borderNexus: 'Cocaine smuggled through the Port of Miami container terminal.',
          agents: [{ name: 'Mo Reyes', badge: 'MI1001', dutyStation: 'Miami, FL' }],
        },
        { submit: false, submissionKey: `retired-division-${++formKey}` },
      );
    let caught: unknown;
    try {
      propose();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).fieldErrors).toHaveProperty('deaDivisionId');

    updateOffice(t.db, admin, miami, { name: 'DEA Miami Field Division', isActive: true });
    expect(propose()).toHaveLength(1);
  });

  it('keeps the office’s code, agency and kind whatever else the form sends', () => {
    const elPaso = officeId(t.db, 'hsi-el-paso');
    updateOffice(t.db, admin, elPaso, { name: 'HSI El Paso', isActive: true, code: 'changed', agency: 'DEA', kind: 'division' });
    expect(officeRow(elPaso)).toMatchObject({ code: 'hsi-el-paso', agency: 'HSI', kind: 'field_office' });
  });

  it('refuses an empty name and an unknown office, writing nothing', () => {
    const error = refused('invalid', () => updateOffice(t.db, admin, officeId(t.db, 'hsi-el-paso'), { name: '  ', isActive: true }));
    expect(Object.keys(error.fieldErrors)).toEqual(['name']);
    expect(refused('not_found', () => updateOffice(t.db, admin, 999_999, { name: 'Nowhere', isActive: true })).status).toBe(404);
    expect(t.db.select({ n: count() }).from(offices).where(eq(offices.name, 'Nowhere')).get()!.n).toBe(0);
  });
});
