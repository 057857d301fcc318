import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { ErrorSummary } from '@/components/error-summary';
import { Field } from '@/components/field';
import { Pagination } from '@/components/pagination';
import { StateTag } from '@/components/state-tag';
import { can } from '@/lib/auth/permissions';
import { settings } from '@/lib/config';
import { formatDate } from '@/lib/format';
import { listAgents } from '@/lib/agents/list-agents';
import { listOffices } from '@/lib/offices/list-offices';
import { loadOrProblem } from '@/lib/web/load-or-problem';
import { requirePageActor } from '@/lib/web/page-actor';
import { firstValues } from '@/lib/web/search-params';
import { officeOptions, SelectField } from '@/components/select-field';

export const metadata: Metadata = { title: 'Agents' };

export default async function AgentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor('/agents');
  const params = firstValues(await searchParams);
  const db = getDb();
  const { result, problem } = loadOrProblem(() => listAgents(db, actor, params));
  const { T21_RENEWAL_WINDOW_DAYS } = settings();
  const mayPropose = can(actor, 'request:create');

  return (
    <>
      <h1>Agents</h1>
      <p className="lead">HSI agents with their latest designation and any request in progress, and DEA agents (who take the joint training). Choose a name for the person’s training.</p>
      {problem && <ErrorSummary message={problem.message} fieldErrors={problem.fieldErrors} />}
      <form className="filters" method="get" role="search" aria-label="Filter agents">
        <Field name="q" label="Search" hint="Agent name or badge" errors={problem?.fieldErrors.q}>
          {(p) => <input {...p} type="search" defaultValue={params.q ?? ''} />}
        </Field>
        {actor.role !== 'supervisor' && (
          <SelectField
            name="office"
            label="Office or division"
            placeholder="Any office"
            value={params.office}
            options={officeOptions([...listOffices(db, 'field_office', { includeInactive: true }), ...listOffices(db, 'division', { includeInactive: true })])}
            errors={problem?.fieldErrors.office}
          />
        )}
        <button type="submit">Apply filters</button>
      </form>
      {result && (
        <>
          <p role="status">
            {result.total.toLocaleString('en-US')} {result.total === 1 ? 'agent' : 'agents'} found.
          </p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Agents</caption>
              <thead>
                <tr>
                  <th scope="col">Agent</th>
                  <th scope="col">Badge</th>
                  <th scope="col">Agency</th>
                  <th scope="col">Office</th>
                  <th scope="col">Duty station</th>
                  <th scope="col">Designation</th>
                  <th scope="col">Ends</th>
                  <th scope="col">In progress</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((agent) => {
                  const d = agent.designation;
                  const daysLeft = agent.daysLeft;
                  const isRenewable = mayPropose && agent.isRenewalDue;
                  return (
                    <tr key={agent.id}>
                      <td>
                        <Link href={`/agents/${agent.id}`}>{agent.name}</Link>
                      </td>
                      <td>{agent.badge}</td>
                      <td>{agent.agency}</td>
                      <td>{agent.officeName}</td>
                      <td>{agent.dutyStation}</td>
                      <td>{d ? <StateTag state={d.state} /> : <span className="muted">{agent.agency === 'HSI' ? 'None' : 'Not applicable'}</span>}</td>
                      <td>
                        {d ? formatDate(d.endsOn) : ''}
                        {d?.state === 'active' && daysLeft !== null && daysLeft <= T21_RENEWAL_WINDOW_DAYS && <span className="muted"> ({daysLeft === 1 ? '1 day' : `${daysLeft} days`} left)</span>}
                      </td>
                      <td>
                        {agent.openRequest ? (
                          <Link href={`/requests/${agent.openRequest.id}`}>{agent.openRequest.ref}</Link>
                        ) : isRenewable ? (
                          <Link href={`/requests/new?renew=${agent.id}`}>
                            Request renewal<span className="visually-hidden"> for {agent.name}</span>
                          </Link>
                        ) : (
                          ''
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pagination path="/agents" params={{ ...params, page: undefined }} page={result.page} pageCount={result.pageCount} total={result.total} noun="agents" />
        </>
      )}
    </>
  );
}
