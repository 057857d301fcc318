'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { currentActor } from '@/lib/auth/current-actor';
import { addGoalVersion } from '@/lib/timeliness/manage-goals';
import { formResult, formValues, SIGNED_OUT, type FormState } from '@/lib/web/form-state';

export async function addGoalVersionAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await currentActor();
  if (!actor) return SIGNED_OUT;
  return formResult(() => {
    addGoalVersion(getDb(), actor, Object.fromEntries(formData));
    revalidatePath('/goals');
    revalidatePath('/dashboard');
    return 'The new goal version is saved. Requests first submitted from its effective date are judged by it.';
  }, formValues(formData));
}
