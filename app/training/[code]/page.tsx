import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { DisputeForms, ModuleMoveForms, RaiseDisputeForm } from '@/components/training-forms';
import { ModuleParticularsForm } from '@/components/training-record-forms';
import { can } from '@/lib/auth/permissions';
import { trainingPanel } from '@/lib/training/training-status';
import {
  DISPUTING_AGENCY_LABELS,
  ESCALATION_LABELS,
  MODULE_AUDIENCE_LABELS,
  MODULE_EVENT_LABELS,
  MODULE_OWNER_LABELS,
  MODULE_STATUS_LABELS,
} from '@/lib/domain/training';
import { isAppError } from '@/lib/errors';
import { daysBetween } from '@/lib/calendar/dates';
import { formatDate, formatInstant, todayInZone } from '@/lib/format';
import { getModuleDetail } from '@/lib/training/modules';
import { requirePagePermission } from '@/lib/web/require-permission';

export const metadata: Metadata = { title: 'Training module' };

function load(actor: Parameters<typeof getModuleDetail>[1], code: string) {
  try {
    return getModuleDetail(getDb(), actor, code);
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }
}

const DONE_MESSAGES: Record<string, string> = {
  moved: 'The module’s status is saved.',
  raised: 'The dispute is recorded.',
  escalated: 'The escalation is recorded.',
  resolved: 'The dispute is resolved.',
  created: 'The module is created as a draft.',
  edited: 'The module’s particulars are saved.',
};

export default async function ModulePage({
  params,
  searchParams,
}: {
  params: Promise<{ code: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const code = decodeURIComponent((await params).code);
  const done = (await searchParams).done;
  const doneMessage = typeof done === 'string' && Object.hasOwn(DONE_MESSAGES, done) ? DONE_MESSAGES[done] : null;
  const actor = await requirePagePermission('training:read', `/training/${encodeURIComponent(code)}`);
  const m = load(actor, code);
  const reach = trainingPanel(getDb(), actor).find((row) => row.id === m.id);
  const today = todayInZone();
  const isEditable = m.status !== 'published' && m.status !== 'retired';
  return (
    <>
      {doneMessage && (
        <div className="alert alert-success" role="status">
          <p>{doneMessage}</p>
        </div>
      )}
      <p>
        <Link href="/training">All training modules</Link>
      </p>
      <h1>{m.title}</h1>
      <p className="lead">
        {MODULE_STATUS_LABELS[m.status]}, version {m.version}
        {m.daysUnpublished !== null && <> · not published for {m.daysUnpublished.toLocaleString('en-US')} days, since {formatInstant(m.createdAt)}</>}
      </p>
      <div className="layout-2">
        <div>
          <dl className="summary-list">
            <dt>Code</dt>
            <dd>{m.code}</dd>
            <dt>Owner</dt>
            <dd>{MODULE_OWNER_LABELS[m.ownerAgency]}</dd>
            <dt>Audience</dt>
            <dd>{MODULE_AUDIENCE_LABELS[m.audience]}</dd>
            <dt>Status</dt>
            <dd>
              {MODULE_STATUS_LABELS[m.status]} since {formatInstant(m.statusSince)} ({m.daysInStatus.toLocaleString('en-US')} days)
              {m.statusNote ? `. ${m.statusNote}` : ''}
            </dd>
            <dt>Completions that count</dt>
            <dd>Version {m.minimumCompletionVersion} or later</dd>
            <dt>Required before a designation becomes active</dt>
            <dd>{m.isRequiredBeforeActivation ? 'Yes' : 'No'}</dd>
            <dt>Refresher</dt>
            <dd>{m.refresherMonths ? `Every ${m.refresherMonths} months` : 'None'}</dd>
            <dt>Time allowed to complete</dt>
            <dd>{m.completionWindowDays ? `${m.completionWindowDays} days from publication, or from joining the roster if later` : 'No deadline'}</dd>
            {reach && (
              <>
                <dt>Audience trained</dt>
                <dd>
                  {reach.trainedPct === null
                    ? `Not yet available to its ${reach.audience.toLocaleString('en-US')} people`
                    : `${reach.trained.toLocaleString('en-US')} of ${reach.audience.toLocaleString('en-US')} (${reach.trainedPct}%), ${reach.waived.toLocaleString('en-US')} waived`}{' '}
                  · <Link href="/training/offices">by office</Link>
                </dd>
              </>
            )}
          </dl>

          <h2>Disputes ({m.openDisputes} open)</h2>
          {m.disputes.length === 0 && <p className="muted">No dispute has been raised on this module.</p>}
          {m.disputes.map((d) => (
            <section key={d.id} className="panel" aria-labelledby={`dispute-${d.id}`}>
              <h3 id={`dispute-${d.id}`}>
                {d.resolvedOn ? 'Resolved' : 'Open'}: raised by {DISPUTING_AGENCY_LABELS[d.raisedByAgency]} on {formatDate(d.raisedOn)}
              </h3>
              <p>
                <strong>{d.resolvedOn ? `Resolved after ${daysText(daysBetween(d.raisedOn, d.resolvedOn))}.` : `Open for ${daysText(daysBetween(d.raisedOn, today))}.`}</strong>
              </p>
              <p>{d.point}</p>
              <ol className="timeline">
                {d.steps.map((s) => (
                  <li key={s.id}>
                    <strong>{ESCALATION_LABELS[s.level]}</strong> from {formatDate(s.on)}
                    <span className="when">
                      recorded by {s.actorName}, {formatInstant(s.at)}
                    </span>
                    {s.note && <p className="reason">{s.note}</p>}
                  </li>
                ))}
                {d.resolvedOn && (
                  <li>
                    <strong>Resolved</strong> on {formatDate(d.resolvedOn)}
                    <p className="reason">{d.resolution}</p>
                  </li>
                )}
              </ol>
              {!d.resolvedOn && m.mayManageDisputes && <DisputeForms disputeId={d.id} moduleCode={m.code} level={d.level} today={today} />}
            </section>
          ))}

          <h2>History</h2>
          <ol className="timeline">
            {m.history.map((e) => (
              <li key={e.id}>
                <strong>{MODULE_EVENT_LABELS[e.action]}</strong>: {e.fromStatus ? `${MODULE_STATUS_LABELS[e.fromStatus]} → ` : ''}
                {MODULE_STATUS_LABELS[e.toStatus]}, version {e.version}, by {e.actorName}
                <span className="when">{formatInstant(e.at)}</span>
                {e.note && <p className="reason">{e.note}</p>}
                {e.action === 'edit' && e.details && <p className="reason">{describeEdit(e.details)}</p>}
              </li>
            ))}
          </ol>
        </div>
        <aside aria-labelledby="module-actions">
          <div className="panel">
            <h2 id="module-actions">What you can do</h2>
            {m.moves.length > 0 || actor.role === 'admin' ? <ModuleMoveForms moduleId={m.id} moduleCode={m.code} moves={m.moves} /> : null}
            {m.mayManageDisputes && isEditable && (
              <>
                <h3>Record a new dispute</h3>
                <RaiseDisputeForm moduleId={m.id} moduleCode={m.code} today={today} />
              </>
            )}
            {!m.moves.length && !m.mayManageDisputes && <p className="muted">You can read this module’s record; changes are made by administrators and headquarters.</p>}
          </div>
          {can(actor, 'training:manage') && m.status !== 'retired' && (
            <div className="panel">
              <h2>Particulars</h2>
              <ModuleParticularsForm
                initial={{
                  moduleId: m.id,
                  code: m.code,
                  title: m.title,
                  ownerAgency: m.ownerAgency,
                  audience: m.audience,
                  isRequiredBeforeActivation: m.isRequiredBeforeActivation,
                  refresherMonths: m.refresherMonths,
                  completionWindowDays: m.completionWindowDays,
                }}
              />
            </div>
          )}
        </aside>
      </div>
    </>
  );
}

/** A dispute's age: "1 day", "436 days" (never negative, whatever dates were typed). */
function daysText(days: number): string {
  const n = Math.max(0, days);
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'day' : 'days'}`;
}

const FIELD_LABELS: Record<string, string> = {
  title: 'title',
  ownerAgency: 'owner',
  audience: 'audience',
  isRequiredBeforeActivation: 'required before activation',
  refresherMonths: 'refresher months',
  completionWindowDays: 'days allowed to complete',
};

/** "Changed required before activation from no to yes; refresher months from none to 12." */
function describeEdit(details: string): string {
  try {
    const changes = JSON.parse(details) as Record<string, { from: unknown; to: unknown }>;
    const show = (v: unknown) => (v === null ? 'none' : v === true ? 'yes' : v === false ? 'no' : String(v));
    return `Changed ${Object.entries(changes).map(([field, c]) => `${FIELD_LABELS[field] ?? field} from ${show(c.from)} to ${show(c.to)}`).join('; ')}.`;
  } catch {
    return '';
  }
}
