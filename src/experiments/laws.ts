/**
 * Model comparison for claims whose prediction is a law, not a number (DESIGN.md: "a verdict must be
 * able to fail"). Each statistic fits the predicted law and its plausible wrong rival on the same data,
 * checks each one's goodness of fit by the lack-of-fit F test over the seeds' replicates
 * (stats/lackOfFit.ts), and says which the data reject:
 *
 *   plateau vs vanishing:  value = c∞ + a·m^(−1/2) (a Hessian that does not vanish: liu2020 Sec 4, a
 *                          nonlinear output or a bottleneck) against value = b·m^(−α) (one that vanishes
 *                          slowly). At finite widths a plateau and m^(−ε) cannot be told apart for small
 *                          enough ε; the statistic says which rates it excludes.
 *   polynomial vs exponential growth:  y = b·L^p against y = b·e^(rL) (allenzhu2019 Thm 1: the step size
 *                          and the iterations are polynomial in the horizon L, not exponential).
 */
import type { Rng } from '../linalg/random/rng.js';
import { lackOfFit, type LackOfFit } from '../stats/lackOfFit.js';
import { fitLine } from '../stats/regression.js';
import { sortedQuantile } from './diversity/moments.js';
import { scalingSlope, type Judgement, type ScalingPoint } from './statistics.js';

/** The significance level at which a law's lack of fit rejects it. */
export const LACK_OF_FIT_LEVEL = 0.01;

export interface PlateauPoint {
  width: number;
  seed: number;
  value: number;
}

/**
 * The plateau c∞ of value = c∞ + a·m^(−1/2), fitted by least squares in m^(−1/2), with a 95% percentile
 * interval from resampling the seeds within each width (the width design stays fixed).
 */
export function plateau(points: readonly PlateauPoint[], rng: Rng, resamples = 2000): { c: number; interval: [number, number] } {
  const widths = [...new Set(points.map((p) => p.width))].sort((a, b) => a - b);
  const byWidth = widths.map((m) => points.filter((p) => p.width === m));
  const fit = (sets: PlateauPoint[][]): number => {
    const all = sets.flat();
    return fitLine(all.map((p) => 1 / Math.sqrt(p.width)), all.map((p) => p.value)).intercept;
  };
  const cs: number[] = [];
  for (let b = 0; b < resamples; b++) cs.push(fit(byWidth.map((s) => s.map(() => s[rng.int(s.length)]))));
  cs.sort((a, b) => a - b);
  return { c: fit(byWidth), interval: [sortedQuantile(cs, 0.025), sortedQuantile(cs, 0.975)] };
}

/** "p = 0.34" or "untestable (no replicates)". */
function lofText(l: LackOfFit | null): string {
  return l === null ? 'untestable (needs 3 widths and replicates)' : `lack-of-fit p = ${l.p < 1e-4 ? l.p.toExponential(1) : l.p.toFixed(3)}`;
}

export interface PlateauJudgement extends Judgement {
  interval: [number, number];
  /** c∞ as a share of the mean value at the largest width. */
  share: number;
  /** The rival law's log–log slope −α, with its 95% interval. */
  slope: number;
  slopeInterval: [number, number];
  plateauFit: LackOfFit | null;
  powerFit: LackOfFit | null;
}

/**
 * A quantity predicted not to vanish with width. With h the mean at the largest width:
 *  - fails when the interval of c∞ lies below h/10 (a plateau that small is a vanishing quantity), or when
 *    a vanishing power law m^(−α) (its slope's interval below 0) fits while the plateau law is rejected by
 *    its lack of fit or c∞'s whole interval lies below h/2 (the decaying term carries the value there);
 *  - holds when the plateau law fits, c∞ is resolved (its interval above h/10, c∞ ≥ h/2: the plateau, not
 *    the decaying term, carries the value at the largest width), and the vanishing rival is excluded —
 *    either its lack of fit rejects it (the data bend into the plateau) or the whole interval of its slope
 *    lies above −flat (default −0.1: no power law vanishing faster than m^(−0.1) is consistent);
 *  - is inconclusive otherwise, saying which laws the sizes cannot separate.
 * Values must be positive for the power law; a non-positive one leaves the rival untested.
 */
export function judgePlateau(points: readonly PlateauPoint[], rng: Rng, opts: { flat?: number } = {}): PlateauJudgement {
  const flat = opts.flat ?? 0.1;
  const { c, interval } = plateau(points, rng.fold('plateau'));
  const top = Math.max(...points.map((p) => p.width));
  const atTop = points.filter((p) => p.width === top);
  const h = atTop.reduce((a, p) => a + p.value, 0) / atTop.length;
  const share = c / h;
  const plateauFit = lackOfFit(points.map((p) => 1 / Math.sqrt(p.width)), points.map((p) => p.value));
  const positive = points.every((p) => p.value > 0);
  const powerFit = positive ? lackOfFit(points.map((p) => Math.log(p.width)), points.map((p) => Math.log(p.value))) : null;
  const sl = positive ? scalingSlope(points.map((p) => ({ x: p.width, y: p.value, group: p.seed })), { rng: rng.fold('slope') }) : null;
  const slope = sl?.slope ?? NaN;
  const slopeInterval: [number, number] = sl?.interval ?? [NaN, NaN];
  const base = { value: c, interval, share, slope, slopeInterval, plateauFit, powerFit };
  const desc =
    `plateau c∞ = ${c.toPrecision(3)}, 95% interval [${interval[0].toPrecision(3)}, ${interval[1].toPrecision(3)}], ${(100 * share).toFixed(0)}% of the mean at m = ${top}, ${lofText(plateauFit)}; ` +
    (sl ? `rival m^α: α = ${slope.toFixed(3)} [${slopeInterval[0].toFixed(3)}, ${slopeInterval[1].toFixed(3)}], ${lofText(powerFit)}` : 'rival m^α untested (non-positive values)');
  const rejected = (l: LackOfFit | null): boolean => l !== null && l.p < LACK_OF_FIT_LEVEL;
  if (interval[1] < h / 10) return { ...base, verdict: 'fails', reason: `${desc}: c∞ lies below a tenth of the value (it vanishes)` };
  if (sl && !rejected(powerFit) && slopeInterval[1] < 0 && (rejected(plateauFit) || interval[1] < h / 2)) {
    const why = rejected(plateauFit) ? 'the plateau law does not' : 'c∞ cannot carry half the value at the largest width';
    return { ...base, verdict: 'fails', reason: `${desc}: a vanishing power law fits and ${why}` };
  }
  const resolved = interval[0] > h / 10 && share >= 0.5;
  const flatEnough = sl !== null && slopeInterval[0] > -flat;
  if (!rejected(plateauFit) && resolved && (rejected(powerFit) || flatEnough)) {
    const why = rejected(powerFit) ? 'the vanishing power law is rejected by its lack of fit' : `no power law vanishing faster than m^−${flat} is consistent`;
    return { ...base, verdict: 'holds', reason: `${desc}: the plateau fits, c∞ is resolved and ${why}` };
  }
  const missing = rejected(plateauFit)
    ? 'neither law describes the data'
    : !resolved
      ? 'c∞ is not resolved from the decaying term'
      : `these sizes cannot separate a plateau from a slowly vanishing m^${slope.toFixed(2)}`;
  return { ...base, verdict: 'inconclusive', reason: `${desc}: ${missing}` };
}

export interface GrowthJudgement extends Judgement {
  /** y ∝ L^exponent, with its 95% interval. */
  exponent: number;
  exponentInterval: [number, number];
  /** y ∝ e^(rate·L). */
  rate: number;
  polynomialFit: LackOfFit | null;
  exponentialFit: LackOfFit | null;
}

/**
 * Polynomial growth in L predicted, exponential the rival: both laws are straight lines after a change of
 * variables (log y against log L, log y against L), each checked by its lack of fit over the seeds.
 * Holds when the polynomial fits and the exponential is rejected; fails when the exponential fits and the
 * polynomial is rejected; inconclusive when both fit (the horizons run are too short to separate them)
 * or neither does. Non-finite or non-positive y (a run that never trained) are named by scalingSlope's
 * dropped points and count against the claim.
 */
export function judgeGrowthLaw(points: ScalingPoint[], opts: { rng: Rng }): GrowthJudgement {
  const sl = scalingSlope(points, { rng: opts.rng });
  const pts = points.filter((p) => Number.isFinite(p.y) && p.y > 0 && p.x > 0);
  const polynomialFit = lackOfFit(pts.map((p) => Math.log(p.x)), pts.map((p) => Math.log(p.y)));
  const exponentialFit = lackOfFit(pts.map((p) => p.x), pts.map((p) => Math.log(p.y)));
  const rate = pts.length >= 2 && new Set(pts.map((p) => p.x)).size >= 2 ? fitLine(pts.map((p) => p.x), pts.map((p) => Math.log(p.y))).slope : NaN;
  const base = { value: sl.slope, interval: sl.interval, exponent: sl.slope, exponentInterval: sl.interval, rate, polynomialFit, exponentialFit };
  const desc = `y ∝ L^${sl.slope.toFixed(2)} [${sl.interval[0].toFixed(2)}, ${sl.interval[1].toFixed(2)}] (${lofText(polynomialFit)}) against y ∝ e^{${rate.toFixed(3)}·L} (${lofText(exponentialFit)})`;
  const lost = sl.dropped.nonFinite.length + sl.dropped.nonPositive.length;
  if (lost > 0) {
    const names = [...sl.dropped.nonFinite, ...sl.dropped.nonPositive].map((p) => `L = ${p.x}${p.group === undefined ? '' : ` (seed ${p.group})`}`).join(', ');
    return { ...base, verdict: 'fails', reason: `${desc}; ${lost} run(s) with no finite positive value at ${names}: a run that never got there counts against the claim` };
  }
  const rejected = (l: LackOfFit | null): boolean => l !== null && l.p < LACK_OF_FIT_LEVEL;
  if (polynomialFit === null || exponentialFit === null) return { ...base, verdict: 'inconclusive', reason: `${desc}: the laws cannot be tested (need 3 horizons and replicates)` };
  if (!rejected(polynomialFit) && rejected(exponentialFit)) return { ...base, verdict: 'holds', reason: `${desc}: the polynomial fits and the exponential is rejected` };
  if (rejected(polynomialFit) && !rejected(exponentialFit)) return { ...base, verdict: 'fails', reason: `${desc}: the exponential fits and the polynomial is rejected` };
  if (rejected(polynomialFit)) return { ...base, verdict: 'inconclusive', reason: `${desc}: neither law describes the data` };
  return { ...base, verdict: 'inconclusive', reason: `${desc}: both laws fit; the horizons run are too short to separate them` };
}
