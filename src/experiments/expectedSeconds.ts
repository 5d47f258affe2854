/**
 * What a claim run without a plan is expected to cost: the median wall-clock seconds of one (claim, seed)
 * run at each scale, measured by `reproduce` on the reference machine (README: 2 cores, OpenBLAS, one
 * claim group per worker). Claims that share an experiment carry its time on the first of them. Only
 * `reproduce --shard` reads these, to deal equal work to every shard (claimPoints.ts `cost`); a figure
 * off by a factor only unbalances the shards, it changes no result. Planned claims need no entry: their
 * points' kinds say what each point costs.
 */
import type { Scale } from './claims/claim.js';

/** Full-scale time over quick-scale time, for claims whose full-scale time was not measured. */
export const FULL_OVER_QUICK = 6;

export const EXPECTED_SECONDS: Readonly<Record<string, { quick: number; full?: number }>> = {
  "zou2018.gd-zero-training-error": { quick: 21.91 },
  "zou2018.weights-stay-close": { quick: 0.05 },
  "zou2018.activation-flips": { quick: 0.05 },
  "zou2018.gradient-bounds": { quick: 0.05 },
  "allenzhu2019.linear-convergence": { quick: 16.76 },
  "allenzhu2019.gradient-lower-bound": { quick: 0.05 },
  "allenzhu2019.weights-stay-close": { quick: 0.05 },
  "du2019.linear-rate-bound": { quick: 2.53 },
  "du2019.gd-reaches-zero-loss": { quick: 0.05 },
  "chen2018.exact-vs-monte-carlo": { quick: 6.2 },
  "chen2018.width-and-depth": { quick: 0.05 },
  "chen2018.critical-batch-grows-with-width": { quick: 10.41 },
  "zou2018.sgd-zero-training-error": { quick: 2.68 },
  "zou2018.narrow-width-fails": { quick: 0.43 },
  "zou2018.loss-rates": { quick: 3.14 },
  "zou2018.init-feature-norms": { quick: 2.35 },
  "zou2018.init-separation": { quick: 4.47 },
  "zou2018.init-output": { quick: 1.67 },
  "zou2018.init-near-zero-preactivations": { quick: 0.99 },
  "zou2018.flip-law-tight": { quick: 1.55 },
  "du2019.fc-lambda0-collapse": { quick: 0.34 },
  "du2019.resnet-lambda0-flat": { quick: 0.4 },
  "du2019.gram-concentration": { quick: 3.29 },
  "du2019.cnn-gram-concentration": { quick: 17.61 },
  "du2019.feature-norms": { quick: 1.55 },
  "du2019.fc-vs-resnet-depth": { quick: 0.96 },
  "du2019.init-weight-spectral-norm": { quick: 1.58 },
  "liu2020.hessian-vanishes": { quick: 6.57 },
  "liu2020.kernel-norm-flat": { quick: 0.45 },
  "liu2020.kernel-drift-after-training": { quick: 2.33 },
  "liu2020.softmax-output-control": { quick: 1.57 },
  "liu2020.bottleneck-control": { quick: 6.92 },
  "liu2020.parameterization-identity": { quick: 0.05 },
  "liu2020.kernel-change-bound": { quick: 1.71 },
  "liu2020.hessian-vanishes-architectures": { quick: 63.97 },
  "liu2020.swish-output-control": { quick: 1.23 },
  "liu2020.bottleneck-width-control": { quick: 29.39 },
  "liu2020.backward-vectors": { quick: 5.59 },
  "liu2020.kappa-identity": { quick: 0.05 },
  "allenzhu2019.forward-stability": { quick: 0.16 },
  "allenzhu2019.wrong-scale-explodes": { quick: 0.32 },
  "allenzhu2019.prop-g3-identity": { quick: 0.05 },
  "allenzhu2019.bptt-gradient": { quick: 0.05 },
  "allenzhu2019.sgd-linear-convergence": { quick: 4.28 },
  "allenzhu2019.horizon-polynomial": { quick: 54.89 },
};

/** The expected seconds of one (claim, seed) run; a claim with no entry counts 1 s. */
export function expectedSeconds(claim: string, scale: Scale): number {
  const e = EXPECTED_SECONDS[claim];
  if (e === undefined) return 1;
  return scale === 'quick' ? e.quick : (e.full ?? FULL_OVER_QUICK * e.quick);
}
