import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { ErrorSummary } from '@/components/error-summary';
import { Field } from '@/components/field';
import { Pagination } from '@/components/pagination';
import { RequestTable } from '@/components/request-table';
import { KIND_LABELS, REQUEST_KINDS, STATE_LABELS, STATES } from '@/lib/domain/workflow-states';
import { listOffices } from '@/lib/offices/list-offices';
import { listRequests } from '@/lib/requests/list-requests';
import { loadOrProblem } from '@/lib/web/load-or-problem';
import { requirePageActor } from '@/lib/web/page-actor';
import { firstValues } from '@/lib/web/search-params';
import { OfficeOptions } from '@/components/office-options';

export const metadata: Metadata = { title: 'Requests' };

export default async function RequestsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor('/requests');
  const params = firstValues(await searchParams);
  const db = getDb();
  const { result, problem } = loadOrProblem(() => listRequests(db, actor, params));
  const fieldOffices = listOffices(db, 'field_office', { includeInactive: true });
  const divisions = listOffices(db, 'division', { includeInactive: true });
  const filterParams = { ...params, page: undefined };

  return (
    <>
      <h1>Requests</h1>
      {problem && <ErrorSummary message={problem.message} fieldErrors={problem.fieldErrors} />}
      <form className="filters" method="get" role="search" aria-label="Filter requests">
        <Field name="q" label="Search" hint="Agent name, badge or reference" errors={problem?.fieldErrors.q}>
          {(p) => <input {...p} type="search" defaultValue={params.q ?? ''} />}
        </Field>
        <Field name="state" label="Status" errors={problem?.fieldErrors.state}>
          {(p) => (
            <select {...p} defaultValue={params.state ?? ''}>
              <option value="">Any status</option>
              {STATES.map((s) => (
                <option key={s} value={s}>
                  {STATE_LABELS[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {actor.role !== 'supervisor' && (
          <Field name="office" label="HSI office" errors={problem?.fieldErrors.office}>
            {(p) => (
              <select {...p} defaultValue={params.office ?? ''}>
                <option value="">Any office</option>
                <OfficeOptions offices={fieldOffices} />
              </select>
            )}
          </Field>
        )}
        {actor.role !== 'dea_division' && (
          <Field name="division" label="DEA division" errors={problem?.fieldErrors.division}>
            {(p) => (
              <select {...p} defaultValue={params.division ?? ''}>
                <option value="">Any division</option>
                <OfficeOptions offices={divisions} />
              </select>
            )}
          </Field>
        )}
        <Field name="kind" label="Kind" errors={problem?.fieldErrors.kind}>
          {(p) => (
            <select {...p} defaultValue={params.kind ?? ''}>
              <option value="">Any kind</option>
              {REQUEST_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit">Apply filters</button>
      </form>
      {result && (
        <>
          <p role="status">
            {result.total.toLocaleString('en-US')} {result.total === 1 ? 'request' : 'requests'} found.
          </p>
          {result.rows.length > 0 && <RequestTable rows={result.rows} statuses={result.statuses} caption="Requests matching the filters" />}
          <Pagination path="/requests" params={filterParams} page={result.page} pageCount={result.pageCount} total={result.total} noun="requests" />
        </>
      )}
    </>
  );
}
