// Server-side sessions. The signed cookie carries a session id; every request checks the session here:
// it ends after 30 minutes without activity and 12 hours in all, at sign-out, and when the user's
// access changes (role, office, disabled, password reset). An ended session never comes back, so a
// copied cookie stops working the moment its session ends.
import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { sessions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/audit-log';
import type { DbOrTx } from '@/lib/workflow/transition-request';

export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
// Activity is written at most this often: a page and its assets should not each write a row.
const TOUCH_EVERY_MS = 30 * 1000;

export function startSession(tx: DbOrTx, userId: number, sourceAddress: string | null, now = Date.now()): string {
  const id = randomBytes(32).toString('base64url');
  tx.insert(sessions).values({ id, userId, createdAt: now, lastSeenAt: now, sourceAddress }).run();
  return id;
}

export type SessionCheck = { ok: true } | { ok: false; reason: 'unknown' | 'ended' | 'idle' | 'absolute' };

/** Whether the session still stands at `now`; keeps it alive when it does, ends it when it has lapsed. */
export function checkSession(db: Db, sessionId: string, userId: number, now = Date.now()): SessionCheck {
  const session = db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
  if (!session || session.userId !== userId) return { ok: false, reason: 'unknown' };
  if (session.endedAt !== null) return { ok: false, reason: 'ended' };
  const lapse = now - session.createdAt >= SESSION_ABSOLUTE_MS ? 'absolute' : now - session.lastSeenAt >= SESSION_IDLE_MS ? 'idle' : null;
  if (lapse) {
    db.transaction(
      (tx) => {
        const ended = tx.update(sessions).set({ endedAt: now, endReason: lapse === 'idle' ? 'no activity for 30 minutes' : '12 hours since sign-in' }).where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt))).run();
        if (ended.changes === 1) recordAudit(tx, null, { action: 'session_ended', objectType: 'user', objectId: userId, actorName: `user ${userId}`, details: { reason: lapse } }, now);
      },
      { behavior: 'immediate' },
    );
    return { ok: false, reason: lapse };
  }
  if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
    db.update(sessions).set({ lastSeenAt: now }).where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt))).run();
  }
  return { ok: true };
}

export function endSession(tx: DbOrTx, sessionId: string, reason: string, now = Date.now()): boolean {
  return tx.update(sessions).set({ endedAt: now, endReason: reason }).where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt))).run().changes === 1;
}

/** Ends every open session of a user (their access changed). */
export function endSessions(tx: DbOrTx, userId: number, reason: string, now = Date.now()): number {
  return tx.update(sessions).set({ endedAt: now, endReason: reason }).where(and(eq(sessions.userId, userId), isNull(sessions.endedAt))).run().changes;
}
