/**
 * The p-th percentile of values by the nearest-rank method (DOMAIN.md): sort the n values and take
 * the one at rank ⌈p·n⌉ (1-based). Null for no values.
 */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  if (!(p > 0 && p <= 1)) throw new RangeError(`A percentile must be in (0, 1]; got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.max(1, rank) - 1]!;
}
