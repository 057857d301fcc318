import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { RequestTable } from '@/components/request-table';
import { can } from '@/lib/auth/permissions';
import { INBOX_LIMIT, inboxFor } from '@/lib/requests/inbox';
import { requirePageActor } from '@/lib/web/page-actor';

export const metadata: Metadata = { title: 'Needs my action' };

export default async function InboxPage() {
  const actor = await requirePageActor('/inbox');
  const groups = inboxFor(getDb(), actor);
  const total = groups.reduce((sum, g) => sum + g.total, 0);
  return (
    <>
      <h1>Needs my action</h1>
      {groups.length === 0 ? (
        <p>
          Your role reviews and reports; nothing waits on you. See <Link href="/requests">all requests</Link>.
        </p>
      ) : (
        <p className="lead">
          {total === 0 ? 'Nothing is waiting for you.' : `${total.toLocaleString('en-US')} ${total === 1 ? 'request is' : 'requests are'} waiting for you, oldest first.`}
        </p>
      )}
      {can(actor, 'request:create') && (
        <p>
          <Link className="button" href="/requests/new">
            Propose agents
          </Link>
        </p>
      )}
      {groups.map((group) => (
        <section key={group.state} aria-labelledby={`group-${group.state}`}>
          <h2 id={`group-${group.state}`}>
            {group.title} ({group.total.toLocaleString('en-US')})
          </h2>
          {group.rows.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <>
              <RequestTable rows={group.rows} caption={group.title} />
              {group.total > INBOX_LIMIT && (
                <p>
                  Showing the oldest {INBOX_LIMIT}. <Link href={`/requests?state=${group.state}`}>See all {group.total.toLocaleString('en-US')}</Link>.
                </p>
              )}
            </>
          )}
        </section>
      ))}
    </>
  );
}
