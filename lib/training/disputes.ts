// Content disputes over training modules: raised by an agency on a point, escalated rung by rung
// (working group → headquarters → the formal dispute-resolution mechanism), each step dated, and
// resolved with a written resolution. While any dispute on a module is open it cannot be published.
import { recordAudit } from '@/lib/audit/audit-log';
import { asc, eq, max } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { trainingDisputes, trainingDisputeSteps, trainingModules } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { isIsoDate } from '@/lib/calendar/dates';
import { DISPUTING_AGENCIES, ESCALATION_LABELS, ESCALATION_LEVELS, type EscalationLevel } from '@/lib/domain/training';
import { conflict, invalid, notFound } from '@/lib/errors';
import { parseOrThrow } from '@/lib/validation/parse';
import type { DbOrTx } from '@/lib/workflow/transition-request';
import { applyModuleMove, openDisputeCount } from './module-writer';

const date = (label: string) => z.string({ error: `Enter the date ${label}.` }).refine(isIsoDate, `Enter the date ${label} as YYYY-MM-DD.`);
const text = (label: string, max: number) =>
  z.string({ error: `Enter ${label}.` }).trim().min(1, `Enter ${label}.`).max(max, `Keep ${label} to ${max.toLocaleString('en-US')} characters or fewer.`);
// Blank (or only spaces) is no note.
const optionalNote = z.preprocess((v) => (typeof v === 'string' ? v.trim() || null : (v ?? null)), z.string().max(2000, 'Keep the note to 2,000 characters or fewer.').nullable());

export const raiseDisputeSchema = z.object({
  moduleId: z.coerce.number().int().positive(),
  point: text('the point in dispute', 2000),
  raisedByAgency: z.enum(DISPUTING_AGENCIES, { error: 'Choose the agency that raised it.' }),
  raisedOn: date('it was raised'),
  level: z.enum(ESCALATION_LEVELS, { error: 'Choose where it is being handled.' }),
});

export const escalateDisputeSchema = z.object({
  disputeId: z.coerce.number().int().positive(),
  level: z.enum(ESCALATION_LEVELS, { error: 'Choose the level it goes to.' }),
  on: date('of the escalation'),
  note: optionalNote,
});

export const resolveDisputeSchema = z.object({
  disputeId: z.coerce.number().int().positive(),
  resolvedOn: date('it was resolved'),
  resolution: text('the resolution', 4000),
});

const rank = (level: EscalationLevel) => ESCALATION_LEVELS.indexOf(level);

function step(tx: DbOrTx, actor: Actor, disputeId: number, level: EscalationLevel, on: string, note: string | null, at: number) {
  tx.insert(trainingDisputeSteps).values({ disputeId, level, on, note, actorUserId: actor.kind === 'user' ? actor.id : null, actorName: actor.name, at }).run();
}

/** Inserts a dispute and its first step; a module in review becomes disputed. For the caller's transaction. */
export function insertDispute(tx: DbOrTx, actor: Actor, data: z.infer<typeof raiseDisputeSchema>, at: number): { id: number } {
  const trainingModule = tx.select({ id: trainingModules.id, status: trainingModules.status }).from(trainingModules).where(eq(trainingModules.id, data.moduleId)).get();
  if (!trainingModule) throw notFound('Training module');
  if (trainingModule.status === 'published' || trainingModule.status === 'retired') {
    throw conflict('A published or retired module’s content is settled; a change goes into a new version through review.');
  }
  const dispute = tx
    .insert(trainingDisputes)
    .values({ moduleId: trainingModule.id, point: data.point, raisedByAgency: data.raisedByAgency, raisedOn: data.raisedOn, level: data.level, createdByUserId: actor.kind === 'user' ? actor.id : null, createdAt: at })
    .returning({ id: trainingDisputes.id })
    .get();
  step(tx, actor, dispute.id, data.level, data.raisedOn, null, at);
  recordAudit(tx, actor, { action: 'dispute_changed', objectType: 'dispute', objectId: dispute.id, details: { change: 'raised', moduleId: trainingModule.id, level: data.level } }, at);
  if (trainingModule.status === 'in_review') applyModuleMove(tx, actor, { moduleId: trainingModule.id, action: 'dispute', note: data.point }, at);
  return dispute;
}

export function raiseDispute(db: Db, actor: Actor, input: unknown, at = Date.now()): { id: number } {
  assertCan(actor, 'dispute:manage');
  const data = parseOrThrow(raiseDisputeSchema, input);
  return db.transaction((tx) => insertDispute(tx, actor, data, at), { behavior: 'immediate' });
}

/** The date of a dispute's latest step: later steps and the resolution may not be dated before it. */
function latestStepOn(tx: DbOrTx, disputeId: number): string {
  const row = tx.select({ on: max(trainingDisputeSteps.on) }).from(trainingDisputeSteps).where(eq(trainingDisputeSteps.disputeId, disputeId)).get();
  return row?.on ?? '';
}

function openDispute(tx: DbOrTx, disputeId: number) {
  const dispute = tx.select().from(trainingDisputes).where(eq(trainingDisputes.id, disputeId)).get();
  if (!dispute) throw notFound('Dispute');
  if (dispute.resolvedOn !== null) throw conflict('This dispute is already resolved; reload the page.');
  return dispute;
}

export function escalateDispute(db: Db, actor: Actor, input: unknown, at = Date.now()): void {
  assertCan(actor, 'dispute:manage');
  const data = parseOrThrow(escalateDisputeSchema, input);
  db.transaction(
    (tx) => {
      const dispute = openDispute(tx, data.disputeId);
      if (rank(data.level) <= rank(dispute.level)) {
        throw invalid('A dispute only goes up.', { level: [`It is already at ${ESCALATION_LABELS[dispute.level].toLowerCase()}; choose a higher level.`] });
      }
      if (data.on < latestStepOn(tx, dispute.id)) throw invalid('Check the date.', { on: ['An escalation cannot come before the dispute’s previous step.'] });
      const changed = tx.update(trainingDisputes).set({ level: data.level }).where(eq(trainingDisputes.id, dispute.id)).run();
      if (changed.changes !== 1) throw conflict('This dispute changed at the same moment; reload the page.');
      step(tx, actor, dispute.id, data.level, data.on, data.note, at);
      recordAudit(tx, actor, { action: 'dispute_changed', objectType: 'dispute', objectId: dispute.id, details: { change: 'escalated', level: data.level, on: data.on } }, at);
    },
    { behavior: 'immediate' },
  );
}

export function resolveDispute(db: Db, actor: Actor, input: unknown, at = Date.now()): void {
  assertCan(actor, 'dispute:manage');
  const data = parseOrThrow(resolveDisputeSchema, input);
  db.transaction(
    (tx) => {
      const dispute = openDispute(tx, data.disputeId);
      if (data.resolvedOn < latestStepOn(tx, dispute.id)) throw invalid('Check the date.', { resolvedOn: ['A dispute cannot be resolved before its last step.'] });
      tx.update(trainingDisputes).set({ resolvedOn: data.resolvedOn, resolution: data.resolution }).where(eq(trainingDisputes.id, dispute.id)).run();
      recordAudit(tx, actor, { action: 'dispute_changed', objectType: 'dispute', objectId: dispute.id, details: { change: 'resolved', resolvedOn: data.resolvedOn } }, at);
      const trainingModule = tx.select({ status: trainingModules.status }).from(trainingModules).where(eq(trainingModules.id, dispute.moduleId)).get();
      // With the last open dispute settled, a disputed module goes back into review.
      if (trainingModule?.status === 'disputed' && openDisputeCount(tx, dispute.moduleId) === 0) {
        applyModuleMove(tx, actor, { moduleId: dispute.moduleId, action: 'resume_review', note: data.resolution }, at);
      }
    },
    { behavior: 'immediate' },
  );
}

/** Every dispute of a module with its dated steps, oldest first. */
export function disputesOf(db: Db, moduleId: number) {
  const disputes = db.select().from(trainingDisputes).where(eq(trainingDisputes.moduleId, moduleId)).orderBy(asc(trainingDisputes.raisedOn), asc(trainingDisputes.id)).all();
  return disputes.map((d) => ({
    ...d,
    steps: db.select().from(trainingDisputeSteps).where(eq(trainingDisputeSteps.disputeId, d.id)).orderBy(asc(trainingDisputeSteps.on), asc(trainingDisputeSteps.id)).all(),
  }));
}
