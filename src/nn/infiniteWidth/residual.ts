/**
 * The kernel map of a residual block y = x + β·g(x) whose branch g starts with a fresh dense or
 * convolution layer (du2019 Sec 6–7; liu2020 App. H.2). With (Σ^g, ν^g, Θ^g) the branch's map applied
 * to the input state (Θ^g holds the input's terms propagated through the branch and the branch's own):
 *
 *   Σ'_ij = Σ_ij + β·(ν_i·ν^g_j + ν^g_i·ν_j) + β²·Σ^g_ij,   ν' = ν + β·ν^g,   Θ'_name = Θ_name + β²·Θ^g_name.
 *
 * Why the cross terms are means only. The branch starts with fresh zero-mean weights, so its output
 * coordinates g_k(x) are exchangeable over k and, given x, iid in the limit (coordinate k depends on x
 * only through fresh rows of the branch's weights); so (1/C)Σ_k x_ik·g_jk(x) → (1/C)Σ_k x_ik·E[g_jk]
 * = ν_i·ν^g_j, with fluctuations O(1/√C). In the NTK the cross term is
 * (β/C)·Σ_{k,k'} G_ij[k, k']·∂g_jk/∂x_k' with G the input's tangent kernel (Θ·δ_kk' in the limit) and
 * ∂g/∂x = J_h·s·W; W is zero-mean and independent of G, so the term averages out: by Stein's lemma
 * its mean is O(ν/C) and its fluctuation O(1/√C) relative to Θ, both → 0 (Huang et al. 2020; neural-
 * tangents `FanInSum` of a shortcut and a branch with fresh weights). A branch without fresh weights
 * in front (e.g. a bare activation) has no such limit; ResidualNode refuses it.
 *
 * du2019 Def 6.1 (corrected) is this map with C = m, β = c_res/(H√m), b_i = √m·ν_i and K = m·Σ:
 *   K^(h)_ij = K^(h−1)_ij + (c_res/H)[b_i·Eσ(v) + b_j·Eσ(u)] + (c_res²/H²)·E[σ(u)σ(v)],
 *   b^(h)_i = b^(h−1)_i + (c_res/H)·Eσ(u),   K^(H)_ij = (c_res²/H²)·K^(H−1)_ij·E[σ'(u)σ'(v)] (the W^(H) term).
 * Per pixel pair the same holds for the CNN (Def 7.1, with b_i[l]·Eσ(v_r) + Eσ(u_l)·b_j[r]).
 */
import { withFields, type KernelState } from './state.js';

function combine(x: Float64Array, g: Float64Array, beta: number, beta2: number, cross: ((k: number) => number) | null): Float64Array {
  const out = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) out[k] = x[k] + beta2 * g[k] + (cross ? beta * cross(k) : 0);
  return out;
}

/** Cross term ν_a(l)·ν^g_b(r) + ν^g_a(l)·ν_b(r) at the flat index of blocks laid out (a·nb + b)·P² + l·P + r. */
function meanCross(P: number, nb: number, m1: Float64Array, g1: Float64Array, m2: Float64Array, g2: Float64Array, sameBlock: boolean): (k: number) => number {
  return (k: number): number => {
    const r = k % P;
    const l = Math.floor(k / P) % P;
    const blk = Math.floor(k / (P * P));
    const a = sameBlock ? blk : Math.floor(blk / nb);
    const b = sameBlock ? blk : blk % nb;
    return m1[a * P + l] * g2[b * P + r] + g1[a * P + l] * m2[b * P + r];
  };
}

/** Combines the shortcut state `s` with the branch state `g` (the branch's map of `s`). */
export function residualKernelMap(s: KernelState, g: KernelState, beta: number): KernelState {
  const P = s.pixels;
  const beta2 = beta * beta;
  const cov = combine(s.cov, g.cov, beta, beta2, meanCross(P, s.n2, s.mean1, g.mean1, s.mean2, g.mean2, false));
  const self1 = combine(s.self1, g.self1, beta, beta2, meanCross(P, 1, s.mean1, g.mean1, s.mean1, g.mean1, true));
  const self2 = s.symmetric ? self1 : combine(s.self2, g.self2, beta, beta2, meanCross(P, 1, s.mean2, g.mean2, s.mean2, g.mean2, true));
  const mean1 = combine(s.mean1, g.mean1, 0, beta, null);
  const mean2 = s.symmetric ? mean1 : combine(s.mean2, g.mean2, 0, beta, null);
  const ntk = new Map<string, Float64Array>();
  for (const [name, t] of s.ntk) {
    const tg = g.ntk.get(name);
    ntk.set(name, tg ? combine(t, tg, 0, beta2, null) : t.slice());
  }
  for (const [name, tg] of g.ntk) if (!ntk.has(name)) ntk.set(name, combine(new Float64Array(tg.length), tg, 0, beta2, null));
  return withFields(s, { cov, self1, self2, mean1, mean2, ntk, gaussian: false });
}
