'use client';

// Administrators' forms: users and offices. Every action re-checks the administrator's permission.
import { useActionState } from 'react';
import { createOfficeAction, createUserAction, resetAuthenticatorAction, resetPasswordAction, unlockUserAction, updateOfficeAction, updateUserAction } from '@/app/admin/actions';
import { AGENCIES, OFFICE_KINDS, OFFICE_KIND_LABELS } from '@/lib/domain/offices';
import { ROLE_LABELS, ROLES } from '@/lib/domain/roles';
import { IDLE } from '@/lib/web/form-state';
import { Field } from './field';
import { OfficeOptions } from './office-options';
import { FormOutcome } from './form-outcome';
import { SelectField } from './select-field';

type Office = { id: number; name: string; kind: string };


function RoleAndOffice({ errors, values, offices }: { errors: Record<string, string[]>; values: Record<string, string>; offices: Office[] }) {
  return (
    <>
      <SelectField name="role" label="Role" placeholder="Choose a role" value={values.role} options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} errors={errors.role} />
      <Field name="officeId" label="Office" hint="Supervisors: their HSI field office. Division coordinators: their DEA division. Others: none." errors={errors.officeId}>
        {(p) => (
          <select {...p} defaultValue={values.officeId ?? ''}>
            <option value="">No office</option>
            <OfficeOptions offices={offices} />
          </select>
        )}
      </Field>
    </>
  );
}

export function NewUserForm({ offices }: { offices: Office[] }) {
  const [state, action, isPending] = useActionState(createUserAction, IDLE);
  const errors = state.status === 'error' ? state.fieldErrors : {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  return (
    <form action={action} noValidate key={JSON.stringify(values)}>
      <FormOutcome state={state} />
      <Field name="name" label="Full name" errors={errors.name}>
        {(p) => <input {...p} type="text" defaultValue={values.name ?? ''} />}
      </Field>
      <Field name="email" label="Email address" errors={errors.email}>
        {(p) => <input {...p} type="email" autoComplete="off" defaultValue={values.email ?? ''} />}
      </Field>
      <RoleAndOffice errors={errors} values={values} offices={offices} />
      <Field name="password" label="Initial password" hint="At least 12 characters. Give it to the person over a separate channel." errors={errors.password}>
        {(p) => <input {...p} type="password" autoComplete="new-password" />}
      </Field>
      <button type="submit" disabled={isPending}>
        Create user
      </button>
    </form>
  );
}

export function EditUserForm({ user, offices }: { user: { id: number; name: string; role: string; officeId: number | null; isActive: boolean }; offices: Office[] }) {
  const [state, action, isPending] = useActionState(updateUserAction, IDLE);
  const errors = state.status === 'error' ? state.fieldErrors : {};
  const values = state.status === 'error' && state.values ? state.values : { name: user.name, role: user.role, officeId: user.officeId ? String(user.officeId) : '' };
  const isActive = state.status === 'error' && state.values ? state.values.isActive === 'on' : user.isActive;
  return (
    <form action={action} noValidate key={JSON.stringify(values)}>
      <FormOutcome state={state} />
      <input type="hidden" name="userId" value={user.id} />
      <Field name="name" label="Full name" errors={errors.name}>
        {(p) => <input {...p} type="text" defaultValue={values.name ?? ''} />}
      </Field>
      <RoleAndOffice errors={errors} values={values} offices={offices} />
      <div className="field checkbox">
        <input type="checkbox" id="field-isActive" name="isActive" defaultChecked={isActive} />
        <label htmlFor="field-isActive">Account is active (may sign in)</label>
      </div>
      <button type="submit" disabled={isPending}>
        Save changes
      </button>
    </form>
  );
}

export function ResetPasswordForm({ userId }: { userId: number }) {
  const [state, action, isPending] = useActionState(resetPasswordAction, IDLE);
  const errors = state.status === 'error' ? state.fieldErrors : {};
  return (
    <form action={action} noValidate>
      <FormOutcome state={state} />
      <input type="hidden" name="userId" value={userId} />
      <Field name="password" label="New password" hint="At least 12 characters, not a common or breached password." errors={errors.password}>
        {(p) => <input {...p} type="password" autoComplete="new-password" />}
      </Field>
      <button type="submit" className="button-secondary" disabled={isPending}>
        Set password
      </button>
    </form>
  );
}

/** One button that acts on a user (unlock, reset the authenticator), with its outcome. */
export function UserButtonForm({ userId, action: act, label, hint }: { userId: number; action: 'unlock' | 'resetAuthenticator'; label: string; hint: string }) {
  const [state, action, isPending] = useActionState(act === 'unlock' ? unlockUserAction : resetAuthenticatorAction, IDLE);
  return (
    <form action={action} aria-label={label}>
      <FormOutcome state={state} />
      <p className="hint">{hint}</p>
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" className="button-secondary" disabled={isPending}>
        {label}
      </button>
    </form>
  );
}

export function NewOfficeForm() {
  const [state, action, isPending] = useActionState(createOfficeAction, IDLE);
  const errors = state.status === 'error' ? state.fieldErrors : {};
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  return (
    <form action={action} noValidate key={state.status === 'ok' ? 'done' : JSON.stringify(values)}>
      <FormOutcome state={state} />
      <Field name="code" label="Code" hint="Lower-case letters, digits and hyphens, such as hsi-el-paso." errors={errors.code}>
        {(p) => <input {...p} type="text" defaultValue={values.code ?? ''} />}
      </Field>
      <Field name="name" label="Name" errors={errors.name}>
        {(p) => <input {...p} type="text" defaultValue={values.name ?? ''} />}
      </Field>
      <SelectField name="agency" label="Agency" placeholder="Choose an agency" value={values.agency} options={AGENCIES.map((a) => ({ value: a, label: a }))} errors={errors.agency} />
      <SelectField name="kind" label="Kind" placeholder="Choose a kind" value={values.kind} options={OFFICE_KINDS.map((k) => ({ value: k, label: OFFICE_KIND_LABELS[k] }))} errors={errors.kind} />
      <button type="submit" disabled={isPending}>
        Add office
      </button>
    </form>
  );
}

export function EditOfficeRow({ office }: { office: { id: number; code: string; name: string; isActive: boolean } }) {
  const [state, action, isPending] = useActionState(updateOfficeAction, IDLE);
  const errors = state.status === 'error' ? state.fieldErrors : {};
  return (
    <form action={action} noValidate aria-label={`Edit ${office.code}`}>
      <input type="hidden" name="officeId" value={office.id} />
      <Field name={`name-${office.id}`} label={`Name of ${office.code}`} errors={errors.name}>
        {(p) => <input {...p} name="name" type="text" defaultValue={office.name} />}
      </Field>
      <div className="checkbox">
        <input type="checkbox" id={`active-${office.id}`} name="isActive" defaultChecked={office.isActive} />
        <label htmlFor={`active-${office.id}`}>In use</label>
      </div>
      <button type="submit" className="button-secondary" disabled={isPending}>
        Save {office.code}
      </button>
      {state.status === 'ok' && <span role="status"> Saved.</span>}
      {state.status === 'error' && !errors.name && <span className="error-message">{state.message}</span>}
    </form>
  );
}
