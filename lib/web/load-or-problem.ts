import { isAppError, type FieldErrors } from '@/lib/errors';

export interface Problem {
  message: string;
  fieldErrors: FieldErrors;
}

/** For list pages: the data, or the user's mistake (bad filters) to show beside the form. Anything
 * other than our typed errors is a fault and goes to the error page. */
export function loadOrProblem<T>(load: () => T): { result: T | null; problem: Problem | null } {
  try {
    return { result: load(), problem: null };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { result: null, problem: { message: error.message, fieldErrors: error.fieldErrors } };
  }
}
