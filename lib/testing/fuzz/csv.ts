// Hostile CSV for the importers' fuzz tests: arbitrary text, and files with the right header whose
// cells are random, quoted at random (well or badly), with embedded newlines, quotes, byte-order marks
// and every line ending; plus the checks an ImportError must pass.
import fc from 'fast-check';
import { AppError } from '@/lib/errors';
import { isImportError } from '@/lib/import/import-error';
import { FuzzFinding, type Outcome } from './harness';
import { nastyString } from './arbitraries';

/** Characters that matter to a CSV reader. */
const CSV_SPECIALS = ['"', ',', '\n', '\r', '\r\n', '""', '\uFEFF', ' ', '\t', "'", '\u0000', ';', '\\', '\u2028'];

/** A cell's text: plain, CSV syntax, or hostile. */
export const csvCellText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.array(fc.oneof(fc.constantFrom(...CSV_SPECIALS), fc.string({ maxLength: 4 })), { maxLength: 6 }).map((parts) => parts.join('')) },
);

/** How a cell is written: as is, quoted properly, or quoted badly. */
export type Quoting = 'plain' | 'quoted' | 'broken';
export const quoting: fc.Arbitrary<Quoting> = fc.constantFrom<Quoting>('plain', 'plain', 'quoted', 'quoted', 'broken');

/** Writes one cell; 'plain' quotes only what must be quoted, so the cell reads back as written. */
export function renderCell(text: string, how: Quoting): string {
  switch (how) {
    case 'plain':
      return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    case 'quoted':
      return `"${text.replace(/"/g, '""')}"`;
    case 'broken':
      // Unescaped quotes, a quote opened and never closed, or text after the closing quote.
      return [`"${text}`, `${text}"`, `"${text}"x`, ` "${text}" `, `"${text}""`][text.length % 5]!;
  }
}

export const lineEnding: fc.Arbitrary<string> = fc.constantFrom('\n', '\n', '\r\n', '\r');

/** A file from a header and rows of cells, each cell written in its own way. */
export function csvFile(header: readonly string[], rows: fc.Arbitrary<{ text: string; how: Quoting }[][]>): fc.Arbitrary<string> {
  return fc
    .record({
      rows,
      bom: fc.boolean(),
      eol: lineEnding,
      mixedEol: fc.boolean(),
      trailing: fc.constantFrom('', '', '\n', '\r\n', '\n\n', ' '),
      headerStyle: fc.constantFrom('exact', 'exact', 'exact', 'upper', 'spaced', 'quoted'),
      blankLines: fc.array(fc.nat(20), { maxLength: 2 }),
      eols: fc.array(lineEnding, { minLength: 30, maxLength: 30 }),
    })
    .map(({ rows: body, bom, eol, mixedEol, trailing, headerStyle, blankLines, eols }) => {
      const head = header
        .map((c) => (headerStyle === 'upper' ? c.toUpperCase() : headerStyle === 'spaced' ? ` ${c} ` : headerStyle === 'quoted' ? `"${c}"` : c))
        .join(',');
      const lines = [head, ...body.map((cells) => cells.map((c) => renderCell(c.text, c.how)).join(','))];
      for (const at of blankLines) lines.splice(Math.min(lines.length, 1 + at), 0, '');
      const text = lines.reduce((out, line, i) => (i === 0 ? line : out + (mixedEol ? eols[i % eols.length]! : eol) + line), '');
      return `${bom ? '\uFEFF' : ''}${text}${trailing}`;
    });
}

/** A row of `width` cells (give or take one), each a value from `cell` written in a random way. */
export function cellsRow(width: number, cell: fc.Arbitrary<string> = csvCellText): fc.Arbitrary<{ text: string; how: Quoting }[]> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.array(fc.record({ text: cell, how: quoting }), { minLength: width, maxLength: width }) },
    { weight: 1, arbitrary: fc.array(fc.record({ text: cell, how: quoting }), { minLength: Math.max(0, width - 2), maxLength: width + 2 }) },
  );
}

/** A well-formed row from the given cell values: the deep path, past the CSV reader. */
export function goodRow(cells: fc.Arbitrary<string[]>): fc.Arbitrary<{ text: string; how: Quoting }[]> {
  return cells.chain((values) => fc.array(fc.constantFrom<Quoting>('plain', 'quoted'), { minLength: values.length, maxLength: values.length }).map((hows) => values.map((text, i) => ({ text, how: hows[i]! }))));
}

/** Arbitrary text, and text that starts like the right file. */
export function anyCsvText(header: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.array(fc.oneof(fc.constantFrom(...CSV_SPECIALS, header.join(','), ...header), nastyString), { maxLength: 30 }).map((parts) => parts.join('')),
    fc.array(fc.oneof(fc.constantFrom(...CSV_SPECIALS), nastyString), { maxLength: 30 }).map((parts) => `${header.join(',')}\n${parts.join('')}`),
  );
}

/** Lines of the file as a user counts them (any line ending; a byte-order mark is not a line). */
export function lineCountOf(csvText: string): number {
  return csvText.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n').length;
}

/** An importer's refusal must be an ImportError whose issues name real lines and say what is wrong. */
export function checkImportRefusal(outcome: Outcome<unknown>, csvText: string): void {
  if (outcome.ok) return;
  const error: AppError = outcome.error;
  if (error.code !== 'invalid' && error.code !== 'forbidden') throw new FuzzFinding(`An import refused with ${error.code}: ${error.message}`);
  if (error.code === 'forbidden') return;
  if (!isImportError(error)) throw new FuzzFinding(`An import refused with a plain AppError, not an ImportError: ${error.message}`);
  if (error.errors.length === 0) throw new FuzzFinding('An ImportError with no issues');
  const lines = lineCountOf(csvText);
  for (const issue of error.errors) {
    if (!Number.isInteger(issue.line) || issue.line < 0 || issue.line > lines) {
      throw new FuzzFinding(`Issue on line ${issue.line}, but the file has ${lines} lines: ${issue.message}`);
    }
    if (typeof issue.message !== 'string' || issue.message.trim() === '') throw new FuzzFinding(`Issue on line ${issue.line} has no message`);
  }
}

/** A file whose rows start on known lines: for checking that an issue points at its row. */
export interface PlacedFile {
  text: string;
  /** The line each row starts on (the header is line 1). */
  rowLines: number[];
}

/** Writes header and rows (cells quoted when they must be), with the given line endings between
 * records, blank lines after the rows listed, and an optional byte-order mark. */
export function placeRows(header: readonly string[], rows: readonly (readonly string[])[], layout: { bom: boolean; eols: readonly string[]; blankAfter: readonly number[] }): PlacedFile {
  const breaks = (cell: string) => cell.match(/\r\n|\r|\n/g)?.length ?? 0;
  let text = `${layout.bom ? '\uFEFF' : ''}${header.join(',')}`;
  let line = 1;
  const rowLines: number[] = [];
  const eol = (i: number) => layout.eols[i % layout.eols.length]!;
  rows.forEach((cells, i) => {
    text += eol(i);
    line += 1;
    rowLines.push(line);
    text += cells.map((c) => renderCell(c, 'plain')).join(',');
    line += cells.reduce((n, c) => n + breaks(c), 0);
    if (layout.blankAfter.includes(i)) {
      text += eol(i + 1);
      line += 1;
    }
  });
  return { text, rowLines };
}

export const layout: fc.Arbitrary<{ bom: boolean; eols: string[]; blankAfter: number[] }> = fc.record({
  bom: fc.boolean(),
  eols: fc.array(lineEnding, { minLength: 1, maxLength: 5 }),
  blankAfter: fc.array(fc.nat(8), { maxLength: 2 }),
});

/** Text for a cell that may span lines: line breaks of every kind, quotes and commas inside. */
export const multilineText: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom('\n', '\r\n', '\r', '"', ',', '""', ' <b>x</b> ', 'a'), fc.string({ minLength: 1, maxLength: 5 })), { minLength: 1, maxLength: 6 })
  .map((parts) => `N ${parts.join('')} end`);
