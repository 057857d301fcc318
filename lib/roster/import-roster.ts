// Loading the roster from a personnel export: CSV with the header badge,name,agency,office_code,
// duty_station. HSI agents belong to an HSI field office, DEA agents to a DEA division (office codes
// from db/reference/offices.csv). A new badge adds a person; a known badge updates name, office and
// duty station; an unchanged row changes nothing. All or nothing, every problem listed with its line.
import { recordAudit } from '@/lib/audit/audit-log';
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { agents, offices } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { readCsvRows } from '@/lib/csv/read-csv';
import { AGENCIES } from '@/lib/domain/offices';
import { ImportError, type ImportIssue } from '@/lib/import/import-error';
import { fieldErrorsOf } from '@/lib/validation/parse';
import { badgeSchema } from '@/lib/validation/request-input';

export const ROSTER_COLUMNS = ['badge', 'name', 'agency', 'office_code', 'duty_station'] as const;
export const MAX_ROSTER_IMPORT_BYTES = 10 * 1024 * 1024;

const cell = (label: string, max: number) =>
  z.string().trim().min(1, `Enter the ${label}.`).max(max, `Keep the ${label} to ${max} characters or fewer.`);

const rosterRowSchema = z.object({
  badge: badgeSchema,
  name: cell('name', 120),
  agency: z.string().trim().toUpperCase().pipe(z.enum(AGENCIES, { error: 'Use HSI or DEA.' })),
  office_code: cell('office code', 40).toLowerCase(),
  duty_station: cell('duty station', 120),
});

export interface RosterSummary {
  rows: number;
  added: number;
  updated: number;
  unchanged: number;
}

export function importRoster(db: Db, actor: Actor, csvText: string, options: { fileName?: string | null; at?: number } = {}): RosterSummary {
  assertCan(actor, 'office:manage');
  const fileName = options.fileName ?? null;
  const at = options.at ?? Date.now();
  const { rows, issues: shapeIssues } = readCsvRows(csvText, { required: ROSTER_COLUMNS, maxBytes: MAX_ROSTER_IMPORT_BYTES, fileName });
  return db.transaction(
    (tx) => {
      const issues: ImportIssue[] = [...shapeIssues];
      const officesByCode = new Map(tx.select().from(offices).all().map((o) => [o.code, o]));
      const seen = new Map<string, number>();
      const valid: { line: number; data: z.infer<typeof rosterRowSchema>; officeId: number }[] = [];
      for (const row of rows) {
        const parsed = rosterRowSchema.safeParse(row.values);
        if (!parsed.success) {
          for (const [field, messages] of Object.entries(fieldErrorsOf(parsed.error))) for (const message of messages) issues.push({ line: row.line, field, message });
          continue;
        }
        const data = parsed.data;
        const office = officesByCode.get(data.office_code);
        const expectedKind = data.agency === 'HSI' ? 'field_office' : 'division';
        if (!office) {
          issues.push({ line: row.line, field: 'office_code', message: `No office has the code ${data.office_code}.` });
        } else if (office.kind !== expectedKind) {
          issues.push({ line: row.line, field: 'office_code', message: `${data.agency} agents belong to ${data.agency === 'HSI' ? 'an HSI field office' : 'a DEA division'}; ${office.code} is not one.` });
        }
        if (seen.has(data.badge)) issues.push({ line: row.line, field: 'badge', message: `Badge ${data.badge} is also on line ${seen.get(data.badge)}.` });
        seen.set(data.badge, row.line);
        if (office && office.kind === expectedKind) valid.push({ line: row.line, data, officeId: office.id });
      }
      const existing = new Map<string, typeof agents.$inferSelect>();
      const badges = valid.map((v) => v.data.badge);
      for (let i = 0; i < badges.length; i += 500) {
        for (const a of tx.select().from(agents).where(inArray(agents.badge, badges.slice(i, i + 500))).all()) existing.set(a.badge, a);
      }
      for (const { line, data } of valid) {
        const known = existing.get(data.badge);
        if (known && known.agency !== data.agency) issues.push({ line, field: 'agency', message: `${data.badge} is on the roster as a ${known.agency} agent.` });
      }
      if (issues.length > 0) throw new ImportError(issues, fileName);

      const summary: RosterSummary = { rows: rows.length, added: 0, updated: 0, unchanged: 0 };
      for (const { data, officeId } of valid) {
        const known = existing.get(data.badge);
        if (!known) {
          tx.insert(agents).values({ badge: data.badge, name: data.name, agency: data.agency, officeId, dutyStation: data.duty_station, createdAt: at, updatedAt: at }).run();
          summary.added += 1;
        } else if (known.name !== data.name || known.officeId !== officeId || known.dutyStation !== data.duty_station) {
          tx.update(agents).set({ name: data.name, officeId, dutyStation: data.duty_station, updatedAt: at }).where(eq(agents.id, known.id)).run();
          summary.updated += 1;
        } else {
          summary.unchanged += 1;
        }
      }
      recordAudit(tx, actor, { action: 'roster_imported', objectType: 'file', objectId: fileName, details: { ...summary } }, at);
      return summary;
    },
    { behavior: 'immediate' },
  );
}
