import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { notFound } from '@/lib/errors';
import { getRequestDetail } from '@/lib/requests/get-request';
import { idSchema } from '@/lib/validation/transition-input';
import { withActor } from '@/lib/web/route-handler';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withActor(async (actor) => {
    const id = idSchema.safeParse((await params).id);
    if (!id.success) throw notFound('Request');
    return NextResponse.json(getRequestDetail(getDb(), actor, id.data));
  });
}
