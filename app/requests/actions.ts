'use server';

// Server actions are public POST endpoints: each one loads the user itself and calls a lib/ function
// that checks permission and scope again. Nothing here trusts the form beyond what zod accepts.
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { currentActor } from '@/lib/auth/current-actor';
import { createRequests } from '@/lib/requests/create-requests';
import { editRequest } from '@/lib/requests/edit-request';
import { idSchema, transitionFormSchema } from '@/lib/validation/transition-input';
import { parseOrThrow } from '@/lib/validation/parse';
import { transitionRequest } from '@/lib/workflow/transition-request';
import { formResult, formValues, SIGNED_OUT, type FormState } from '@/lib/web/form-state';
import type { State } from '@/lib/domain/workflow-states';
import { isState } from '@/lib/domain/workflow-states';

export async function transitionAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await currentActor();
  if (!actor) return SIGNED_OUT;
  let requestId = 0;
  let done = '';
  const state = await formResult(() => {
    requestId = parseOrThrow(idSchema, formData.get('requestId'));
    const input = parseOrThrow(transitionFormSchema, Object.fromEntries(formData));
    const result = transitionRequest(getDb(), actor, { requestId, ...input });
    done = result.action;
    return 'Saved.';
  }, formValues(formData));
  if (state.status !== 'ok') return state;
  revalidatePath('/', 'layout');
  redirect(`/requests/${requestId}?done=${done}`);
}

/** The agents' fields from the new-request form: agents.0.name, agents.0.badge, … */
function agentsFrom(formData: FormData) {
  const count = Math.min(Number(formData.get('agentCount') ?? 1) || 1, 25);
  return Array.from({ length: count }, (_, i) => ({
    name: formData.get(`agents.${i}.name`),
    badge: formData.get(`agents.${i}.badge`),
    dutyStation: formData.get(`agents.${i}.dutyStation`),
  }));
}

function newRequestsInput(formData: FormData) {
  return {
    kind: formData.get('kind'),
    deaDivisionId: formData.get('deaDivisionId'),
    borderNexus: formData.get('borderNexus'),
    agents: agentsFrom(formData),
  };
}

/** "Check your answers": every check the real submission makes, and nothing written. */
export async function checkRequestsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await currentActor();
  if (!actor) return SIGNED_OUT;
  return formResult(() => {
    createRequests(getDb(), actor, newRequestsInput(formData), {
      submit: false,
      submissionKey: String(formData.get('submissionKey') ?? ''),
      isDryRun: true,
    });
    return 'Ready to submit.';
  }, formValues(formData));
}

export async function createRequestsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await currentActor();
  if (!actor) return SIGNED_OUT;
  let firstId = 0;
  let count = 0;
  const isDraft = formData.get('intent') === 'draft';
  const state = await formResult(() => {
    const created = createRequests(
      getDb(),
      actor,
      newRequestsInput(formData),
      { submit: !isDraft, submissionKey: String(formData.get('submissionKey') ?? '') },
    );
    firstId = created[0]?.id ?? 0;
    count = created.length;
    return `${created.length} created`;
  }, formValues(formData));
  if (state.status !== 'ok') return state;
  revalidatePath('/', 'layout');
  redirect(count === 1 ? `/requests/${firstId}?done=${isDraft ? 'create' : 'submit'}` : `/inbox?created=${count}&draft=${isDraft ? 1 : 0}`);
}

export async function editRequestAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await currentActor();
  if (!actor) return SIGNED_OUT;
  let requestId = 0;
  const expected = formData.get('expectedState');
  const state = await formResult(() => {
    requestId = parseOrThrow(idSchema, formData.get('requestId'));
    editRequest(
      getDb(),
      actor,
      requestId,
      { name: formData.get('name'), dutyStation: formData.get('dutyStation'), deaDivisionId: formData.get('deaDivisionId'), borderNexus: formData.get('borderNexus') },
      isState(expected) ? (expected as State) : undefined,
    );
    return 'Saved.';
  }, formValues(formData));
  if (state.status !== 'ok') return state;
  revalidatePath('/', 'layout');
  redirect(`/requests/${requestId}?done=edit`);
}
