import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { listUsers } from '@/lib/admin/manage-users';
import { ROLE_LABELS } from '@/lib/domain/roles';
import { formatInstant } from '@/lib/format';
import { requirePagePermission } from '@/lib/web/require-permission';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission('user:manage', '/admin/users');
  const users = listUsers(getDb(), actor);
  const { done } = await searchParams;
  return (
    <>
      {done === 'created' && (
        <div className="alert alert-success" role="status">
          <p>User created.</p>
        </div>
      )}
      <h1>Users</h1>
      <p>
        <Link className="button" href="/admin/users/new">
          Add a user
        </Link>
      </p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Users</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Office</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link href={`/admin/users/${u.id}`}>{u.name}</Link>
                </td>
                <td>{u.email}</td>
                <td>{ROLE_LABELS[u.role]}</td>
                <td>{u.officeName ?? ''}</td>
                <td>{!u.isActive ? 'Disabled' : u.isLocked ? 'Locked' : 'Active'}</td>
                <td>{u.lastSignInAt ? formatInstant(u.lastSignInAt) : 'Never'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
