'use client';

import { useActionState } from 'react';
import { addGoalVersionAction } from '@/app/goals/actions';
import { IDLE } from '@/lib/web/form-state';
import { ErrorSummary } from './error-summary';
import { Field } from './field';
import { SelectField } from './select-field';

export function GoalVersionForm({ stages }: { stages: { value: string; label: string }[] }) {
  const [state, action, isPending] = useActionState(addGoalVersionAction, IDLE);
  const errors = state.status === 'error' ? state.fieldErrors : {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  return (
    <form action={action} noValidate key={state.status === 'ok' ? 'saved' : JSON.stringify(values)}>
      {state.status === 'error' && <ErrorSummary message={state.message} fieldErrors={state.fieldErrors} />}
      {state.status === 'ok' && (
        <div className="alert alert-success" role="status">
          <p>{state.message}</p>
        </div>
      )}
      <SelectField name="stage" label="Stage" placeholder="Choose a stage" value={values.stage} options={stages} errors={errors.stage} />
      <Field name="businessDays" label="Goal in business days" errors={errors.businessDays}>
        {(p) => <input {...p} type="text" inputMode="numeric" defaultValue={values.businessDays ?? ''} />}
      </Field>
      <Field name="warningPercent" label="At risk from (% of the goal)" hint="Open work is shown as at risk once it has used this share of its goal." errors={errors.warningPercent}>
        {(p) => <input {...p} type="text" inputMode="numeric" defaultValue={values.warningPercent ?? '80'} />}
      </Field>
      <Field name="effectiveFrom" label="Takes effect on" hint="Requests first submitted on or after this date are judged by this version." errors={errors.effectiveFrom}>
        {(p) => <input {...p} type="date" defaultValue={values.effectiveFrom ?? ''} />}
      </Field>
      <Field name="note" label="Note (optional)" hint="For example, the memo that adopted the goal." errors={errors.note}>
        {(p) => <input {...p} type="text" defaultValue={values.note ?? ''} />}
      </Field>
      <button type="submit" disabled={isPending}>
        Add goal version
      </button>
    </form>
  );
}
