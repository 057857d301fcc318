import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { RequestTable } from '@/components/request-table';
import { can } from '@/lib/auth/permissions';
import { INBOX_LIMIT, inboxFor } from '@/lib/requests/inbox';
import { requirePageActor } from '@/lib/web/page-actor';
import { firstValues } from '@/lib/web/search-params';

export const metadata: Metadata = { title: 'Needs my action' };

/** The confirmation after proposing several agents at once (createRequestsAction redirects here). */
function createdMessage(params: Record<string, string | undefined>): string | null {
  const created = Number(params.created);
  if (!Number.isInteger(created) || created < 1) return null;
  const noun = created === 1 ? 'request' : 'requests';
  return params.draft === '1' ? `${created} ${noun} saved as ${created === 1 ? 'a draft' : 'drafts'}.` : `${created} ${noun} submitted to HSI headquarters for endorsement.`;
}

export default async function InboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor('/inbox');
  const groups = inboxFor(getDb(), actor);
  const total = groups.reduce((sum, g) => sum + g.total, 0);
  const created = createdMessage(firstValues(await searchParams));
  return (
    <>
      {created && (
        <div className="alert alert-success" role="status">
          <p>{created}</p>
        </div>
      )}
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
              <RequestTable rows={group.rows} statuses={group.statuses} caption={group.title} />
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
