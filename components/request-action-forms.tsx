'use client';

// The moves this user may make on a request, as the server listed them (allowedActions): one small
// form each. The server checks again when the form is posted.
import { useActionState } from 'react';
import { transitionAction } from '@/app/requests/actions';
import { ACTION_LABELS, RESCIND_CATEGORIES, RESCIND_CATEGORY_LABELS, type Action, type State } from '@/lib/domain/workflow-states';
import { IDLE } from '@/lib/web/form-state';
import { ErrorSummary } from './error-summary';
import { Field } from './field';
import { OfficeOptions } from './office-options';

export interface ActionFormsProps {
  requestId: number;
  state: State;
  actions: { action: Action; isReasonRequired: boolean }[];
  divisions: { id: number; name: string }[];
  proposedDivisionId: number;
}

const DANGER: Action[] = ['deny', 'withdraw', 'rescind', 'nonconcur', 'return'];

const HELP: Partial<Record<Action, string>> = {
  return: 'The request goes back to the supervisor; when they resubmit, it comes back to this stage.',
  withdraw: 'Withdrawing ends the request. It cannot be reopened.',
  deny: 'Denial is final for this request.',
  rescind: 'The agent’s Title 21 authority ends now.',
};

function ActionForm({ requestId, state, action, isReasonRequired, divisions, proposedDivisionId }: Omit<ActionFormsProps, 'actions'> & { action: Action; isReasonRequired: boolean }) {
  const [result, formAction, isPending] = useActionState(transitionAction, IDLE);
  const errors = result.status === 'error' ? result.fieldErrors : {};
  const values = result.status === 'error' ? (result.values ?? {}) : {};
  const label = ACTION_LABELS[action];
  const prefix = `${action}-`;
  return (
    <form action={formAction} className="action-form" aria-label={label}>
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="action" value={action} />
      <input type="hidden" name="expectedState" value={state} />
      {result.status === 'error' && <ErrorSummary message={result.message} fieldErrors={{}} />}
      {HELP[action] && <p className="hint">{HELP[action]}</p>}
      {action === 'route' && (
        <Field name={`${prefix}divisionId`} label="DEA division" hint="Where the agent will work; defaults to the division proposed." errors={errors.divisionId}>
          {(p) => (
            <select {...p} name="divisionId" defaultValue={values.divisionId ?? String(proposedDivisionId)}>
              <OfficeOptions offices={divisions} />
            </select>
          )}
        </Field>
      )}
      {action === 'rescind' && (
        <Field name={`${prefix}reasonCategory`} label="Why is it rescinded?" errors={errors.reasonCategory}>
          {(p) => (
            <select {...p} name="reasonCategory" defaultValue={values.reasonCategory ?? ''}>
              <option value="">Choose a reason</option>
              {RESCIND_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {RESCIND_CATEGORY_LABELS[c]}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {isReasonRequired && (
        <Field name={`${prefix}reason`} label={`Reason to ${label.toLowerCase()}`} hint="Required. The supervisor and auditors will see it." errors={errors.reason}>
          {(p) => <textarea {...p} name="reason" rows={3} defaultValue={values.reason ?? ''} />}
        </Field>
      )}
      <button type="submit" className={DANGER.includes(action) ? 'button-danger' : undefined} disabled={isPending}>
        {isPending ? 'Saving…' : label}
      </button>
    </form>
  );
}

export function RequestActionForms(props: ActionFormsProps) {
  if (props.actions.length === 0) return <p className="muted">There is nothing for you to do on this request now.</p>;
  return (
    <>
      {props.actions.map(({ action, isReasonRequired }) => (
        <ActionForm key={action} {...props} action={action} isReasonRequired={isReasonRequired} />
      ))}
    </>
  );
}
