// Reading an uploaded CSV whose header is fixed (some columns optional, at the end): the file-level
// checks (size, empty, CSV syntax, header) throw an ImportError; rows of the wrong width come back as
// issues so they are listed with every other problem. Line numbers count lines of the file, including
// line breaks inside quoted cells, so an error points where a spreadsheet user will look.
import { parse } from 'csv-parse/sync';
import { ImportError, type ImportIssue } from '@/lib/import/import-error';

export interface CsvRow {
  line: number;
  /** Cell by column name, as written in the header. */
  values: Record<string, string>;
}

export interface CsvShape {
  required: readonly string[];
  optional?: readonly string[];
  maxBytes: number;
  fileName: string | null;
}

export function readCsvRows(csvText: string, shape: CsvShape): { rows: CsvRow[]; issues: ImportIssue[] } {
  const { required, optional = [], maxBytes, fileName } = shape;
  const header = `${required.join(',')}${optional.map((c) => `[,${c}]`).join('')}`;
  if (Buffer.byteLength(csvText, 'utf8') > maxBytes) {
    throw new ImportError([{ line: 0, message: `The file is larger than ${maxBytes / 1024 / 1024} MB; split it and import the parts.` }], fileName);
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
  const first = records[0] ?? [];
  const columns = first.map((c) => c.trim().toLowerCase());
  // The required columns in order, then any leading run of the optional ones.
  const isHeader =
    columns.length >= required.length &&
    columns.length <= required.length + optional.length &&
    columns.every((c, i) => c === (i < required.length ? required[i] : optional[i - required.length]));
  if (!isHeader) throw new ImportError([{ line: 1, message: `The first line must be the header ${header}; found "${first.join(',')}".` }], fileName);

  const newlines = (record: string[]) => record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
  const rows: CsvRow[] = [];
  const issues: ImportIssue[] = [];
  let line = 1 + newlines(first);
  for (const record of records.slice(1)) {
    line += 1;
    const startLine = line;
    line += newlines(record);
    if (record.length === 1 && record[0]!.trim() === '') continue;
    if (record.length !== columns.length) {
      issues.push({ line: startLine, message: `Expected ${columns.length} values (${columns.join(',')}), found ${record.length}.` });
      continue;
    }
    rows.push({ line: startLine, values: Object.fromEntries(columns.map((c, i) => [c, record[i]!])) });
  }
  return { rows, issues };
}
