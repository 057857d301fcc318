'use client';

// A table whose column headers sort it, announcing the order through aria-sort.
import { useMemo, useState } from 'react';
import { compareCells } from '@/lib/web/compare-cells';

export interface Column {
  key: string;
  label: string;
  isNumeric?: boolean;
}

type Row = Record<string, string | number | null>;

export function SortableTable({ caption, columns, rows, initialKey }: { caption: string; columns: Column[]; rows: Row[]; initialKey: string }) {
  const [sort, setSort] = useState<{ key: string; direction: 'ascending' | 'descending' }>({ key: initialKey, direction: 'ascending' });
  const sorted = useMemo(() => {
    const factor = sort.direction === 'ascending' ? 1 : -1;
    const isNumeric = columns.find((c) => c.key === sort.key)?.isNumeric ?? false;
    return [...rows].sort((a, b) => {
      const x = a[sort.key];
      const y = b[sort.key];
      // Empty cells stay last whichever way the column is sorted.
      if (x === null || x === undefined || y === null || y === undefined) return compareCells(x, y);
      return compareCells(x, y, isNumeric) * factor;
    });
  }, [rows, sort, columns]);
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.isNumeric ? 'num' : undefined} aria-sort={sort.key === c.key ? sort.direction : 'none'}>
                <button
                  type="button"
                  className="button-link sort-button"
                  onClick={() => setSort((s) => ({ key: c.key, direction: s.key === c.key && s.direction === 'ascending' ? 'descending' : 'ascending' }))}
                >
                  {c.label}
                  <span aria-hidden="true">{sort.key === c.key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row, i) => (
            <tr key={String(row.id ?? i)}>
              {columns.map((c) => (
                <td key={c.key} className={c.isNumeric ? 'num' : undefined}>
                  {row[c.key] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
