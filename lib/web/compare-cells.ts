// The order of a sortable table's column. Numeric columns may arrive as text already formatted for
// display ("95.0"), which would sort as words ("100.0" before "9.5"), so they compare as numbers.
export type CellValue = string | number | null | undefined;

/** Ascending order of two cells; empty cells sort last. */
export function compareCells(x: CellValue, y: CellValue, isNumeric = false): number {
  if (x === y) return 0;
  if (x === null || x === undefined) return 1;
  if (y === null || y === undefined) return -1;
  if (isNumeric || (typeof x === 'number' && typeof y === 'number')) return Number(x) - Number(y);
  return String(x).localeCompare(String(y));
}
