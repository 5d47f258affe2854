/**
 * Measurements of zou2018 Thm 5.1 at initialization and of the tightness of its τ^{2/3} flip law
 * (shared/theory/zou2018-sgd-deep-relu.md, "Quantities to compute"): opposite-label separation of the
 * normalized features per layer, near-zero pre-activation counts, and the rank-one perturbation that
 * flips the most neurons of one input within a spectral-norm budget τ. Closed forms: theory/zou2018.ts.
 */
import { ConfigError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';
import { minOppositeLabelDistance } from '../data/geometry.js';

/**
 * zou2018 Thm 5.1(ii): min over opposite-label pairs of ‖x_{l,i}/‖x_{l,i}‖ − x_{l,j}/‖x_{l,j}‖‖₂ for the
 * features x_{l,·} (rows of an N×m matrix); Infinity if one class only, NaN if a feature is zero.
 */
export function oppositeLabelSeparation(features: Matrix, labels: ArrayLike<number>): number {
  const unit = new Matrix(features.rows, features.cols);
  for (let i = 0; i < features.rows; i++) {
    const row = features.row(i);
    let s = 0;
    for (let k = 0; k < row.length; k++) s += row[k] * row[k];
    const nrm = Math.sqrt(s);
    if (!(nrm > 0)) return NaN;
    const out = unit.row(i);
    for (let k = 0; k < row.length; k++) out[k] = row[k] / nrm;
  }
  return minOppositeLabelDistance(unit, labels);
}

/** zou2018 Thm 5.1(iv): #{j : |z_j| ≤ β} for the pre-activations z_j = ⟨w_{l,j}, x_{l−1,i}⟩ of one input. */
export function nearZeroCount(z: ArrayLike<number>, beta: number): number {
  if (!(beta >= 0)) throw new ConfigError(`nearZeroCount: β must be ≥ 0; got ${beta}`);
  let c = 0;
  for (let j = 0; j < z.length; j++) if (Math.abs(z[j]) <= beta) c++;
  return c;
}

/**
 * The rank-one perturbation ΔW = x uᵀ (zou2018's W: fan-in × neurons; ours, neurons × fan-in, is u xᵀ)
 * with ‖ΔW‖₂ = ‖x‖·‖u‖ = τ that flips the most activations 1{z_j > 0} of the input x, given its
 * pre-activations z (z_j ≠ 0). Since Δz_j = ‖x‖²u_j and ‖Δz‖₂ ≤ τ‖x‖, the best use of the budget flips the
 * k neurons of smallest |z_j| with Σ_{flipped} z_j² < τ²‖x‖² (u_j = −c·z_j/‖x‖², c > 1 scaled so that
 * ‖u‖ = τ/‖x‖); u_j = 0 elsewhere (all budget on flipped neurons). Returns u and the k flipped indices.
 */
export function rankOneFlipPerturbation(z: ArrayLike<number>, xNorm: number, tau: number): { u: Float64Array; flipped: number[] } {
  if (!(xNorm > 0) || !(tau > 0)) throw new ConfigError(`rankOneFlipPerturbation: needs ‖x‖ > 0 and τ > 0; got ${xNorm}, ${tau}`);
  const order = Array.from({ length: z.length }, (_, j) => j).filter((j) => z[j] !== 0).sort((a, b) => Math.abs(z[a]) - Math.abs(z[b]));
  const budget = tau * tau * xNorm * xNorm;
  const flipped: number[] = [];
  let cost = 0;
  for (const j of order) {
    if (cost + z[j] * z[j] >= budget) break;
    cost += z[j] * z[j];
    flipped.push(j);
  }
  const u = new Float64Array(z.length);
  if (flipped.length === 0) return { u, flipped };
  // c = τ‖x‖/√cost > 1: every flipped z_j becomes (1 − c)·z_j, of the opposite sign.
  const c = (tau * xNorm) / Math.sqrt(cost);
  for (const j of flipped) u[j] = (-c * z[j]) / (xNorm * xNorm);
  return { u, flipped };
}
