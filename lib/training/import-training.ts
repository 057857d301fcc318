// Importing an LMS export of completions: CSV with the header badge,module_code,completed_on and an
// optional version column. Every row is checked before anything is written, every problem is listed
// with its line, and the file goes in whole or not at all. Rows already on record (a re-import, or
// the same row twice) are counted, not added again.
import { parse } from 'csv-parse/sync';
import type { Db } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
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
  const { rows, issues: shapeIssues } = readRows(csvText, fileName);

  return db.transaction(
    (tx) => {
      const issues: ImportIssue[] = [...shapeIssues];
      const parsed: { line: number; fields: ReturnType<typeof completionFieldsSchema.parse> }[] = [];
      for (const row of rows) {
        const result = completionFieldsSchema.safeParse(row.values);
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
      return { rows: rows.length, ...writeRecords(tx, actor, records, 'import', at) };
    },
    { behavior: 'immediate' },
  );
}

interface RawRow {
  line: number;
  values: Record<string, string>;
}

/** The file's rows, or an ImportError for what makes the whole file unreadable; rows of the wrong
 * width come back as issues so they are listed with every other problem. */
function readRows(csvText: string, fileName: string | null): { rows: RawRow[]; issues: ImportIssue[] } {
  const header = `${TRAINING_COLUMNS.join(',')}[,version]`;
  if (Buffer.byteLength(csvText, 'utf8') > MAX_TRAINING_IMPORT_BYTES) {
    throw new ImportError([{ line: 0, message: `The file is larger than ${MAX_TRAINING_IMPORT_BYTES / 1024 / 1024} MB; is it the LMS completions export?` }], fileName);
  }
  const text = csvText.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw new ImportError([{ line: 0, message: `The file is empty; expected the header ${header}.` }], fileName);
  let records: string[][];
  try {
    records = parse(text, { record_delimiter: '\n', relax_column_count: true }) as string[][];
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 0;
    throw new ImportError([{ line, message: `The file is not valid CSV: ${error instanceof Error ? error.message : String(error)}` }], fileName);
  }
  const columns = (records[0] ?? []).map((c) => c.trim().toLowerCase());
  const expected = [...TRAINING_COLUMNS];
  const withVersion = [...TRAINING_COLUMNS, ...TRAINING_OPTIONAL_COLUMNS];
  const isHeader = (c: string[]) => c.length === expected.length ? c.every((x, i) => x === expected[i]) : c.length === withVersion.length && c.every((x, i) => x === withVersion[i]);
  if (!isHeader(columns)) {
    throw new ImportError([{ line: 1, message: `The first line must be the header ${header}; found "${(records[0] ?? []).join(',')}".` }], fileName);
  }
  const rows: RawRow[] = [];
  const issues: ImportIssue[] = [];
  // csv-parse was given one line ending; counting lines within quoted cells keeps the numbers true.
  let line = 1 + (records[0] ?? []).reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
  for (const record of records.slice(1)) {
    line += 1;
    const startLine = line;
    line += record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    if (record.length === 1 && record[0]!.trim() === '') continue;
    if (record.length !== columns.length) {
      issues.push({ line: startLine, message: `Expected ${columns.length} values (${columns.join(',')}), found ${record.length}.` });
      continue;
    }
    rows.push({ line: startLine, values: Object.fromEntries(columns.map((c, i) => [c === 'module_code' ? 'moduleCode' : c === 'completed_on' ? 'completedOn' : c, record[i]!])) });
  }
  return { rows, issues };
}
