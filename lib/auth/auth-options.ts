// next-auth configuration: the use notice, email and password, and a one-time code, checked by
// lib/auth/sign-in.ts against our users table. The session cookie (an encrypted JWT) carries only the
// user id, the auth version and a server-side session id; every request reloads the user and checks
// the session (current-actor.ts), so sign-out, a disabled user, a changed role or 30 idle minutes end
// it at once, whatever the cookie says.
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { recordAudit } from '@/lib/audit/audit-log';
import { PASSWORD_MAX_LENGTH } from './password';
import { endSession, SESSION_ABSOLUTE_MS } from './sessions';
import { signInWithPassword } from './sign-in';
import { sourceAddressOf } from './source-address';

export const SESSION_MAX_AGE_SECONDS = SESSION_ABSOLUTE_MS / 1000;

const credentialsSchema = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  code: z.string().max(20).optional(),
  acknowledged: z.string().optional(),
});

// Served over HTTPS, the cookie takes the __Host- prefix: Secure, Path=/, no Domain, so no other host
// or path can set or read it. Local development over plain HTTP cannot use the prefix.
const isHttps = (process.env.NEXTAUTH_URL ?? '').startsWith('https://');
export const SESSION_COOKIE = isHttps ? '__Host-t21.session' : 't21.session';

export const authOptions: AuthOptions = {
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/sign-in', error: '/sign-in' },
  cookies: {
    sessionToken: { name: SESSION_COOKIE, options: { httpOnly: true, sameSite: 'lax', path: '/', secure: isHttps } },
  },
  providers: [
    CredentialsProvider({
      name: 'Email, password and one-time code',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
        code: { label: 'One-time code', type: 'text' },
        acknowledged: { label: 'I have read the notice', type: 'checkbox' },
      },
      async authorize(credentials, req) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) throw new Error('invalid');
        const result = await signInWithPassword(
          getDb(),
          { email: parsed.data.email, password: parsed.data.password, code: parsed.data.code ?? null, acknowledged: parsed.data.acknowledged === 'yes' },
          sourceAddressOf(req?.headers ?? {}),
        );
        // The refusal travels to the form as the error code; it says nothing a stranger can use
        // beyond "locked" and "enrol", which follow a correct password.
        if (!result.ok) throw new Error(result.refusal);
        return { id: String(result.user.id), name: result.user.name, email: result.user.email, authVersion: result.user.authVersion, sessionId: result.sessionId };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = Number(user.id);
        token.av = (user as { authVersion?: number }).authVersion ?? 0;
        token.sid = (user as { sessionId?: string }).sessionId ?? null;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, uid: typeof token.uid === 'number' ? token.uid : null, av: typeof token.av === 'number' ? token.av : null, sid: typeof token.sid === 'string' ? token.sid : null };
    },
  },
  events: {
    signOut({ token }) {
      const sid = typeof token?.sid === 'string' ? token.sid : null;
      const uid = typeof token?.uid === 'number' ? token.uid : null;
      if (!sid || uid === null) return;
      const db = getDb();
      db.transaction(
        (tx) => {
          if (endSession(tx, sid, 'signed out')) recordAudit(tx, null, { action: 'sign_out', objectType: 'user', objectId: uid, actorName: typeof token?.email === 'string' ? token.email : `user ${uid}` });
        },
        { behavior: 'immediate' },
      );
    },
  },
};
