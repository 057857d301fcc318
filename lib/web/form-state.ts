// What a server action returns to its form: a message, errors by field, and what the user typed, so
// a rejected form comes back filled in with each problem next to its field.
import { isAppError, type FieldErrors } from '@/lib/errors';

export type FormState =
  | { status: 'idle' }
  | { status: 'ok'; message: string }
  | { status: 'error'; message: string; fieldErrors: FieldErrors; values?: Record<string, string> };

export const IDLE: FormState = { status: 'idle' };

/** What every server action answers when the session has ended before the form was posted. */
export const SIGNED_OUT: FormState = { status: 'error', message: 'Your session has ended. Sign in again; nothing was saved.', fieldErrors: {} };

/** Runs a form's work, turning our typed errors into a FormState; anything else is logged, and the
 * user sees a plain apology without a stack trace. */
export async function formResult(
  work: () => Promise<string> | string,
  values?: Record<string, string>,
): Promise<FormState> {
  try {
    return { status: 'ok', message: await work() };
  } catch (error) {
    if (isAppError(error)) {
      return { status: 'error', message: error.message, fieldErrors: error.fieldErrors, values };
    }
    if (isNextControlFlow(error)) throw error;
    if (isBusy(error)) return { status: 'error', message: BUSY_MESSAGE, fieldErrors: {}, values };
    console.error(error);
    return { status: 'error', message: 'Something went wrong on our side; nothing was saved. Try again.', fieldErrors: {}, values };
  }
}

/** redirect() and notFound() work by throwing; they must pass through. */
export function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return typeof digest === 'string' && (digest.startsWith('NEXT_REDIRECT') || digest.startsWith('NEXT_HTTP_ERROR_FALLBACK'));
}

export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === 'string' && !key.startsWith('$ACTION')) values[key] = value;
  }
  return values;
}

export const BUSY_MESSAGE = 'The tracker is busy with other work; nothing was saved. Try again in a moment.';

/** SQLite gave up waiting for the write lock (busy_timeout passed): the work was not done, and trying
 * again will most likely succeed, so the user is told that rather than offered an apology. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}
