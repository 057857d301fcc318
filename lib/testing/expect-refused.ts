// The shape of every refusal test: `fn` must throw our typed error with `code`, and the state that
// `snapshot` reads must be exactly as it was (nothing half-written).
import { expect } from 'vitest';
import { AppError } from '@/lib/errors';

export function expectRefused(code: AppError['code'], fn: () => unknown, snapshot: () => unknown): AppError {
  const before = snapshot();
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  const error = caught as AppError;
  expect(error.code).toBe(code);
  expect(snapshot()).toEqual(before);
  return error;
}
