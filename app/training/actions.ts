'use server';

// Each action loads the signed-in user itself and calls a lib/training function that checks the
// permission again.
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import type { UserActor } from '@/lib/auth/actor';
import { currentActor } from '@/lib/auth/current-actor';
import { escalateDispute, raiseDispute, resolveDispute } from '@/lib/training/disputes';
import { MODULE_MOVES, moveModule } from '@/lib/training/module-writer';
import { parseOrThrow } from '@/lib/validation/parse';
import { formResult, formValues, SIGNED_OUT, type FormState } from '@/lib/web/form-state';

const MOVE_ACTIONS = MODULE_MOVES.map((m) => m.action) as [string, ...string[]];

const moveSchema = z.object({
  moduleId: z.coerce.number().int().positive(),
  action: z.enum(MOVE_ACTIONS, { error: 'Choose an action.' }),
  note: z.preprocess((v) => (v === '' || v == null ? null : v), z.string().nullable()),
  isRequiredAgain: z.preprocess((v) => v === 'yes', z.boolean()),
});

type Done = 'moved' | 'raised' | 'escalated' | 'resolved';
const moduleCodeSchema = z.string().regex(/^[A-Za-z0-9-]{1,40}$/);

/** Runs one training change for the signed-in user, then shows the module page with what was done
 * (the form that did it may no longer be on the page: an escalation to the top, a resolution). */
async function trainingAction(
  formData: FormData,
  done: Done,
  work: (actor: UserActor, data: Record<string, FormDataEntryValue>) => void,
): Promise<FormState> {
  const actor = await currentActor();
  if (!actor) return SIGNED_OUT;
  const state = await formResult(() => {
    work(actor, Object.fromEntries(formData));
    return 'Saved.';
  }, formValues(formData));
  if (state.status !== 'ok') return state;
  revalidatePath('/training', 'layout');
  const code = moduleCodeSchema.safeParse(formData.get('moduleCode'));
  redirect(code.success ? `/training/${encodeURIComponent(code.data)}?done=${done}` : '/training');
}

export async function moveModuleAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return trainingAction(formData, 'moved', (actor, data) => {
    const input = parseOrThrow(moveSchema, data);
    moveModule(getDb(), actor, { ...input, action: input.action as (typeof MODULE_MOVES)[number]['action'] });
  });
}

export async function raiseDisputeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return trainingAction(formData, 'raised', (actor, data) => raiseDispute(getDb(), actor, data));
}

export async function escalateDisputeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return trainingAction(formData, 'escalated', (actor, data) => escalateDispute(getDb(), actor, data));
}

export async function resolveDisputeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return trainingAction(formData, 'resolved', (actor, data) => resolveDispute(getDb(), actor, data));
}
