// Training modules move through draft → in review ⇄ disputed → published → retired. As with requests,
// the moves are one table and one function performs them: a conditional update on the status that
// was read, and an event in the same transaction. Disputes move a module too (raising one on a
// module in review makes it disputed; resolving the last one resumes the review), through the same
// function, and a module cannot be published while any dispute on it is open.
import { recordAudit } from '@/lib/audit/audit-log';
import { and, count, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { trainingDisputes, trainingModuleEvents, trainingModules } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import type { ModuleEventAction, ModuleStatus } from '@/lib/domain/training';
import { conflict, invalid, notFound } from '@/lib/errors';
import type { DbOrTx } from '@/lib/workflow/transition-request';
import { activateWaiting } from './record-completions';

export interface ModuleMove {
  action: Exclude<ModuleEventAction, 'create' | 'edit'>;
  from: readonly ModuleStatus[];
  to: ModuleStatus | 'same';
  /** Moves the system makes when disputes are raised or resolved; people make the rest. */
  isAutomatic: boolean;
  isNoteRequired: boolean;
}

export const MODULE_MOVES: readonly ModuleMove[] = [
  { action: 'submit_for_review', from: ['draft'], to: 'in_review', isAutomatic: false, isNoteRequired: false },
  { action: 'send_back', from: ['in_review'], to: 'draft', isAutomatic: false, isNoteRequired: true },
  { action: 'dispute', from: ['in_review'], to: 'disputed', isAutomatic: true, isNoteRequired: false },
  { action: 'resume_review', from: ['disputed'], to: 'in_review', isAutomatic: true, isNoteRequired: false },
  { action: 'publish', from: ['in_review'], to: 'published', isAutomatic: false, isNoteRequired: false },
  { action: 'new_version', from: ['published'], to: 'same', isAutomatic: false, isNoteRequired: true },
  { action: 'retire', from: ['published'], to: 'retired', isAutomatic: false, isNoteRequired: true },
];


export interface ModuleMoveInput {
  moduleId: number;
  action: ModuleMove['action'];
  note?: string | null;
  /** For new_version: completions of earlier versions stop counting (true) or still count (false). */
  isRequiredAgain?: boolean;
}

export function openDisputeCount(tx: DbOrTx, moduleId: number): number {
  return (
    tx
      .select({ n: count() })
      .from(trainingDisputes)
      .where(and(eq(trainingDisputes.moduleId, moduleId), isNull(trainingDisputes.resolvedOn)))
      .get()?.n ?? 0
  );
}

/** The module actions a person may take now: what the module page offers. */
export function allowedModuleMoves(status: ModuleStatus, openDisputes: number): ModuleMove['action'][] {
  return MODULE_MOVES.filter((m) => !m.isAutomatic && m.from.includes(status))
    .filter((m) => m.action !== 'publish' || openDisputes === 0)
    .map((m) => m.action);
}

/** The one writer of module status, inside the caller's transaction. */
export function applyModuleMove(tx: DbOrTx, actor: Actor, input: ModuleMoveInput, at = Date.now()): { toStatus: ModuleStatus; version: number } {
  const move = MODULE_MOVES.find((m) => m.action === input.action);
  if (!move) throw invalid('Choose an action.', { action: ['Choose an action.'] });
  const trainingModule = tx.select().from(trainingModules).where(eq(trainingModules.id, input.moduleId)).get();
  if (!trainingModule) throw notFound('Training module');
  if (!move.from.includes(trainingModule.status)) {
    throw conflict(`A module that is ${trainingModule.status.replace('_', ' ')} cannot be changed that way; reload the page.`);
  }
  const note = input.note?.trim() || null;
  if (move.isNoteRequired && !note) throw invalid('Say why.', { note: ['Enter the reason for this change.'] });
  if (note && note.length > 2000) throw invalid('The note is too long.', { note: ['Keep the note to 2,000 characters or fewer.'] });
  if (move.action === 'publish' && openDisputeCount(tx, trainingModule.id) > 0) {
    throw conflict('This module cannot be published while a dispute over its content is open. Resolve the dispute first.');
  }
  const toStatus = move.to === 'same' ? trainingModule.status : move.to;
  const version = move.action === 'new_version' ? trainingModule.version + 1 : trainingModule.version;
  const changed = tx
    .update(trainingModules)
    .set({
      status: toStatus,
      version,
      minimumCompletionVersion: move.action === 'new_version' && input.isRequiredAgain ? version : trainingModule.minimumCompletionVersion,
      statusSince: toStatus === trainingModule.status && move.action !== 'new_version' ? trainingModule.statusSince : at,
      statusNote: note ?? trainingModule.statusNote,
      updatedAt: at,
    })
    .where(and(eq(trainingModules.id, trainingModule.id), eq(trainingModules.status, trainingModule.status), eq(trainingModules.version, trainingModule.version)))
    .run();
  if (changed.changes !== 1) throw conflict('Someone changed this module at the same moment; reload the page.');
  tx.insert(trainingModuleEvents)
    .values({
      moduleId: trainingModule.id,
      action: move.action,
      fromStatus: trainingModule.status,
      toStatus,
      version,
      actorUserId: actor.kind === 'user' ? actor.id : null,
      actorName: actor.name,
      at,
      note,
      details: move.action === 'new_version' ? JSON.stringify({ isRequiredAgain: input.isRequiredAgain === true }) : null,
    })
    .run();
  recordAudit(tx, actor, { action: 'module_changed', objectType: 'training_module', objectId: trainingModule.id, details: { change: move.action, from: trainingModule.status, to: toStatus, version } }, at);
  return { toStatus, version };
}

export function moveModule(db: Db, actor: Actor, input: ModuleMoveInput, at = Date.now()): { toStatus: ModuleStatus; version: number } {
  assertCan(actor, 'training:manage');
  const move = MODULE_MOVES.find((m) => m.action === input.action);
  if (move?.isAutomatic) throw invalid('That change follows from disputes; raise or resolve a dispute instead.', { action: ['Choose another action.'] });
  return db.transaction(
    (tx) => {
      const result = applyModuleMove(tx, actor, input, at);
      // A retired module, or a new version accepted as equivalent, may be the last thing approvals
      // were waiting for.
      if (input.action === 'retire' || input.action === 'new_version') activateWaiting(tx, 'all', at);
      // A dispute raised while the module was a draft still stands: in review, it is disputed.
      if (result.toStatus === 'in_review' && openDisputeCount(tx, input.moduleId) > 0) {
        return applyModuleMove(tx, actor, { moduleId: input.moduleId, action: 'dispute', note: 'A dispute raised on the draft is still open.' }, at);
      }
      return result;
    },
    { behavior: 'immediate' },
  );
}

/** Records a module's creation in its history (reference data and new modules). */
export function recordModuleCreated(tx: DbOrTx, actor: Actor, moduleId: number, at: number): void {
  const trainingModule = tx.select({ status: trainingModules.status, version: trainingModules.version }).from(trainingModules).where(eq(trainingModules.id, moduleId)).get();
  if (!trainingModule) throw notFound('Training module');
  tx.insert(trainingModuleEvents)
    .values({ moduleId, action: 'create', fromStatus: null, toStatus: trainingModule.status, version: trainingModule.version, actorUserId: actor.kind === 'user' ? actor.id : null, actorName: actor.name, at })
    .run();
}

