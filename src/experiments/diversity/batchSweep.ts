/**
 * chen2018's large-batch experiment (its settings are not in the seed; these are ours, stated in the
 * result): teacher–student regression (teacher = same architecture, other weights; inputs N(0, 1); square
 * loss averaged over the batch), mini-batch SGD with per-epoch shuffling for every batch size B of a grid,
 * the learning rate η = c·n/λ_max(Θ(0)) tuned per B over a grid of c (Θ(0) the empirical NTK at
 * initialization, so c = 2 is full-batch GD's stability edge), several seeds. For each (B, c) the median
 * over seeds of the epochs to reach loss ≤ target·L(0) (a run that diverges or runs out of epochs has not
 * reached it: ∞); the best c per B is the one with the smallest median. Then the critical batch size is
 * the largest B up to which every median stays within `factor` of the smallest B's — next to B_S at
 * initialization: exact (Theorem 6, linear nets), Monte Carlo (ratio of means) and measured on each seed's
 * training set.
 *
 * Pruning (scanStepSizes): c runs from large to small; each run is capped at the best median so far (a
 * run past the cap cannot lower it), and the scan stops after SCAN_PATIENCE step sizes in a row that are
 * no faster than the best without diverging.
 */
import { ConfigError } from '../../errors.js';
import { Matrix } from '../../linalg/matrix.js';
import { Rng } from '../../linalg/random/rng.js';
import { empiricalKernel } from '../../kernels/empirical.js';
import { kernelSpectrum } from '../../kernels/spectrum.js';
import { makeLoss } from '../../train/losses.js';
import { train } from '../../train/trainer.js';
import { chen2018BatchBound } from '../../theory/chen2018.js';
import { batchBoundOf, perExampleGradientSums } from './gradientStats.js';
import { median, type Estimate } from './moments.js';
import { estimateDiversity } from './monteCarlo.js';
import type { SweepNetwork } from './networks.js';
import { buildProblemNetwork, fillEntries } from './problem.js';
import { makeSampler } from './samplers.js';

export interface BatchSweepSettings {
  n: number;
  batchSizes: number[];
  /** c of η = c·n/λ_max(Θ(0)). */
  lrMultipliers: number[];
  seeds: number;
  /** Target loss as a fraction of the initial loss. */
  target: number;
  maxEpochs: number;
  /** Critical batch size: medians within this factor of the smallest B's. */
  factor: number;
  /** Monte-Carlo draws for B_S at initialization (0: skip). */
  mcDraws: number;
  /** Loss checks per epoch (the resolution of epochs-to-target). */
  recordsPerEpoch: number;
  seed: number;
}

/** Defaults: c from 16 down to 2^−7 by factors √2; 7 seeds; target 10⁻⁴·L(0); 200 epochs; 1/32-epoch resolution. */
export const DEFAULT_SWEEP: Omit<BatchSweepSettings, 'batchSizes' | 'n'> = {
  lrMultipliers: Array.from({ length: 23 }, (_, k) => 2 ** ((8 - k) / 2)),
  seeds: 7, target: 1e-4, maxEpochs: 200, factor: 1.5, mcDraws: 2000, recordsPerEpoch: 32, seed: 0,
};

export interface BatchPoint {
  batch: number;
  /** Best c (null: no c reached the target in the median). */
  lrMultiplier: number | null;
  /** Median epochs to target at the best c (null: not reached). */
  medianEpochs: number | null;
  /** Per seed at the best c, run to maxEpochs (null: not reached within it, or diverged). */
  epochs: (number | null)[];
  /** Every c tried: its median epochs (null: not reached within the cap) and how many seeds diverged. */
  tried: { c: number; medianEpochs: number | null; diverged: number }[];
}

export interface NetworkSweep {
  label: string;
  family: 'width' | 'depth';
  parameters: number;
  model: SweepNetwork['model'];
  /** R(n; K) of Theorem 6 (linear nets; null otherwise). */
  bsExact: number | null;
  /** Monte-Carlo ratio of means at initialization (null when mcDraws = 0). */
  bsMonteCarlo: Estimate | null;
  /** B_S(w_0) of each seed's own training problem. */
  bsInit: number[];
  points: BatchPoint[];
  /** Median epochs at the smallest B. */
  baseEpochs: number | null;
  criticalBatch: number | null;
}

export interface BatchSweepResult {
  experiment: 'chen2018 large-batch sweep';
  settings: BatchSweepSettings;
  networks: NetworkSweep[];
  seconds: number;
}

interface SeedProblem {
  x: Matrix;
  y: Matrix;
  params0: Float64Array;
  /** n/λ_max(Θ(0)). */
  lrUnit: number;
  initialLoss: number;
  bsInit: number;
}

function seedProblem(net: ReturnType<typeof buildProblemNetwork>, n: number, d: number, rng: Rng): SeedProblem {
  const x = new Matrix(n, d);
  fillEntries(rng.fold('data'), { distribution: 'gaussian' }, x.data);
  const teacher = net.init(rng.fold('teacher'));
  const y = net.forward(teacher, x);
  const params0 = net.init(rng.fold('student'));
  const pass = net.forwardPass(params0, x);
  const g = new Matrix(n, 1);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    g.data[i] = pass.out.data[i] - y.data[i];
    loss += g.data[i] ** 2;
  }
  const { s1, s2 } = perExampleGradientSums(net, params0, x, g, pass);
  const lambdaMax = kernelSpectrum(empiricalKernel(net, params0, x, undefined, { outputs: 0 }).kernel, 'Θ(0)').lambdaMax;
  return { x, y, params0, lrUnit: n / lambdaMax, initialLoss: loss / (2 * n), bsInit: batchBoundOf(n, s1, s2) };
}

/** Epochs to loss ≤ target·L(0) within `cap` epochs (null: not reached; diverged flags a blow-up). */
function epochsToTarget(
  net: ReturnType<typeof buildProblemNetwork>, p: SeedProblem, B: number, eta: number, cap: number, s: BatchSweepSettings, rng: Rng,
): { epochs: number | null; diverged: boolean } {
  const n = p.x.rows;
  const stepsPerEpoch = n / B;
  const steps = Math.ceil(cap * stepsPerEpoch);
  const every = Math.max(1, Math.floor(stepsPerEpoch / s.recordsPerEpoch));
  const abort = new AbortController();
  let blewUp = false;
  const r = train(net, p.params0, p.x, p.y, {
    loss: makeLoss({ name: 'square', reduction: 'mean' }),
    optimizer: B === n ? { kind: 'gd' } : { kind: 'sgd', batchSize: B, sampling: 'epoch' },
    learningRate: eta, steps, every, rng, targetLoss: s.target * p.initialLoss, signal: abort.signal,
    onRecord: (rec) => {
      if (rec.loss > 1e6 * p.initialLoss) {
        blewUp = true;
        abort.abort();
      }
    },
  });
  if (r.stop === 'target') return { epochs: (r.steps * B) / n, diverged: false };
  return { epochs: null, diverged: blewUp || r.stop === 'nonfinite' };
}

function checkSettings(s: BatchSweepSettings, networks: readonly SweepNetwork[]): void {
  const ints = (what: string, v: readonly number[], min: number) => {
    if (v.length === 0 || !v.every((x) => Number.isSafeInteger(x) && x >= min)) throw new ConfigError(`${what} must be integers ≥ ${min}; got ${v.join(', ') || '(none)'}`);
  };
  ints('n', [s.n], 2);
  ints('batch sizes', s.batchSizes, 1);
  if (s.batchSizes.some((b) => b > s.n)) throw new ConfigError(`batch sizes must be at most n = ${s.n}; got ${s.batchSizes.join(', ')}`);
  ints('seeds', [s.seeds], 1);
  ints('records per epoch', [s.recordsPerEpoch], 1);
  ints('Monte-Carlo draws', [s.mcDraws], 0);
  if (s.mcDraws === 1) throw new ConfigError('Monte-Carlo draws must be 0 (skip) or at least 2');
  if (s.lrMultipliers.length === 0 || !s.lrMultipliers.every((c) => c > 0 && Number.isFinite(c))) throw new ConfigError(`learning-rate multipliers must be positive numbers; got ${s.lrMultipliers.join(', ')}`);
  if (!(s.target > 0 && s.target < 1)) throw new ConfigError(`the relative target loss must lie in (0, 1); got ${s.target}`);
  if (!(s.maxEpochs > 0) || !Number.isFinite(s.maxEpochs)) throw new ConfigError(`max epochs must be a positive number; got ${s.maxEpochs}`);
  if (!(s.factor >= 1) || !Number.isFinite(s.factor)) throw new ConfigError(`the critical-batch factor must be a number ≥ 1; got ${s.factor}`);
  if (networks.length === 0) throw new ConfigError('the sweep needs at least one network');
}

/** The largest B up to which every median stays within factor × the smallest B's median (points sorted by B). */
export function criticalBatch(points: readonly BatchPoint[], factor: number): { base: number | null; critical: number | null } {
  const base = points[0]?.medianEpochs ?? null;
  if (base === null) return { base, critical: null };
  let critical = points[0].batch;
  for (const p of points) {
    if (p.medianEpochs === null || p.medianEpochs > factor * base) break;
    critical = p.batch;
  }
  return { base, critical };
}

/** How many step sizes in a row may fail to improve (without any divergence) before the scan stops. */
export const SCAN_PATIENCE = 2;

/**
 * The best c of a grid (scanned from large to small) by the median over seeds of the epochs to target.
 * Each c's runs are capped at the best median so far (a run past the cap cannot lower it). The scan stops
 * once SCAN_PATIENCE step sizes in a row reached no better median with no seed diverging: below the
 * optimum the epochs grow like 1/c, but medians over a few seeds on a 1/16-epoch grid are not exactly
 * unimodal near the stability edge, so one slower c is not yet proof.
 */
export function scanStepSizes(
  cs: readonly number[], maxEpochs: number, trial: (c: number, cap: number) => { epochs: number | null; diverged: boolean }[],
): { best: { c: number; med: number; epochs: (number | null)[] } | null; tried: BatchPoint['tried'] } {
  let best = null as { c: number; med: number; epochs: (number | null)[] } | null;
  const tried: BatchPoint['tried'] = [];
  let stale = 0;
  for (const c of cs) {
    const runs = trial(c, best ? best.med : maxEpochs);
    const med = median(runs.map((r) => r.epochs ?? Infinity));
    const diverged = runs.filter((r) => r.diverged).length;
    tried.push({ c, medianEpochs: Number.isFinite(med) ? med : null, diverged });
    if (Number.isFinite(med) && (!best || med < best.med)) {
      best = { c, med, epochs: runs.map((r) => r.epochs) };
      stale = 0;
    } else if (best && diverged === 0 && ++stale >= SCAN_PATIENCE) break;
  }
  return { best, tried };
}

/** Runs the sweep; onProgress gets (finished (network, B) cells, all cells, a label). */
export function batchSweep(
  networks: readonly SweepNetwork[], settings: BatchSweepSettings, onProgress?: (done: number, total: number, label: string) => void,
): BatchSweepResult {
  checkSettings(settings, networks);
  const t0 = performance.now();
  const s = { ...settings, batchSizes: [...settings.batchSizes].sort((a, b) => a - b), lrMultipliers: [...settings.lrMultipliers].sort((a, b) => b - a) };
  const root = Rng.fromSeed(s.seed);
  const total = networks.length * s.batchSizes.length;
  let done = 0;
  const results: NetworkSweep[] = networks.map((nw, ni) => {
    const net = buildProblemNetwork(nw.model);
    const d = net.inShape.channels;
    const probs = Array.from({ length: s.seeds }, (_, k) => seedProblem(net, s.n, d, root.fold('problem', ni, k)));
    const points: BatchPoint[] = s.batchSizes.map((B) => {
      const run = (c: number, cap: number, k: number) => epochsToTarget(net, probs[k], B, c * probs[k].lrUnit, cap, s, root.fold('sgd', ni, B, k));
      const { best, tried } = scanStepSizes(s.lrMultipliers, s.maxEpochs, (c, cap) => probs.map((_, k) => run(c, cap, k)));
      // At the best c a seed ran under the cap of the previous best median; one past it is run on to maxEpochs
      // (the same stream, so the same path), so that every seed's epochs are known, not only the median's. The
      // median is unchanged (those seeds lie above it); resampling the seeds needs the values.
      const epochs = best ? best.epochs.map((e, k) => e ?? run(best.c, s.maxEpochs, k).epochs) : probs.map(() => null);
      done += 1;
      onProgress?.(done, total, `${nw.label} B=${B}`);
      return { batch: B, lrMultiplier: best?.c ?? null, medianEpochs: best?.med ?? null, epochs, tried };
    });
    const { base, critical } = criticalBatch(points, s.factor);
    const bsMonteCarlo = s.mcDraws > 0
      ? estimateDiversity(makeSampler({ model: nw.model, n: s.n }), { draws: s.mcDraws, rng: root.fold('mc', ni), keepValues: false }).ratio
      : null;
    return {
      label: nw.label, family: nw.family, parameters: nw.parameters, model: nw.model,
      bsExact: nw.model.kind === 'linear' ? chen2018BatchBound(nw.model.widths, s.n).ratio : null,
      bsMonteCarlo, bsInit: probs.map((p) => p.bsInit), points, baseEpochs: base, criticalBatch: critical,
    };
  });
  return { experiment: 'chen2018 large-batch sweep', settings: s, networks: results, seconds: (performance.now() - t0) / 1000 };
}
