/** Reading probe series for the statistics: the supremum of a quantity along a run. */

/**
 * sup over a run of a quantity that a probe may leave undefined (null, e.g. a ratio to a zero norm):
 * an undefined or non-finite value makes the supremum NaN, which the statistics count against the claim,
 * where Math.max would have read null as 0.
 */
export function supOf(values: readonly (number | null)[]): number {
  let sup = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) return NaN;
    sup = Math.max(sup, v);
  }
  return sup;
}
