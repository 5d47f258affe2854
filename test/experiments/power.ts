/**
 * Power-test helpers: the rate of each verdict of a statistic over simulated data sets. A rate r over
 * R runs has binomial standard error √(r(1 − r)/R) ≤ 0.05 at R = 100, so "≥ 0.8" is asserted of rates
 * measured near 0.95 and a failure of the assertion is not a fluke of the simulation.
 */
import type { Judgement, ScalingPoint } from '../../src/experiments/statistics.js';
import { Rng } from '../../src/linalg/random/rng.js';

export type Rates = Record<Judgement['verdict'], number>;

export function rates(runs: number, seed: number, judge: (rng: Rng, i: number) => Judgement): Rates {
  const c: Rates = { holds: 0, fails: 0, inconclusive: 0 };
  const rng = Rng.fromSeed(seed);
  for (let i = 0; i < runs; i++) c[judge(rng.fold('run', i), i).verdict]++;
  return { holds: c.holds / runs, fails: c.fails / runs, inconclusive: c.inconclusive / runs };
}

/** y = law(x)·e^(σz) at each x and seed: multiplicative seed-to-seed noise with log-sd σ. */
export function lawData(law: (x: number) => number, xs: readonly number[], seeds: number, sigma: number, rng: Rng): ScalingPoint[] {
  return xs.flatMap((x) => Array.from({ length: seeds }, (_, s) => ({ x, y: law(x) * Math.exp(sigma * rng.normal()), group: s })));
}
