/**
 * chen2018's exact gradient moments for L-layer linear networks (App. C, Theorems 6–10), in the corrected
 * forms of shared/theory/chen2018-width-and-large-batch.md. Setup: ŷ = W_L⋯W_1x, W_ℓ ∈ R^{K_ℓ×K_{ℓ−1}},
 * K_0 = d, K_L = 1; a teacher W* of the same architecture labels the data, y = W*_L⋯W*_1x; all weights,
 * teacher weights and data iid N(0, 1); f_i = ½(ŷ_i − y_i)².
 *
 *   Π = ∏_{ℓ=0}^{L−1} K_ℓ(K_ℓ+2),   P = ∏_{ℓ=1}^{L−1} K_ℓ/(K_ℓ+2),
 *   g(φ) = (1/(K_φ+2))·∏_{ℓ=0}^{φ−1}(K_ℓ−1)/(K_ℓ+2)      (cancelled form: safe when some K_φ = 1)
 *   Thm 7  E(∂f_i/∂W_{a,p,q})² = K_0(K_0+2)/(K_aK_{a−1})·[∏_{ℓ≥1}K_ℓ(K_ℓ+2) + ∏_{ℓ≥1}K_ℓ²]
 *   Thm 8  E‖∇f_i‖² = L·K_0(K_0+2)·[∏_{ℓ=1}^{L−1}K_ℓ(K_ℓ+2) + ∏_{ℓ=1}^{L−1}K_ℓ²] = L·Π·(1+P)
 *   Thm 9  (i ≠ j, entry of layer a) (Π/(K_aK_{a−1}))·[Σ_{φ=0}^{a−1} g(φ) + T],  T = (1/K_0)∏_{ℓ=0}^{L−1}K_ℓ/(K_ℓ+2)
 *   Thm 10 (i ≠ j) E⟨∇f_i,∇f_j⟩ = Π·S,  S = Σ_{φ=0}^{L−1}(L−φ)g(φ) + L·T   (printed statement corrected)
 *   Thm 6  E[nΣ‖∇f_i‖²] = n²Π·L(1+P),  E[Σ_{i≠j}⟨∇f_i,∇f_j⟩] = n²Π·((n−1)/n)·S, so
 *          R(n; K) = n·L(1+P) / (L(1+P) + (n−1)S)  →  L(1+P)/S  as n → ∞.
 *
 * The 2-layer lemmas with general moments (Lemmas 2–5) are in chen2018Lemmas.ts; the nonlinear 2-layer
 * conditional expectations (Theorem 2) in chen2018Nonlinear.ts. Both are re-exported here.
 */
import { ConfigError } from '../errors.js';

export * from './chen2018Lemmas.js';
export * from './chen2018Nonlinear.js';

/** Validates K = (K_0 = d, K_1, …, K_{L−1}) (L ≥ 2 layers, so at least two entries). */
export function checkWidths(fn: string, widths: readonly number[]): void {
  if (widths.length < 2) {
    throw new ConfigError(`${fn}: K = (K_0 = d, K_1, …, K_{L−1}) needs at least two entries (L ≥ 2 layers); got (${widths.join(', ')})`);
  }
  if (!widths.every((k) => Number.isSafeInteger(k) && k >= 1)) {
    throw new ConfigError(`${fn}: the widths K must be positive integers; got (${widths.join(', ')})`);
  }
}

/** The O(1) constants of chen2018 App. C: P, g(φ), T and S (no overflow: only ratios). */
export interface Chen2018Constants {
  /** L, the number of weight matrices. */
  layers: number;
  /** P = ∏_{ℓ=1}^{L−1} K_ℓ/(K_ℓ+2). */
  P: number;
  /** g(φ), φ = 0…L−1 (cancelled form). */
  g: number[];
  /** T = (1/K_0)·∏_{ℓ=0}^{L−1} K_ℓ/(K_ℓ+2). */
  T: number;
  /** S = Σ_φ (L−φ)·g(φ) + L·T. */
  S: number;
}

export function chen2018Constants(widths: readonly number[]): Chen2018Constants {
  checkWidths('chen2018Constants', widths);
  const L = widths.length;
  let P = 1;
  for (let l = 1; l < L; l++) P *= widths[l] / (widths[l] + 2);
  const g: number[] = [];
  let prefix = 1; // ∏_{ℓ<φ} (K_ℓ−1)/(K_ℓ+2)
  for (let phi = 0; phi < L; phi++) {
    g.push(prefix / (widths[phi] + 2));
    prefix *= (widths[phi] - 1) / (widths[phi] + 2);
  }
  let T = 1 / widths[0];
  for (let l = 0; l < L; l++) T *= widths[l] / (widths[l] + 2);
  let S = L * T;
  for (let phi = 0; phi < L; phi++) S += (L - phi) * g[phi];
  return { layers: L, P, g, T, S };
}

/** Theorems 7–10: the expected squared gradient norm and inner product, in total and per layer. */
export interface LinearGradientMoments {
  widths: number[];
  layers: number;
  /** Π = ∏_{ℓ=0}^{L−1} K_ℓ(K_ℓ+2). */
  Pi: number;
  constants: Chen2018Constants;
  /** Thm 8: E‖∇f_i‖². */
  normSquared: number;
  /** Thm 10: E⟨∇f_i, ∇f_j⟩, i ≠ j. */
  innerProduct: number;
  /** Thm 7 per layer a = 1…L (index a−1): E(∂f_i/∂W_{a,p,q})² for one entry. */
  entryNormSquared: number[];
  /** Thm 9 per layer: E[∂f_i/∂W_{a,p,q}·∂f_j/∂W_{a,p,q}] for one entry, i ≠ j. */
  entryInnerProduct: number[];
  /** Per layer: entries × Thm 7 (each layer contributes Π(1+P)). */
  layerNormSquared: number[];
  /** Per layer: entries × Thm 9 = Π·[Σ_{φ<a} g(φ) + T]. */
  layerInnerProduct: number[];
}

export function chen2018LinearMoments(widths: readonly number[]): LinearGradientMoments {
  checkWidths('chen2018LinearMoments', widths);
  const c = chen2018Constants(widths);
  const L = c.layers;
  const K = [...widths, 1]; // K_L = 1
  let Pi = 1;
  for (let l = 0; l < L; l++) Pi *= K[l] * (K[l] + 2);
  // Thm 7's bracket over K_0(K_0+2): ∏_{ℓ≥1}K_ℓ(K_ℓ+2) + ∏_{ℓ≥1}K_ℓ² = (Π/(K_0(K_0+2)))·(1 + P).
  const perLayerNorm = Pi * (1 + c.P);
  const entryNormSquared: number[] = [];
  const entryInnerProduct: number[] = [];
  const layerNormSquared: number[] = [];
  const layerInnerProduct: number[] = [];
  let gSum = 0;
  for (let a = 1; a <= L; a++) {
    gSum += c.g[a - 1];
    const entries = K[a] * K[a - 1];
    layerNormSquared.push(perLayerNorm);
    entryNormSquared.push(perLayerNorm / entries);
    layerInnerProduct.push(Pi * (gSum + c.T));
    entryInnerProduct.push((Pi * (gSum + c.T)) / entries);
  }
  return {
    widths: [...widths], layers: L, Pi, constants: c,
    normSquared: L * perLayerNorm,
    innerProduct: Pi * c.S,
    entryNormSquared, entryInnerProduct, layerNormSquared, layerInnerProduct,
  };
}

/** Theorem 6: the batch-size bound R(n; K) = E[nΣ_i‖∇f_i‖²] / E[‖Σ_i∇f_i‖²] and its parts. */
export interface LinearBatchBound {
  widths: number[];
  n: number;
  /** E[nΣ_i‖∇f_i‖²] = n²Π·L(1+P). */
  numerator: number;
  /** E[Σ_{i≠j}⟨∇f_i,∇f_j⟩] = n²Π·((n−1)/n)·S. */
  crossTerms: number;
  /** E‖Σ_i∇f_i‖² = nE‖∇f_i‖² + n(n−1)E⟨∇f_i,∇f_j⟩. */
  denominator: number;
  /** R(n; K), computed from the O(1) constants (finite even where Π overflows). */
  ratio: number;
  /** lim_{n→∞} R = L(1+P)/S. */
  limit: number;
}

export function chen2018BatchBound(widths: readonly number[], n: number): LinearBatchBound {
  checkWidths('chen2018BatchBound', widths);
  if (!Number.isSafeInteger(n) || n < 1) throw new ConfigError(`chen2018BatchBound: n must be a positive integer; got ${n}`);
  const m = chen2018LinearMoments(widths);
  const { P, S, layers: L } = m.constants;
  const a = L * (1 + P);
  return {
    widths: [...widths], n,
    numerator: n * n * m.Pi * a,
    crossTerms: n * (n - 1) * m.Pi * S,
    denominator: n * m.normSquared + n * (n - 1) * m.innerProduct,
    ratio: (n * a) / (a + (n - 1) * S),
    limit: a / S,
  };
}

/** lim_{n→∞} R(n; K) = L(1+P)/S (Theorem 6). */
export function chen2018BatchBoundLimit(widths: readonly number[]): number {
  const c = chen2018Constants(widths);
  return (c.layers * (1 + c.P)) / c.S;
}

/** Weights of the L-layer linear net: Σ_ℓ K_ℓK_{ℓ−1} with K_L = 1 (e.g. (16, 64): 1088). */
export function chen2018LinearParameterCount(widths: readonly number[]): number {
  checkWidths('chen2018LinearParameterCount', widths);
  let p = 0;
  for (let l = 1; l <= widths.length; l++) p += (l < widths.length ? widths[l] : 1) * widths[l - 1];
  return p;
}
