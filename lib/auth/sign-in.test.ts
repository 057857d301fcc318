// Signing in, on a real temporary SQLite file: the notice must be acknowledged; a new account enrols
// an authenticator with its first code; a code works once; five failures within 15 minutes lock the
// account until an administrator unlocks it, and every attempt, lock and unlock is audited; sessions
// end after 30 idle minutes, after 12 hours, at sign-out and when access changes.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, sessions, users } from '@/db/schema';
import { createUser, updateUser } from '@/lib/admin/manage-users';
import { verifyAudit } from '@/lib/audit/audit-log';
import { createTestDb, makeUser, type TestDb } from '@/lib/testing/test-db';
import { checkSession, endSession, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './sessions';
import { pendingEnrolment, signInWithPassword, unlockAccount } from './sign-in';
import { totpCode } from './totp';

const PASSWORD = 'correct horse battery staple';
const T0 = Date.UTC(2026, 10, 2, 15);
const STEP = 30_000;
let t: TestDb;
let userId: number;

beforeEach(() => {
  t = createTestDb();
  const admin = makeUser(t.db, 'admin', undefined, 'Abe Admin');
  userId = createUser(t.db, admin, { email: 'ana@hsi.example.gov', name: 'Ana Ruiz', role: 'hsi_hq', officeId: '', password: PASSWORD }).id;
});
afterEach(() => t.close());

const attempt = (over: Partial<{ email: string; password: string; code: string | null; acknowledged: boolean }>, at: number) =>
  signInWithPassword(t.db, { email: 'ana@hsi.example.gov', password: PASSWORD, code: null, acknowledged: true, ...over }, '192.0.2.7', at);
const audits = (action: string) => t.db.select().from(auditLog).where(eq(auditLog.action, action)).all();
const secretOf = () => t.db.select({ s: users.totpSecret }).from(users).where(eq(users.id, userId)).get()!.s!;

/** Enrols the account at T0 and returns its secret. */
async function enrol(): Promise<string> {
  expect(await attempt({}, T0)).toEqual({ ok: false, refusal: 'enrol' });
  const pending = await pendingEnrolment(t.db, 'ana@hsi.example.gov', PASSWORD);
  expect(pending?.secret).toBe(secretOf());
  const result = await attempt({ code: totpCode(pending!.secret, T0) }, T0);
  expect(result.ok).toBe(true);
  return pending!.secret;
}

describe('the use notice', () => {
  it('must be acknowledged before anything else is checked, and each acknowledgement is audited', async () => {
    expect(await attempt({ acknowledged: false }, T0)).toEqual({ ok: false, refusal: 'notice' });
    expect(audits('notice_acknowledged')).toHaveLength(0);
    await attempt({}, T0);
    expect(audits('notice_acknowledged')).toMatchObject([{ actorName: 'ana@hsi.example.gov', sourceAddress: '192.0.2.7' }]);
  });
});

describe('one-time codes', () => {
  it('enrols a new account with its first code, then needs a code every time', async () => {
    const secret = await enrol();
    expect(audits('mfa_enrolled')).toHaveLength(1);
    expect(await pendingEnrolment(t.db, 'ana@hsi.example.gov', PASSWORD)).toBeNull();
    expect(await attempt({}, T0 + 5 * STEP)).toEqual({ ok: false, refusal: 'code_required' });
    expect((await attempt({ code: totpCode(secret, T0 + 5 * STEP) }, T0 + 5 * STEP)).ok).toBe(true);
  });

  it('accepts a code only once, and neither an earlier one', async () => {
    const secret = await enrol();
    const at = T0 + 10 * STEP;
    expect((await attempt({ code: totpCode(secret, at) }, at)).ok).toBe(true);
    expect(await attempt({ code: totpCode(secret, at) }, at + 1000)).toEqual({ ok: false, refusal: 'code_invalid' });
    expect(await attempt({ code: totpCode(secret, at - STEP) }, at + 1000)).toEqual({ ok: false, refusal: 'code_invalid' });
    // The next step's code is fine.
    expect((await attempt({ code: totpCode(secret, at + STEP) }, at + STEP)).ok).toBe(true);
  });

  it('does not issue an enrolment secret without the right password', async () => {
    expect(await attempt({ password: 'not the password at all' }, T0)).toEqual({ ok: false, refusal: 'invalid' });
    expect(secretOf()).toBeNull();
    expect(await pendingEnrolment(t.db, 'ana@hsi.example.gov', 'not the password at all')).toBeNull();
  });
});

describe('lockout', () => {
  it('locks after five failures within 15 minutes, refuses even the right password, and an administrator unlocks', async () => {
    const secret = await enrol();
    for (let i = 0; i < 4; i += 1) expect(await attempt({ password: `wrong ${i} password`, code: '000000' }, T0 + (i + 1) * 60_000)).toEqual({ ok: false, refusal: 'invalid' });
    // The fifth failure: a wrong code after the right password counts too.
    expect(await attempt({ code: '000000' }, T0 + 5 * 60_000)).toEqual({ ok: false, refusal: 'locked' });
    expect(audits('account_locked')).toHaveLength(1);
    expect(await attempt({ code: totpCode(secret, T0 + 6 * 60_000) }, T0 + 6 * 60_000)).toEqual({ ok: false, refusal: 'locked' });

    const admin = makeUser(t.db, 'admin', undefined, 'Second Admin');
    unlockAccount(t.db, admin, userId, T0 + 7 * 60_000);
    expect(audits('account_unlocked')).toMatchObject([{ actorName: 'Second Admin', objectId: String(userId) }]);
    expect((await attempt({ code: totpCode(secret, T0 + 8 * 60_000) }, T0 + 8 * 60_000)).ok).toBe(true);
  });

  it('forgets failures older than 15 minutes', async () => {
    await enrol();
    for (let i = 0; i < 4; i += 1) await attempt({ password: 'wrong wrong wrong' }, T0 + 60_000 + i);
    expect(await attempt({ password: 'wrong wrong wrong' }, T0 + 60_000 + 16 * 60_000)).toEqual({ ok: false, refusal: 'invalid' });
    expect(audits('account_locked')).toHaveLength(0);
  });

  it('audits every failure, with the email tried and where from, and keeps the chain intact', async () => {
    await attempt({ email: 'nobody@hsi.example.gov' }, T0);
    await attempt({ password: 'wrong wrong wrong' }, T0 + 1);
    expect(audits('sign_in_failed').map((a) => [a.actorName, a.sourceAddress, JSON.parse(a.details!).reason])).toEqual([
      ['nobody@hsi.example.gov', '192.0.2.7', 'unknown email'],
      ['ana@hsi.example.gov', '192.0.2.7', 'wrong password'],
    ]);
    expect(verifyAudit(t.db).ok).toBe(true);
  });
});

describe('sessions', () => {
  async function signedIn(): Promise<string> {
    const secret = await enrol();
    const result = await attempt({ code: totpCode(secret, T0 + 3 * STEP) }, T0 + 3 * STEP);
    if (!result.ok) throw new Error('sign-in failed');
    return result.sessionId;
  }

  it('stays open while used, ends after 30 idle minutes', async () => {
    const sid = await signedIn();
    const start = T0 + 3 * STEP;
    expect(checkSession(t.db, sid, userId, start + SESSION_IDLE_MS - 1000)).toEqual({ ok: true });
    expect(checkSession(t.db, sid, userId, start + 2 * SESSION_IDLE_MS - 2000)).toEqual({ ok: true });
    expect(checkSession(t.db, sid, userId, start + 3 * SESSION_IDLE_MS)).toEqual({ ok: false, reason: 'idle' });
    expect(checkSession(t.db, sid, userId, start + 3 * SESSION_IDLE_MS + 1)).toEqual({ ok: false, reason: 'ended' });
    expect(audits('session_ended')).toHaveLength(1);
  });

  it('ends 12 hours after sign-in however busy', async () => {
    const sid = await signedIn();
    const start = T0 + 3 * STEP;
    for (let at = start; at < start + SESSION_ABSOLUTE_MS; at += 20 * 60_000) expect(checkSession(t.db, sid, userId, at).ok).toBe(true);
    expect(checkSession(t.db, sid, userId, start + SESSION_ABSOLUTE_MS)).toEqual({ ok: false, reason: 'absolute' });
  });

  it('ends at sign-out and when the person’s access changes, and never comes back', async () => {
    const sid = await signedIn();
    t.db.transaction((tx) => endSession(tx, sid, 'signed out'));
    expect(checkSession(t.db, sid, userId, T0 + 4 * STEP)).toEqual({ ok: false, reason: 'ended' });

    const secret = secretOf();
    const second = await attempt({ code: totpCode(secret, T0 + 6 * STEP) }, T0 + 6 * STEP);
    if (!second.ok) throw new Error('sign-in failed');
    const admin = makeUser(t.db, 'admin', undefined, 'Third Admin');
    updateUser(t.db, admin, userId, { name: 'Ana Ruiz', role: 'auditor', officeId: '', isActive: true });
    expect(checkSession(t.db, second.sessionId, userId, T0 + 7 * STEP)).toEqual({ ok: false, reason: 'ended' });
    expect(t.db.select({ reason: sessions.endReason }).from(sessions).where(eq(sessions.id, second.sessionId)).get()?.reason).toBe('access changed');
  });
});
