// Administrators create modules and change their particulars (title, owner, audience, whether
// completion is required before activation, the refresher period and the completion window). Each
// change is an event in the module's history with the fields before and after; status moves are
// module-writer.ts's.
import { recordAudit } from '@/lib/audit/audit-log';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { trainingModuleEvents, trainingModules } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { MODULE_AUDIENCES, MODULE_OWNERS } from '@/lib/domain/training';
import { conflict, invalid, notFound } from '@/lib/errors';
import { parseOrThrow } from '@/lib/validation/parse';
import { recordModuleCreated } from './module-writer';
import { activateWaiting } from './record-completions';

const blank = (v: unknown) => (v === '' || v == null ? null : v);
const wholeOrNone = (label: string, max: number) =>
  z.preprocess(blank, z.coerce.number({ error: `Enter ${label} as a whole number, or leave it blank.` }).int(`Enter ${label} as a whole number.`).min(1, `Enter ${label} of at least 1, or leave it blank.`).max(max, `Enter ${label} of at most ${max}.`).nullable());

export const moduleParticularsSchema = z.object({
  title: z.string({ error: 'Enter the title.' }).trim().min(1, 'Enter the title.').max(200, 'Keep the title to 200 characters or fewer.'),
  ownerAgency: z.enum(MODULE_OWNERS, { error: 'Choose the owning agency.' }),
  audience: z.enum(MODULE_AUDIENCES, { error: 'Choose the audience.' }),
  isRequiredBeforeActivation: z.preprocess((v) => v === true || v === 'yes' || v === 'on', z.boolean()),
  refresherMonths: wholeOrNone('the refresher period in months', 120),
  completionWindowDays: wholeOrNone('the days allowed to complete', 730),
});

export const newModuleSchema = moduleParticularsSchema.extend({
  code: z
    .string({ error: 'Enter a code.' })
    .trim()
    .toUpperCase()
    .min(1, 'Enter a code.')
    .max(40, 'Keep the code to 40 characters or fewer.')
    .regex(/^[A-Z0-9][A-Z0-9-]*$/, 'Use letters, digits and hyphens, starting with a letter or digit.'),
});

export const editModuleSchema = moduleParticularsSchema.extend({ moduleId: z.coerce.number().int().positive() });

export function createModule(db: Db, actor: Actor, input: unknown, at = Date.now()): { id: number; code: string } {
  assertCan(actor, 'training:manage');
  const data = parseOrThrow(newModuleSchema, input);
  return db.transaction(
    (tx) => {
      if (tx.select({ id: trainingModules.id }).from(trainingModules).where(eq(trainingModules.code, data.code)).get()) {
        throw invalid('Check the highlighted fields.', { code: [`A module with the code ${data.code} exists already.`] });
      }
      const created = tx
        .insert(trainingModules)
        .values({ ...data, status: 'draft', version: 1, minimumCompletionVersion: 1, statusSince: at, createdAt: at, updatedAt: at })
        .returning({ id: trainingModules.id })
        .get();
      recordModuleCreated(tx, actor, created.id, at);
      recordAudit(tx, actor, { action: 'module_changed', objectType: 'training_module', objectId: created.id, details: { change: 'created', code: data.code } }, at);
      return { id: created.id, code: data.code };
    },
    { behavior: 'immediate' },
  );
}

const PARTICULARS = ['title', 'ownerAgency', 'audience', 'isRequiredBeforeActivation', 'refresherMonths', 'completionWindowDays'] as const;

/** Changes a module's particulars; records which fields changed, from what to what. */
export function editModule(db: Db, actor: Actor, input: unknown, at = Date.now()): { changed: string[] } {
  assertCan(actor, 'training:manage');
  const data = parseOrThrow(editModuleSchema, input);
  return db.transaction(
    (tx) => {
      const current = tx.select().from(trainingModules).where(eq(trainingModules.id, data.moduleId)).get();
      if (!current) throw notFound('Training module');
      if (current.status === 'retired') throw conflict('A retired module is kept as it was; it cannot be changed.');
      const changes = Object.fromEntries(PARTICULARS.filter((f) => current[f] !== data[f]).map((f) => [f, { from: current[f], to: data[f] }]));
      const changed = Object.keys(changes);
      if (changed.length === 0) return { changed };
      tx.update(trainingModules)
        .set({ ...Object.fromEntries(changed.map((f) => [f, data[f as (typeof PARTICULARS)[number]]])), updatedAt: at })
        .where(eq(trainingModules.id, current.id))
        .run();
      tx.insert(trainingModuleEvents)
        .values({ moduleId: current.id, action: 'edit', fromStatus: current.status, toStatus: current.status, version: current.version, actorUserId: actor.kind === 'user' ? actor.id : null, actorName: actor.name, at, details: JSON.stringify(changes) })
        .run();
      recordAudit(tx, actor, { action: 'module_changed', objectType: 'training_module', objectId: current.id, details: { change: 'edited', changes } }, at);
      // No longer required, another audience, a longer window: approvals may no longer wait.
      activateWaiting(tx, 'all', at);
      return { changed };
    },
    { behavior: 'immediate' },
  );
}
