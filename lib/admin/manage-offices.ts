// Administrators keep the list of offices: HSI headquarters and field offices, DEA headquarters and
// divisions. Offices are never deleted (requests refer to them); an office no longer in use is made
// inactive, which removes it from pick lists but keeps it on old requests.
import { recordAudit } from '@/lib/audit/audit-log';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { offices } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { AGENCIES, OFFICE_KINDS } from '@/lib/domain/offices';
import { invalid, notFound } from '@/lib/errors';
import { parseOrThrow } from '@/lib/validation/parse';

const nameField = z.string({ error: 'Enter the office name.' }).trim().min(1, 'Enter the office name.').max(120, 'Use at most 120 characters.');

export const newOfficeSchema = z
  .object({
    code: z
      .string({ error: 'Enter a code.' })
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'Use 2 to 40 lower-case letters, digits or hyphens, such as hsi-el-paso.'),
    agency: z.enum(AGENCIES, { error: 'Choose HSI or DEA.' }),
    kind: z.enum(OFFICE_KINDS, { error: 'Choose the kind of office.' }),
    name: nameField,
  })
  .refine((o) => o.kind === 'headquarters' || (o.agency === 'HSI') === (o.kind === 'field_office'), {
    path: ['kind'],
    message: 'HSI has field offices; DEA has divisions.',
  });

export const updateOfficeSchema = z.object({
  name: nameField,
  isActive: z.preprocess((v) => v === true || v === 'true' || v === 'on', z.boolean()),
});

export function listAllOffices(db: Db, actor: Actor) {
  assertCan(actor, 'office:manage');
  return db.select().from(offices).orderBy(asc(offices.agency), asc(offices.kind), asc(offices.name)).all();
}

export function createOffice(db: Db, actor: Actor, input: unknown): { id: number } {
  assertCan(actor, 'office:manage');
  const data = parseOrThrow(newOfficeSchema, input);
  return db.transaction(
    (tx) => {
      if (tx.select({ id: offices.id }).from(offices).where(eq(offices.code, data.code)).get()) {
        throw invalid('Check the highlighted fields.', { code: ['An office with this code already exists.'] });
      }
      const created = tx.insert(offices).values(data).returning({ id: offices.id }).get();
      recordAudit(tx, actor, { action: 'office_changed', objectType: 'office', objectId: created.id, details: { change: 'created', ...data } });
      return created;
    },
    { behavior: 'immediate' },
  );
}

export function updateOffice(db: Db, actor: Actor, officeId: number, input: unknown): void {
  assertCan(actor, 'office:manage');
  const data = parseOrThrow(updateOfficeSchema, input);
  db.transaction(
    (tx) => {
      const result = tx.update(offices).set(data).where(eq(offices.id, officeId)).run();
      if (result.changes !== 1) throw notFound('Office');
      recordAudit(tx, actor, { action: 'office_changed', objectType: 'office', objectId: officeId, details: { change: 'updated', ...data } });
    },
    { behavior: 'immediate' },
  );
}
