import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { RecordCompletionForm } from '@/components/training-record-forms';
import { TrainingStatusTag } from '@/components/training-status-tag';
import { can } from '@/lib/auth/permissions';
import { COMPLETION_KIND_LABELS, COMPLETION_SOURCE_LABELS } from '@/lib/domain/training';
import { isAppError } from '@/lib/errors';
import { formatDate, formatInstant } from '@/lib/format';
import { personTraining } from '@/lib/training/training-status';
import { requirePagePermission } from '@/lib/web/require-permission';

export const metadata: Metadata = { title: 'Agent' };

export default async function AgentPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const query = await searchParams;
  const actor = await requirePagePermission('agent:read', `/agents/${encodeURIComponent(id)}`);
  const agentId = /^\d{1,12}$/.test(id) ? Number(id) : null;
  if (agentId === null) notFound();
  let data;
  try {
    data = personTraining(getDb(), actor, agentId);
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }
  const { person } = data;
  const activated = typeof query.activated === 'string' ? query.activated.split(',').filter((ref) => /^[A-Z0-9-]{1,40}$/.test(ref)) : [];
  const mayRecord = can(actor, 'training:record');
  const recordable = data.modules.filter((m) => m.status === 'published');
  return (
    <>
      {query.done === 'recorded' && (
        <div className="alert alert-success" role="status">
          <p>
            Recorded.
            {activated.length > 0 && ` ${person.name} no longer owes training required before activation: ${activated.join(', ')} ${activated.length === 1 ? 'is' : 'are'} now active.`}
          </p>
        </div>
      )}
      <p>
        <Link href="/agents">All agents</Link>
      </p>
      <h1>{person.name}</h1>
      <dl className="summary-list">
        <dt>Badge</dt>
        <dd>{person.badge}</dd>
        <dt>Agency</dt>
        <dd>{person.agency}</dd>
        <dt>Office</dt>
        <dd>
          <Link href={`/training/offices/${encodeURIComponent(person.officeCode)}`}>{person.officeName}</Link>
        </dd>
        {person.agency === 'HSI' && (
          <>
            <dt>Requests</dt>
            <dd>
              <Link href={`/requests?q=${encodeURIComponent(person.badge)}`}>Requests for {person.badge}</Link>
            </dd>
          </>
        )}
      </dl>

      {data.pending.length > 0 && (
        <div className="alert alert-warning" role="status">
          <p>
            {data.pending.map((r, i) => (
              <span key={r.id}>
                {i > 0 && ', '}
                <Link href={`/requests/${r.id}`}>{r.ref}</Link>
              </span>
            ))}{' '}
            {data.pending.length === 1 ? 'is' : 'are'} approved and waiting for training: {data.pending.length === 1 ? 'it becomes' : 'they become'} active when the last required module below is recorded.
          </p>
        </div>
      )}

      <h2>Training</h2>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Where {person.name} stands on each module</caption>
          <thead>
            <tr>
              <th scope="col">Module</th>
              <th scope="col">Standing</th>
              <th scope="col">Required before activation</th>
              <th scope="col">On record</th>
            </tr>
          </thead>
          <tbody>
            {data.modules.map((m) => {
              const s = person.statuses.get(m.id);
              return (
                <tr key={m.id}>
                  <td>
                    <Link href={`/training/${encodeURIComponent(m.code)}`}>{m.title}</Link> <span className="muted">({m.code})</span>
                  </td>
                  <td>
                    <TrainingStatusTag status={s} />
                  </td>
                  <td>{m.isRequiredBeforeActivation ? 'Yes' : 'No'}</td>
                  <td>
                    {s?.record ? `${COMPLETION_KIND_LABELS[s.record.kind]} ${formatDate(s.record.completedOn)}, version ${s.record.version}` : ''}
                    {s?.record?.kind === 'waiver' && s.record.reason ? `: ${s.record.reason}` : ''}
                  </td>
                </tr>
              );
            })}
            {data.modules.length === 0 && (
              <tr>
                <td colSpan={4}>No module is for this person’s agency.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>

      <div className="layout-2">
        <div>
          <h2>Records</h2>
          {data.history.length === 0 ? (
            <p className="muted">No completion or waiver has been recorded.</p>
          ) : (
            <ol className="timeline">
              {data.history.map((h) => (
                <li key={h.id}>
                  <strong>
                    {COMPLETION_KIND_LABELS[h.kind]}: {h.moduleCode} version {h.version}
                  </strong>{' '}
                  on {formatDate(h.completedOn)}
                  <span className="when">
                    {COMPLETION_SOURCE_LABELS[h.source]} by {h.recordedByName}, {formatInstant(h.recordedAt)}
                  </span>
                  {h.reason && <p className="reason">{h.reason}</p>}
                </li>
              ))}
            </ol>
          )}
        </div>
        {mayRecord && (
          <aside aria-labelledby="record-heading">
            <div className="panel">
              <h2 id="record-heading">Record a completion or waiver</h2>
              {recordable.length > 0 ? (
                <RecordCompletionForm agentId={person.id} badge={person.badge} modules={recordable} today={data.today} />
              ) : (
                <p className="muted">No published module is for this person’s agency yet.</p>
              )}
            </div>
          </aside>
        )}
      </div>
    </>
  );
}
