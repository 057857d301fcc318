/**
 * The p-th percentile of values by the nearest-rank method (DOMAIN.md): sort the n values and take
 * the one at rank ⌈p·n⌉ (1-based). Null for no values.
 */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  if (!(p > 0 && p <= 1)) throw new RangeError(`A percentile must be in (0, 1]; got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  // p·n in floating point can overshoot a whole number (0.07 · 100 = 7.000000000000001), whose
  // ceiling would then be one rank too high; twelve significant digits drop that error.
  const rank = Math.ceil(Number((p * sorted.length).toPrecision(12)));
  return sorted[Math.max(1, rank) - 1]!;
}
