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
import { officeOptions, SelectField } from '@/components/select-field';

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
        <SelectField name="state" label="Status" placeholder="Any status" value={params.state} options={STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }))} errors={problem?.fieldErrors.state} />
        {actor.role !== 'supervisor' && (
          <SelectField name="office" label="HSI office" placeholder="Any office" value={params.office} options={officeOptions(fieldOffices)} errors={problem?.fieldErrors.office} />
        )}
        {actor.role !== 'dea_division' && (
          <SelectField name="division" label="DEA division" placeholder="Any division" value={params.division} options={officeOptions(divisions)} errors={problem?.fieldErrors.division} />
        )}
        <SelectField name="kind" label="Kind" placeholder="Any kind" value={params.kind} options={REQUEST_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))} errors={problem?.fieldErrors.kind} />
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
