// The signed-in user for this request, reloaded from the database every time.
import { getServerSession } from 'next-auth';
import { getDb } from '@/db/client';
import type { UserActor } from './actor';
import { authOptions } from './auth-options';
import { loadSessionUser } from './users';

export async function currentActor(): Promise<UserActor | null> {
  const session = (await getServerSession(authOptions)) as { uid?: number | null; av?: number | null } | null;
  if (!session?.uid || session.av == null) return null;
  return loadSessionUser(getDb(), session.uid, session.av);
}
