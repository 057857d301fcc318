import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { EditRequestForm } from '@/components/edit-request-form';
import { isAppError } from '@/lib/errors';
import { listOffices } from '@/lib/offices/list-offices';
import { canEditRequest } from '@/lib/requests/edit-request';
import { getRequestDetail } from '@/lib/requests/get-request';
import { idSchema } from '@/lib/validation/transition-input';
import { requirePageActor } from '@/lib/web/page-actor';

export const metadata: Metadata = { title: 'Change request' };

export default async function EditRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor(`/requests/${id}/edit`);
  const parsed = idSchema.safeParse(id);
  if (!parsed.success) notFound();
  let request;
  try {
    request = getRequestDetail(getDb(), actor, parsed.data);
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }
  if (!canEditRequest(actor, request)) {
    return (
      <>
        <h1>Change {request.ref}</h1>
        <p>
          Only a supervisor of the proposing office can change a draft or returned request. <Link href={`/requests/${request.id}`}>Back to the request</Link>.
        </p>
      </>
    );
  }
  return (
    <>
      <p>
        <Link href={`/requests/${request.id}`}>Back to {request.ref}</Link>
      </p>
      <h1>Change {request.ref}</h1>
      <p className="lead">
        Badge {request.agent.badge}. To propose a different agent, withdraw this request and propose them instead.
      </p>
      <EditRequestForm
        requestId={request.id}
        state={request.state}
        divisions={listOffices(getDb(), 'division')}
        values={{
          name: request.agent.name,
          dutyStation: request.agent.dutyStation,
          deaDivisionId: String(request.deaDivisionId),
          borderNexus: request.borderNexus,
        }}
      />
    </>
  );
}
