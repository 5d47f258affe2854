/**
 * Monte Carlo of chen2018's batch-size bound over random students, teachers and data (App. A–C):
 *
 *   R = E[n·Σ_i‖∇f_i‖²] / E[‖Σ_i∇f_i‖²]   — a RATIO OF MEANS: numerator and denominator are averaged
 *   separately over the draws, and the standard error comes from the delta method with their sample
 *   covariance. The per-draw B_S = n·Σ‖∇f_i‖²/‖Σ∇f_i‖² is reported as a distribution (quantiles and its
 *   mean, the "mean of ratios", which is a different and larger number: K = (3,4), n = 10 gives 3.356
 *   against ≈ 4.0). E‖∇f_i‖² (Thm 8) and E⟨∇f_i,∇f_j⟩ (Thm 10), in total and per tensor, come with SEs.
 *
 * Draw k uses rng.fold(k) (problem.ts). Draws are processed in fixed blocks whose accumulators are merged
 * in block order, so the numbers are the same bit for bit whether one thread or several did the work.
 * Per-draw vector: per tensor t, n·s1_t and s2_t (s1_t = Σ_i‖∇_tf_i‖², s2_t = ‖Σ_i∇_tf_i‖²); B_S is
 * accumulated apart, over the draws where it is defined (with discrete entries, e.g. Rademacher, a student
 * can equal its teacher: every gradient is zero and B_S is 0/0; such draws still count in the means).
 */
import { ConfigError } from '../../errors.js';
import type { Rng } from '../../linalg/random/rng.js';
import { CoMoments, sortedQuantile, type Estimate } from './moments.js';
import type { DrawSampler } from './samplers.js';

export const DEFAULT_BLOCK_SIZE = 1000;
export const QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;

export interface BlockResult {
  /** Per tensor t: n·s1_t (index 2t) and s2_t (index 2t + 1). */
  moments: CoMoments;
  /** B_S over the draws where it is defined. */
  ratios: CoMoments;
  /** Per-draw B_S of the block, NaN where undefined (empty when values are not kept). */
  values: Float64Array;
}

/** Draws [block·size, min(draws, (block+1)·size)) of a sampler, accumulated in order. */
export function runBlock(sampler: DrawSampler, rng: Rng, block: number, blockSize: number, draws: number, keepValues = true): BlockResult {
  const T = sampler.tensors.length;
  const n = sampler.n;
  const lo = block * blockSize;
  const hi = Math.min(draws, lo + blockSize);
  const moments = new CoMoments(2 * T);
  const ratios = new CoMoments(1);
  const values = new Float64Array(keepValues ? Math.max(0, hi - lo) : 0);
  const s1 = new Float64Array(T);
  const s2 = new Float64Array(T);
  const v = new Float64Array(2 * T);
  const b = new Float64Array(1);
  for (let k = lo; k < hi; k++) {
    sampler.draw(rng.fold(k), s1, s2);
    let a = 0;
    let c = 0;
    for (let t = 0; t < T; t++) {
      v[2 * t] = n * s1[t];
      v[2 * t + 1] = s2[t];
      a += s1[t];
      c += s2[t];
    }
    moments.add(v);
    b[0] = c > 0 ? (n * a) / c : NaN;
    if (c > 0) ratios.add(b);
    if (keepValues) values[k - lo] = b[0];
  }
  return { moments, ratios, values };
}

export interface PerDrawDistribution {
  /** The mean of the per-draw ratios B_S (not the bound of the theorems). */
  mean: Estimate;
  /** Draws where every gradient was zero (B_S = 0/0), left out of this distribution. */
  undefinedDraws: number;
  min: number;
  max: number;
  /** Quantiles of B_S by probability, e.g. {"0.5": median}. Empty when values were not kept. */
  quantiles: Record<string, number>;
}

export interface TensorEstimate {
  name: string;
  /** E‖∇_t f_i‖². */
  normSquared: Estimate;
  /** E⟨∇_t f_i, ∇_t f_j⟩, i ≠ j (null when n = 1). */
  innerProduct: Estimate | null;
}

export interface DiversityEstimate {
  path: string;
  n: number;
  draws: number;
  blockSize: number;
  tensors: string[];
  /** E[nΣ‖∇f_i‖²]/E‖Σ∇f_i‖²: ratio of means, delta-method SE. */
  ratio: Estimate;
  /** E[nΣ_i‖∇f_i‖²]. */
  numerator: Estimate;
  /** E‖Σ_i∇f_i‖². */
  denominator: Estimate;
  /** E‖∇f_i‖² (Thm 8). */
  normSquared: Estimate;
  /** E⟨∇f_i, ∇f_j⟩, i ≠ j (Thm 10; null when n = 1). */
  innerProduct: Estimate | null;
  perTensor: TensorEstimate[];
  perDraw: PerDrawDistribution;
  workers: number;
  seconds: number;
}

function coefficients(k: number, set: (c: Float64Array) => void): Float64Array {
  const c = new Float64Array(k);
  set(c);
  return c;
}

/** The estimates from the merged moments of all blocks (and the per-draw values, if kept). */
export function summarizeDiversity(
  o: { path: string; n: number; tensors: readonly string[]; blockSize: number; workers: number; seconds: number },
  moments: CoMoments, ratios: CoMoments, values: Float64Array | null,
): DiversityEstimate {
  const { n } = o;
  const T = o.tensors.length;
  const k = 2 * T;
  const only = (t: number | null, f: (c: Float64Array, t: number) => void) => coefficients(k, (c) => {
    for (let s = 0; s < T; s++) if (t === null || s === t) f(c, s);
  });
  const norm = (t: number | null) => moments.linear(only(t, (c, s) => { c[2 * s] = 1 / (n * n); }));
  const inner = (t: number | null): Estimate | null => (n < 2 ? null : moments.linear(only(t, (c, s) => {
    c[2 * s + 1] = 1 / (n * (n - 1));
    c[2 * s] = -1 / (n * n * (n - 1));
  })));
  const num = only(null, (c, s) => { c[2 * s] = 1; });
  const den = only(null, (c, s) => { c[2 * s + 1] = 1; });
  const quantiles: Record<string, number> = {};
  let min = NaN;
  let max = NaN;
  if (values && values.length > 0) {
    const sorted = values.filter((x) => !Number.isNaN(x)).sort();
    for (const q of QUANTILES) quantiles[String(q)] = sortedQuantile(sorted, q);
    min = sorted[0];
    max = sorted[sorted.length - 1];
  }
  return {
    path: o.path, n, draws: moments.count, blockSize: o.blockSize, tensors: [...o.tensors],
    ratio: moments.ratio(num, den),
    numerator: moments.linear(num),
    denominator: moments.linear(den),
    normSquared: norm(null),
    innerProduct: inner(null),
    perTensor: o.tensors.map((name, t) => ({ name, normSquared: norm(t), innerProduct: inner(t) })),
    perDraw: { mean: ratios.linear([1]), undefinedDraws: moments.count - ratios.count, min, max, quantiles },
    workers: o.workers, seconds: o.seconds,
  };
}

export interface DiversityMcOptions {
  draws: number;
  rng: Rng;
  /** Draws per block (default 1000); the result depends on it only through round-off. */
  blockSize?: number;
  /** Keep the per-draw B_S for quantiles (default true; 8 bytes a draw). */
  keepValues?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export function checkDraws(draws: number, blockSize: number): void {
  if (!Number.isSafeInteger(draws) || draws < 2) throw new ConfigError(`draws must be an integer ≥ 2 (standard errors need two); got ${draws}`);
  if (!Number.isSafeInteger(blockSize) || blockSize < 1) throw new ConfigError(`block size must be a positive integer; got ${blockSize}`);
}

/** Merges block results in block order into accumulators and one value array. */
export function mergeBlocks(blocks: readonly BlockResult[], k: number, keepValues: boolean): { moments: CoMoments; ratios: CoMoments; values: Float64Array | null } {
  const moments = new CoMoments(k);
  const ratios = new CoMoments(1);
  let total = 0;
  for (const b of blocks) {
    moments.merge(b.moments);
    ratios.merge(b.ratios);
    total += b.values.length;
  }
  if (!keepValues) return { moments, ratios, values: null };
  const values = new Float64Array(total);
  let at = 0;
  for (const b of blocks) {
    values.set(b.values, at);
    at += b.values.length;
  }
  return { moments, ratios, values };
}

/** The Monte Carlo in this thread (synchronous). See monteCarloParallel.ts for worker threads. */
export function estimateDiversity(sampler: DrawSampler, o: DiversityMcOptions): DiversityEstimate {
  const blockSize = o.blockSize ?? DEFAULT_BLOCK_SIZE;
  checkDraws(o.draws, blockSize);
  const keep = o.keepValues ?? true;
  const t0 = performance.now();
  const nBlocks = Math.ceil(o.draws / blockSize);
  const blocks: BlockResult[] = [];
  for (let b = 0; b < nBlocks; b++) {
    blocks.push(runBlock(sampler, o.rng, b, blockSize, o.draws, keep));
    o.onProgress?.(Math.min(o.draws, (b + 1) * blockSize), o.draws);
  }
  const { moments, ratios, values } = mergeBlocks(blocks, 2 * sampler.tensors.length, keep);
  return summarizeDiversity(
    { path: sampler.path, n: sampler.n, tensors: sampler.tensors, blockSize, workers: 0, seconds: (performance.now() - t0) / 1000 },
    moments, ratios, values,
  );
}
