import { notFound } from 'next/navigation';
import type { UserActor } from '@/lib/auth/actor';
import { can, type Permission } from '@/lib/auth/permissions';
import { requirePageActor } from './page-actor';

/** For pages only some roles have: others get the same 404 as a page that does not exist. */
export async function requirePagePermission(permission: Permission, returnTo: string): Promise<UserActor> {
  const actor = await requirePageActor(returnTo);
  if (!can(actor, permission)) notFound();
  return actor;
}
