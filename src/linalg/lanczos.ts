/**
 * Lanczos iteration for the extreme eigenvalues of a symmetric operator given only as a function
 * v ↦ A·v (e.g. a Hessian-vector product). Full reorthogonalization against the stored basis keeps the
 * Ritz values free of spurious copies; the iteration stops when the requested Ritz pairs' residual
 * bounds |β_j·s_j| fall below tolerance·|θ|, or on an invariant subspace (β ≈ 0, then exact).
 */
import { ConfigError } from '../errors.js';
import { tridiagonalQL } from './backends/portable/symmetricEigen.js';
import { Rng } from './random/rng.js';

/** out ← A·v for a symmetric A; must not modify v. */
export type SymmetricOperator = (v: Float64Array, out: Float64Array) => void;

export interface LanczosOptions {
  /** How many extreme eigenvalues (default 1). */
  count?: number;
  /** Which end: 'largest' (algebraic, default), 'smallest', or 'magnitude' (largest |λ|). */
  which?: 'largest' | 'smallest' | 'magnitude';
  /** Relative residual tolerance (default 1e-10). */
  tolerance?: number;
  /** Largest Krylov dimension (default min(n, 300)). */
  maxIterations?: number;
  /** Generator for the start vector (default a fixed stream, so results are reproducible). */
  rng?: Rng;
  /** Return Ritz vectors too (default false). */
  vectors?: boolean;
}

export interface LanczosResult {
  /** Ritz values at the requested end, ordered by the `which` criterion (most extreme first). */
  values: Float64Array;
  /** Ritz vectors (each length n), when requested. */
  vectors: Float64Array[] | null;
  /** Residual bounds |β_j·s_j| of the returned pairs. */
  residuals: Float64Array;
  iterations: number;
  converged: boolean;
}

function ritz(alpha: Float64Array, beta: Float64Array, j: number): { theta: Float64Array; s: Float64Array } {
  const d = alpha.slice(0, j);
  const e = new Float64Array(j);
  for (let i = 1; i < j; i++) e[i] = beta[i - 1];
  const s = new Float64Array(j * j);
  for (let i = 0; i < j; i++) s[i * j + i] = 1;
  tridiagonalQL(j, d, e, s); // row i of s: eigenvector of Ritz value d[i]
  return { theta: d, s };
}

function pick(theta: Float64Array, which: 'largest' | 'smallest' | 'magnitude', count: number): number[] {
  const idx = Array.from(theta.keys());
  if (which === 'largest') idx.sort((a, b) => theta[b] - theta[a]);
  else if (which === 'smallest') idx.sort((a, b) => theta[a] - theta[b]);
  else idx.sort((a, b) => Math.abs(theta[b]) - Math.abs(theta[a]));
  return idx.slice(0, count);
}

export function lanczos(op: SymmetricOperator, n: number, opts: LanczosOptions = {}): LanczosResult {
  const count = opts.count ?? 1;
  const which = opts.which ?? 'largest';
  const tol = opts.tolerance ?? 1e-10;
  const maxIter = Math.min(n, opts.maxIterations ?? 300);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`lanczos: dimension must be a positive integer; got ${n}`);
  if (!Number.isInteger(count) || count < 1 || count > maxIter) {
    throw new ConfigError(`lanczos: count must be an integer in [1, ${maxIter}]; got ${count}`);
  }
  const rng = opts.rng ?? Rng.fromSeed(0).fold('lanczos');
  const basis: Float64Array[] = [];
  const alpha = new Float64Array(maxIter);
  const beta = new Float64Array(maxIter);
  let q = rng.fillNormal(new Float64Array(n));
  let norm = 0;
  for (let i = 0; i < n; i++) norm += q[i] * q[i];
  norm = Math.sqrt(norm);
  for (let i = 0; i < n; i++) q[i] /= norm;
  const w = new Float64Array(n);
  let result: LanczosResult | null = null;
  for (let j = 0; j < maxIter; j++) {
    basis.push(q);
    op(q, w);
    let a = 0;
    for (let i = 0; i < n; i++) a += w[i] * q[i];
    alpha[j] = a;
    // w ← w − Σ (qᵢ·w) qᵢ, twice (classical Gram–Schmidt with reorthogonalization is stable).
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        let c = 0;
        for (let i = 0; i < n; i++) c += b[i] * w[i];
        for (let i = 0; i < n; i++) w[i] -= c * b[i];
      }
    }
    norm = 0;
    for (let i = 0; i < n; i++) norm += w[i] * w[i];
    norm = Math.sqrt(norm);
    beta[j] = norm;
    const k = j + 1;
    const scaleT = Math.max(...Array.from(alpha.subarray(0, k), Math.abs), ...Array.from(beta.subarray(0, k)));
    const invariant = norm <= 1e-14 * Math.max(scaleT, Number.MIN_VALUE) || k === n;
    if (k >= count && (invariant || k === maxIter || k % 5 === 0 || k < 10)) {
      const { theta, s } = ritz(alpha, beta, k);
      const chosen = pick(theta, which, count);
      const residuals = Float64Array.from(chosen, (c) => Math.abs(norm * s[c * k + k - 1]));
      const converged = invariant || chosen.every((c, idx) => residuals[idx] <= tol * Math.max(Math.abs(theta[c]), 1e-300));
      if (converged || k === maxIter) {
        let vectors: Float64Array[] | null = null;
        if (opts.vectors) {
          vectors = chosen.map((c) => {
            const v = new Float64Array(n);
            for (let t = 0; t < k; t++) {
              const coef = s[c * k + t];
              const bt = basis[t];
              for (let i = 0; i < n; i++) v[i] += coef * bt[i];
            }
            return v;
          });
        }
        result = { values: Float64Array.from(chosen, (c) => theta[c]), vectors, residuals, iterations: k, converged };
        break;
      }
    }
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) next[i] = w[i] / norm;
    q = next;
  }
  if (result === null) throw new Error('lanczos: internal error (no result)');
  return result;
}
