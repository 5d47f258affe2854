/**
 * allenzhu2019 closed forms and identities used by the claims.
 */

/**
 * Prop G.3 (allenzhu2019 App. G): for ReLU φ and vectors a, b,
 *   φ(a) − φ(b) = D·(a − b) + D''·(a − b),  D = diag(1[a ≥ 0]),
 * with D'' diagonal: 0 where a_k and b_k are on the same side of 0; b_k/(a_k − b_k) ∈ [−1, 0] where
 * a_k ≥ 0 > b_k; b_k/(b_k − a_k) ∈ [0, 1] where a_k < 0 ≤ b_k. Returns D and D'' diagonals.
 */
export function propG3Decomposition(a: Float64Array, b: Float64Array): { d: Float64Array; dpp: Float64Array } {
  const n = a.length;
  const d = new Float64Array(n);
  const dpp = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const ak = a[k];
    const bk = b[k];
    d[k] = ak >= 0 ? 1 : 0;
    if (ak >= 0 && bk < 0) dpp[k] = bk / (ak - bk);
    else if (ak < 0 && bk >= 0) dpp[k] = bk / (bk - ak);
  }
  return { d, dpp };
}
