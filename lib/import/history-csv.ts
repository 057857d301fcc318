// Reading a history CSV: the file-level checks (size, header, CSV syntax) and each row's fields,
// checked with zod and resolved against the offices table. Nothing here writes; import-history.ts
// replays what this returns. Every row problem is collected with its line so that one run lists them
// all.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { ACTIONS, REQUEST_KINDS, type Action, type RequestKind } from '@/lib/domain/workflow-states';
import { agentInputSchema, badgeSchema } from '@/lib/validation/request-input';
import { REASON_MAX_LENGTH } from '@/lib/workflow/limits';
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

/**
 * Larger files are refused before parsing. 100,000 requests (20 years of national history, ~700,000
 * rows) take about 50 MB with short actor names and no reasons, so the limit leaves room for real
 * reasons while keeping a parse in memory to a few hundred MB.
 */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

// Every action of the table an imported row may name. Not 'activate' (training gating did not exist in
// the spreadsheets) nor 'edit' (not a move of the request).
export type ImportAction = Exclude<Action, 'activate' | 'edit'>;
export const IMPORT_ACTIONS = ACTIONS.filter((action): action is ImportAction => action !== 'activate' && action !== 'edit') as [
  ImportAction,
  ...ImportAction[],
];


export const REF_MAX_LENGTH = 40;
export const ACTOR_MAX_LENGTH = 200;

export interface RawHistoryRow {
  /** Line in the file where the row starts (the header is line 1 when the file begins with it). */
  line: number;
  /** Position among the data rows: breaks ties between events at the same instant. */
  index: number;
  values: Record<HistoryColumn, string>;
  /** Cells found; a row without exactly one per column is reported and never replayed. */
  cellCount: number;
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
): { rows: RawHistoryRow[]; rowCount: number } {
  // Cheap upper bound first (a UTF-16 unit is at most 3 UTF-8 bytes), the exact count only near the limit.
  if (csvText.length * 3 > MAX_IMPORT_BYTES && Buffer.byteLength(csvText, 'utf8') > MAX_IMPORT_BYTES) {
    throw new ImportError(
      [{ line: 0, message: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it (by year, say) and import the parts in date order.` }],
      fileName,
    );
  }
  // One line ending and no byte-order mark, so that lines can be counted from the records (csv-parse's
  // own per-record `info` triples the parsing time of a national history).
  const text = csvText.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') {
    throw new ImportError([{ line: 0, message: `The file is empty; expected a header row: ${HISTORY_COLUMNS.join(',')}` }], fileName);
  }

  let records: string[][];
  try {
    records = parse(text, { record_delimiter: '\n', relax_column_count: true }) as string[][];
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 0;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ImportError([{ line, message: `The file is not valid CSV: ${reason}` }], fileName);
  }

  const rows: RawHistoryRow[] = [];
  let header: string[] | null = null;
  let dataRows = 0;
  let nextLine = 1;
  for (const record of records) {
    const line = nextLine;
    // A record takes one line, plus one for each line break inside its quoted cells.
    nextLine += 1;
    let isBlank = true;
    for (let i = 0; i < record.length; i += 1) {
      const cell = record[i]!;
      if (cell.includes('\n')) nextLine += cell.split('\n').length - 1;
      // Text is trimmed: spreadsheets pad cells, and padding is never data.
      const trimmed = cell.trim();
      record[i] = trimmed;
      if (trimmed !== '') isBlank = false;
    }
    if (isBlank) continue;
    if (header === null) {
      checkHeader(record, line, fileName);
      header = record;
      continue;
    }
    rows.push({ line, index: dataRows, values: toValues(record), cellCount: record.length });
    dataRows += 1;
  }
  if (header === null) {
    throw new ImportError([{ line: 0, message: `The file is empty; expected a header row: ${HISTORY_COLUMNS.join(',')}` }], fileName);
  }
  return { rows, rowCount: dataRows };
}

// Spelled out rather than built in a loop: this runs once per row of files with 700,000 rows.
function toValues(record: string[]): Record<HistoryColumn, string> {
  return {
    request_ref: record[0] ?? '',
    action: record[1] ?? '',
    at: record[2] ?? '',
    actor: record[3] ?? '',
    agent_badge: record[4] ?? '',
    agent_name: record[5] ?? '',
    hsi_office: record[6] ?? '',
    dea_division: record[7] ?? '',
    kind: record[8] ?? '',
    reason: record[9] ?? '',
  };
}

function checkHeader(given: string[], line: number, fileName: string | null): void {
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
const hsiOfficeCodeSchema = officeCodeSchema('HSI field office');
const deaDivisionCodeSchema = officeCodeSchema('DEA division');
const agentNameSchema = agentInputSchema.shape.name;

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
  if (raw.cellCount !== HISTORY_COLUMNS.length) {
    issues.push({ line, message: `Expected ${HISTORY_COLUMNS.length} columns, found ${raw.cellCount}.` });
    // The first cell is still the best guess at the request, so that its other rows are not replayed
    // without this one (which would only add errors that fixing this row removes).
    const ref = refSchema.safeParse(values.request_ref);
    return {
      line,
      index: raw.index,
      ref: ref.success ? ref.data : null,
      action: null,
      at: null,
      actor: '',
      reason: null,
      create: null,
      routeDivisionId: null,
      isValid: false,
    };
  }
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

  if (action !== null && action !== 'create' && ruleFor(action)?.isReasonRequired && values.reason === '') {
    fail('reason', `A reason is required to ${action}.`);
  }

  let create: CreateFields | null = null;
  if (action === 'create') {
    const badge = field('agent_badge', badgeSchema);
    const agentName = field('agent_name', agentNameSchema);
    const kind = field('kind', kindSchema);
    const hsiOffice = officeField('hsi_office', hsiOfficeCodeSchema, 'HSI field office', 'field_office');
    const deaDivision = officeField('dea_division', deaDivisionCodeSchema, 'DEA division', 'division');
    if (badge !== null && agentName !== null && kind !== null && hsiOffice && deaDivision) {
      create = { badge, agentName, kind, hsiOfficeId: hsiOffice.id, hsiOfficeCode: hsiOffice.code, deaDivisionId: deaDivision.id };
    }
  }

  let routeDivisionId: number | null = null;
  if (action === 'route' && values.dea_division !== '') {
    routeDivisionId = officeField('dea_division', deaDivisionCodeSchema, 'DEA division', 'division')?.id ?? null;
  }

  return { line, index: raw.index, ref, action, at, actor, reason, create, routeDivisionId, isValid };

  function officeField(
    column: HistoryColumn,
    schema: typeof hsiOfficeCodeSchema,
    what: string,
    kind: OfficeRef['kind'],
  ): OfficeRef | null {
    const code = field(column, schema);
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
