/**
 * Optimizers and step sizes in the papers' conventions.
 *   GD: full batch, all trainable parameters at once (du2019, zou2018 Thm 4.1, liu2020).
 *   SGD: a batch of B examples each step, drawn uniformly without replacement and independently each
 *   step (zou2018 Sec 4; allenzhu2019's S), or by shuffling once per epoch. The batch gradient is an
 *   unbiased estimate of the full one: a mean-reduced loss is averaged over the batch, a sum-reduced
 *   loss is scaled by n/|S| (allenzhu2019: W ← W − η(n/|S|)Σ_{i∈S}∇f_i).
 *   Step size: absolute; c/m (zou2018 η = c/(L·m) in practice, allenzhu2019 η = c/m); or c/λ_max
 *   (du2019 practical η = c/λ_max(G(0)), with the loss's curvature folded in).
 */
import { ConfigError } from '../errors.js';
import type { Rng } from '../linalg/random/rng.js';

export type OptimizerSpec = { kind: 'gd' } | { kind: 'sgd'; batchSize: number; sampling?: 'without-replacement' | 'epoch' };

export type LearningRateSpec = number | { c: number; per: 'width'; width: number } | { c: number; per: 'lambdaMax' };

/**
 * Indices of each step's batch, a pure function of the step (1-based): the batch of step t comes from
 * the stream rng.fold(t) (or, for epoch shuffling, the permutation rng.fold('epoch', e)), so a resumed
 * run sees exactly the batches an uninterrupted one would.
 */
export interface BatchSampler {
  next(step: number): Int32Array;
  /** Examples per batch. */
  readonly size: number;
  /** True when every step sees the whole training set in order. */
  readonly full: boolean;
}

export function batchSampler(opt: OptimizerSpec, n: number, rng: Rng): BatchSampler {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (opt.kind === 'gd') return { next: () => all, size: n, full: true };
  const B = opt.batchSize;
  if (!Number.isInteger(B) || B < 1 || B > n) throw new ConfigError(`SGD batch size must be an integer from 1 to n = ${n}; got ${B}`);
  if (B === n && opt.sampling !== 'epoch') return { next: () => all, size: n, full: true };
  if ((opt.sampling ?? 'without-replacement') === 'without-replacement') {
    return { next: (step) => rng.fold(step).sampleWithoutReplacement(n, B), size: B, full: false };
  }
  // Epoch shuffling: ⌊n/B⌋ batches per epoch (a last partial batch is dropped), a fresh permutation each epoch.
  const perEpoch = Math.floor(n / B);
  let cached: { epoch: number; perm: Int32Array } | null = null;
  return {
    size: B,
    full: false,
    next(step) {
      const epoch = Math.floor((step - 1) / perEpoch);
      const k = (step - 1) % perEpoch;
      if (cached === null || cached.epoch !== epoch) cached = { epoch, perm: rng.fold('epoch', epoch).permutation(n) };
      return cached.perm.slice(k * B, (k + 1) * B);
    },
  };
}
