// The signed-in user for this request: the session cookie names a user, an auth version and a
// server-side session; the user is reloaded from the database and the session checked every time.
import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { getDb } from '@/db/client';
import type { UserActor } from './actor';
import { authOptions } from './auth-options';
import { checkSession } from './sessions';
import { sourceAddressOf } from './source-address';
import { loadSessionUser } from './users';

export async function currentActor(): Promise<UserActor | null> {
  const session = (await getServerSession(authOptions)) as { uid?: number | null; av?: number | null; sid?: string | null } | null;
  if (!session?.uid || session.av == null || !session.sid) return null;
  const db = getDb();
  const user = loadSessionUser(db, session.uid, session.av);
  if (!user || !checkSession(db, session.sid, user.id).ok) return null;
  return { ...user, sourceAddress: sourceAddressOf(await headers()), sessionId: session.sid };
}
