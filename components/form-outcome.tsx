'use client';

// What a small form shows after it is posted: the problem, with links to the fields at fault unless
// the form's field ids differ from the field names (several forms of one kind on a page), or the
// confirmation.
import type { FormState } from '@/lib/web/form-state';
import { ErrorSummary } from './error-summary';

export function FormOutcome({ state, isLinkingFields = true }: { state: FormState; isLinkingFields?: boolean }) {
  if (state.status === 'error') return <ErrorSummary message={state.message} fieldErrors={isLinkingFields ? state.fieldErrors : {}} />;
  if (state.status === 'ok')
    return (
      <div className="alert alert-success" role="status">
        <p>{state.message}</p>
      </div>
    );
  return null;
}
