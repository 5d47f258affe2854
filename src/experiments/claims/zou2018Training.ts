/**
 * The zou2018 training runs several claims share (zero training error, weights staying close, activation
 * flips, the Thm 5.3 gradient ratios): GD on deep ReLU classifiers (zou2018 Sec 3) over widths and seeds,
 * on labels no linear classifier separates (zou2018Data rule 'xor': an XOR of two coordinates' signs with
 * a planted quadruple whose classes share a midpoint, and opposite labels exactly φ apart at their
 * closest), logistic loss, η = c/(L·m) (shared/theory/zou2018-sgd-deep-relu.md, "Suggested settings").
 */
import type { Dataset } from '../../data/dataset.js';
import type { Rng } from '../../linalg/random/rng.js';
import { ZOU2018_GD_RUN, zou2018XorData, type Zou2018GdParams, type Zou2018GdRun } from '../kinds/zou2018GdRun.js';
import type { JsonObject } from '../runner/json.js';
import type { ClaimOutcome, ClaimPlan, JudgeContext, PointRequest, Scale } from './claim.js';
import { countText, listText } from './prose.js';
import { resultNumber } from './sweeps.js';

/** The data of the zou2018 training claims: n inputs in R^d with last coordinate μ, opposite labels ≥ φ apart. */
export interface Zou2018DataSizes {
  n: number;
  d: number;
  mu: number;
  phi: number;
}

/** The training runs' parameters (kind zou2018.gd-run) at every width and replicate: `seeds` (data, initialization) draws. */
export type Zou2018TrainingSizes = Omit<Zou2018GdParams, 'width' | 'replicate'> & { widths: number[]; seeds: number };

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
  return zou2018XorData(s, rng);
}

export const dataText = (s: Zou2018DataSizes): string =>
  `n = ${s.n} points on the unit sphere of R^${s.d} with last coordinate μ = ${s.mu}, labels sign(z_1·z_2) (an XOR no linear classifier separates, by a planted quadruple) with opposite labels exactly φ = ${s.phi} apart at their closest`;

export const trainingText = (s: Zou2018TrainingSizes): string =>
  `${dataText(s)}; L = ${s.L}, widths ${listText(s.widths)}, logistic loss, GD with η = ${s.c}/(L·m) for ${s.steps} steps (continued, to at most ${s.maxSteps}, while a point is misclassified), ${countText(s.seeds, 'data/initialization seed')}`;

export interface TrainingRun extends Zou2018GdRun {
  width: number;
  seed: number;
}

/**
 * The shared experiment as points: one GD run (kind zou2018.gd-run) per (data, initialization) seed and
 * width, seeds outermost. The four claims list the same points, so each run is computed once.
 */
export function trainingPoints(s: Zou2018TrainingSizes): PointRequest[] {
  const { widths, seeds, ...rest } = s;
  return Array.from({ length: seeds }, (_, replicate) => widths.map((width): PointRequest => ({ kind: ZOU2018_GD_RUN, params: { ...rest, width, replicate } }))).flat();
}

/** The runs back from their results, in the order of trainingPoints (a null, undefined quantity, is NaN). */
function trainingRunsOf(results: readonly JsonObject[], s: Zou2018TrainingSizes): TrainingRun[] {
  return trainingPoints(s).map((p, i) => {
    const r = results[i];
    return {
      width: p.params['width'] as number, seed: p.params['replicate'] as number,
      steps: resultNumber(r['steps']), finalError: resultNumber(r['finalError']), finalLoss: resultNumber(r['finalLoss']), diverged: r['diverged'] === true,
      distance: resultNumber(r['distance']), flips: resultNumber(r['flips']), flipsMean: resultNumber(r['flipsMean']), minLower: resultNumber(r['minLower']), maxUpper: resultNumber(r['maxUpper']),
      ratioLeftOut: Array.isArray(r['ratioLeftOut']) ? r['ratioLeftOut'].map(String) : [], phi: resultNumber(r['phi']),
    };
  });
}

/** A plan on the shared training runs: `judge` receives the runs. */
export function trainingPlan(judge: (rs: TrainingRun[], s: Zou2018TrainingSizes, ctx: JudgeContext) => ClaimOutcome): ClaimPlan<Zou2018TrainingSizes> {
  return { points: trainingPoints, judge: (results, s, ctx) => judge(trainingRunsOf(results, s), s, ctx) };
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
