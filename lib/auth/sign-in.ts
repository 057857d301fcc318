// Signing in: the use notice acknowledged, the password, then a one-time code (or, for an account not
// yet enrolled, enrolment with its first code). Every attempt is audited, successful or not; five
// failures within 15 minutes (wrong password or wrong code) lock the account until an administrator
// unlocks it. The database work is one IMMEDIATE transaction, so the audit record and what it records
// stand or fall together.
import { and, count, eq, gt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/audit-log';
import type { UserActor } from './actor';
import { timingDummyHash, verifyPassword } from './password';
import { endSessions, startSession } from './sessions';
import { assertCan } from './permissions';
import { notFound } from '@/lib/errors';
import { acceptTotp, newTotpSecret } from './totp';
import { normaliseEmail } from './users';

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;

/** Why a sign-in did not succeed; the sign-in form turns each into plain words. */
export type SignInRefusal = 'notice' | 'invalid' | 'locked' | 'code_required' | 'code_invalid' | 'enrol';

export interface SignInInput {
  email: string;
  password: string;
  code?: string | null;
  acknowledged: boolean;
}

export type SignInResult = { ok: true; user: UserActor & { authVersion: number }; sessionId: string } | { ok: false; refusal: SignInRefusal };

const isLocked = (u: { lockedAt: number | null; unlockedAt: number | null }) => u.lockedAt !== null && (u.unlockedAt === null || u.unlockedAt < u.lockedAt);

export async function signInWithPassword(db: Db, input: SignInInput, sourceAddress: string | null, now = Date.now()): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const row = db.select().from(users).where(eq(users.email, email)).get();
  // Unknown emails cost the same time as wrong passwords.
  const isPasswordRight = await verifyPassword(input.password, row?.passwordHash ?? timingDummyHash());
  const code = (input.code ?? '').replace(/\s+/g, '');

  return db.transaction(
    (tx): SignInResult => {
      const fail = (refusal: SignInRefusal, reason: string, countsTowardLock: boolean): SignInResult => {
        // 'failure' marks the attempts that count toward a lock (a wrong password or code); the rest are 'denied'.
        recordAudit(tx, null, { action: 'sign_in_failed', outcome: countsTowardLock ? 'failure' : 'denied', objectType: 'user', objectId: row?.id ?? null, actorName: email, sourceAddress, details: { reason } }, now);
        if (row && countsTowardLock && !isLocked(row)) {
          const since = Math.max(now - LOCKOUT_WINDOW_MS, row.lastSignInAt ?? 0, row.unlockedAt ?? 0);
          const failures =
            tx
              .select({ n: count() })
              .from(auditLog)
              .where(and(eq(auditLog.action, 'sign_in_failed'), eq(auditLog.outcome, 'failure'), eq(auditLog.objectType, 'user'), eq(auditLog.objectId, String(row.id)), gt(auditLog.at, since - 1)))
              .get()?.n ?? 0;
          if (failures >= LOCKOUT_FAILURES) {
            tx.update(users).set({ lockedAt: now }).where(eq(users.id, row.id)).run();
            recordAudit(tx, null, { action: 'account_locked', outcome: 'success', objectType: 'user', objectId: row.id, actorName: 'T21 Tracker', sourceAddress, details: { failures, windowMinutes: LOCKOUT_WINDOW_MS / 60_000 } }, now);
            return { ok: false, refusal: 'locked' };
          }
        }
        return { ok: false, refusal };
      };

      if (!input.acknowledged) return fail('notice', 'use notice not acknowledged', false);
      recordAudit(tx, null, { action: 'notice_acknowledged', objectType: 'user', objectId: row?.id ?? null, actorName: email, sourceAddress }, now);
      if (!row) return fail('invalid', 'unknown email', false);
      if (isLocked(row)) return fail('locked', 'account locked', false);
      if (!row.isActive) return fail('invalid', 'account disabled', false);
      if (!isPasswordRight) return fail('invalid', 'wrong password', true);

      // Password right. Not yet enrolled: a secret is issued (kept until confirmed) and the first code
      // confirms it.
      let enrolling = false;
      if (row.mfaEnrolledAt === null) {
        if (!row.totpSecret || !code) {
          if (!row.totpSecret) tx.update(users).set({ totpSecret: newTotpSecret() }).where(eq(users.id, row.id)).run();
          return { ok: false, refusal: 'enrol' };
        }
        enrolling = true;
      }
      if (!code) return { ok: false, refusal: 'code_required' };
      const step = acceptTotp(row.totpSecret!, code, row.totpLastStep, now);
      if (step === null) return fail('code_invalid', 'wrong or reused one-time code', true);

      tx.update(users)
        .set({ totpLastStep: step, lastSignInAt: now, ...(enrolling ? { mfaEnrolledAt: now } : {}) })
        .where(eq(users.id, row.id))
        .run();
      const user = { kind: 'user' as const, id: row.id, name: row.name, email: row.email, role: row.role, officeId: row.officeId, authVersion: row.authVersion, sourceAddress };
      if (enrolling) recordAudit(tx, user, { action: 'mfa_enrolled', objectType: 'user', objectId: row.id }, now);
      const sessionId = startSession(tx, row.id, sourceAddress, now);
      recordAudit(tx, user, { action: 'sign_in', objectType: 'user', objectId: row.id, details: { session: sessionId.slice(0, 8) } }, now);
      return { ok: true, user, sessionId };
    },
    { behavior: 'immediate' },
  );
}

/** The secret an account not yet enrolled is to enrol, after checking its password (the enrolment
 * page shows it as a QR code). Null when the password is wrong or the account is enrolled already. */
export async function pendingEnrolment(db: Db, emailInput: string, password: string): Promise<{ email: string; secret: string } | null> {
  const email = normaliseEmail(emailInput);
  const row = db.select().from(users).where(eq(users.email, email)).get();
  const isPasswordRight = await verifyPassword(password, row?.passwordHash ?? timingDummyHash());
  if (!row || !isPasswordRight || !row.isActive || isLocked(row) || row.mfaEnrolledAt !== null || !row.totpSecret) return null;
  return { email: row.email, secret: row.totpSecret };
}

/** An administrator unlocks a locked account; audited. */
export function unlockAccount(db: Db, actor: UserActor, userId: number, now = Date.now()): void {
  assertCan(actor, 'user:manage');
  db.transaction(
    (tx) => {
      const row = tx.select({ lockedAt: users.lockedAt, unlockedAt: users.unlockedAt }).from(users).where(eq(users.id, userId)).get();
      if (!row) throw notFound('User');
      if (!isLocked(row)) return;
      tx.update(users).set({ unlockedAt: now }).where(eq(users.id, userId)).run();
      recordAudit(tx, actor, { action: 'account_unlocked', objectType: 'user', objectId: userId }, now);
    },
    { behavior: 'immediate' },
  );
}

/** An administrator clears a person's authenticator (a lost phone): they enrol again at their next
 * sign-in, after their password. Their sessions end; audited. */
export function resetAuthenticator(db: Db, actor: UserActor, userId: number, now = Date.now()): void {
  assertCan(actor, 'user:manage');
  db.transaction(
    (tx) => {
      const changed = tx.update(users).set({ totpSecret: null, totpLastStep: null, mfaEnrolledAt: null, updatedAt: now }).where(eq(users.id, userId)).run();
      if (changed.changes !== 1) throw notFound('User');
      endSessions(tx, userId, 'authenticator reset', now);
      recordAudit(tx, actor, { action: 'user_changed', objectType: 'user', objectId: userId, details: { change: 'authenticator reset' } }, now);
    },
    { behavior: 'immediate' },
  );
}

export { isLocked };
