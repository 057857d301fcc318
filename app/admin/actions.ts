'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { createOffice, updateOffice } from '@/lib/admin/manage-offices';
import { createUser, resetPassword, updateUser } from '@/lib/admin/manage-users';
import { resetAuthenticator, unlockAccount } from '@/lib/auth/sign-in';
import { currentActor } from '@/lib/auth/current-actor';
import { idSchema } from '@/lib/validation/transition-input';
import { parseOrThrow } from '@/lib/validation/parse';
import { formResult, formValues, SIGNED_OUT, type FormState } from '@/lib/web/form-state';

export async function createUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await currentActor();
  if (!actor) return SIGNED_OUT;
  const values = formValues(formData);
  delete values.password;
  const state = await formResult(() => {
    createUser(getDb(), actor, Object.fromEntries(formData));
    return 'Created.';
  }, values);
  if (state.status !== 'ok') return state;
  revalidatePath('/admin/users');
  redirect('/admin/users?done=created');
}

export async function updateUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await currentActor();
  if (!actor) return SIGNED_OUT;
  return formResult(() => {
    const id = parseOrThrow(idSchema, formData.get('userId'));
    updateUser(getDb(), actor, id, { ...Object.fromEntries(formData), isActive: formData.get('isActive') === 'on' });
    revalidatePath('/admin/users');
    return 'Saved. If the role, office or status changed, the person’s open sessions have ended.';
  }, formValues(formData));
}

export async function resetPasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await currentActor();
  if (!actor) return SIGNED_OUT;
  return formResult(() => {
    const id = parseOrThrow(idSchema, formData.get('userId'));
    resetPassword(getDb(), actor, id, formData.get('password'));
    return 'Password changed. The person’s open sessions have ended.';
  });
}

export async function createOfficeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await currentActor();
  if (!actor) return SIGNED_OUT;
  return formResult(() => {
    createOffice(getDb(), actor, Object.fromEntries(formData));
    revalidatePath('/admin/offices');
    return 'Office added.';
  }, formValues(formData));
}

export async function updateOfficeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await currentActor();
  if (!actor) return SIGNED_OUT;
  return formResult(() => {
    const id = parseOrThrow(idSchema, formData.get('officeId'));
    updateOffice(getDb(), actor, id, { name: formData.get('name'), isActive: formData.get('isActive') === 'on' });
    revalidatePath('/admin/offices');
    return 'Saved.';
  }, formValues(formData));
}

/** Unlock and authenticator reset change what the person's page offers (the unlock button goes), so
 * the page is shown again with the outcome rather than beside a form that is no longer there. */
async function userButtonAction(formData: FormData, done: 'unlocked' | 'authenticator', work: (actor: NonNullable<Awaited<ReturnType<typeof currentActor>>>, userId: number) => void): Promise<FormState> {
  const actor = await currentActor();
  if (!actor) return SIGNED_OUT;
  let userId = 0;
  const state = await formResult(() => {
    userId = parseOrThrow(idSchema, formData.get('userId'));
    work(actor, userId);
    return 'Saved.';
  });
  if (state.status !== 'ok') return state;
  revalidatePath('/admin/users', 'layout');
  redirect(`/admin/users/${userId}?done=${done}`);
}

export async function unlockUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return userButtonAction(formData, 'unlocked', (actor, userId) => unlockAccount(getDb(), actor, userId));
}

export async function resetAuthenticatorAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return userButtonAction(formData, 'authenticator', (actor, userId) => resetAuthenticator(getDb(), actor, userId));
}
