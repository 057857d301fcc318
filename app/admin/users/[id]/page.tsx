import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { EditUserForm, ResetPasswordForm, UserButtonForm } from '@/components/admin-forms';
import { getUserForEdit } from '@/lib/admin/manage-users';
import { userOfficeChoices } from '@/lib/admin/office-choices';
import { isAppError } from '@/lib/errors';
import { idSchema } from '@/lib/validation/transition-input';
import { requirePagePermission } from '@/lib/web/require-permission';

export const metadata: Metadata = { title: 'User' };

const DONE: Record<string, string> = {
  unlocked: 'Unlocked. The person can sign in again.',
  authenticator: 'Authenticator cleared. The person sets up a new one at their next sign-in; their open sessions have ended.',
};

export default async function EditUserPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const done = (await searchParams).done;
  const doneMessage = typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : null;
  const actor = await requirePagePermission('user:manage', `/admin/users/${id}`);
  const parsed = idSchema.safeParse(id);
  if (!parsed.success) notFound();
  let user;
  try {
    user = getUserForEdit(getDb(), actor, parsed.data);
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }
  return (
    <>
      {doneMessage && (
        <div className="alert alert-success" role="status">
          <p>{doneMessage}</p>
        </div>
      )}
      <p>
        <Link href="/admin/users">All users</Link>
      </p>
      <h1>{user.name}</h1>
      <p className="lead">{user.email}</p>
      <EditUserForm user={user} offices={userOfficeChoices(getDb())} />
      <h2>Password</h2>
      <ResetPasswordForm userId={user.id} />
      <h2>Sign-in</h2>
      {user.isLocked && (
        <UserButtonForm userId={user.id} action="unlock" label="Unlock the account" hint="Locked after five failed sign-in attempts within 15 minutes." />
      )}
      <UserButtonForm
        userId={user.id}
        action="resetAuthenticator"
        label="Reset the authenticator"
        hint={user.mfaEnrolledAt ? 'For a lost or replaced phone: the person sets up a new authenticator at their next sign-in.' : 'No authenticator yet: the person sets one up at their first sign-in.'}
      />
    </>
  );
}
