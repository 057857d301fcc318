// Reading a history CSV: the file-level checks (size, header, CSV syntax) and each row's fields,
// checked with zod and resolved against the offices table. Nothing here writes; import-history.ts
// replays what this returns. Every row problem is collected with its line so that one run lists them
// all.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { ACTIONS, REQUEST_KINDS, type Action, type RequestKind } from '@/lib/domain/workflow-states';
import { agentInputSchema, badgeSchema } from '@/lib/validation/request-input';
import { REASON_MAX_LENGTH } from '@/lib/workflow/transition-request';
import { ruleFor } from '@/lib/workflow/transitions';
import { ImportError, type ImportIssue } from './import-error';
import { parseIsoInstant } from './iso-instant';

export const HISTORY_COLUMNS = [
  'request_ref',
  'action',
  'at',
  'actor',
  'agent_badge',
  'agent_name',
  'hsi_office',
  'dea_division',
  'kind',
  'reason',
] as const;
export type HistoryColumn = (typeof HISTORY_COLUMNS)[number];

/** Larger files are refused before parsing: 50 MB is several times 20 years of national history. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

// Every action of the table an imported row may name. Not 'activate' (training gating did not exist in
// the spreadsheets) nor 'edit' (not a move of the request).
export const IMPORT_ACTIONS = [
  'create',
  'submit',
  'endorse',
  'route',
  'concur',
  'nonconcur',
  'approve',
  'deny',
  'return',
  'resubmit',
  'withdraw',
  'expire',
  'rescind',
] as const satisfies readonly Action[];
export type ImportAction = (typeof IMPORT_ACTIONS)[number];

export const REF_MAX_LENGTH = 40;
export const ACTOR_MAX_LENGTH = 200;

export interface RawHistoryRow {
  /** Line in the file where the row starts (the header is line 1 when the file begins with it). */
  line: number;
  /** Position among the data rows: breaks ties between events at the same instant. */
  index: number;
  values: Record<HistoryColumn, string>;
}

/** An office as the import needs it, from one read of the offices table. */
export interface OfficeRef {
  id: number;
  code: string;
  kind: 'headquarters' | 'field_office' | 'division';
  isActive: boolean;
}

export interface CreateFields {
  badge: string;
  agentName: string;
  hsiOfficeId: number;
  hsiOfficeCode: string;
  deaDivisionId: number;
  kind: RequestKind;
}

/**
 * One row after checking. A field that failed is null and `isValid` is false; the parts that did parse
 * (ref, action, at) still let the file's structure be checked, so one bad date does not hide a
 * duplicate create elsewhere.
 */
export interface HistoryRow {
  line: number;
  index: number;
  ref: string | null;
  action: ImportAction | null;
  at: number | null;
  actor: string;
  reason: string | null;
  /** Create rows only. */
  create: CreateFields | null;
  /** Route rows only: the division named in the row's dea_division column, if any. */
  routeDivisionId: number | null;
  isValid: boolean;
}

export type ValidHistoryRow = HistoryRow & { ref: string; action: ImportAction; at: number };

export function isValidRow(row: HistoryRow): row is ValidHistoryRow {
  return row.isValid && row.ref !== null && row.action !== null && row.at !== null;
}

// ---------------------------------------------------------------------------------------------------
// File level

/**
 * Splits the file into rows, or throws an ImportError for what makes the whole file unreadable: too
 * large, empty, a wrong header, broken quoting. A file with only the header yields no rows (the
 * import then reports zero of everything); a file with nothing at all is an error, since it is more
 * likely the wrong file than an intentional no-op.
 */
export function readHistoryCsv(
  csvText: string,
  fileName: string | null,
): { rows: RawHistoryRow[]; rowCount: number; issues: ImportIssue[] } {
  // Cheap upper bound first (a UTF-16 unit is at most 3 UTF-8 bytes), the exact count only near the limit.
  if (csvText.length * 3 > MAX_IMPORT_BYTES && Buffer.byteLength(csvText, 'utf8') > MAX_IMPORT_BYTES) {
    throw new ImportError(
      [{ line: 0, message: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it into several files by year and import them in turn.` }],
      fileName,
    );
  }
  if (csvText.replace(/^\uFEFF/, '').trim() === '') {
    throw new ImportError([{ line: 0, message: `The file is empty; expected a header row: ${HISTORY_COLUMNS.join(',')}` }], fileName);
  }

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(csvText, {
      bom: true,
      info: true,
      // Spreadsheets pad cells and mix line endings; whitespace around a delimiter is not data.
      trim: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 0;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ImportError([{ line, message: `The file is not valid CSV: ${reason}` }], fileName);
  }

  const nonBlank = records.filter(({ record }) => record.some((cell) => cell !== ''));
  const [header, ...data] = nonBlank;
  if (!header) {
    throw new ImportError([{ line: 0, message: `The file is empty; expected a header row: ${HISTORY_COLUMNS.join(',')}` }], fileName);
  }
  checkHeader(header.record, startLine(header), fileName);

  const issues: ImportIssue[] = [];
  const rows: RawHistoryRow[] = [];
  data.forEach((entry, index) => {
    const line = startLine(entry);
    if (entry.record.length !== HISTORY_COLUMNS.length) {
      issues.push({ line, message: `Expected ${HISTORY_COLUMNS.length} columns, found ${entry.record.length}.` });
      return;
    }
    const values = Object.fromEntries(HISTORY_COLUMNS.map((column, i) => [column, entry.record[i] ?? ''])) as Record<
      HistoryColumn,
      string
    >;
    rows.push({ line, index, values });
  });
  return { rows, rowCount: data.length, issues };
}

/** csv-parse counts lines at the end of a record; a quoted cell may span several. */
function startLine(entry: { record: string[]; info: { lines: number } }): number {
  let breaks = 0;
  for (const cell of entry.record) breaks += cell.match(/\r\n|\r|\n/g)?.length ?? 0;
  return entry.info.lines - breaks;
}

function checkHeader(cells: string[], line: number, fileName: string | null): void {
  const given = cells.map((cell) => cell.trim());
  if (given.length === HISTORY_COLUMNS.length && given.every((cell, i) => cell === HISTORY_COLUMNS[i])) return;

  const expected = new Set<string>(HISTORY_COLUMNS);
  const missing = HISTORY_COLUMNS.filter((column) => !given.includes(column));
  const unexpected = given.filter((cell) => !expected.has(cell));
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`missing ${missing.join(', ')}`);
  if (unexpected.length > 0) problems.push(`unexpected ${unexpected.map((c) => (c === '' ? '(empty)' : `"${c}"`)).join(', ')}`);
  if (problems.length === 0) problems.push('the columns are in a different order or repeated');
  throw new ImportError(
    [{ line, message: `The header must be exactly: ${HISTORY_COLUMNS.join(',')} (${problems.join('; ')}).` }],
    fileName,
  );
}

// ---------------------------------------------------------------------------------------------------
// Row level

const REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

const refSchema = z
  .string()
  .min(1, 'Enter the request reference.')
  .max(REF_MAX_LENGTH, `The request reference must be ${REF_MAX_LENGTH} characters or fewer.`)
  .regex(REF_PATTERN, 'Use letters, digits, hyphens, dots, underscores or slashes in the request reference.');

const actionSchema = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(z.enum(IMPORT_ACTIONS, { error: `Use one of: ${IMPORT_ACTIONS.join(', ')}.` }));

const actorSchema = z
  .string()
  .min(1, 'Enter who did it (their name, or their office if the name is not known).')
  .max(ACTOR_MAX_LENGTH, `The actor must be ${ACTOR_MAX_LENGTH} characters or fewer.`);

const reasonSchema = z
  .string()
  .max(REASON_MAX_LENGTH, `Keep the reason to ${REASON_MAX_LENGTH} characters or fewer.`);

const kindSchema = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(z.enum(REQUEST_KINDS, { error: `Use ${REQUEST_KINDS.join(' or ')} on a create row.` }));

const officeCodeSchema = (what: string) =>
  z
    .string()
    .min(1, `Enter the ${what} code on a create row.`)
    .transform((value) => value.toLowerCase());

/** Checks every row; problems go to `issues`, each with its line and column. */
export function checkHistoryRows(
  rawRows: readonly RawHistoryRow[],
  officesByCode: ReadonlyMap<string, OfficeRef>,
  issues: ImportIssue[],
  now = Date.now(),
): HistoryRow[] {
  return rawRows.map((raw) => checkRow(raw, officesByCode, issues, now));
}

function checkRow(
  raw: RawHistoryRow,
  officesByCode: ReadonlyMap<string, OfficeRef>,
  issues: ImportIssue[],
  now: number,
): HistoryRow {
  const { line, values } = raw;
  let isValid = true;
  const fail = (field: HistoryColumn, message: string) => {
    issues.push({ line, field, message });
    isValid = false;
  };
  const field = <T extends z.ZodType>(column: HistoryColumn, schema: T): z.output<T> | null => {
    const result = schema.safeParse(values[column]);
    if (result.success) return result.data;
    fail(column, result.error.issues[0]?.message ?? 'Invalid value.');
    return null;
  };

  const ref = field('request_ref', refSchema);
  const action = field('action', actionSchema);
  const actor = field('actor', actorSchema) ?? '';
  const reason = field('reason', reasonSchema) || null;

  let at: number | null = null;
  const instant = parseIsoInstant(values.at, now);
  if (instant.ok) at = instant.at;
  else fail('at', instant.message);

  if (action !== null && action !== 'create' && ruleFor(action)?.isReasonRequired && !reason) {
    fail('reason', `A reason is required to ${action}.`);
  }

  let create: CreateFields | null = null;
  if (action === 'create') {
    const badge = field('agent_badge', badgeSchema);
    const agentName = field('agent_name', agentInputSchema.shape.name);
    const kind = field('kind', kindSchema);
    const hsiOffice = officeField('hsi_office', 'HSI field office', 'field_office');
    const deaDivision = officeField('dea_division', 'DEA division', 'division');
    if (badge !== null && agentName !== null && kind !== null && hsiOffice && deaDivision) {
      create = { badge, agentName, kind, hsiOfficeId: hsiOffice.id, hsiOfficeCode: hsiOffice.code, deaDivisionId: deaDivision.id };
    }
  }

  let routeDivisionId: number | null = null;
  if (action === 'route' && values.dea_division !== '') {
    routeDivisionId = officeField('dea_division', 'DEA division', 'division')?.id ?? null;
  }

  return { line, index: raw.index, ref, action, at, actor, reason, create, routeDivisionId, isValid };

  function officeField(column: HistoryColumn, what: string, kind: OfficeRef['kind']): OfficeRef | null {
    const code = field(column, officeCodeSchema(what));
    if (code === null) return null;
    const office = officesByCode.get(code);
    if (!office) {
      fail(column, `"${code}" is not an office code in the offices table.`);
      return null;
    }
    if (office.kind !== kind) {
      fail(column, `"${code}" is not a${what.startsWith('HSI') ? 'n' : ''} ${what}.`);
      return null;
    }
    return office;
  }
}
