// next-auth configuration: email and password, checked against our users table. The session cookie
// (an encrypted JWT) carries only the user id and the auth version; every request reloads the user
// from the database (current-actor.ts), so a disabled user or a changed role takes effect at once.
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { PASSWORD_MAX_LENGTH } from './password';
import { verifyCredentials } from './users';

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

const credentialsSchema = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

export const authOptions: AuthOptions = {
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/sign-in', error: '/sign-in' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(credentials) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const user = await verifyCredentials(getDb(), parsed.data.email, parsed.data.password);
        if (!user) return null;
        return { id: String(user.id), name: user.name, email: user.email, authVersion: user.authVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = Number(user.id);
        token.av = (user as { authVersion?: number }).authVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, uid: typeof token.uid === 'number' ? token.uid : null, av: typeof token.av === 'number' ? token.av : null };
    },
  },
};
