/**
 * The statistics claims are judged by. Each returns a verdict computed from measurements — holds, fails
 * or inconclusive — with the measured figure and its uncertainty, never set by hand.
 *
 *   scaling slope:  log–log least squares with a bootstrap percentile interval (resampling seeds within
 *                   each x when there are several, else points); holds when the interval lies inside the
 *                   accepted range, fails when it lies outside, inconclusive when it straddles a bound
 *                   or there are fewer than three distinct x.
 *   bound:          a measured quantity on the right side of a bound at every point (with slack).
 *   identity:       |a − b| ≤ tolerance·scale.
 *   interval:       an estimate ± z·SE against an accepted range.
 *   ordering:       a sequence of estimates increasing or decreasing, judged by z-scores of differences.
 */
import type { Rng } from '../linalg/random/rng.js';
import { fitLine } from '../stats/regression.js';
import { sortedQuantile } from './diversity/moments.js';

export type Verdict = 'holds' | 'fails' | 'inconclusive';

export interface Judgement {
  verdict: Verdict;
  /** The measured figure (slope, worst ratio, difference, …). */
  value: number | null;
  /** Its uncertainty interval, when there is one. */
  interval?: [number, number];
  /** One sentence: why this verdict. */
  reason: string;
}

export interface ScalingPoint {
  x: number;
  y: number;
  /** Seed or replicate label; points sharing x and differing in group are resampled together. */
  group?: number;
}

/** Mean and standard error (sample standard deviation over √n) of a sample. */
export function meanWithSe(xs: readonly number[]): { mean: number; se: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { mean, se: sd / Math.sqrt(xs.length) };
}

/** A verdict from several parts: holds only if every part holds; fails if any part fails; inconclusive otherwise. */
export function combineVerdicts(...parts: readonly Judgement[]): Verdict {
  if (parts.every((p) => p.verdict === 'holds')) return 'holds';
  return parts.some((p) => p.verdict === 'fails') ? 'fails' : 'inconclusive';
}

/** Two-sided Student-t quantile t_{ν, 1−α/2} for α = 0.05 (exact for ν ≤ 2, Cornish–Fisher beyond). */
export function tQuantile975(nu: number): number {
  if (nu <= 1) return 12.706204736174707;
  if (nu === 2) return 4.302652729749464;
  const z = 1.959963984540054;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return z + (z3 + z) / (4 * nu) + (5 * z5 + 16 * z3 + 3 * z) / (96 * nu ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * nu ** 3);
}

/** Points a log–log fit cannot use: non-finite ones (a diverged run) and non-positive ones (a log of ≤ 0). */
export interface DroppedPoints {
  nonFinite: ScalingPoint[];
  nonPositive: ScalingPoint[];
}

/** The points a log–log fit can use (finite, positive x and y), and the ones it cannot. */
export function logFitPoints(points: readonly ScalingPoint[]): { kept: ScalingPoint[]; dropped: DroppedPoints } {
  const dropped: DroppedPoints = { nonFinite: [], nonPositive: [] };
  const kept: ScalingPoint[] = [];
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) dropped.nonFinite.push(p);
    else if (p.x <= 0 || p.y <= 0) dropped.nonPositive.push(p);
    else kept.push(p);
  }
  return { kept, dropped };
}

/** The points a fit left out, in words ("" when none): each named by its x and group. */
export function droppedText(d: DroppedPoints): string {
  const name = (p: ScalingPoint): string => `x = ${p.x}${p.group === undefined ? '' : ` (seed ${p.group})`}`;
  const parts: string[] = [];
  if (d.nonFinite.length > 0) parts.push(`${d.nonFinite.length} non-finite (diverged) at ${d.nonFinite.map(name).join(', ')}`);
  if (d.nonPositive.length > 0) parts.push(`${d.nonPositive.length} non-positive at ${d.nonPositive.map(name).join(', ')}`);
  return parts.length === 0 ? '' : `points left out of the fit: ${parts.join('; ')}`;
}

/**
 * Fitted log–log slope of y against x with a 95% interval: the wider of the bootstrap percentile
 * interval and the classical t interval from the residuals (the bootstrap alone runs narrow with few
 * replicates per x; the t interval alone ignores correlated replicates). Points a log cannot take are
 * returned in `dropped`, never lost silently.
 */
export function scalingSlope(points: ScalingPoint[], opts: { rng: Rng; resamples?: number; level?: number }): { slope: number; interval: [number, number]; distinctX: number; dropped: DroppedPoints } {
  const { kept: pts, dropped } = logFitPoints(points);
  const xs = [...new Set(pts.map((p) => p.x))].sort((a, b) => a - b);
  if (xs.length < 2) return { slope: NaN, interval: [NaN, NaN], distinctX: xs.length, dropped };
  const byX = xs.map((x) => pts.filter((p) => p.x === x));
  const fit = (sets: ScalingPoint[][]): number => {
    const lx: number[] = [];
    const ly: number[] = [];
    for (const s of sets) for (const p of s) {
      lx.push(Math.log(p.x));
      ly.push(Math.log(p.y));
    }
    return fitLine(lx, ly).slope;
  };
  const slope = fit(byX);
  const B = opts.resamples ?? 2000;
  const level = opts.level ?? 0.95;
  const slopes: number[] = [];
  const replicated = byX.every((s) => s.length >= 2);
  for (let b = 0; b < B; b++) {
    let sets: ScalingPoint[][];
    if (replicated) {
      // Resample replicates (seeds) within each x: the x design stays fixed.
      sets = byX.map((s) => s.map(() => s[opts.rng.int(s.length)]));
    } else {
      // Resample whole points; skip degenerate draws with a single distinct x.
      const draw = pts.map(() => pts[opts.rng.int(pts.length)]);
      if (new Set(draw.map((p) => p.x)).size < 2) continue;
      sets = [draw];
    }
    slopes.push(fit(sets));
  }
  slopes.sort((a, b) => a - b);
  const a = (1 - level) / 2;
  const lx = pts.map((p) => Math.log(p.x));
  const ly = pts.map((p) => Math.log(p.y));
  const classical = fitLine(lx, ly);
  const half = pts.length > 2 ? tQuantile975(pts.length - 2) * classical.slopeStdError : Infinity;
  const lo = Math.min(sortedQuantile(slopes, a), slope - half);
  const hi = Math.max(sortedQuantile(slopes, 1 - a), slope + half);
  return { slope, interval: [lo, hi], distinctX: xs.length, dropped };
}

/**
 * The verdict of a fitted slope before dropped points are counted, then with them: a non-finite point
 * (a diverged run) counts against the claim (fails); a non-positive one caps the verdict at inconclusive
 * (the fit could not see it). Either is named in the reason.
 */
function withDropped(j: Judgement, dropped: DroppedPoints): Judgement {
  const text = droppedText(dropped);
  if (text === '') return j;
  if (dropped.nonFinite.length > 0) return { ...j, verdict: 'fails', reason: `${j.reason}; ${text}: a diverged run counts against the claim` };
  return { ...j, verdict: j.verdict === 'holds' ? 'inconclusive' : j.verdict, reason: `${j.reason}; ${text}` };
}

/**
 * Judges a scaling exponent against an accepted two-sided range [lo, hi] — the predicted exponent with
 * the margin the theorem allows (say which, in a comment at the call).
 */
export function judgeSlope(points: ScalingPoint[], range: [number, number], opts: { rng: Rng; resamples?: number; minDistinctX?: number }): Judgement {
  const minX = opts.minDistinctX ?? 3;
  const { slope, interval, distinctX, dropped } = scalingSlope(points, opts);
  if (distinctX < minX) {
    return withDropped({ verdict: 'inconclusive', value: Number.isFinite(slope) ? slope : null, reason: `only ${distinctX} distinct x values (need ${minX}) to fit a slope` }, dropped);
  }
  const [lo, hi] = range;
  const [a, b] = interval;
  const desc = `slope ${slope.toFixed(3)}, 95% CI [${a.toFixed(3)}, ${b.toFixed(3)}], accepted [${lo}, ${hi}]`;
  let j: Judgement;
  if (a >= lo && b <= hi) j = { verdict: 'holds', value: slope, interval, reason: `${desc}: the interval lies inside` };
  else if (b < lo || a > hi) j = { verdict: 'fails', value: slope, interval, reason: `${desc}: the interval lies outside` };
  else j = { verdict: 'inconclusive', value: slope, interval, reason: `${desc}: the interval straddles a bound` };
  return withDropped(j, dropped);
}

/**
 * Judges a one-sided prediction on a scaling exponent, as a bound states it: 'atMost' (y decays at least
 * as fast as x^bound, e.g. a drift O(m^−1/2)) or 'atLeast'. With t the tolerance the theorem allows for
 * finite-size and log factors (0 unless a comment at the call justifies more): holds when the whole 95%
 * interval lies on the predicted side of bound ± t, fails when it lies wholly on the other side, else
 * inconclusive. A slope whose whole interval is beyond the bound is reported as such ("steeper than
 * −1/2"): the bound holds but is not tight there.
 */
/** An exponent as the theory writes it: −1/3 rather than -0.3333333333333333 (a fraction with denominator ≤ 6 when it is one). */
export function exponentText(b: number): string {
  for (const q of [1, 2, 3, 4, 5, 6]) {
    const p = Math.round(b * q);
    if (Math.abs(b * q - p) < 1e-9) return q === 1 ? `${p}`.replace('-', '−') : `${p < 0 ? '−' : ''}${Math.abs(p)}/${q}`;
  }
  return `${b}`.replace('-', '−');
}

export function judgeSlopeBound(points: ScalingPoint[], side: 'atMost' | 'atLeast', bound: number, opts: { rng: Rng; resamples?: number; minDistinctX?: number; tolerance?: number }): Judgement {
  const minX = opts.minDistinctX ?? 3;
  const t = opts.tolerance ?? 0;
  const { slope, interval, distinctX, dropped } = scalingSlope(points, opts);
  if (distinctX < minX) {
    return withDropped({ verdict: 'inconclusive', value: Number.isFinite(slope) ? slope : null, reason: `only ${distinctX} distinct x values (need ${minX}) to fit a slope` }, dropped);
  }
  const [a, b] = interval;
  const up = side === 'atMost';
  const edge = up ? bound + t : bound - t;
  const bt = exponentText(bound);
  const desc = `slope ${slope.toFixed(3)}, 95% CI [${a.toFixed(3)}, ${b.toFixed(3)}], predicted ${up ? '≤' : '≥'} ${bt}${t > 0 ? ` (tolerance ${+t.toPrecision(3)})` : ''}`;
  let j: Judgement;
  if (up ? b <= edge : a >= edge) {
    const beyond = up ? b < bound : a > bound;
    j = { verdict: 'holds', value: slope, interval, reason: `${desc}: ${beyond ? `${up ? 'steeper than' : bound < 0 ? 'shallower than' : 'above'} ${bt} — the bound holds but is not tight here` : 'the interval lies on the predicted side'}` };
  } else if (up ? a > edge : b < edge) j = { verdict: 'fails', value: slope, interval, reason: `${desc}: the interval lies on the wrong side of the bound` };
  else j = { verdict: 'inconclusive', value: slope, interval, reason: `${desc}: the interval straddles the bound` };
  return withDropped(j, dropped);
}

export interface BoundPoint {
  /** Where (step, width, …). */
  at: number;
  measured: number;
  bound: number;
}

/**
 * Checks measured ≤ bound ('below') or measured ≥ bound ('above') at every point, with a relative slack.
 * The value reported is the worst ratio measured/bound (for 'below'; bound/measured for 'above').
 * No point is left out silently: a non-finite measurement (a diverged run) fails the claim, and a point
 * whose bound is not finite (nothing to compare with) caps the verdict at inconclusive; both are named.
 */
export function judgeBound(points: BoundPoint[], side: 'below' | 'above', opts: { slack?: number } = {}): Judgement {
  const slack = opts.slack ?? 0;
  const diverged = points.filter((p) => !Number.isFinite(p.measured));
  const unbounded = points.filter((p) => Number.isFinite(p.measured) && !Number.isFinite(p.bound));
  const valid = points.filter((p) => Number.isFinite(p.measured) && Number.isFinite(p.bound));
  const at = (ps: BoundPoint[]): string => ps.map((p) => p.at).join(', ');
  if (diverged.length > 0) {
    return { verdict: 'fails', value: null, reason: `${diverged.length} of ${points.length} measurements are not finite (diverged at ${at(diverged)}): a diverged run counts against the bound` };
  }
  if (valid.length === 0) return { verdict: 'inconclusive', value: null, reason: points.length === 0 ? 'no measurements to compare with the bound' : `no finite bound to compare with (at ${at(unbounded)})` };
  let worst = -Infinity;
  let where = valid[0].at;
  for (const p of valid) {
    const r = side === 'below' ? p.measured / p.bound : p.bound / p.measured;
    if (r > worst) {
      worst = r;
      where = p.at;
    }
  }
  const ok = worst <= 1 + slack;
  const missing = unbounded.length > 0 ? `; ${unbounded.length} point(s) with no finite bound left out (at ${at(unbounded)})` : '';
  return {
    verdict: ok ? (unbounded.length > 0 ? 'inconclusive' : 'holds') : 'fails',
    value: worst,
    reason: ok
      ? `the measurement stays ${side} the bound at all ${valid.length} points compared (worst ratio ${worst.toPrecision(4)} at ${where})${missing}`
      : `the bound is violated at ${where} (ratio ${worst.toPrecision(4)} > ${(1 + slack).toPrecision(4)})${missing}`,
  };
}

/**
 * |a − b| ≤ tolerance·max(|b|, floor), with a the measured side and b the reference: a non-finite
 * measurement fails (it cannot equal a finite reference); a non-finite reference is inconclusive.
 */
export function judgeIdentity(a: number, b: number, tolerance: number, floor = 1e-300): Judgement {
  if (!Number.isFinite(b)) return { verdict: 'inconclusive', value: null, reason: `the reference is not finite (${b})` };
  if (!Number.isFinite(a)) return { verdict: 'fails', value: null, reason: `the measured side is not finite (${a}) where the reference is ${b}` };
  const rel = Math.abs(a - b) / Math.max(Math.abs(b), floor);
  return {
    verdict: rel <= tolerance ? 'holds' : 'fails',
    value: rel,
    reason: `relative difference ${rel.toExponential(2)} ${rel <= tolerance ? '≤' : '>'} tolerance ${tolerance.toExponential(1)}`,
  };
}

/**
 * An estimate with standard error against an accepted range, at z standard errors (default 2). A
 * non-finite estimate (a diverged run in the mean) fails; a missing or non-finite SE is inconclusive.
 */
export function judgeInterval(estimate: number, se: number, range: [number, number], z = 2): Judgement {
  if (!Number.isFinite(estimate)) return { verdict: 'fails', value: null, reason: `the estimate is not finite (${estimate}): a diverged run counts against the claim` };
  if (!(se >= 0) || !Number.isFinite(se)) return { verdict: 'inconclusive', value: estimate, reason: `no finite standard error for ${estimate} (${se})` };
  const a = estimate - z * se;
  const b = estimate + z * se;
  const [lo, hi] = range;
  const desc = `${estimate.toPrecision(4)} ± ${(z * se).toPrecision(2)} against [${lo}, ${hi}]`;
  if (a >= lo && b <= hi) return { verdict: 'holds', value: estimate, interval: [a, b], reason: `${desc}: inside` };
  if (b < lo || a > hi) return { verdict: 'fails', value: estimate, interval: [a, b], reason: `${desc}: outside` };
  return { verdict: 'inconclusive', value: estimate, interval: [a, b], reason: `${desc}: straddles a bound` };
}

/**
 * A sequence (in the order of its x) expected to increase or decrease: every consecutive difference
 * must go the right way; each is judged by its z-score (difference / √(se₁² + se₂²)) against z.
 */
export function judgeOrdering(values: { x: number; estimate: number; se: number }[], direction: 'increasing' | 'decreasing', z = 2): Judgement {
  if (values.length < 2) return { verdict: 'inconclusive', value: null, reason: 'fewer than two values to order' };
  const diverged = values.filter((v) => !Number.isFinite(v.estimate));
  if (diverged.length > 0) return { verdict: 'fails', value: null, reason: `${diverged.length} estimate(s) not finite (diverged at ${diverged.map((v) => v.x).join(', ')}): a diverged run counts against the ordering` };
  if (!values.every((v) => v.se >= 0 && Number.isFinite(v.se))) return { verdict: 'inconclusive', value: null, reason: 'a standard error is missing or not finite' };
  const sign = direction === 'increasing' ? 1 : -1;
  let weakest = Infinity;
  let wrong = false;
  for (let i = 1; i < values.length; i++) {
    const d = sign * (values[i].estimate - values[i - 1].estimate);
    const s = Math.sqrt(values[i].se ** 2 + values[i - 1].se ** 2);
    const zi = s > 0 ? d / s : d > 0 ? Infinity : d < 0 ? -Infinity : 0;
    weakest = Math.min(weakest, zi);
    if (zi < -z) wrong = true;
  }
  if (wrong) return { verdict: 'fails', value: weakest, reason: `a step goes the wrong way by more than ${z} standard errors (weakest z = ${weakest.toFixed(2)})` };
  if (weakest >= z) return { verdict: 'holds', value: weakest, reason: `every step is ${direction} by at least ${z} standard errors (weakest z = ${weakest.toFixed(2)})` };
  return { verdict: 'inconclusive', value: weakest, reason: `some step is within ${z} standard errors of no change (weakest z = ${weakest.toFixed(2)})` };
}
