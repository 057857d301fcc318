import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { NewUserForm } from '@/components/admin-forms';
import { userOfficeChoices } from '@/lib/admin/office-choices';
import { requirePagePermission } from '@/lib/web/require-permission';

export const metadata: Metadata = { title: 'Add a user' };

export default async function NewUserPage() {
  await requirePagePermission('user:manage', '/admin/users/new');
  return (
    <>
      <p>
        <Link href="/admin/users">All users</Link>
      </p>
      <h1>Add a user</h1>
      <NewUserForm offices={userOfficeChoices(getDb())} />
    </>
  );
}
