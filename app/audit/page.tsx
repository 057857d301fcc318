import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { ErrorSummary } from '@/components/error-summary';
import { Field } from '@/components/field';
import { Pagination } from '@/components/pagination';
import { SelectField } from '@/components/select-field';
import { readAuditTrail } from '@/lib/audit/audit-trail';
import { verifyAudit } from '@/lib/audit/audit-log';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '@/lib/domain/audit';
import { loadOrProblem } from '@/lib/web/load-or-problem';
import { requirePagePermission } from '@/lib/web/require-permission';
import { firstValues } from '@/lib/web/search-params';

export const metadata: Metadata = { title: 'Audit trail' };

const label = (s: string) => s.replace(/_/g, ' ');

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission('audit:read', '/audit');
  const params = firstValues(await searchParams);
  const db = getDb();
  const { result, problem } = loadOrProblem(() => readAuditTrail(db, actor, params));
  const verification = params.verify === '1' ? verifyAudit(db) : null;
  const { page: _page, verify: _verify, ...filterParams } = params;
  const query = new URLSearchParams(Object.entries(filterParams).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return (
    <>
      <h1>Audit trail</h1>
      <p className="lead">
        Every sign-in and failed attempt, sign-out, lock, change, import, export and reading of this trail, with the time (UTC), who, what, the outcome and where from.
        Records cannot be changed or removed, and each carries the fingerprint of the one before, so any tampering breaks the chain.
      </p>
      <p>
        <Link href={`/audit?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(query)), verify: '1' })}`}>Verify the whole chain</Link>
        {' · '}
        <a href={`/audit/csv${query ? `?${query}` : ''}`} download>
          Download these records (CSV)
        </a>
      </p>
      {verification && (
        <div className={`alert ${verification.ok ? 'alert-success' : 'alert-error'}`} role="status">
          <p>
            {verification.ok
              ? `The chain is intact: ${verification.records.toLocaleString('en-US')} records, each following the one before.${verification.head ? ` Head: ${verification.head}.` : ''}`
              : `The chain is broken at record ${verification.brokenAt}: ${verification.reason}.`}
          </p>
        </div>
      )}
      {problem && <ErrorSummary message={problem.message} fieldErrors={problem.fieldErrors} />}
      <form className="filters" method="get" role="search" aria-label="Filter the audit trail">
        <Field name="from" label="From (UTC)" errors={problem?.fieldErrors.from}>
          {(p) => <input {...p} type="date" defaultValue={params.from ?? ''} />}
        </Field>
        <Field name="to" label="To (UTC)" errors={problem?.fieldErrors.to}>
          {(p) => <input {...p} type="date" defaultValue={params.to ?? ''} />}
        </Field>
        <SelectField name="action" label="Action" placeholder="Any action" value={params.action} options={AUDIT_ACTIONS.map((a) => ({ value: a, label: label(a) }))} errors={problem?.fieldErrors.action} />
        <SelectField name="outcome" label="Outcome" placeholder="Any outcome" value={params.outcome} options={AUDIT_OUTCOMES.map((o) => ({ value: o, label: o }))} errors={problem?.fieldErrors.outcome} />
        <Field name="who" label="Who" hint="Name or email" errors={problem?.fieldErrors.who}>
          {(p) => <input {...p} type="search" defaultValue={params.who ?? ''} />}
        </Field>
        <Field name="object" label="Record" hint="e.g. request 42, user 7" errors={problem?.fieldErrors.object}>
          {(p) => <input {...p} type="search" defaultValue={params.object ?? ''} />}
        </Field>
        <button type="submit">Apply filters</button>
      </form>
      {result && (
        <>
          <p role="status">{result.total.toLocaleString('en-US')} records found.</p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Audit records, newest first</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">No.</th>
                  <th scope="col">When (UTC)</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Record</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">From</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((r) => (
                  <tr key={r.id}>
                    <td className="num">{r.id}</td>
                    <td>{new Date(r.at).toISOString().replace('T', ' ').replace('Z', '')}</td>
                    <td>
                      {r.actorName}
                      {r.actorRole ? <span className="muted"> ({label(r.actorRole)})</span> : null}
                    </td>
                    <td>{label(r.action)}</td>
                    <td>{r.objectType ? `${label(r.objectType)}${r.objectId ? ` ${r.objectId}` : ''}` : ''}</td>
                    <td>{r.outcome}</td>
                    <td>{r.sourceAddress ?? ''}</td>
                    <td className="details">{r.details ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination path="/audit" params={{ ...filterParams, page: undefined }} page={result.page} pageCount={result.pageCount} total={result.total} noun="records" />
        </>
      )}
    </>
  );
}
