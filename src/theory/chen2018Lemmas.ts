/**
 * chen2018 App. A (Prop A.1, Lemmas 2–5, corrected as in shared/theory/chen2018-width-and-large-batch.md):
 * the 2-layer linear net ŷ = W_2W_1x, W_1 ∈ R^{K×d}, W_2 ∈ R^{1×K}, teacher y = W*_2W*_1x, with all
 * entries independent and zero-mean but otherwise of any distribution. M_{ℓ,k} = E(entry of W_ℓ)^k,
 * M_{ℓ*,k} the teacher's, M_{x,k} the data's; S_x = (d−1)M_{x,2}² + M_{x,4}.
 *
 *   Lemma 2 (entry of W_1):  M_{1,2}((K−1)M_{2,2}² + M_{2,4})·S_x + K·M_{1*,2}M_{2*,2}M_{2,2}·S_x
 *            (the printed version squares M_{2*,2})
 *   Lemma 3 (entry of W_2):  M_{2,2}[(K−1)d·M_{1,2}²S_x + d·M_{1,4}M_{x,4} + 3d(d−1)M_{1,2}²M_{x,2}²]
 *                            + K·d·M_{2*,2}M_{1*,2}M_{1,2}·S_x     (printed: M_{1,2}² where M_{1,4} belongs)
 *   Lemma 4 (i≠j, W_1):      M_{1,2}((K−1)M_{2,2}² + M_{2,4})M_{x,2}² + K·M_{1*,2}M_{2,2}M_{2*,2}M_{x,2}²
 *   Lemma 5 (i≠j, W_2):      M_{2,2}·d·M_{x,2}²[(K−1)M_{1,2}² + M_{1,4} + (d−1)M_{1,2}²] + K·d·M_{2*,2}M_{1*,2}M_{1,2}M_{x,2}²
 *
 * E‖∇f_i‖² = Kd·Lemma2 + K·Lemma3 = Θ(K²d²), E⟨∇f_i,∇f_j⟩ = Kd·Lemma4 + K·Lemma5 = Θ(Kd(K+d)) (Prop A.1).
 * Gaussian special case: 4Kd(d+2)(K+1) and Kd(4K+d+3), R = 4n(d+2)(K+1)/[4(d+2)(K+1) + (n−1)(4K+d+3)].
 */
import { ConfigError } from '../errors.js';
import { fourthMoment, type EntryDistribution } from '../data/chen2018.js';

/** Second and fourth moments of one group of entries. */
export interface EntryMoments {
  m2: number;
  m4: number;
}

/** The moments chen2018's lemmas need: student layers, teacher layers (second moments only), data. */
export interface TwoLayerMoments {
  w1: EntryMoments;
  w2: EntryMoments;
  teacherW1: EntryMoments;
  teacherW2: EntryMoments;
  x: EntryMoments;
}

/** Moments of std·z with z of the unit-variance distribution: m2 = std², m4 = E[z⁴]·std⁴. */
export function entryMoments(distribution: EntryDistribution, std = 1): EntryMoments {
  if (!(std > 0) || !Number.isFinite(std)) throw new ConfigError(`entryMoments: std must be a positive number; got ${std}`);
  return { m2: std * std, m4: fourthMoment(distribution) * std ** 4 };
}

/** All groups standard Gaussian (the setting of Theorems 6–10). */
export function gaussianMoments(): TwoLayerMoments {
  const g = entryMoments('gaussian');
  return { w1: g, w2: g, teacherW1: g, teacherW2: g, x: g };
}

export interface TwoLayerLemmas {
  d: number;
  K: number;
  /** Lemma 2: E(∂f_i/∂W_{1,p,q})². */
  lemma2: number;
  /** Lemma 3: E(∂f_i/∂W_{2,1,q})². */
  lemma3: number;
  /** Lemma 4: E[∂f_i/∂W_{1,p,q}·∂f_j/∂W_{1,p,q}], i ≠ j. */
  lemma4: number;
  /** Lemma 5: E[∂f_i/∂W_{2,1,q}·∂f_j/∂W_{2,1,q}], i ≠ j. */
  lemma5: number;
  /** Per layer [W_1, W_2]: entries × lemma (E‖∇_{W_ℓ}f_i‖²). */
  layerNormSquared: [number, number];
  /** Per layer [W_1, W_2]: E⟨∇_{W_ℓ}f_i, ∇_{W_ℓ}f_j⟩. */
  layerInnerProduct: [number, number];
  /** E‖∇f_i‖² = Kd·Lemma2 + K·Lemma3. */
  normSquared: number;
  /** E⟨∇f_i,∇f_j⟩ = Kd·Lemma4 + K·Lemma5. */
  innerProduct: number;
}

function checkDims(fn: string, d: number, K: number): void {
  if (!Number.isSafeInteger(d) || d < 1 || !Number.isSafeInteger(K) || K < 1) {
    throw new ConfigError(`${fn}: d and K must be positive integers; got d = ${d}, K = ${K}`);
  }
}

function checkMoments(fn: string, m: TwoLayerMoments): void {
  for (const [name, g] of Object.entries(m) as [string, EntryMoments][]) {
    if (!(g.m2 >= 0 && g.m4 >= g.m2 * g.m2 * (1 - 1e-12)) || !Number.isFinite(g.m4)) {
      throw new ConfigError(`${fn}: moments of ${name} must satisfy 0 ≤ M_2 and M_2² ≤ M_4 < ∞; got M_2 = ${g.m2}, M_4 = ${g.m4}`);
    }
  }
}

/** Lemmas 2–5 (corrected) for a 2-layer linear net with general entry moments. */
export function chen2018TwoLayerLemmas(d: number, K: number, m: TwoLayerMoments = gaussianMoments()): TwoLayerLemmas {
  checkDims('chen2018TwoLayerLemmas', d, K);
  checkMoments('chen2018TwoLayerLemmas', m);
  const { w1, w2, teacherW1: t1, teacherW2: t2, x } = m;
  const Sx = (d - 1) * x.m2 * x.m2 + x.m4;
  const teacher = K * t1.m2 * t2.m2; // E[y²]/E‖x‖²-type factor K·M_{1*,2}M_{2*,2}
  const w2Pair = (K - 1) * w2.m2 * w2.m2 + w2.m4; // Σ_s E[W_{2,s}²W_{2,p}²]
  const lemma2 = w1.m2 * w2Pair * Sx + teacher * w2.m2 * Sx;
  const lemma3 = w2.m2 * ((K - 1) * d * w1.m2 * w1.m2 * Sx + d * w1.m4 * x.m4 + 3 * d * (d - 1) * w1.m2 * w1.m2 * x.m2 * x.m2)
    + teacher * d * w1.m2 * Sx;
  const x22 = x.m2 * x.m2;
  const lemma4 = w1.m2 * w2Pair * x22 + teacher * w2.m2 * x22;
  const lemma5 = w2.m2 * d * x22 * ((K - 1) * w1.m2 * w1.m2 + w1.m4 + (d - 1) * w1.m2 * w1.m2) + teacher * d * w1.m2 * x22;
  const layerNormSquared: [number, number] = [K * d * lemma2, K * lemma3];
  const layerInnerProduct: [number, number] = [K * d * lemma4, K * lemma5];
  return {
    d, K, lemma2, lemma3, lemma4, lemma5, layerNormSquared, layerInnerProduct,
    normSquared: layerNormSquared[0] + layerNormSquared[1],
    innerProduct: layerInnerProduct[0] + layerInnerProduct[1],
  };
}

/** The ratio E[nΣ‖∇f_i‖²]/E‖Σ∇f_i‖² = n·A/(A + (n−1)·B) from E‖∇f_i‖² = A and E⟨∇f_i,∇f_j⟩ = B. */
export function batchBoundFromMoments(normSquared: number, innerProduct: number, n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new ConfigError(`batchBoundFromMoments: n must be a positive integer; got ${n}`);
  return (n * normSquared) / (normSquared + (n - 1) * innerProduct);
}

/** The 2-layer Gaussian special case in closed form (chen2018 Thm 1 via Lemmas 2–5 with M_2 = 1, M_4 = 3). */
export function chen2018TwoLayerGaussian(d: number, K: number, n: number): { normSquared: number; innerProduct: number; ratio: number } {
  checkDims('chen2018TwoLayerGaussian', d, K);
  if (!Number.isSafeInteger(n) || n < 1) throw new ConfigError(`chen2018TwoLayerGaussian: n must be a positive integer; got ${n}`);
  return {
    normSquared: 4 * K * d * (d + 2) * (K + 1),
    innerProduct: K * d * (4 * K + d + 3),
    ratio: (4 * n * (d + 2) * (K + 1)) / (4 * (d + 2) * (K + 1) + (n - 1) * (4 * K + d + 3)),
  };
}

/**
 * The lemmas exactly as printed in the paper (Lemma 2 with M_{2*,2}², Lemma 3 with M_{1,2}² in place of
 * M_{1,4}): kept only so tests can show that Monte Carlo rejects them.
 */
export function chen2018TwoLayerLemmasAsPrinted(d: number, K: number, m: TwoLayerMoments): { lemma2: number; lemma3: number } {
  const c = chen2018TwoLayerLemmas(d, K, m);
  const { w1, w2, teacherW1: t1, teacherW2: t2, x } = m;
  const Sx = (d - 1) * x.m2 * x.m2 + x.m4;
  return {
    lemma2: c.lemma2 - K * t1.m2 * t2.m2 * w2.m2 * Sx + K * t1.m2 * t2.m2 * t2.m2 * w2.m2 * Sx,
    lemma3: c.lemma3 - w2.m2 * d * (w1.m4 - w1.m2 * w1.m2) * x.m4,
  };
}
