// For JSON route handlers: the signed-in user (401 without one) and one mapping from our typed errors
// to HTTP statuses. Unexpected errors are logged and answered with a plain 500, never a stack trace.
import { NextResponse } from 'next/server';
import type { UserActor } from '@/lib/auth/actor';
import { currentActor } from '@/lib/auth/current-actor';
import { isAppError } from '@/lib/errors';
import { BUSY_MESSAGE, isBusy } from './form-state';

export function jsonError(status: number, error: string, fieldErrors: Record<string, string[]> = {}) {
  return NextResponse.json({ error, fieldErrors }, { status });
}

export async function withActor(work: (actor: UserActor) => Promise<Response> | Response): Promise<Response> {
  try {
    const actor = await currentActor();
    if (!actor) return jsonError(401, 'Sign in first.');
    return await work(actor);
  } catch (error) {
    return errorResponse(error);
  }
}

/** The answer to a route that failed: our typed errors with their status, a busy database as 503,
 * anything else logged and answered with a plain 500. */
export function errorResponse(error: unknown): Response {
  if (isAppError(error)) return jsonError(error.status, error.message, error.fieldErrors);
  if (isBusy(error)) return jsonError(503, BUSY_MESSAGE);
  console.error(error);
  return jsonError(500, 'Something went wrong on our side; nothing was saved.');
}

export const INVALID_JSON = Symbol.for('t21.invalid-json');

/** Reads a JSON body, or INVALID_JSON when it is not JSON, so that the caller answers 400, not 500. */
export async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return INVALID_JSON;
  }
}
