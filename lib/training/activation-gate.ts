// The activation gate: an approved designation waits in pending_training while the agent owes a
// published module that is required before activation. The writer asks at approval; recording a
// completion asks again and activates what no longer waits.
import { and, eq } from 'drizzle-orm';
import { trainingModules } from '@/db/schema';
import type { IsoDate } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import type { DbOrTx } from '@/lib/workflow/transition-request';
import { isOwed, personModuleStatus } from './person-status';
import { loadModuleFacts, loadPerson, loadRecords, type ModuleFacts } from './training-facts';

/** The modules required before activation that the agent still owes on `today`. */
export function trainingOwedForActivation(tx: DbOrTx, agentId: number, today: IsoDate): ModuleFacts[] {
  const required = loadModuleFacts(tx, and(eq(trainingModules.isRequiredBeforeActivation, true), eq(trainingModules.status, 'published')));
  if (required.length === 0) return [];
  const person = loadPerson(tx, agentId);
  if (!person) return [];
  const records = loadRecords(tx, [agentId]).get(agentId);
  const { T21_TRAINING_EXPIRING_DAYS } = settings();
  return required.filter((m) => isOwed(personModuleStatus(m, person, records?.get(m.id) ?? [], today, T21_TRAINING_EXPIRING_DAYS)));
}
