// The message at the top of a rejected form: what went wrong, with a link to each field. It is an
// alert so screen readers announce it as soon as it appears.
import type { FieldErrors } from '@/lib/errors';
import { fieldId } from './field';

export function ErrorSummary({ message, fieldErrors, labels = {} }: { message: string; fieldErrors: FieldErrors; labels?: Record<string, string> }) {
  const entries = Object.entries(fieldErrors);
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1}>
      <h2>There is a problem</h2>
      <p>{message}</p>
      {entries.length > 0 && (
        <ul>
          {entries.map(([field, messages]) => (
            <li key={field}>
              <a href={`#${fieldId(field)}`}>
                {labels[field] ? `${labels[field]}: ` : ''}
                {messages.join(' ')}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
