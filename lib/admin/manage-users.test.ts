// Managing users on a real temporary SQLite file: who may, which office each role needs, email and
// password rules, which changes end a user's sessions (auth_version), an administrator's own access,
// password resets and disabled accounts, checked through the real sign-in functions.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import { SYSTEM_ACTOR, type Actor, type UserActor } from '@/lib/auth/actor';
import { loadSessionUser, verifyCredentials } from '@/lib/auth/users';
import { AppError } from '@/lib/errors';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import { createUser, getUserForEdit, listUsers, resetPassword, updateUser } from './manage-users';
import { expectRefused } from '@/lib/testing/expect-refused';

let t: TestDb;
let admin: UserActor;

beforeEach(() => {
  t = createTestDb();
  admin = makeUser(t.db, 'admin', undefined, 'Abe Admin');
});
afterEach(() => t.close());

const PASSWORD = 'correct horse battery';

function newUser(overrides: Record<string, unknown> = {}) {
  return { email: 'ana.ruiz@hsi.example.gov', name: 'Ana Ruiz', role: 'supervisor', officeId: officeId(t.db, 'hsi-el-paso'), password: PASSWORD, ...overrides };
}

function userRow(id: number) {
  return t.db.select().from(users).where(eq(users.id, id)).get()!;
}
const allUsers = () => t.db.select().from(users).orderBy(users.id).all();

/** `fn` must fail with `code` and leave the users table exactly as it was. */
function refused(code: AppError['code'], fn: () => unknown): AppError {
  return expectRefused(code, fn, allUsers);
}

describe('who may manage users', () => {
  it.each(['supervisor', 'hsi_hq', 'dea_hq', 'dea_division', 'auditor'] as const)('forbids %s everything', (role) => {
    const office = role === 'supervisor' ? 'hsi-el-paso' : role === 'dea_division' ? 'dea-el-paso' : undefined;
    const actor = makeUser(t.db, role, office);
    const target = makeUser(t.db, 'auditor');
    expect(refused('forbidden', () => listUsers(t.db, actor)).status).toBe(403);
    refused('forbidden', () => getUserForEdit(t.db, actor, target.id));
    refused('forbidden', () => createUser(t.db, actor, newUser()));
    refused('forbidden', () => updateUser(t.db, actor, target.id, { name: 'X', role: 'admin', isActive: true }));
    // Not even their own account.
    refused('forbidden', () => updateUser(t.db, actor, actor.id, { name: 'X', role: 'admin', isActive: true }));
    refused('forbidden', () => resetPassword(t.db, actor, target.id, 'a brand new password'));
  });

  it('lets an administrator and the system (the command line) create users', () => {
    const byAdmin = createUser(t.db, admin, newUser());
    const bySystem = createUser(t.db, SYSTEM_ACTOR, newUser({ email: 'ben@dea.example.gov', role: 'dea_hq', officeId: null }));
    expect(userRow(byAdmin.id)).toMatchObject({ role: 'supervisor', isActive: true, authVersion: 1 });
    expect(userRow(bySystem.id)).toMatchObject({ role: 'dea_hq', officeId: null });
  });
});

describe('creating a user', () => {
  it('stores the user with a hashed password and a normalised email', () => {
    const { id } = createUser(t.db, admin, newUser({ email: ' Ana.Ruiz@HSI.Example.GOV ', name: '  Ana Ruiz ' }));
    const row = userRow(id);
    expect(row).toMatchObject({ email: 'ana.ruiz@hsi.example.gov', name: 'Ana Ruiz', role: 'supervisor', officeId: officeId(t.db, 'hsi-el-paso') });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);
    expect(row.createdAt).toBe(row.updatedAt);
  });

  it('refuses an email already in use, whatever its case', () => {
    createUser(t.db, admin, newUser());
    const error = refused('invalid', () => createUser(t.db, admin, newUser({ email: 'ANA.RUIZ@hsi.example.gov', name: 'Another Ana' })));
    expect(Object.keys(error.fieldErrors)).toEqual(['email']);
    expect(error.fieldErrors['email']![0]).toMatch(/already exists/);
  });

  it('refuses a malformed email', () => {
    for (const email of ['ana', 'ana@', '@hsi.gov', 'ana ruiz@hsi.gov', '', undefined]) {
      expect(Object.keys(refused('invalid', () => createUser(t.db, admin, newUser({ email }))).fieldErrors)).toEqual(['email']);
    }
  });

  it('refuses a password shorter than 12 characters, and accepts one of 12', () => {
    const error = refused('invalid', () => createUser(t.db, admin, newUser({ password: 'x'.repeat(11) })));
    expect(Object.keys(error.fieldErrors)).toEqual(['password']);
    expect(error.fieldErrors['password']![0]).toMatch(/12/);
    refused('invalid', () => createUser(t.db, admin, newUser({ password: undefined })));
    expect(createUser(t.db, admin, newUser({ password: 'x'.repeat(12) })).id).toBeGreaterThan(0);
  });

  it('names every bad field at once', () => {
    const error = refused('invalid', () => createUser(t.db, admin, { email: 'nope', name: ' ', role: 'boss', password: 'short' }));
    expect(Object.keys(error.fieldErrors).sort()).toEqual(['email', 'name', 'password', 'role']);
  });

  it('requires an HSI field office for a supervisor', () => {
    for (const office of [null, '', 'dea-el-paso', 'hsi-hq', 'dea-hq', 999_999]) {
      const id = typeof office === 'string' && office !== '' ? officeId(t.db, office) : office;
      const error = refused('invalid', () => createUser(t.db, admin, newUser({ officeId: id })));
      expect(Object.keys(error.fieldErrors)).toEqual(['officeId']);
    }
    expect(Object.keys(refused('invalid', () => createUser(t.db, admin, newUser({ officeId: 'abc' }))).fieldErrors)).toEqual(['officeId']);
  });

  it('requires a DEA division for a division coordinator', () => {
    for (const office of ['hsi-el-paso', 'dea-hq']) {
      const error = refused('invalid', () => createUser(t.db, admin, newUser({ role: 'dea_division', officeId: officeId(t.db, office) })));
      expect(Object.keys(error.fieldErrors)).toEqual(['officeId']);
    }
    refused('invalid', () => createUser(t.db, admin, newUser({ role: 'dea_division', officeId: null })));
    const { id } = createUser(t.db, admin, newUser({ role: 'dea_division', officeId: String(officeId(t.db, 'dea-el-paso')) }));
    expect(userRow(id).officeId).toBe(officeId(t.db, 'dea-el-paso'));
  });

  it.each(['hsi_hq', 'dea_hq', 'auditor', 'admin'] as const)('gives %s no office, even when one is chosen', (role) => {
    const { id } = createUser(t.db, admin, newUser({ role, officeId: officeId(t.db, 'hsi-el-paso') }));
    expect(userRow(id)).toMatchObject({ role, officeId: null });
  });
});

describe('changing a user', () => {
  let user: { id: number };
  let elPaso: number;

  beforeEach(() => {
    elPaso = officeId(t.db, 'hsi-el-paso');
    // No one signs in here, so the user is made without the deliberately slow password hash.
    user = makeUser(t.db, 'supervisor', 'hsi-el-paso', 'Ana Ruiz');
  });

  const current = () => ({ name: 'Ana Ruiz', role: 'supervisor', officeId: elPaso, isActive: true });

  it('keeps sessions open after a change of name only', () => {
    updateUser(t.db, admin, user.id, { ...current(), name: 'Ana Ruiz-Soto' });
    expect(userRow(user.id)).toMatchObject({ name: 'Ana Ruiz-Soto', authVersion: 1 });
    expect(loadSessionUser(t.db, user.id, 1)).toMatchObject({ id: user.id, name: 'Ana Ruiz-Soto', role: 'supervisor', officeId: elPaso });
    // Saving the form unchanged, with the values as a form posts them, changes nothing either.
    updateUser(t.db, admin, user.id, { name: 'Ana Ruiz-Soto', role: 'supervisor', officeId: String(elPaso), isActive: 'on' });
    expect(userRow(user.id).authVersion).toBe(1);
  });

  it.each(['role', 'office', 'status'] as const)('ends open sessions after a change of %s', (what) => {
    const change = {
      role: { role: 'auditor', officeId: null },
      office: { officeId: officeId(t.db, 'hsi-miami') },
      status: { isActive: false },
    }[what];
    updateUser(t.db, admin, user.id, { ...current(), ...change });
    const row = userRow(user.id);
    expect(row.authVersion).toBe(2);
    expect(loadSessionUser(t.db, user.id, 1)).toBeNull();
    if (row.isActive) {
      expect(loadSessionUser(t.db, user.id, 2)).toMatchObject({ id: user.id, role: row.role, officeId: row.officeId });
    } else {
      expect(loadSessionUser(t.db, user.id, 2)).toBeNull();
    }
  });

  it('checks the office against the new role', () => {
    const error = refused('invalid', () => updateUser(t.db, admin, user.id, { ...current(), role: 'dea_division' }));
    expect(Object.keys(error.fieldErrors)).toEqual(['officeId']);
    updateUser(t.db, admin, user.id, { ...current(), role: 'dea_division', officeId: officeId(t.db, 'dea-el-paso') });
    expect(userRow(user.id)).toMatchObject({ role: 'dea_division', officeId: officeId(t.db, 'dea-el-paso'), authVersion: 2 });
  });

  it('refuses bad input and an unknown user, writing nothing', () => {
    expect(Object.keys(refused('invalid', () => updateUser(t.db, admin, user.id, { ...current(), name: '', role: 'boss' })).fieldErrors).sort()).toEqual([
      'name',
      'role',
    ]);
    expect(refused('not_found', () => updateUser(t.db, admin, 999_999, { name: 'Nobody', role: 'auditor', isActive: true })).status).toBe(404);
    refused('not_found', () => getUserForEdit(t.db, admin, 999_999));
  });

  it('does not let an administrator remove their own administrator access', () => {
    for (const change of [{ role: 'auditor' }, { isActive: false }, { role: 'hsi_hq', isActive: false }]) {
      const error = refused('invalid', () => updateUser(t.db, admin, admin.id, { name: 'Abe Admin', role: 'admin', isActive: true, ...change }));
      expect(error.message).toMatch(/your own administrator access/);
      expect(Object.keys(error.fieldErrors)).toEqual(['role']);
    }
    // Their own name they may change, and their sessions stay open.
    updateUser(t.db, admin, admin.id, { name: 'Abe Administrator', role: 'admin', isActive: true });
    expect(userRow(admin.id)).toMatchObject({ name: 'Abe Administrator', role: 'admin', isActive: true, authVersion: 1 });
    // Another administrator may change theirs.
    const other = makeUser(t.db, 'admin');
    updateUser(t.db, other, admin.id, { name: 'Abe Administrator', role: 'auditor', isActive: true });
    expect(userRow(admin.id)).toMatchObject({ role: 'auditor', authVersion: 2 });
  });
});

describe('signing in', () => {
  it('accepts the new password after a reset, rejects the old, and ends open sessions', async () => {
    const { id } = createUser(t.db, admin, newUser());
    expect(await verifyCredentials(t.db, 'ANA.RUIZ@hsi.example.gov ', PASSWORD)).toMatchObject({ id, role: 'supervisor', authVersion: 1 });

    resetPassword(t.db, admin, id, 'a brand new passphrase');
    expect(userRow(id).authVersion).toBe(2);
    expect(loadSessionUser(t.db, id, 1)).toBeNull();
    expect(await verifyCredentials(t.db, 'ana.ruiz@hsi.example.gov', PASSWORD)).toBeNull();
    expect(await verifyCredentials(t.db, 'ana.ruiz@hsi.example.gov', 'a brand new passphrase')).toMatchObject({ id, authVersion: 2 });
    expect(userRow(id).lastSignInAt).not.toBeNull();
  });

  it('refuses a short reset password and an unknown user, writing nothing', async () => {
    const { id } = createUser(t.db, admin, newUser());
    const error = refused('invalid', () => resetPassword(t.db, admin, id, 'too short'));
    expect(Object.keys(error.fieldErrors)).toEqual(['password']);
    refused('invalid', () => resetPassword(t.db, admin, id, undefined));
    refused('not_found', () => resetPassword(t.db, admin, 999_999, 'a brand new passphrase'));
    expect(await verifyCredentials(t.db, 'ana.ruiz@hsi.example.gov', PASSWORD)).toMatchObject({ id });
  });

  it('does not let a disabled user sign in, even with the right password, until enabled again', async () => {
    const { id } = createUser(t.db, admin, newUser());
    const form = { name: 'Ana Ruiz', role: 'supervisor', officeId: officeId(t.db, 'hsi-el-paso') };
    // An unticked "active" box is simply absent from the form.
    updateUser(t.db, admin, id, form);
    expect(userRow(id)).toMatchObject({ isActive: false, lastSignInAt: null });
    expect(await verifyCredentials(t.db, 'ana.ruiz@hsi.example.gov', PASSWORD)).toBeNull();
    expect(userRow(id).lastSignInAt).toBeNull();

    updateUser(t.db, admin, id, { ...form, isActive: 'on' });
    expect(await verifyCredentials(t.db, 'ana.ruiz@hsi.example.gov', PASSWORD)).toMatchObject({ id, authVersion: 3 });
  });

  it('does not sign in an unknown email', async () => {
    expect(await verifyCredentials(t.db, 'nobody@hsi.example.gov', PASSWORD)).toBeNull();
  });
});

describe('what leaves lib/', () => {
  it('lists and loads users without their password hash, authenticator secret or auth version', () => {
    createUser(t.db, admin, newUser());
    const listed = listUsers(t.db, admin);
    expect(listed.map((u) => u.email)).toContain('ana.ruiz@hsi.example.gov');
    for (const row of listed) {
      expect(Object.keys(row).sort()).toEqual(['email', 'id', 'isActive', 'isLocked', 'lastSignInAt', 'mfaEnrolledAt', 'name', 'officeId', 'officeName', 'role']);
    }
    const one = getUserForEdit(t.db, admin, listed.find((u) => u.email === 'ana.ruiz@hsi.example.gov')!.id);
    expect(Object.keys(one).sort()).toEqual(['email', 'id', 'isActive', 'isLocked', 'mfaEnrolledAt', 'name', 'officeId', 'role']);
    expect(JSON.stringify([listed, one])).not.toContain('scrypt');
  });

  it('keeps the password hash out of what sign-in returns', async () => {
    createUser(t.db, admin, newUser());
    const actor: Actor | null = await verifyCredentials(t.db, 'ana.ruiz@hsi.example.gov', PASSWORD);
    expect(Object.keys(actor!).sort()).toEqual(['authVersion', 'email', 'id', 'kind', 'name', 'officeId', 'role']);
  });
});
