import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { SignInForm } from '@/components/sign-in-form';
import { currentActor } from '@/lib/auth/current-actor';
import { ROLE_LABELS } from '@/lib/domain/roles';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDemoDatabase } from '@/lib/demo/seed-demo';
import { safeReturnPath } from '@/lib/web/safe-return-path';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const returnTo = safeReturnPath(params.callbackUrl);
  if (await currentActor()) redirect(returnTo);
  const showDemo = isDemoDatabase(getDb());
  return (
    <div className="sign-in">
      <h1>Sign in</h1>
      <p>This is a U.S. government system for tracking Title 21 cross-designation requests. Use is monitored and recorded.</p>
      <SignInForm returnTo={returnTo} hasError={params.error !== undefined} />
      {showDemo && (
        <section className="demo-accounts" aria-labelledby="demo-heading">
          <h2 id="demo-heading">Demo accounts</h2>
          <p>
            This database holds <strong>demo data only</strong>. Every demo account uses the password <code>{DEMO_PASSWORD}</code>.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
              </tr>
            </thead>
            <tbody>
              {DEMO_ACCOUNTS.map((a) => (
                <tr key={a.email}>
                  <td>{a.email}</td>
                  <td>{a.purpose ?? ROLE_LABELS[a.role]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
