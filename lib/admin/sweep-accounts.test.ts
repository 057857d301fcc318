// Disabling unused accounts: 90 days without a sign-in (or since creation, for one never used), the
// sessions of each ended, each audited; recent and already-disabled accounts left alone.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { auditLog, sessions, users } from '@/db/schema';
import { startSession, checkSession } from '@/lib/auth/sessions';
import { createTestDb, makeUser, type TestDb } from '@/lib/testing/test-db';
import { sweepAccounts } from './sweep-accounts';

const NOW = Date.UTC(2026, 10, 24, 12);
const DAY = 86_400_000;
let t: TestDb;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.close());

function user(name: string, lastSignInDaysAgo: number | null, createdDaysAgo = 400, isActive = true) {
  const actor = makeUser(t.db, 'auditor', undefined, name);
  t.db.update(users).set({ lastSignInAt: lastSignInDaysAgo === null ? null : NOW - lastSignInDaysAgo * DAY, createdAt: NOW - createdDaysAgo * DAY, isActive }).where(eq(users.id, actor.id)).run();
  return actor;
}

it('disables accounts unused for 90 days, ends their sessions, and audits each', () => {
  const stale = user('Stale Sam', 91);
  const never = user('Never Nora', null, 120);
  user('Recent Rita', 89);
  user('New Ned', null, 10);
  user('Gone Gary', 200, 400, false);
  const sid = startSession(t.db, stale.id, null, NOW - DAY);

  const { disabled } = sweepAccounts(t.db, { kind: 'system', name: 'sweep' }, NOW);
  expect(disabled.sort()).toEqual([stale.email, never.email].sort());
  const active = t.db.select({ name: users.name, isActive: users.isActive }).from(users).all();
  expect(Object.fromEntries(active.map((u) => [u.name, u.isActive]))).toMatchObject({ 'Stale Sam': false, 'Never Nora': false, 'Recent Rita': true, 'New Ned': true, 'Gone Gary': false });
  expect(checkSession(t.db, sid, stale.id, NOW)).toEqual({ ok: false, reason: 'ended' });
  expect(t.db.select().from(sessions).where(eq(sessions.id, sid)).get()?.endReason).toBe('disabled after 90 days unused');
  const records = t.db.select().from(auditLog).all();
  expect(records.filter((r) => r.action === 'user_changed').map((r) => Number(r.objectId)).sort()).toEqual([stale.id, never.id].sort());
  expect(records.filter((r) => r.action === 'accounts_swept')).toHaveLength(1);

  // A second run finds nothing more.
  expect(sweepAccounts(t.db, { kind: 'system', name: 'sweep' }, NOW).disabled).toEqual([]);
});
