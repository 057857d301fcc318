// Administrators manage who may sign in, with which role and office. A change of role, office or
// status bumps the user's auth version, which ends their open sessions at once.
import { endSessions } from '@/lib/auth/sessions';
import { recordAudit } from '@/lib/audit/audit-log';
import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { offices, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { isCommonPassword } from '@/lib/auth/password-policy';
import { isLocked } from '@/lib/auth/sign-in';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@/lib/auth/password';
import { normaliseEmail } from '@/lib/auth/users';
import { ROLE_OFFICE_KIND, ROLES, type Role } from '@/lib/domain/roles';
import { OFFICE_KIND_LABELS } from '@/lib/domain/offices';
import { invalid, notFound } from '@/lib/errors';
import { parseOrThrow } from '@/lib/validation/parse';

export const passwordSchema = z
  .string({ error: 'Enter a password.' })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`)
  .refine((p) => !isCommonPassword(p), 'This password is on the list of common and breached passwords; choose another (a few unrelated words work well).');

const officeIdField = z.preprocess((v) => (v === '' || v == null ? null : v), z.coerce.number().int().positive().nullable());

const userFields = {
  name: z.string({ error: 'Enter the person’s name.' }).trim().min(1, 'Enter the person’s name.').max(120, 'Use at most 120 characters.'),
  role: z.enum(ROLES, { error: 'Choose a role.' }),
  officeId: officeIdField,
};

export const newUserSchema = z.object({
  // Trimmed before the format check, which would otherwise refuse a pasted address's stray space
  // that normaliseEmail (and sign-in) ignore.
  email: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.email({ error: 'Enter an email address such as name@agency.gov.' }).max(254).transform(normaliseEmail),
  ),
  password: passwordSchema,
  ...userFields,
});

export const updateUserSchema = z.object({
  ...userFields,
  isActive: z.preprocess((v) => v === true || v === 'true' || v === 'on', z.boolean()),
});

/** A supervisor needs an HSI field office, a division coordinator a DEA division; others no office. */
function checkRoleOffice(db: Db, role: Role, officeId: number | null): number | null {
  const needed = ROLE_OFFICE_KIND[role];
  if (!needed) return null;
  const office = officeId == null ? undefined : db.select({ kind: offices.kind }).from(offices).where(eq(offices.id, officeId)).get();
  if (!office || office.kind !== needed) {
    throw invalid('Check the highlighted fields.', { officeId: [`Choose the ${OFFICE_KIND_LABELS[needed]} this person works in.`] });
  }
  return officeId;
}

export function listUsers(db: Db, actor: Actor) {
  assertCan(actor, 'user:manage');
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      officeId: users.officeId,
      officeName: offices.name,
      isActive: users.isActive,
      lastSignInAt: users.lastSignInAt,
      lockedAt: users.lockedAt,
      unlockedAt: users.unlockedAt,
      mfaEnrolledAt: users.mfaEnrolledAt,
    })
    .from(users)
    .leftJoin(offices, eq(offices.id, users.officeId))
    .orderBy(asc(users.name))
    .all()
    .map(({ lockedAt, unlockedAt, ...u }) => ({ ...u, isLocked: isLocked({ lockedAt, unlockedAt }) }));
}

export function getUserForEdit(db: Db, actor: Actor, userId: number) {
  assertCan(actor, 'user:manage');
  const row = db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, officeId: users.officeId, isActive: users.isActive, lockedAt: users.lockedAt, unlockedAt: users.unlockedAt, mfaEnrolledAt: users.mfaEnrolledAt })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!row) throw notFound('User');
  const { lockedAt, unlockedAt, ...user } = row;
  return { ...user, isLocked: isLocked({ lockedAt, unlockedAt }) };
}

export function createUser(db: Db, actor: Actor, input: unknown): { id: number } {
  assertCan(actor, 'user:manage');
  const data = parseOrThrow(newUserSchema, input);
  const officeId = checkRoleOffice(db, data.role, data.officeId);
  const passwordHash = hashPassword(data.password);
  return db.transaction(
    (tx) => {
      const existing = tx.select({ id: users.id }).from(users).where(eq(users.email, data.email)).get();
      if (existing) throw invalid('Check the highlighted fields.', { email: ['A user with this email already exists.'] });
      const now = Date.now();
      const created = tx
        .insert(users)
        .values({ email: data.email, name: data.name, passwordHash, role: data.role, officeId, createdAt: now, updatedAt: now })
        .returning({ id: users.id })
        .get();
      recordAudit(tx, actor, { action: 'user_changed', objectType: 'user', objectId: created.id, details: { change: 'created', email: data.email, role: data.role, officeId } }, now);
      return created;
    },
    { behavior: 'immediate' },
  );
}

export function updateUser(db: Db, actor: Actor, userId: number, input: unknown): void {
  assertCan(actor, 'user:manage');
  const data = parseOrThrow(updateUserSchema, input);
  const officeId = checkRoleOffice(db, data.role, data.officeId);
  if (actor.kind === 'user' && actor.id === userId && (!data.isActive || data.role !== 'admin')) {
    throw invalid('You cannot remove your own administrator access.', { role: ['Ask another administrator to change your own account.'] });
  }
  db.transaction(
    (tx) => {
      const before = tx.select({ role: users.role, officeId: users.officeId, isActive: users.isActive }).from(users).where(eq(users.id, userId)).get();
      if (!before) throw notFound('User');
      const isAccessChange = before.role !== data.role || before.officeId !== officeId || before.isActive !== data.isActive;
      tx.update(users)
        .set({
          name: data.name,
          role: data.role,
          officeId,
          isActive: data.isActive,
          updatedAt: Date.now(),
          authVersion: isAccessChange ? sql`${users.authVersion} + 1` : users.authVersion,
        })
        .where(eq(users.id, userId))
        .run();
      if (isAccessChange) endSessions(tx, userId, 'access changed');
      recordAudit(tx, actor, { action: 'user_changed', objectType: 'user', objectId: userId, details: { change: 'updated', before, after: { role: data.role, officeId, isActive: data.isActive } } });
    },
    { behavior: 'immediate' },
  );
}

export function resetPassword(db: Db, actor: Actor, userId: number, password: unknown): void {
  assertCan(actor, 'user:manage');
  const data = parseOrThrow(z.object({ password: passwordSchema }), { password });
  const passwordHash = hashPassword(data.password);
  db.transaction(
    (tx) => {
      const result = tx
        .update(users)
        .set({ passwordHash, updatedAt: Date.now(), authVersion: sql`${users.authVersion} + 1` })
        .where(eq(users.id, userId))
        .run();
      if (result.changes !== 1) throw notFound('User');
      endSessions(tx, userId, 'password reset');
      recordAudit(tx, actor, { action: 'password_changed', objectType: 'user', objectId: userId });
    },
    { behavior: 'immediate' },
  );
}
