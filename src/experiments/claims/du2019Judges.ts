/**
 * The statistics of the du2019 training claims as pure functions of their measurements, so that their power
 * tests run on synthetic data at the claims' sizes (test/experiments/du2019Judges.test.ts). Each accepted range
 * is the theorem's: the comments say which.
 */
import type { Rng } from '../../linalg/random/rng.js';
import { judgeBound, judgeSlopeBound, type BoundPoint, type Judgement, type ScalingPoint } from '../statistics.js';

/**
 * du2019 Lemma 5.4 / Thm 6.1's stability lemma: ‖G(k) − G(0)‖₂ = O(m^−1/2) along GD, so the drift's exponent in m
 * is at most −½. No tolerance: the slope's 95% interval carries the fit's uncertainty, and the reference runs
 * (exponent −0.8 to −1) sit well below the bound, while a drift ∝ m^−1/4 lies wholly above it.
 */
export const DRIFT_EXPONENT_BOUND = -0.5;

export function judgeDrift(points: ScalingPoint[], rng: Rng): Judgement {
  return judgeSlopeBound(points, 'atMost', DRIFT_EXPONENT_BOUND, { rng });
}

/**
 * du2019 Lemma 5.4 / D: ‖W^(h)(k) − W^(h)(0)‖_F ≤ R′√m with R′√m independent of m, so the movement's exponent is at
 * most 0. A flat movement has a fitted exponent of 0 exactly, which a one-sided test with no tolerance could never
 * call "holds"; the tolerance ¼ exceeds the interval's half-width at the claim's sizes (≈ 0.1 at the measured log-scatter ≈ 0.2)
 * and is half the contrast with the wrong law ‖ΔW‖_F ∝ √m (every entry moving by O(1/√m), R′ not shrinking).
 */
export const MOVEMENT_EXPONENT_BOUND = 0;
export const MOVEMENT_TOLERANCE = 0.25;

export function judgeMovement(points: ScalingPoint[], rng: Rng): Judgement {
  return judgeSlopeBound(points, 'atMost', MOVEMENT_EXPONENT_BOUND, { rng, tolerance: MOVEMENT_TOLERANCE });
}

/**
 * Depth at fixed width (du2019 Thm 5.1 vs Thm 6.1): the contraction per GD step at η = 1/λ_max(G(0)) is
 * r = λ_min(G(0))/λ_max(G(0)). The ResNet's λ0 falls at most like 1/H² (Prop F.2: H²λ0 flat), so its r may fall
 * no faster than H^−2: log–log exponent in H at least −2. The FC's λ0 falls like (c_σE[σ′²])^H = 0.318^H (Def 5.1),
 * a log–log exponent of ln(0.318)·6/ln 4 ≈ −5 over H = 2…8: it must fall faster than any H^−2 (at most −2).
 * No tolerance: a ResNet that collapsed like the FC (≈ −5) fails, a FC as flat as the ResNet fails.
 */
export const DEPTH_EXPONENT_EDGE = -2;

export function judgeDepthContrast(fc: ScalingPoint[], resnet: ScalingPoint[], rng: Rng): { fc: Judgement; resnet: Judgement } {
  return {
    fc: judgeSlopeBound(fc, 'atMost', DEPTH_EXPONENT_EDGE, { rng: rng.fold('fc') }),
    resnet: judgeSlopeBound(resnet, 'atLeast', DEPTH_EXPONENT_EDGE, { rng: rng.fold('resnet') }),
  };
}

/** One GD run's recorded losses, with what the bound of du2019 Thm 5.1 / 6.1 needs. */
export interface LossRun {
  label: string;
  losses: { step: number; loss: number }[];
  eta: number;
  /** λ0 = λ_min(K^(H)) of the limit kernel. */
  lambda0: number;
}

/** The theorem's bound (1 − ηλ0/2)^k·L(0) at step k. */
export function rateBound(run: LossRun, step: number): number {
  return (1 - (run.eta * run.lambda0) / 2) ** step * run.losses[0].loss;
}

/** The first step at which the bound has fallen to level·L(0) (the runs' own rule, kinds/du2019ConvergenceRun.ts). */
export { stepsToLevel } from '../kinds/du2019ConvergenceRun.js';

/** Runs with a non-finite recorded loss (a diverged run), named. */
function diverged(runs: readonly LossRun[]): string[] {
  return runs.filter((r) => r.losses.some((p) => !Number.isFinite(p.loss))).map((r) => r.label);
}

/**
 * du2019 Thm 5.1 / 6.1: L(k) ≤ (1 − ηλ0/2)^k·L(0) at every recorded k ≥ 1 of every run. The test is not vacuous
 * only over a run long enough that the bound itself has fallen to `level`·L(0) (level ≤ 0.1): a shorter run is
 * named and makes the verdict inconclusive; a diverged run (non-finite loss) counts against the claim.
 */
export function judgeRateBound(runs: readonly LossRun[], level: number): Judgement {
  const bad = diverged(runs);
  if (bad.length > 0) return { verdict: 'fails', value: null, reason: `non-finite loss (diverged) in ${bad.join(', ')}: a diverged run counts against the claim` };
  const short = runs.filter((r) => rateBound(r, r.losses[r.losses.length - 1].step) > level * r.losses[0].loss).map((r) => r.label);
  const pts: BoundPoint[] = runs.flatMap((r) => r.losses.filter((p) => p.step > 0).map((p) => ({ at: p.step, measured: p.loss, bound: rateBound(r, p.step) })));
  const j = judgeBound(pts, 'below');
  if (short.length === 0 || j.verdict === 'fails') return j;
  return { ...j, verdict: 'inconclusive', reason: `${j.reason}; the bound did not reach ${level}·L(0) in ${short.join(', ')} (the test there is nearly vacuous)` };
}

/**
 * du2019 Thm 5.1 / 6.1, the title result: GD drives the training loss to zero. Every run must reach
 * L ≤ level·L(0) within the steps at which the theorem's bound guarantees it; a run that stalls above the
 * threshold, or diverges, fails the claim (named).
 */
export function judgeZeroLoss(runs: readonly LossRun[], level: number): Judgement {
  const bad = diverged(runs);
  if (bad.length > 0) return { verdict: 'fails', value: null, reason: `non-finite loss (diverged) in ${bad.join(', ')}: a diverged run counts against the claim` };
  const rel = runs.map((r) => ({ label: r.label, rel: Math.min(...r.losses.map((p) => p.loss)) / r.losses[0].loss }));
  const worst = Math.max(...rel.map((r) => r.rel));
  const stalled = rel.filter((r) => !(r.rel <= level));
  if (stalled.length > 0) {
    return { verdict: 'fails', value: worst, reason: `${stalled.length} of ${runs.length} runs stalled above ${level.toExponential(0)}·L(0): ${stalled.map((r) => `${r.label} at ${r.rel.toExponential(1)}`).join(', ')}` };
  }
  return { verdict: 'holds', value: worst, reason: `all ${runs.length} runs reached L ≤ ${level.toExponential(0)}·L(0) (worst L/L(0) ${worst.toExponential(1)})` };
}
