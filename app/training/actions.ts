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
import { importTraining, MAX_TRAINING_IMPORT_BYTES } from '@/lib/training/import-training';
import { createModule, editModule } from '@/lib/training/manage-modules';
import { recordCompletion } from '@/lib/training/record-completions';
import { isImportError } from '@/lib/import/import-error';
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

type Done = 'moved' | 'raised' | 'escalated' | 'resolved' | 'edited';
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

export async function editModuleAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return trainingAction(formData, 'edited', (actor, data) => editModule(getDb(), actor, data));
}

export async function createModuleAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await currentActor();
  if (!actor) return SIGNED_OUT;
  let code = '';
  const state = await formResult(() => {
    code = createModule(getDb(), actor, Object.fromEntries(formData)).code;
    return 'Saved.';
  }, formValues(formData));
  if (state.status !== 'ok') return state;
  revalidatePath('/training', 'layout');
  redirect(`/training/${encodeURIComponent(code)}?done=created`);
}

const agentIdSchema = z.coerce.number().int().positive();

/** A completion or waiver typed on a person's page; back to that page with what it did. */
export async function recordCompletionAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await currentActor();
  if (!actor) return SIGNED_OUT;
  let activated: string[] = [];
  const state = await formResult(() => {
    activated = recordCompletion(getDb(), actor, Object.fromEntries(formData)).activated;
    return 'Saved.';
  }, formValues(formData));
  if (state.status !== 'ok') return state;
  revalidatePath('/', 'layout');
  const agentId = agentIdSchema.safeParse(formData.get('agentId'));
  const query = new URLSearchParams({ done: 'recorded', ...(activated.length ? { activated: activated.join(',') } : {}) });
  redirect(agentId.success ? `/agents/${agentId.data}?${query}` : '/training');
}

/** An uploaded LMS export: the summary on success; on failure every problem with its line. */
export async function importTrainingAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await currentActor();
  if (!actor) return SIGNED_OUT;
  const file = formData.get('file');
  if (!(file instanceof File) || file.size === 0) {
    return { status: 'error', message: 'Choose the CSV file to import.', fieldErrors: { file: ['Choose the CSV file exported from the learning management system.'] } };
  }
  if (file.size > MAX_TRAINING_IMPORT_BYTES) {
    return { status: 'error', message: 'The file is too large.', fieldErrors: { file: [`The file must be smaller than ${MAX_TRAINING_IMPORT_BYTES / 1024 / 1024} MB.`] } };
  }
  const text = await file.text();
  try {
    const summary = importTraining(getDb(), actor, text, { fileName: file.name });
    revalidatePath('/', 'layout');
    const activated = summary.activated.length ? ` ${summary.activated.length} approved ${summary.activated.length === 1 ? 'request is' : 'requests are'} no longer waiting for training and ${summary.activated.length === 1 ? 'is' : 'are'} now active: ${summary.activated.join(', ')}.` : '';
    return { status: 'ok', message: `Imported ${file.name}: ${summary.rows} rows, ${summary.added} added, ${summary.alreadyRecorded} already on record.${activated}` };
  } catch (error) {
    if (isImportError(error)) {
      return { status: 'error', message: `Nothing was imported: ${error.errors.length} ${error.errors.length === 1 ? 'problem' : 'problems'} in ${file.name}. Fix them and upload the file again.`, fieldErrors: error.fieldErrors };
    }
    return formResult(() => {
      throw error;
    });
  }
}
