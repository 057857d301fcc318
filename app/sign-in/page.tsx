import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { SignInForm } from '@/components/sign-in-form';
import { currentActor } from '@/lib/auth/current-actor';
import { ROLE_LABELS } from '@/lib/domain/roles';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDemoDatabase } from '@/lib/demo/seed-demo';
import { safeReturnPath } from '@/lib/web/safe-return-path';
import { USE_NOTICE } from '@/lib/auth/use-notice';
import { demoCodes } from '@/lib/demo/demo-sign-in';

export const metadata: Metadata = { title: 'Sign in' };
// Codes change every 30 seconds: never cache this page.
export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const returnTo = safeReturnPath(params.callbackUrl);
  if (await currentActor()) redirect(returnTo);
  const db = getDb();
  const showDemo = isDemoDatabase(db);
  const codes = showDemo ? demoCodes(db) : new Map<string, string | null>();
  return (
    <div className="sign-in">
      <h1>Sign in</h1>
      <SignInForm returnTo={returnTo} hasError={params.error !== undefined} notice={USE_NOTICE} />
      {showDemo && (
        <section className="demo-accounts" aria-labelledby="demo-heading">
          <h2 id="demo-heading">Demo accounts</h2>
          <p>
            This database holds <strong>demo data only</strong>. Every demo account uses the password <code>{DEMO_PASSWORD}</code>. Each has an authenticator
            already; its current one-time code is shown below (codes change every 30 seconds and each works once: reload the page for a fresh one).
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">One-time code now</th>
              </tr>
            </thead>
            <tbody>
              {DEMO_ACCOUNTS.map((a) => (
                <tr key={a.email}>
                  <td>{a.email}</td>
                  <td>{a.purpose ?? ROLE_LABELS[a.role]}</td>
                  <td>
                    <code>{codes.get(a.email) ?? 'wait 30 s'}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
