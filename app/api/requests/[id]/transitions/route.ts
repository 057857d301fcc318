// POST {"action": "approve", "reason"?, "divisionId"?, "reasonCategory"?, "expectedState"?}
// 200 with the new state; 400 bad input; 401 no session; 403 not your move; 404 not visible to you;
// 409 someone else moved it first ("already approved by … at …").
import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { notFound } from '@/lib/errors';
import { idSchema, transitionFormSchema } from '@/lib/validation/transition-input';
import { parseOrThrow } from '@/lib/validation/parse';
import { transitionRequest } from '@/lib/workflow/transition-request';
import { INVALID_JSON, jsonError, readJson, withActor } from '@/lib/web/route-handler';

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withActor(async (actor) => {
    const id = idSchema.safeParse((await params).id);
    if (!id.success) throw notFound('Request');
    const body = await readJson(request);
    if (body === INVALID_JSON || typeof body !== 'object' || body === null) return jsonError(400, 'Send a JSON object.');
    const input = parseOrThrow(transitionFormSchema, body);
    const result = transitionRequest(getDb(), actor, { requestId: id.data, ...input });
    return NextResponse.json(result);
  });
}
