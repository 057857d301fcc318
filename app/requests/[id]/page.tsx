import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { ProcessingTime } from '@/components/processing-time';
import { RequestActionForms } from '@/components/request-action-forms';
import { StateTag } from '@/components/state-tag';
import { ROLE_LABELS, isRole } from '@/lib/domain/roles';
import { ACTION_PAST, ACTIONS, isState, KIND_LABELS, RESCIND_CATEGORY_LABELS, STATE_LABELS, type Action, type RescindCategory } from '@/lib/domain/workflow-states';
import { isAppError } from '@/lib/errors';
import { formatDate, formatInstant } from '@/lib/format';
import { listOffices } from '@/lib/offices/list-offices';
import { canEditRequest } from '@/lib/requests/edit-request';
import { getRequestDetail } from '@/lib/requests/get-request';
import { idSchema } from '@/lib/validation/transition-input';
import { ruleFor } from '@/lib/workflow/transitions';
import { requirePageActor } from '@/lib/web/page-actor';

export const metadata: Metadata = { title: 'Request' };

const DONE_MESSAGES: Partial<Record<Action, string>> = {
  create: 'Saved as a draft. Submit it when it is ready.',
  submit: 'Submitted to HSI headquarters for endorsement.',
  edit: 'Your changes are saved.',
};

function loadDetail(actor: Parameters<typeof getRequestDetail>[1], rawId: string) {
  const id = idSchema.safeParse(rawId);
  if (!id.success) notFound();
  try {
    return getRequestDetail(getDb(), actor, id.data);
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }
}

export default async function RequestPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const actor = await requirePageActor(`/requests/${id}`);
  const request = loadDetail(actor, id);
  const done = (await searchParams).done;
  // The query string is the user's to edit: only a real action gets a message ("?done=toString" none).
  const doneAction = (ACTIONS as readonly unknown[]).includes(done) ? (done as Action) : undefined;
  const doneMessage = doneAction && (DONE_MESSAGES[doneAction] ?? `Request ${ACTION_PAST[doneAction]}.`);
  const divisions = listOffices(getDb(), 'division');
  const actions = request.actions.map((action) => ({ action, isReasonRequired: ruleFor(action)?.isReasonRequired ?? false }));

  return (
    <>
      {doneMessage && (
        <div className="alert alert-success" role="status">
          <p>{doneMessage}</p>
        </div>
      )}
      <p>
        <Link href="/requests">All requests</Link>
      </p>
      <h1>
        {request.ref}: {request.agent.name}
      </h1>
      <p className="lead">
        <StateTag state={request.state} /> {KIND_LABELS[request.kind]} designation, {request.hsiOfficeName}
      </p>
      {request.state === 'pending_training' && (
        <div className="alert alert-warning" role="note">
          <p>
            Approved. The designation becomes active by itself when{' '}
            <Link href={`/agents/${request.agent.id}`}>{request.agent.name}</Link>’s completion of{' '}
            {request.trainingOwed.length > 0 ? request.trainingOwed.map((m) => `${m.title} (${m.code})`).join(' and ') : 'the required training'} is recorded.
          </p>
        </div>
      )}
      <div className="layout-2">
        <div>
          <h2>Request</h2>
          <dl className="summary-list">
            <dt>Reference</dt>
            <dd>{request.ref}</dd>
            <dt>Status</dt>
            <dd>
              {STATE_LABELS[request.state]}
              {request.state === 'returned' && request.returnedFromState && isState(request.returnedFromState)
                ? ` (from ${STATE_LABELS[request.returnedFromState]}; resubmitting returns it there)`
                : ''}
              <span className="muted"> since {formatInstant(request.stateEnteredAt)}</span>
            </dd>
            <dt>Kind</dt>
            <dd>
              {KIND_LABELS[request.kind]}
              {request.renews && (
                <>
                  {' '}
                  of <Link href={`/requests/${request.renews.requestId}`}>{request.renews.ref}</Link> (ends {formatDate(request.renews.endsOn)})
                </>
              )}
            </dd>
            <dt>Agent</dt>
            <dd>
              <Link href={`/agents/${request.agent.id}`}>{request.agent.name}</Link>
            </dd>
            <dt>Badge or employee number</dt>
            <dd>{request.agent.badge}</dd>
            <dt>Duty station</dt>
            <dd>{request.agent.dutyStation}</dd>
            <dt>HSI office</dt>
            <dd>{request.hsiOfficeName}</dd>
            <dt>DEA division proposed</dt>
            <dd>{request.proposedDivisionName}</dd>
            <dt>DEA division routed to</dt>
            <dd>{request.routedDivisionName ?? <span className="muted">Not yet routed</span>}</dd>
            <dt>Border nexus</dt>
            <dd>{request.borderNexus}</dd>
            {request.designation && (
              <>
                <dt>Designation</dt>
                <dd>
                  {formatDate(request.designation.startsOn)} to {formatDate(request.designation.endsOn)}
                </dd>
              </>
            )}
            {request.isImported && (
              <>
                <dt>Source</dt>
                <dd>Imported history</dd>
              </>
            )}
          </dl>
          <h2>Processing time</h2>
          <ProcessingTime timing={request.timing} />
          <h2>Timeline</h2>
          <ol className="timeline">
            {request.events.map((event) => (
              <li key={event.id}>
                <strong>
                  {event.action === 'edit' ? 'Edited' : `${ACTION_PAST[event.action].replace(/^./, (c) => c.toUpperCase())}`}
                </strong>{' '}
                by {event.actorName}
                {event.actorRole && isRole(event.actorRole) ? ` (${ROLE_LABELS[event.actorRole]})` : ''}
                {event.isImported ? ' (imported)' : ''}
                {event.action !== 'edit' && event.fromState !== event.toState && <> → {STATE_LABELS[event.toState]}</>}
                {event.divisionName && <>, to {event.divisionName}</>}
                <span className="when">
                  <time dateTime={new Date(event.at).toISOString()}>{formatInstant(event.at)}</time>
                </span>
                {event.reasonCategory && <p className="reason">Category: {RESCIND_CATEGORY_LABELS[event.reasonCategory as RescindCategory] ?? event.reasonCategory}</p>}
                {event.reason && <p className="reason">Reason: {event.reason}</p>}
                {event.details && <p className="reason">Changed: {(JSON.parse(event.details) as string[]).join(', ')}</p>}
              </li>
            ))}
          </ol>
        </div>
        <aside aria-labelledby="actions-heading">
          <div className="panel">
            <h2 id="actions-heading">What you can do</h2>
            {canEditRequest(actor, request) && (
              <p>
                <Link className="button button-secondary" href={`/requests/${request.id}/edit`}>
                  Change the request
                </Link>
              </p>
            )}
            <RequestActionForms
              requestId={request.id}
              state={request.state}
              actions={actions}
              divisions={divisions}
              proposedDivisionId={request.deaDivisionId}
            />
          </div>
        </aside>
      </div>
    </>
  );
}
