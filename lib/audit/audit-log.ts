// The audit trail: who did what to which record, when (UTC, to the millisecond), from where, and how it
// ended. Append-only (triggers reject UPDATE and DELETE) and hash-chained: each record carries the
// hash of the one before, so an edited, deleted, reordered or inserted record breaks the chain, and
// `npm run t21 -- verify-audit` names the first broken one. Records are written inside the same
// transaction as the action they describe: if the record cannot be written, the action does not happen.
import { createHash } from 'node:crypto';
import { asc, desc, eq, gt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { appMeta, auditLog } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import type { AuditAction, AuditOutcome } from '@/lib/domain/audit';
import type { DbOrTx } from '@/lib/workflow/transition-request';

export const GENESIS_HASH = '0'.repeat(64);


export interface AuditEntry {
  action: AuditAction;
  objectType?: string | null;
  objectId?: string | number | null;
  outcome?: AuditOutcome;
  details?: Record<string, unknown> | null;
  /** Who, when not the actor (a failed sign-in names the email tried). */
  actorName?: string;
  /** Where from, when there is no signed-in actor to carry it (sign-in, the notice). */
  sourceAddress?: string | null;
}

/** The fields the hash covers, in a fixed order: everything but the row's own hash. */
export function canonical(row: {
  id: number;
  at: number;
  actorUserId: number | null;
  actorName: string;
  actorRole: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: string;
  sourceAddress: string | null;
  details: string | null;
  prevHash: string;
}): string {
  return JSON.stringify([row.id, row.at, row.actorUserId, row.actorName, row.actorRole, row.action, row.objectType, row.objectId, row.outcome, row.sourceAddress, row.details, row.prevHash]);
}

export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Appends one record, chained to the last; call inside the transaction of the action it records. */
export function recordAudit(tx: DbOrTx, actor: Actor | null, entry: AuditEntry, at = Date.now()): void {
  const last = tx.select({ id: auditLog.id, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get();
  const row = {
    id: (last?.id ?? 0) + 1,
    at,
    actorUserId: actor?.kind === 'user' ? actor.id : null,
    actorName: entry.actorName ?? actor?.name ?? 'anonymous',
    actorRole: actor?.kind === 'user' ? actor.role : actor ? 'system' : null,
    action: entry.action,
    objectType: entry.objectType ?? null,
    objectId: entry.objectId == null ? null : String(entry.objectId),
    outcome: entry.outcome ?? 'success',
    sourceAddress: entry.sourceAddress ?? (actor?.kind === 'user' ? (actor.sourceAddress ?? null) : null),
    details: entry.details ? JSON.stringify(entry.details) : null,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = hashOf(canonical(row));
  tx.insert(auditLog).values({ ...row, hash }).run();
  // The head of the chain, kept beside it: removing the newest records leaves the chain itself
  // intact, but no longer reaching the head.
  tx.insert(appMeta).values({ key: HEAD_KEY, value: `${row.id}:${hash}` }).onConflictDoUpdate({ target: appMeta.key, set: { value: `${row.id}:${hash}` } }).run();
}

const HEAD_KEY = 'audit_head';

export type VerifyResult = { ok: true; records: number; head: string | null } | { ok: false; records: number; brokenAt: number; reason: string };

/** Walks the whole chain in id order. */
export function verifyAudit(db: Db): VerifyResult {
  let previousHash = GENESIS_HASH;
  let expectedId = 1;
  let count = 0;
  let cursor = 0;
  for (;;) {
    const batch = db.select().from(auditLog).where(gt(auditLog.id, cursor)).orderBy(asc(auditLog.id)).limit(5000).all();
    if (batch.length === 0) break;
    for (const row of batch) {
      if (row.id !== expectedId) return { ok: false, records: count, brokenAt: expectedId, reason: `record ${expectedId} is missing (the next one is ${row.id})` };
      if (row.prevHash !== previousHash) return { ok: false, records: count, brokenAt: row.id, reason: `record ${row.id} does not follow the record before it` };
      if (hashOf(canonical(row)) !== row.hash) return { ok: false, records: count, brokenAt: row.id, reason: `record ${row.id} has been altered` };
      previousHash = row.hash;
      expectedId += 1;
      count += 1;
    }
    cursor = batch.at(-1)!.id;
  }
  const head = db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, HEAD_KEY)).get()?.value ?? null;
  const expectedHead = count === 0 ? null : `${expectedId - 1}:${previousHash}`;
  if (head !== expectedHead) {
    const headId = head ? Number(head.split(':')[0]) : 0;
    return headId > expectedId - 1
      ? { ok: false, records: count, brokenAt: expectedId, reason: `records ${expectedId} to ${headId} are missing from the end` }
      : { ok: false, records: count, brokenAt: Math.max(1, expectedId - 1), reason: 'the newest record does not match the recorded head of the chain' };
  }
  return { ok: true, records: count, head: expectedHead };
}
