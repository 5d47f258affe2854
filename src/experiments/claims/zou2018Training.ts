/**
 * The zou2018 training runs several claims share (zero training error, weights staying close, activation
 * flips, the Thm 5.3 gradient ratios): GD on deep ReLU classifiers (zou2018 Sec 3) over widths and seeds,
 * on labels no linear classifier separates (zou2018Data rule 'xor': an XOR of two coordinates' signs with
 * a planted quadruple whose classes share a midpoint, and opposite labels exactly φ apart at their
 * closest), logistic loss, η = c/(L·m) (shared/theory/zou2018-sgd-deep-relu.md, "Suggested settings").
 */
import { zou2018Data } from '../../data/zou2018.js';
import type { Dataset } from '../../data/dataset.js';
import { zou2018 } from '../../models/zou2018.js';
import { distanceProbe } from '../../probes/distance.js';
import { flipsProbe } from '../../probes/flips.js';
import { zou2018Probe } from '../../probes/zou2018.js';
import { makeLoss } from '../../train/losses.js';
import { train } from '../../train/trainer.js';
import type { Rng } from '../../linalg/random/rng.js';
import type { ClaimContext, Scale } from './claim.js';
import { countText, listText } from './prose.js';
import { probeOutput } from '../../probes/probe.js';
import { sharedRuns } from './sweeps.js';

/** The data of the zou2018 training claims: n inputs in R^d with last coordinate μ, opposite labels ≥ φ apart. */
export interface Zou2018DataSizes {
  n: number;
  d: number;
  mu: number;
  phi: number;
}

export interface Zou2018TrainingSizes extends Zou2018DataSizes {
  /** Hidden layers L. */
  L: number;
  widths: number[];
  seeds: number;
  /** GD steps at η = c/(L·m), and the probes' record interval. */
  steps: number;
  c: number;
  every: number;
  /**
   * A run that still misclassifies a point after `steps` goes on (to at most this many steps) until its
   * training error is zero: Thm 4.1's iteration count depends on the data (n, φ), not on m, and 600 steps were
   * short for some drawn sets (seed 5 of suite seed 6 left the same point wrong at every width).
   */
  maxSteps: number;
}

const DATA: Zou2018DataSizes = { n: 20, d: 10, mu: 0.5, phi: 0.3 };

/**
 * On XOR labels GD at c = 1 reached zero training error by step ~400 at m = 64…512 in exploratory runs
 * (200 steps, enough on sign(z_1) labels, left one or two points misclassified); 600 steps leave a margin. Eight seeds over
 * m = 64…512 (a factor 8) give the flip slope a 95% interval of half-width ≈ 0.047, which the flip claim's
 * tolerance and power need (zou2018.ts, test/experiments/zou2018Power.test.ts).
 */
export const ZOU2018_TRAINING: Record<Scale, Zou2018TrainingSizes> = {
  quick: { ...DATA, L: 2, widths: [64, 128, 256, 512], seeds: 8, steps: 600, c: 1, every: 50, maxSteps: 2400 },
  full: { ...DATA, L: 2, widths: [64, 128, 256, 512, 1024, 2048], seeds: 6, steps: 600, c: 1, every: 50, maxSteps: 2400 },
};

/** The data set of seed s (labels no linear classifier separates; zou2018Xor.ts). */
export function zou2018TrainingData(s: Zou2018DataSizes, rng: Rng): Dataset {
  return zou2018Data({ n: s.n, d: s.d, mu: s.mu, phi: s.phi, rule: 'xor', rng });
}

export const dataText = (s: Zou2018DataSizes): string =>
  `n = ${s.n} points on the unit sphere of R^${s.d} with last coordinate μ = ${s.mu}, labels sign(z_1·z_2) (an XOR no linear classifier separates, by a planted quadruple) with opposite labels exactly φ = ${s.phi} apart at their closest`;

export const trainingText = (s: Zou2018TrainingSizes): string =>
  `${dataText(s)}; L = ${s.L}, widths ${listText(s.widths)}, logistic loss, GD with η = ${s.c}/(L·m) for ${s.steps} steps (continued, to at most ${s.maxSteps}, while a point is misclassified), ${countText(s.seeds, 'data/initialization seed')}`;

export interface TrainingRun {
  width: number;
  seed: number;
  /** GD steps run (steps, or more when a point was still misclassified there). */
  steps: number;
  finalError: number;
  finalLoss: number;
  /** The run blew up (a non-finite loss): it counts against every claim of the group. */
  diverged: boolean;
  distance: number;
  /** Flipped fraction of a layer's activations since initialization: the max over examples and layers, and the mean over examples (max over layers). */
  flips: number;
  flipsMean: number;
  /** Thm 5.3 ratios along training: min of the lower, max of the upper, over the records where they are defined. */
  minLower: number;
  maxUpper: number;
  /** Records whose ratios are undefined (every ℓ′_i = 0) or not finite, e.g. "step 550". */
  ratioLeftOut: string[];
  /** The empirical φ of the seed's data. */
  phi: number;
}

const cache = new Map<string, TrainingRun[]>();

export function trainingRuns(ctx: ClaimContext, sizes: Zou2018TrainingSizes): TrainingRun[] {
  return sharedRuns(cache, ctx, (shared) => computeRuns(shared, sizes));
}

function computeRuns(ctx: ClaimContext, s: Zou2018TrainingSizes): TrainingRun[] {
  const out: TrainingRun[] = [];
  let done = 0;
  for (let seed = 0; seed < s.seeds; seed++) {
    const ds = zou2018TrainingData(s, ctx.rng.fold('data', seed));
    for (const m of s.widths) {
      const net = zou2018({ inputDim: s.d, width: m, depth: s.L });
      // One run to maxSteps, stopped at the first record at or after `steps` with zero training error: a run that
      // is error-free by then ends exactly at `steps`, as before; only the ones still wrong go on.
      const stop = new AbortController();
      const [distance, flips, bounds] = [distanceProbe(), flipsProbe(), zou2018Probe()];
      const res = train(net, net.init(ctx.rng.fold('init', m, seed)), ds.x, ds.y, {
        loss: makeLoss({ name: 'logistic' }), optimizer: { kind: 'gd' }, learningRate: s.c / (s.L * m), steps: s.maxSteps, every: s.every,
        probes: [distance, flips, bounds], rng: ctx.rng.fold('train', m, seed),
        signal: stop.signal,
        onRecord: (r) => {
          if (r.step >= s.steps && r.trainingError === 0) stop.abort();
        },
      });
      const last = res.records[res.records.length - 1];
      const spectral = probeOutput(last, distance).spectral ?? {};
      const { max: flipsMax, mean: flipsMean } = probeOutput(last, flips);
      const ratios = res.records.map((r) => {
        const b = probeOutput(r, bounds);
        return { step: r.step, lower: b.lower, upper: b.upperMax };
      });
      const defined = (v: number | null): v is number => v !== null && Number.isFinite(v);
      const kept = ratios.filter((r) => defined(r.lower) && defined(r.upper));
      out.push({
        width: m, seed, steps: res.steps, finalError: last.trainingError ?? NaN, finalLoss: last.loss,
        diverged: res.stop === 'nonfinite' || !Number.isFinite(last.loss),
        distance: Math.max(...Object.values(spectral)), flips: Math.max(...Object.values(flipsMax)), flipsMean: Math.max(...Object.values(flipsMean)),
        minLower: kept.length > 0 ? Math.min(...kept.map((r) => r.lower as number)) : NaN,
        maxUpper: kept.length > 0 ? Math.max(...kept.map((r) => r.upper as number)) : NaN,
        ratioLeftOut: ratios.filter((r) => !(defined(r.lower) && defined(r.upper))).map((r) => `step ${r.step}`),
        phi: ds.meta['phi'] as number,
      });
      ctx.progress(++done, s.widths.length * s.seeds);
    }
  }
  return out;
}

/** "m = 64 (seed 2)". */
export const runName = (r: { width: number; seed: number }): string => `m = ${r.width} (seed ${r.seed})`;

/** The diverged runs in words ("" when none). */
export function divergedText(rs: readonly TrainingRun[]): string {
  const bad = rs.filter((r) => r.diverged);
  return bad.length === 0 ? '' : `diverged (non-finite loss), counted against the claim: ${bad.map(runName).join(', ')}`;
}

/** The empirical φ over the seeds' data sets, in words. */
export function phiText(rs: readonly TrainingRun[]): string {
  const phis = [...new Set(rs.map((r) => r.seed))].map((s) => rs.find((r) => r.seed === s)!.phi);
  const lo = Math.min(...phis);
  const hi = Math.max(...phis);
  return `measured φ ${lo === hi ? lo.toFixed(4) : `${lo.toFixed(4)}–${hi.toFixed(4)}`}`;
}
