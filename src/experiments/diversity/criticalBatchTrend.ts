/**
 * Does the critical batch size grow with width (chen2018 Sec 4 with Thm 6)? The critical B of each
 * network is a threshold on medians over a few seeds, so one slow seed can move it a whole octave. The
 * trend is therefore judged with its uncertainty: Spearman's ρ between the networks' order (narrowest
 * first) and their critical B, with a percentile interval from resampling each network's seeds.
 */
import type { Rng } from '../../linalg/random/rng.js';
import { spearman } from '../../stats/rank.js';
import type { Judgement } from '../statistics.js';
import { criticalBatch, type BatchPoint } from './batchSweep.js';
import { median, sortedQuantile } from './moments.js';

/** Critical B of each network from the seeds idx (resampled), with per-seed epochs (null: not reached). */
function criticalFrom(points: readonly BatchPoint[], idx: readonly number[], factor: number): number {
  const resampled = points.map((p) => {
    const med = median(idx.map((i) => p.epochs[i] ?? Infinity));
    return { ...p, medianEpochs: Number.isFinite(med) ? med : null };
  });
  // A network whose smallest batch never reached the target tolerates no batch at all.
  return criticalBatch(resampled, factor).critical ?? 0;
}

export interface CriticalBatchTrend extends Judgement {
  interval: [number, number];
  /** Critical B per network, from all seeds. */
  critical: number[];
  /** Spearman's ρ of critical B against the networks' order, from all seeds. */
  rho: number;
  /** Fraction of resamples in which the last network's critical B exceeds the first's. */
  lastAboveFirst: number;
}

/**
 * Networks in order of width, each with its sweep points (per-seed epochs at the best c). Holds when the
 * 95% interval of ρ lies above 0, fails when it lies below 0, inconclusive otherwise.
 */
export function criticalBatchTrend(networks: readonly { points: readonly BatchPoint[] }[], factor: number, rng: Rng, resamples = 2000): CriticalBatchTrend {
  const order = networks.map((_, i) => i);
  const seeds = networks.map((nw) => nw.points[0]?.epochs.length ?? 0);
  const critical = networks.map((nw, i) => criticalFrom(nw.points, Array.from({ length: seeds[i] }, (_, k) => k), factor));
  const rho = spearman(order, critical);
  const rhos: number[] = [];
  let above = 0;
  for (let b = 0; b < resamples; b++) {
    const c = networks.map((nw, i) => criticalFrom(nw.points, Array.from({ length: seeds[i] }, () => rng.int(seeds[i])), factor));
    rhos.push(spearman(order, c));
    if (c[c.length - 1] > c[0]) above++;
  }
  rhos.sort((a, b) => a - b);
  const interval: [number, number] = [sortedQuantile(rhos, 0.025), sortedQuantile(rhos, 0.975)];
  const desc = `Spearman ρ of critical B against width ${rho.toFixed(2)}, 95% interval [${interval[0].toFixed(2)}, ${interval[1].toFixed(2)}] over ${resamples} resamples of the seeds`;
  const verdict = interval[0] > 0 ? 'holds' : interval[1] < 0 ? 'fails' : 'inconclusive';
  const why = verdict === 'holds' ? 'the interval lies above 0' : verdict === 'fails' ? 'the interval lies below 0' : 'the interval contains 0';
  return { verdict, value: rho, interval, reason: `${desc}: ${why}`, critical, rho, lastAboveFirst: above / resamples };
}
