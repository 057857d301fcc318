// JSON access to requests, for scripts and other systems; the same lib/ functions as the pages.
import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { createRequests } from '@/lib/requests/create-requests';
import { listRequests } from '@/lib/requests/list-requests';
import { INVALID_JSON, jsonError, readJson, withActor } from '@/lib/web/route-handler';

export async function GET(request: Request) {
  return withActor((actor) => {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    return NextResponse.json(listRequests(getDb(), actor, params));
  });
}

export async function POST(request: Request) {
  return withActor(async (actor) => {
    const body = await readJson(request);
    if (body === INVALID_JSON || typeof body !== 'object' || body === null) return jsonError(400, 'Send a JSON object.');
    const { submit, submissionKey, ...input } = body as Record<string, unknown>;
    // Idempotency-Key (or submissionKey in the body) makes a retried POST create the requests once.
    const key = request.headers.get('idempotency-key') ?? submissionKey;
    const created = createRequests(getDb(), actor, input, { submit: submit !== false, submissionKey: typeof key === 'string' ? key : '' });
    return NextResponse.json({ requests: created }, { status: 201 });
  });
}
