// Reading the audit trail, for auditors and administrators: filter by date, action, person, outcome
// and object; newest first; as CSV. Reading it is itself recorded, in the same transaction.
import { and, count, desc, eq, gte, like, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { auditLog } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { isIsoDate } from '@/lib/calendar/dates';
import { toCsv } from '@/lib/csv/to-csv';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '@/lib/domain/audit';
import { parseOrThrow } from '@/lib/validation/parse';
import { recordAudit } from './audit-log';

export const AUDIT_PAGE_SIZE = 100;
const blank = (v: unknown) => (v === '' || v == null ? undefined : v);
const date = (label: string) => z.preprocess(blank, z.string().refine(isIsoDate, `Enter the ${label} date as YYYY-MM-DD.`).optional());

export const auditFiltersSchema = z
  .object({
    from: date('start'),
    to: date('end'),
    action: z.preprocess(blank, z.enum(AUDIT_ACTIONS, { error: 'Choose an action from the list.' }).optional()),
    outcome: z.preprocess(blank, z.enum(AUDIT_OUTCOMES, { error: 'Choose success, failure or denied.' }).optional()),
    who: z.preprocess(blank, z.string().trim().max(100, 'Search for at most 100 characters.').optional()),
    object: z.preprocess(blank, z.string().trim().max(60, 'Search for at most 60 characters.').optional()),
    page: z.preprocess(blank, z.coerce.number().int().min(1).max(1_000_000).default(1)),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'The end date must be on or after the start date.' });
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

// Dates are taken in UTC here: the trail is kept in UTC, and auditors compare it with other systems' logs.
const startOfDay = (d: string) => Date.parse(`${d}T00:00:00Z`);
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function where(filters: AuditFilters): SQL | undefined {
  const objectMatch = filters.object?.match(/^([a-z_]+)(?:[ :#]+(.+))?$/i);
  return and(
    filters.from ? gte(auditLog.at, startOfDay(filters.from)) : undefined,
    filters.to ? lt(auditLog.at, startOfDay(filters.to) + 86_400_000) : undefined,
    filters.action ? eq(auditLog.action, filters.action) : undefined,
    filters.outcome ? eq(auditLog.outcome, filters.outcome) : undefined,
    filters.who ? like(auditLog.actorName, `%${escapeLike(filters.who)}%`) : undefined,
    objectMatch ? eq(auditLog.objectType, objectMatch[1]!.toLowerCase()) : undefined,
    objectMatch?.[2] ? eq(auditLog.objectId, objectMatch[2].trim()) : undefined,
  );
}

const columns = {
  id: auditLog.id,
  at: auditLog.at,
  actorName: auditLog.actorName,
  actorRole: auditLog.actorRole,
  action: auditLog.action,
  objectType: auditLog.objectType,
  objectId: auditLog.objectId,
  outcome: auditLog.outcome,
  sourceAddress: auditLog.sourceAddress,
  details: auditLog.details,
  hash: auditLog.hash,
};

export function readAuditTrail(db: Db, actor: Actor, rawFilters: unknown) {
  assertCan(actor, 'audit:read');
  const filters = parseOrThrow(auditFiltersSchema, rawFilters, 'Check the filters.');
  return db.transaction(
    (tx) => {
      const condition = where(filters);
      const total = tx.select({ n: count() }).from(auditLog).where(condition).get()?.n ?? 0;
      const rows = tx.select(columns).from(auditLog).where(condition).orderBy(desc(auditLog.id)).limit(AUDIT_PAGE_SIZE).offset((filters.page - 1) * AUDIT_PAGE_SIZE).all();
      const { page, ...asked } = filters;
      recordAudit(tx, actor, { action: 'audit_read', objectType: 'audit_log', details: { filters: asked, page, shown: rows.length } });
      return { rows, total, filters, page, pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
    },
    { behavior: 'immediate' },
  );
}

export function exportAuditTrail(db: Db, actor: Actor, rawFilters: unknown): string {
  assertCan(actor, 'audit:read');
  const filters = parseOrThrow(auditFiltersSchema, rawFilters, 'Check the filters.');
  return db.transaction(
    (tx) => {
      const rows = tx.select(columns).from(auditLog).where(where(filters)).orderBy(auditLog.id).all();
      const { page: _page, ...asked } = filters;
      recordAudit(tx, actor, { action: 'audit_exported', objectType: 'audit_log', details: { filters: asked, rows: rows.length } });
      return toCsv(
        ['id', 'at_utc', 'actor', 'role', 'action', 'object_type', 'object_id', 'outcome', 'source_address', 'details', 'hash'],
        rows.map((r) => [r.id, new Date(r.at).toISOString(), r.actorName, r.actorRole, r.action, r.objectType, r.objectId, r.outcome, r.sourceAddress, r.details, r.hash]),
      );
    },
    { behavior: 'immediate' },
  );
}

/** Records a download of other figures (dashboard, training, report CSVs) in the trail. */
export function recordExport(db: Db, actor: Actor, what: string, details: Record<string, unknown> = {}): void {
  db.transaction((tx) => recordAudit(tx, actor, { action: 'export', objectType: 'csv', objectId: what, details }), { behavior: 'immediate' });
}
