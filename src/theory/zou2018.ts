/**
 * zou2018 closed forms at initialization (shared/theory/zou2018-sgd-deep-relu.md, Thm 5.1 and the
 * tightness remark after Thm 5.3), for the paper's parameterization: every column w of W_l is
 * N(0, (2/m_l)·I), m_l the layer's own output width; the output v ∈ {±1}^{m_L} is fixed and balanced.
 */
import { ConfigError } from '../errors.js';
import { erf } from '../linalg/special/erf.js';

/**
 * zou2018 Thm 5.1(iii): over W_L (given x_{L−1}), f(x) = Σ_j v_j σ(⟨w_j, x_{L−1}⟩) has mean exactly 0 (the
 * balanced v cancels E σ) and variance m·Var σ(z), z ~ N(0, 2‖x_{L−1}‖²/m), Var σ(z) = s²(½ − 1/(2π)):
 *   Var f = (1 − 1/π)·‖x_{L−1}‖²   (exact at every width).
 */
export const OUTPUT_VARIANCE_FACTOR = 1 - 1 / Math.PI;

/**
 * zou2018 Thm 5.1(iv), the expectation: given x_{l−1} the pre-activations ⟨w_j, x_{l−1}⟩ are iid
 * N(0, s²), s² = 2‖x_{l−1}‖²/m, so E #{j : |⟨w_j, x_{l−1}⟩| ≤ β} = m·P(|N(0, s²)| ≤ β) = m·erf(β/(s√2))
 *   = m·erf(β√m/(2‖x_{l−1}‖))  ≈ m^{3/2}β/(√π‖x_{l−1}‖) for β√m ≪ ‖x_{l−1}‖.
 */
export function expectedNearZeroCount(m: number, beta: number, featureNorm = 1): number {
  if (!(m > 0) || !(beta >= 0) || !(featureNorm > 0)) throw new ConfigError(`expectedNearZeroCount: needs m > 0, β ≥ 0, ‖x‖ > 0; got ${m}, ${beta}, ${featureNorm}`);
  return m * erf((beta * Math.sqrt(m)) / (2 * featureNorm));
}

/** zou2018 Thm 5.1(iv), the bound: #{j : |⟨w_{l,j}, x_{l−1,i}⟩| ≤ β} ≤ 2m^{3/2}β (w.h.p.). */
export function nearZeroCountBound(m: number, beta: number): number {
  return 2 * m ** 1.5 * beta;
}

/**
 * zou2018 Thm 5.1(ii), the per-layer form in its proof: opposite-label normalized features stay at
 * least [1 − log 2/(2L)]^l·φ apart (≥ φ/2 for l ≤ L since (1 − a/L)^L ≥ 1 − a).
 */
export function separationBound(phi: number, l: number, L: number): number {
  return (1 - Math.LN2 / (2 * L)) ** l * phi;
}

/**
 * The tightness of the τ^{2/3} flip law (remark after zou2018 Thm 5.3): for one input x and the
 * pre-activations z_j = ⟨w_j, x⟩ ~ N(0, 2‖x‖²/m), a perturbation with ‖ΔW‖₂ ≤ τ moves z by at most
 * τ‖x‖ in ℓ2, and ΔW = x uᵀ spends that budget flipping the neurons of smallest |z_j| (u_j ≈ −z_j/‖x‖²).
 * With density p0 = √m/(2√π‖x‖) of z at 0, flipping all |z_j| ≤ t costs m·2p0·t³/3 = τ²‖x‖², so
 *   t = (3√π)^{1/3}τ^{2/3}‖x‖/√m  and the flipped fraction 2p0·t = (3/π)^{1/3}τ^{2/3},
 * independent of m and of ‖x‖ (to leading order in τ).
 */
export function rankOneFlipFraction(tau: number): number {
  return Math.cbrt(3 / Math.PI) * tau ** (2 / 3);
}
