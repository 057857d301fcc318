'use client';

// Training forms beyond a module's status and disputes: a module's particulars (new, or changed by an
// administrator), a completion or waiver on a person's page, and the LMS upload. The server checks
// each again; a rejected form comes back filled in with each problem next to its field.
import { useActionState, useState } from 'react';
import { createModuleAction, editModuleAction, importTrainingAction, recordCompletionAction } from '@/app/training/actions';
import { COMPLETION_KIND_LABELS, MODULE_AUDIENCE_LABELS, MODULE_AUDIENCES, MODULE_OWNER_LABELS, MODULE_OWNERS } from '@/lib/domain/training';
import { IDLE } from '@/lib/web/form-state';
import { ErrorSummary } from './error-summary';
import { Field } from './field';
import { FormOutcome } from './form-outcome';
import { SelectField } from './select-field';

export interface ModuleParticulars {
  moduleId?: number;
  code?: string;
  title: string;
  ownerAgency: string;
  audience: string;
  isRequiredBeforeActivation: boolean;
  refresherMonths: number | null;
  completionWindowDays: number | null;
}

const text = (v: number | string | null | undefined) => (v === null || v === undefined ? '' : String(v));

export function ModuleParticularsForm({ initial }: { initial?: ModuleParticulars }) {
  const isNew = initial?.moduleId === undefined;
  const [state, action, isPending] = useActionState(isNew ? createModuleAction : editModuleAction, IDLE);
  const errors = state.status === 'error' ? state.fieldErrors : {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  const value = (name: keyof ModuleParticulars) => values[name] ?? text(initial?.[name] as number | string | null | undefined);
  const isRequired = state.status === 'error' ? values.isRequiredBeforeActivation === 'yes' : (initial?.isRequiredBeforeActivation ?? false);
  return (
    <form action={action} noValidate aria-label={isNew ? 'New training module' : 'Change the module’s particulars'}>
      <FormOutcome state={state} />
      {!isNew && <input type="hidden" name="moduleId" value={initial!.moduleId} />}
      {!isNew && <input type="hidden" name="moduleCode" value={initial!.code} />}
      {isNew && (
        <Field name="code" label="Code" hint="Letters, digits and hyphens, e.g. JOINT-IAA-2009." errors={errors.code}>
          {(p) => <input {...p} type="text" defaultValue={values.code ?? ''} autoComplete="off" />}
        </Field>
      )}
      <Field name="title" label="Title" errors={errors.title}>
        {(p) => <input {...p} type="text" defaultValue={value('title')} />}
      </Field>
      <SelectField name="ownerAgency" label="Owning agency" placeholder="Choose the agency" value={value('ownerAgency') || undefined} options={MODULE_OWNERS.map((o) => ({ value: o, label: MODULE_OWNER_LABELS[o] }))} errors={errors.ownerAgency} />
      <SelectField name="audience" label="Audience" placeholder="Choose who must take it" value={value('audience') || undefined} options={MODULE_AUDIENCES.map((a) => ({ value: a, label: MODULE_AUDIENCE_LABELS[a] }))} errors={errors.audience} />
      <div className="checkbox">
        <input type="checkbox" id="field-isRequiredBeforeActivation" name="isRequiredBeforeActivation" value="yes" defaultChecked={isRequired} />
        <label htmlFor="field-isRequiredBeforeActivation">Required before a designation becomes active (once published)</label>
      </div>
      <Field name="completionWindowDays" label="Days allowed to complete (optional)" hint="Counted from publication, or from joining the roster if later. Blank: no deadline." errors={errors.completionWindowDays}>
        {(p) => <input {...p} type="text" inputMode="numeric" defaultValue={value('completionWindowDays')} />}
      </Field>
      <Field name="refresherMonths" label="Refresher period in months (optional)" hint="Blank: a completion never lapses." errors={errors.refresherMonths}>
        {(p) => <input {...p} type="text" inputMode="numeric" defaultValue={value('refresherMonths')} />}
      </Field>
      <button type="submit" disabled={isPending}>
        {isNew ? 'Create the module' : 'Save the particulars'}
      </button>
    </form>
  );
}

export function RecordCompletionForm({ agentId, badge, modules, today }: { agentId: number; badge: string; modules: { code: string; title: string; version: number }[]; today: string }) {
  const [state, action, isPending] = useActionState(recordCompletionAction, IDLE);
  const errors = state.status === 'error' ? state.fieldErrors : {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  const [kind, setKind] = useState(values.kind ?? 'completion');
  return (
    <form action={action} noValidate aria-label="Record a completion or waiver" key={JSON.stringify(values)}>
      <FormOutcome state={state} />
      <input type="hidden" name="agentId" value={agentId} />
      <input type="hidden" name="badge" value={badge} />
      <SelectField name="moduleCode" label="Module" placeholder="Choose the module" value={values.moduleCode} options={modules.map((m) => ({ value: m.code, label: `${m.title} (${m.code}, version ${m.version})` }))} errors={errors.moduleCode ?? errors.badge} />
      <fieldset>
        <legend className="label">What to record</legend>
        {(['completion', 'waiver'] as const).map((k) => (
          <div className="checkbox" key={k}>
            <input type="radio" id={`kind-${k}`} name="kind" value={k} defaultChecked={kind === k} onChange={() => setKind(k)} />
            <label htmlFor={`kind-${k}`}>{COMPLETION_KIND_LABELS[k]}</label>
          </div>
        ))}
      </fieldset>
      <Field name="completedOn" label={kind === 'waiver' ? 'Waived on' : 'Completed on'} errors={errors.completedOn}>
        {(p) => <input {...p} type="date" defaultValue={values.completedOn ?? today} max={today} />}
      </Field>
      <Field name="version" label="Version (optional)" hint="Blank: the module’s current version." errors={errors.version}>
        {(p) => <input {...p} type="text" inputMode="numeric" defaultValue={values.version ?? ''} />}
      </Field>
      <Field name="reason" label="Reason (required for a waiver or exemption)" errors={errors.reason}>
        {(p) => <textarea {...p} rows={2} defaultValue={values.reason ?? ''} />}
      </Field>
      <button type="submit" disabled={isPending}>
        Record
      </button>
    </form>
  );
}

export function ImportTrainingForm() {
  const [state, action, isPending] = useActionState(importTrainingAction, IDLE);
  const fileErrors = state.status === 'error' ? state.fieldErrors.file : undefined;
  const lineErrors = state.status === 'error' ? Object.entries(state.fieldErrors).filter(([key]) => key !== 'file') : [];
  return (
    <form action={action} noValidate aria-label="Import completions">
      {state.status === 'error' && lineErrors.length > 0 ? (
        <div className="alert alert-error" role="alert" tabIndex={-1}>
          <h2>There is a problem</h2>
          <p>{state.message}</p>
          <ul>
            {lineErrors.map(([where, messages]) => (
              <li key={where}>
                {where[0]!.toUpperCase() + where.slice(1)}: {messages.join(' ')}
              </li>
            ))}
          </ul>
        </div>
      ) : state.status === 'error' ? (
        <ErrorSummary message={state.message} fieldErrors={fileErrors ? { file: fileErrors } : {}} />
      ) : (
        <FormOutcome state={state} />
      )}
      <Field name="file" label="LMS export (CSV)" hint="Header: badge,module_code,completed_on and optionally version. Dates as YYYY-MM-DD." errors={fileErrors}>
        {(p) => <input {...p} type="file" accept=".csv,text/csv" />}
      </Field>
      <button type="submit" disabled={isPending}>
        {isPending ? 'Importing…' : 'Import'}
      </button>
    </form>
  );
}
