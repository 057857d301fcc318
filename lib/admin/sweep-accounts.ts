// Accounts nobody has used for 90 days are disabled (NIST SP 800-53 AC-2(3)): `npm run t21 --
// sweep-accounts`, run daily like `expire`. "Used" is the last sign-in, or the account's creation for
// one never signed in to; an administrator re-enables an account on the Users page. Each account
// disabled ends its sessions and is audited.
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/audit-log';
import type { Actor } from '@/lib/auth/actor';
import { endSessions } from '@/lib/auth/sessions';

export const INACTIVE_DAYS = 90;

export function sweepAccounts(db: Db, actor: Actor, now = Date.now()): { disabled: string[] } {
  const cutoff = now - INACTIVE_DAYS * 86_400_000;
  return db.transaction(
    (tx) => {
      const stale = tx
        .select({ id: users.id, email: users.email, lastSignInAt: users.lastSignInAt })
        .from(users)
        .where(and(eq(users.isActive, true), or(lt(users.lastSignInAt, cutoff), and(isNull(users.lastSignInAt), lt(users.createdAt, cutoff)))))
        .all();
      for (const user of stale) {
        tx.update(users).set({ isActive: false, updatedAt: now, authVersion: sql`${users.authVersion} + 1` }).where(eq(users.id, user.id)).run();
        endSessions(tx, user.id, 'disabled after 90 days unused', now);
        recordAudit(tx, actor, { action: 'user_changed', objectType: 'user', objectId: user.id, details: { change: 'disabled', reason: `unused for ${INACTIVE_DAYS} days`, lastSignInAt: user.lastSignInAt } }, now);
      }
      recordAudit(tx, actor, { action: 'accounts_swept', details: { disabled: stale.length } }, now);
      return { disabled: stale.map((u) => u.email) };
    },
    { behavior: 'immediate' },
  );
}
