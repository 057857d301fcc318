// A labelled form field with its hint and error message, wired for screen readers: the input is
// described by its hint and error, and marked invalid when there is one.
import type { ReactNode } from 'react';

export function fieldId(name: string): string {
  return `field-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  children: (props: { id: string; name: string; 'aria-describedby'?: string; 'aria-invalid'?: true }) => ReactNode;
}

export function Field({ name, label, hint, errors, children }: FieldProps) {
  const id = fieldId(name);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${errorId ? ' field-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {errorId && (
        <span className="error-message" id={errorId}>
          <span className="visually-hidden">Error: </span>
          {errors!.join(' ')}
        </span>
      )}
      {children({ id, name, 'aria-describedby': describedBy, ...(errorId ? { 'aria-invalid': true as const } : {}) })}
    </div>
  );
}
