// A transition as posted by the detail page's forms or the JSON route.
import { z } from 'zod';
import { ACTIONS, STATES } from '@/lib/domain/workflow-states';
import { REASON_MAX_LENGTH } from '@/lib/workflow/limits';

const blankToNull = (v: unknown) => (v === '' || v === undefined ? null : v);

export const transitionFormSchema = z.object({
  action: z.enum(ACTIONS, { error: 'Choose an action.' }),
  expectedState: z.preprocess(blankToNull, z.enum(STATES, { error: 'The page’s status is malformed; reload the page.' }).nullable()),
  reason: z.preprocess(blankToNull, z.string().max(REASON_MAX_LENGTH, `Keep the reason to ${REASON_MAX_LENGTH.toLocaleString('en-US')} characters or fewer.`).nullable()),
  reasonCategory: z.preprocess(blankToNull, z.string().max(40).nullable()),
  divisionId: z.preprocess(blankToNull, z.coerce.number({ error: 'Choose an active DEA division.' }).int().positive('Choose an active DEA division.').nullable()),
});
export type TransitionForm = z.infer<typeof transitionFormSchema>;

export const idSchema = z.coerce.number({ error: 'Not a record number.' }).int('Not a record number.').positive('Not a record number.');
