/**
 * Does the critical batch size grow with width (chen2018 Sec 4 with Thm 6)? A network's critical B is the
 * batch size at which the median epochs to target first exceed factor × those at the smallest batch. Read
 * off the octave grid of batch sizes it moves a whole octave when one seed is slower, so here it is
 * interpolated between the two grid points that bracket the crossing (log epochs linear in log B), and the
 * trend is the least-squares slope of log B* against log width, with a percentile interval from
 * resampling each network's seeds.
 */
import type { Rng } from '../../linalg/random/rng.js';
import type { Judgement } from '../statistics.js';
import type { BatchPoint } from './batchSweep.js';
import { median, sortedQuantile } from './moments.js';

/**
 * The interpolated critical batch of one network from per-point medians (points sorted by B). A network
 * whose smallest batch never reached the target tolerates less than any batch tried: half the smallest. One
 * that never crosses tolerates at least the largest: that B (censored, which can only flatten the slope).
 * A crossing into a cell that did not reach the target is placed at the last batch within the factor.
 */
export function interpolatedCritical(points: readonly BatchPoint[], medians: readonly number[], factor: number): number {
  const base = medians[0];
  if (!Number.isFinite(base)) return points[0].batch / 2;
  const limit = factor * base;
  for (let k = 1; k < points.length; k++) {
    if (!(medians[k] > limit)) continue;
    const lo = points[k - 1].batch;
    if (!Number.isFinite(medians[k])) return lo;
    const a = Math.log(medians[k - 1]);
    const t = (Math.log(limit) - a) / (Math.log(medians[k]) - a);
    return Math.exp(Math.log(lo) + t * (Math.log(points[k].batch) - Math.log(lo)));
  }
  return points[points.length - 1].batch;
}

/** Critical B of a network from the seeds idx (a resample), with per-seed epochs (null: not reached). */
function criticalFrom(points: readonly BatchPoint[], idx: readonly number[], factor: number): number {
  return interpolatedCritical(points, points.map((p) => median(idx.map((i) => p.epochs[i] ?? Infinity))), factor);
}

/** Least-squares slope of log y against log x. */
function logLogSlope(x: readonly number[], y: readonly number[]): number {
  const lx = x.map(Math.log);
  const ly = y.map(Math.log);
  const mx = lx.reduce((a, v) => a + v, 0) / lx.length;
  const my = ly.reduce((a, v) => a + v, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
  }
  return sxy / sxx;
}

export interface CriticalBatchTrend extends Judgement {
  interval: [number, number];
  /** Interpolated critical B per network, from all seeds. */
  critical: number[];
  /** Slope of log B* against log width, from all seeds. */
  slope: number;
  /** Fraction of resamples in which the widest network's critical B exceeds the narrowest's. */
  lastAboveFirst: number;
}

/**
 * Networks with their widths (at least two distinct), each with its sweep points (per-seed epochs at the
 * best c). Holds when the 95% interval of the slope lies above 0, fails when it lies below 0, inconclusive
 * otherwise: the note predicts only the direction (chen2018, "What the project must show" 3).
 */
export function criticalBatchTrend(
  networks: readonly { points: readonly BatchPoint[] }[], widths: readonly number[], factor: number, rng: Rng, resamples = 2000,
): CriticalBatchTrend {
  if (widths.length !== networks.length || new Set(widths).size < 2 || !widths.every((w) => w > 0)) {
    throw new RangeError(`criticalBatchTrend: needs one positive width per network, at least two distinct; got ${widths.join(', ')}`);
  }
  const seeds = networks.map((nw) => nw.points[0]?.epochs.length ?? 0);
  const critical = networks.map((nw, i) => criticalFrom(nw.points, Array.from({ length: seeds[i] }, (_, k) => k), factor));
  const slope = logLogSlope(widths, critical);
  const slopes: number[] = [];
  let above = 0;
  for (let b = 0; b < resamples; b++) {
    const c = networks.map((nw, i) => criticalFrom(nw.points, Array.from({ length: seeds[i] }, () => rng.int(seeds[i])), factor));
    slopes.push(logLogSlope(widths, c));
    if (c[c.length - 1] > c[0]) above++;
  }
  slopes.sort((a, b) => a - b);
  const interval: [number, number] = [sortedQuantile(slopes, 0.025), sortedQuantile(slopes, 0.975)];
  const desc = `log–log slope of the interpolated critical B against width ${slope.toFixed(2)}, 95% interval [${interval[0].toFixed(2)}, ${interval[1].toFixed(2)}] over ${resamples} resamples of the seeds`;
  const verdict = interval[0] > 0 ? 'holds' : interval[1] < 0 ? 'fails' : 'inconclusive';
  const why = verdict === 'holds' ? 'the interval lies above 0' : verdict === 'fails' ? 'the interval lies below 0' : 'the interval contains 0';
  return { verdict, value: slope, interval, reason: `${desc}: ${why}`, critical, slope, lastAboveFirst: above / resamples };
}
