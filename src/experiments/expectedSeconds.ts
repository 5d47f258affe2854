/**
 * What a claim without a plan is expected to cost: the wall-clock seconds of one (claim, seed) run at each
 * scale, measured by `reproduce` on the reference machine (README: 2 cores, OpenBLAS, 2 workers) — at
 * quick scale the median over seeds 0–2, at full scale seed 0. Only the deal of points to shards and the
 * pool's largest-first order read these (claimPoints.ts `cost`): a figure off by a factor unbalances the
 * shards, it changes no result. Planned claims need no entry: their points' kinds say what each costs.
 */
import type { Scale } from './claims/claim.js';

export const EXPECTED_SECONDS: Readonly<Record<string, { quick: number; full: number }>> = {
  "chen2018.exact-vs-monte-carlo": { quick: 6.2, full: 33.12 },
  "chen2018.width-and-depth": { quick: 0.05, full: 0.05 },
  "chen2018.critical-batch-grows-with-width": { quick: 10.41, full: 44.07 },
  "zou2018.sgd-zero-training-error": { quick: 2.68, full: 41.91 },
  "zou2018.narrow-width-fails": { quick: 0.43, full: 0.44 },
  "zou2018.loss-rates": { quick: 3.14, full: 101.1 },
  "zou2018.init-feature-norms": { quick: 2.35, full: 10.53 },
  "zou2018.init-separation": { quick: 4.47, full: 12.02 },
  "zou2018.init-output": { quick: 1.67, full: 22.16 },
  "zou2018.init-near-zero-preactivations": { quick: 0.99, full: 43.68 },
  "zou2018.flip-law-tight": { quick: 1.55, full: 4.9 },
  "du2019.fc-lambda0-collapse": { quick: 0.34, full: 0.32 },
  "du2019.resnet-lambda0-flat": { quick: 0.4, full: 0.92 },
  "du2019.gram-concentration": { quick: 3.29, full: 80.97 },
  "du2019.feature-norms": { quick: 1.55, full: 30.8 },
  "du2019.fc-vs-resnet-depth": { quick: 0.96, full: 61.73 },
  "du2019.init-weight-spectral-norm": { quick: 1.58, full: 5.32 },
  "liu2020.kernel-norm-flat": { quick: 0.45, full: 15.42 },
  "liu2020.kernel-drift-after-training": { quick: 2.33, full: 67.49 },
  "liu2020.softmax-output-control": { quick: 1.57, full: 7.72 },
  "liu2020.bottleneck-control": { quick: 6.92, full: 5.82 },
  "liu2020.parameterization-identity": { quick: 0.05, full: 0.05 },
  "liu2020.kernel-change-bound": { quick: 1.71, full: 5.78 },
  "liu2020.swish-output-control": { quick: 1.23, full: 6.98 },
  "liu2020.backward-vectors": { quick: 5.59, full: 33.56 },
  "liu2020.kappa-identity": { quick: 0.05, full: 0.05 },
  "allenzhu2019.forward-stability": { quick: 0.16, full: 1.09 },
  "allenzhu2019.wrong-scale-explodes": { quick: 0.32, full: 0.3 },
  "allenzhu2019.prop-g3-identity": { quick: 0.05, full: 0.05 },
  "allenzhu2019.bptt-gradient": { quick: 0.05, full: 0.05 },
  "allenzhu2019.sgd-linear-convergence": { quick: 4.28, full: 30.79 },
};

/** The expected seconds of one (claim, seed) run; a claim with no entry counts 1 s. */
export function expectedSeconds(claim: string, scale: Scale): number {
  const e = EXPECTED_SECONDS[claim];
  if (e === undefined) return 1;
  return e[scale];
}
