// Reading users for authentication. Only lib/ ever sees a password hash; what leaves is a UserActor.
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import type { UserActor } from './actor';
import { timingDummyHash, verifyPassword } from './password';

const actorColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  officeId: users.officeId,
  isActive: users.isActive,
  authVersion: users.authVersion,
};

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The user for a sign-in attempt, or null; unknown emails cost the same time as wrong passwords. */
export async function verifyCredentials(
  db: Db,
  email: string,
  password: string,
): Promise<(UserActor & { authVersion: number }) | null> {
  const row = db
    .select({ ...actorColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, normaliseEmail(email)))
    .get();
  const isMatch = await verifyPassword(password, row?.passwordHash ?? timingDummyHash());
  if (!row || !isMatch || !row.isActive) return null;
  db.update(users).set({ lastSignInAt: Date.now() }).where(eq(users.id, row.id)).run();
  return { kind: 'user', id: row.id, name: row.name, email: row.email, role: row.role, officeId: row.officeId, authVersion: row.authVersion };
}

/**
 * The user a session names, loaded fresh: a disabled user, or one whose role or office changed since
 * the session began (authVersion bumped), gets null and is treated as signed out.
 */
export function loadSessionUser(db: Db, userId: number, authVersion: number): UserActor | null {
  const row = db.select(actorColumns).from(users).where(eq(users.id, userId)).get();
  if (!row || !row.isActive || row.authVersion !== authVersion) return null;
  return { kind: 'user', id: row.id, name: row.name, email: row.email, role: row.role, officeId: row.officeId };
}
