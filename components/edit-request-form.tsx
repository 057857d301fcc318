'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { editRequestAction } from '@/app/requests/actions';
import type { State } from '@/lib/domain/workflow-states';
import { IDLE } from '@/lib/web/form-state';
import { ErrorSummary } from './error-summary';
import { Field } from './field';
import { OfficeOptions } from './office-options';

export interface EditRequestFormProps {
  requestId: number;
  state: State;
  divisions: { id: number; name: string }[];
  values: { name: string; dutyStation: string; deaDivisionId: string; borderNexus: string };
}

export function EditRequestForm({ requestId, state, divisions, values: initial }: EditRequestFormProps) {
  const [result, formAction, isPending] = useActionState(editRequestAction, IDLE);
  const errors = result.status === 'error' ? result.fieldErrors : {};
  const values = result.status === 'error' && result.values ? { ...initial, ...result.values } : initial;
  return (
    <form action={formAction} noValidate key={result.status === 'error' ? JSON.stringify(result.values) : 'initial'}>
      {result.status === 'error' && <ErrorSummary message={result.message} fieldErrors={result.fieldErrors} />}
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="expectedState" value={state} />
      <Field name="name" label="Agent’s full name" errors={errors.name}>
        {(p) => <input {...p} type="text" defaultValue={values.name} />}
      </Field>
      <Field name="dutyStation" label="Duty station" errors={errors.dutyStation}>
        {(p) => <input {...p} type="text" defaultValue={values.dutyStation} />}
      </Field>
      <Field name="deaDivisionId" label="DEA division where the agent will work" errors={errors.deaDivisionId}>
        {(p) => (
          <select {...p} defaultValue={values.deaDivisionId}>
            <OfficeOptions offices={divisions} />
          </select>
        )}
      </Field>
      <Field name="borderNexus" label="Border nexus" errors={errors.borderNexus}>
        {(p) => <textarea {...p} rows={5} defaultValue={values.borderNexus} />}
      </Field>
      <div className="button-row">
        <button type="submit" disabled={isPending}>
          {isPending ? 'Saving…' : 'Save changes'}
        </button>
        <Link href={`/requests/${requestId}`}>Cancel</Link>
      </div>
    </form>
  );
}
