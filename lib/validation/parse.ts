import type { z } from 'zod';
import { invalid, type FieldErrors } from '@/lib/errors';

/** zod issues → field path → messages, the shape every form shows next to its fields. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || 'form';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}

/** Parses input or throws an 'invalid' AppError that names every bad field and why. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, summary = 'Check the highlighted fields.'): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalid(summary, fieldErrorsOf(result.error));
  return result.data;
}
