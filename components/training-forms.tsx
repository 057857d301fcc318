'use client';

// Forms on a training module's page: its status moves (administrators) and its disputes (either
// agency's headquarters and administrators). The server checks each again.
import { useActionState } from 'react';
import { escalateDisputeAction, moveModuleAction, raiseDisputeAction, resolveDisputeAction } from '@/app/training/actions';
import {
  DISPUTING_AGENCIES,
  DISPUTING_AGENCY_LABELS,
  ESCALATION_LABELS,
  ESCALATION_LEVELS,
  MODULE_EVENT_LABELS,
  MODULE_NOTE_REQUIRED,
  type EscalationLevel,
  type ModuleEventAction,
} from '@/lib/domain/training';

type ModuleMoveAction = Exclude<ModuleEventAction, 'create' | 'edit'>;

import { IDLE } from '@/lib/web/form-state';
import { Field } from './field';
import { FormOutcome } from './form-outcome';
import { SelectField } from './select-field';


function MoveForm({ moduleId, moduleCode, action }: { moduleId: number; moduleCode: string; action: ModuleMoveAction }) {
  const [state, formAction, isPending] = useActionState(moveModuleAction, IDLE);
  const errors = state.status === 'error' ? state.fieldErrors : {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  return (
    <form action={formAction} className="action-form" aria-label={MODULE_EVENT_LABELS[action]}>
      <FormOutcome state={state} isLinkingFields={false} />
      <input type="hidden" name="moduleId" value={moduleId} />
      <input type="hidden" name="moduleCode" value={moduleCode} />
      <input type="hidden" name="action" value={action} />
      {action === 'new_version' && (
        <fieldset>
          <legend className="label">Completions of earlier versions</legend>
          <div className="checkbox">
            <input type="radio" id={`again-${moduleId}`} name="isRequiredAgain" value="yes" defaultChecked />
            <label htmlFor={`again-${moduleId}`}>Required again: everyone must complete the new version</label>
          </div>
          <div className="checkbox">
            <input type="radio" id={`equivalent-${moduleId}`} name="isRequiredAgain" value="no" />
            <label htmlFor={`equivalent-${moduleId}`}>Accepted as equivalent: earlier completions still count</label>
          </div>
        </fieldset>
      )}
      {MODULE_NOTE_REQUIRED.includes(action) && (
        <Field name={`${action}-note`} label={`Why: ${MODULE_EVENT_LABELS[action].toLowerCase()}`} errors={errors.note}>
          {(p) => <textarea {...p} name="note" rows={2} defaultValue={values.note ?? ''} />}
        </Field>
      )}
      <button type="submit" className={action === 'retire' ? 'button-danger' : undefined} disabled={isPending}>
        {MODULE_EVENT_LABELS[action]}
      </button>
    </form>
  );
}

export function ModuleMoveForms({ moduleId, moduleCode, moves }: { moduleId: number; moduleCode: string; moves: ModuleMoveAction[] }) {
  if (moves.length === 0) return <p className="muted">No change of status is possible now.</p>;
  return (
    <>
      {moves.map((action) => (
        <MoveForm key={action} moduleId={moduleId} moduleCode={moduleCode} action={action} />
      ))}
    </>
  );
}

export function RaiseDisputeForm({ moduleId, moduleCode, today }: { moduleId: number; moduleCode: string; today: string }) {
  const [state, action, isPending] = useActionState(raiseDisputeAction, IDLE);
  const errors = state.status === 'error' ? state.fieldErrors : {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  return (
    <form action={action} noValidate key={state.status === 'ok' ? 'saved' : JSON.stringify(values)}>
      <FormOutcome state={state} isLinkingFields={false} />
      <input type="hidden" name="moduleId" value={moduleId} />
      <input type="hidden" name="moduleCode" value={moduleCode} />
      <Field name="point" label="The point in dispute" errors={errors.point}>
        {(p) => <textarea {...p} rows={3} defaultValue={values.point ?? ''} />}
      </Field>
      <SelectField name="raisedByAgency" label="Raised by" placeholder="Choose the agency" value={values.raisedByAgency} options={DISPUTING_AGENCIES.map((a) => ({ value: a, label: DISPUTING_AGENCY_LABELS[a] }))} errors={errors.raisedByAgency} />
      <Field name="raisedOn" label="Raised on" errors={errors.raisedOn}>
        {(p) => <input {...p} type="date" defaultValue={values.raisedOn ?? today} />}
      </Field>
      <Field name="level" label="Being handled by" errors={errors.level}>
        {(p) => (
          <select {...p} defaultValue={values.level ?? 'working_group'}>
            {ESCALATION_LEVELS.map((l) => (
              <option key={l} value={l}>
                {ESCALATION_LABELS[l]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" disabled={isPending}>
        Record the dispute
      </button>
    </form>
  );
}

export function DisputeForms({ disputeId, moduleCode, level, today }: { disputeId: number; moduleCode: string; level: EscalationLevel; today: string }) {
  const [escalated, escalate, isEscalating] = useActionState(escalateDisputeAction, IDLE);
  const [resolved, resolve, isResolving] = useActionState(resolveDisputeAction, IDLE);
  const higher = ESCALATION_LEVELS.slice(ESCALATION_LEVELS.indexOf(level) + 1);
  const escalateErrors = escalated.status === 'error' ? escalated.fieldErrors : {};
  const resolveErrors = resolved.status === 'error' ? resolved.fieldErrors : {};
  return (
    <>
      {higher.length > 0 && (
        <form action={escalate} className="action-form" aria-label={`Escalate dispute ${disputeId}`} noValidate>
          <FormOutcome state={escalated} isLinkingFields={false} />
          <input type="hidden" name="disputeId" value={disputeId} />
          <input type="hidden" name="moduleCode" value={moduleCode} />
          <Field name={`escalate-level-${disputeId}`} label="Escalate to" errors={escalateErrors.level}>
            {(p) => (
              <select {...p} name="level" defaultValue={higher[0]}>
                {higher.map((l) => (
                  <option key={l} value={l}>
                    {ESCALATION_LABELS[l]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name={`escalate-on-${disputeId}`} label="Escalated on" errors={escalateErrors.on}>
            {(p) => <input {...p} name="on" type="date" defaultValue={today} />}
          </Field>
          <Field name={`escalate-note-${disputeId}`} label="Note (optional)" errors={escalateErrors.note}>
            {(p) => <input {...p} name="note" type="text" />}
          </Field>
          <button type="submit" className="button-secondary" disabled={isEscalating}>
            Escalate
          </button>
        </form>
      )}
      <form action={resolve} className="action-form" aria-label={`Resolve dispute ${disputeId}`} noValidate>
        <FormOutcome state={resolved} isLinkingFields={false} />
        <input type="hidden" name="disputeId" value={disputeId} />
        <input type="hidden" name="moduleCode" value={moduleCode} />
        <Field name={`resolution-${disputeId}`} label="Resolution" errors={resolveErrors.resolution}>
          {(p) => <textarea {...p} name="resolution" rows={2} />}
        </Field>
        <Field name={`resolved-on-${disputeId}`} label="Resolved on" errors={resolveErrors.resolvedOn}>
          {(p) => <input {...p} name="resolvedOn" type="date" defaultValue={today} />}
        </Field>
        <button type="submit" disabled={isResolving}>
          Resolve
        </button>
      </form>
    </>
  );
}
