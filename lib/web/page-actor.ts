// For pages: the signed-in user, or a redirect to sign-in. A convenience for rendering only; every
// data function in lib/ checks the actor's permission and scope again.
import { redirect } from 'next/navigation';
import type { UserActor } from '@/lib/auth/actor';
import { currentActor } from '@/lib/auth/current-actor';

export async function requirePageActor(returnTo?: string): Promise<UserActor> {
  const actor = await currentActor();
  if (!actor) redirect(returnTo ? `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : '/sign-in');
  return actor;
}
