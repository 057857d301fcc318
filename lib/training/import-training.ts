// Importing an LMS export of completions: CSV with the header badge,module_code,completed_on and an
// optional version column. Every row is checked before anything is written, every problem is listed
// with its line, and the file goes in whole or not at all. Rows already on record (a re-import, or
// the same row twice) are counted, not added again.
import { recordAudit } from '@/lib/audit/audit-log';
import type { Db } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { readCsvRows } from '@/lib/csv/read-csv';
import { fieldErrorsOf } from '@/lib/validation/parse';
import { ImportError, type ImportIssue } from '@/lib/import/import-error';
import { checkRecord, completionFieldsSchema, loadLookups, writeRecords, type CompletionRecord, type RecordSummary } from './record-completions';

export const TRAINING_COLUMNS = ['badge', 'module_code', 'completed_on'] as const;
export const TRAINING_OPTIONAL_COLUMNS = ['version'] as const;
/** An LMS export for every agent of both agencies over twenty years is a few MB; this refuses the
 * wrong file early, and matches the upload limit in next.config.js. */
export const MAX_TRAINING_IMPORT_BYTES = 10 * 1024 * 1024;

const FIELD_COLUMN: Record<string, string> = { badge: 'badge', moduleCode: 'module_code', completedOn: 'completed_on', version: 'version' };

export interface TrainingImportSummary extends RecordSummary {
  rows: number;
}

export function importTraining(db: Db, actor: Actor, csvText: string, options: { fileName?: string | null; at?: number } = {}): TrainingImportSummary {
  assertCan(actor, 'training:record');
  const fileName = options.fileName ?? null;
  const at = options.at ?? Date.now();
  const { rows, issues: shapeIssues } = readCsvRows(csvText, { required: TRAINING_COLUMNS, optional: TRAINING_OPTIONAL_COLUMNS, maxBytes: MAX_TRAINING_IMPORT_BYTES, fileName });

  return db.transaction(
    (tx) => {
      const issues: ImportIssue[] = [...shapeIssues];
      const parsed: { line: number; fields: ReturnType<typeof completionFieldsSchema.parse> }[] = [];
      for (const row of rows) {
        const v = row.values;
        const result = completionFieldsSchema.safeParse({ badge: v.badge, moduleCode: v.module_code, completedOn: v.completed_on, version: v.version });
        if (!result.success) {
          for (const [field, messages] of Object.entries(fieldErrorsOf(result.error))) {
            for (const message of messages) issues.push({ line: row.line, field: FIELD_COLUMN[field] ?? field, message });
          }
        } else {
          parsed.push({ line: row.line, fields: result.data });
        }
      }
      const lookups = loadLookups(tx, actor, parsed.map((p) => p.fields.badge), at);
      const records: CompletionRecord[] = [];
      for (const { line, fields } of parsed) {
        const checked = checkRecord({ ...fields, kind: 'completion', reason: null }, lookups);
        if ('problems' in checked) issues.push(...checked.problems.map((p) => ({ line, ...p })));
        else records.push(checked.record);
      }
      if (issues.length > 0) throw new ImportError(issues, fileName);
      const summary = { rows: rows.length, ...writeRecords(tx, actor, records, 'import', at) };
      recordAudit(tx, actor, { action: 'training_imported', objectType: 'file', objectId: fileName, details: { rows: summary.rows, added: summary.added, alreadyRecorded: summary.alreadyRecorded, activated: summary.activated } }, at);
      return summary;
    },
    { behavior: 'immediate' },
  );
}
