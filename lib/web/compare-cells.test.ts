import { describe, expect, it } from 'vitest';
import { compareCells } from './compare-cells';

const sortedBy = (values: (string | number | null)[], isNumeric?: boolean) => [...values].sort((a, b) => compareCells(a, b, isNumeric));

describe('compareCells', () => {
  it('orders a numeric column by value even when its cells are formatted text', () => {
    expect(sortedBy(['95.0', '100.0', '9.5', null, '80.0'], true)).toEqual(['9.5', '80.0', '95.0', '100.0', null]);
  });

  it('orders numbers by value and text alphabetically, empty cells last', () => {
    expect(sortedBy([12, 3, null, 40])).toEqual([3, 12, 40, null]);
    expect(sortedBy(['HSI Miami', null, 'HSI El Paso'])).toEqual(['HSI El Paso', 'HSI Miami', null]);
  });
});
