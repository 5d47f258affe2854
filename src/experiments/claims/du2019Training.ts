/**
 * du2019 items D and E of "What the project must show" (theory note): along GD the Gram matrix stays near G(0)
 * and the weights near W(0), both judged on one set of GD runs of the ResNet at several widths.
 */
import { DU2019_RESNET_GD, type ResNetGdParams } from '../kinds/du2019ResNetGd.js';
import type { JsonObject } from '../runner/json.js';
import type { ScalingPoint } from '../statistics.js';
import type { Claim, ClaimPlan, PointRequest, Scale } from './claim.js';
import { resultNumber, widthPoints } from './sweeps.js';
import { DRIFT_EXPONENT_BOUND, MOVEMENT_EXPONENT_BOUND, MOVEMENT_TOLERANCE, judgeDrift, judgeMovement } from './du2019Judges.js';
import { logLogPlot } from '../../plots/charts.js';
import { countText, listText } from './prose.js';

/** The runs' parameters (kind du2019.resnet-gd) at every width and replicate: `seeds` replicates per width. */
export type StabilitySizes = Omit<ResNetGdParams, 'width' | 'replicate'> & { widths: number[]; seeds: number };

/**
 * The drift's log-scatter between seeds is ≈ 0.4 (0.25 to 0.6, largest at small m): 6 seeds over m = 32…512 give
 * the slope a 95% half-width ≈ 0.2, so a drift ∝ m^−1/4 fails in ≥ 80% of simulated runs (the power tests);
 * over 32…256 only 64% would.
 */
const SIZES: Record<Scale, StabilitySizes> = {
  quick: { widths: [32, 64, 128, 256, 512], seeds: 6, depth: 4, cRes: 0.25, n: 8, d: 5, steps: 100, every: 10 },
  full: { widths: [32, 64, 128, 256, 512, 1024], seeds: 6, depth: 4, cRes: 0.25, n: 8, d: 5, steps: 300, every: 15 },
};

interface StabilityRun {
  width: number;
  seed: number;
  drift: number;
  movement: number;
}

/**
 * The shared experiment as points: one GD run (kind du2019.resnet-gd) per width and replicate, widths
 * outermost. Both claims list the same points, so each run is computed once.
 */
function points(s: StabilitySizes): PointRequest[] {
  const { widths, seeds, ...base } = s;
  return widthPoints(DU2019_RESNET_GD, widths, seeds, base);
}

/** The runs back from their results (in the order of points): a diverged run's null is NaN, which the statistics count against the claim. */
function runsOf(results: readonly JsonObject[], s: StabilitySizes): StabilityRun[] {
  return points(s).map((p, i) => ({ width: p.params['width'] as number, seed: p.params['replicate'] as number, drift: resultNumber(results[i]['drift']), movement: resultNumber(results[i]['movement']) }));
}

const experiment = (s: StabilitySizes): string =>
  `ResNet, H = ${s.depth}, softplus, c_res = ${s.cRes}, n = ${s.n} unit inputs in d = ${s.d}; full-batch GD on ½Σ(f − y)² with η = 1/λ_max(G(0)) for ${s.steps} steps at widths ${listText(s.widths)}, ${countText(s.seeds, 'seed')} each; G(k) and W(k) recorded every ${s.every} steps`;

const gramStability: Claim<StabilitySizes> = {
  id: 'du2019.gram-stability',
  paper: 'du2019',
  theorem: 'Lemma 5.4 / E: ‖G(k) − G(0)‖₂ ≤ λ0/4 along GD, the gap O(m^−1/2)',
  prediction: 'The relative drift sup_k ‖G(k) − G(0)‖₂/‖G(0)‖₂ of the Gram matrix during GD vanishes at least as fast as m^(−1/2) (reference runs: exponent −0.8 to −1)',
  falsifier: `a 95% interval of the log–log slope of the sup drift against m wholly above ${DRIFT_EXPONENT_BOUND} (e.g. a drift ∝ m^−1/4), or a diverged run`,
  sizes: SIZES,
  experiment,
  statistic: `log–log slope of the sup drift against m: holds when its 95% interval lies at or below ${DRIFT_EXPONENT_BOUND}, fails when wholly above`,
  plan: {
    points,
    judge(results, s, ctx) {
      const runs = runsOf(results, s);
      const pts: ScalingPoint[] = runs.map((r) => ({ x: r.width, y: r.drift, group: r.seed }));
      const j = judgeDrift(pts, ctx.rng.fold('bootstrap'));
      return { ...j, measured: j.reason, data: runs.map((r) => ({ width: r.width, seed: r.seed, drift: r.drift })), plot: logLogPlot({ x: 'width', y: 'drift', xTitle: 'width m', yTitle: 'sup_k ‖G(k) − G(0)‖₂ / ‖G(0)‖₂' }) };
    },
  } satisfies ClaimPlan<StabilitySizes>,
};

const weightMovement: Claim<StabilitySizes> = {
  id: 'du2019.weight-movement',
  paper: 'du2019',
  theorem: 'Lemma 5.4 / D: ‖W^(h)(k) − W^(h)(0)‖_F ≤ R′√m with R′√m independent of m',
  prediction: 'The largest per-layer weight movement sup_k max_h ‖ΔW^(h)‖_F does not grow with width (so the movement relative to ‖W^(h)(0)‖_F ≈ m falls like 1/m)',
  falsifier: `a 95% interval of the log–log slope of the movement against m wholly above ${MOVEMENT_EXPONENT_BOUND} + ${MOVEMENT_TOLERANCE} (e.g. ‖ΔW‖_F ∝ √m), or a diverged run`,
  sizes: SIZES,
  experiment: (s) => `the GD runs of du2019.gram-stability (${experiment(s)})`,
  statistic: `log–log slope of sup_k max_h ‖ΔW^(h)‖_F against m: holds when its 95% interval lies at or below ${MOVEMENT_EXPONENT_BOUND} + ${MOVEMENT_TOLERANCE}, fails when wholly above`,
  plan: {
    points,
    judge(results, s, ctx) {
      const runs = runsOf(results, s);
      const j = judgeMovement(runs.map((r) => ({ x: r.width, y: r.movement, group: r.seed })), ctx.rng.fold('bootstrap'));
      return { ...j, measured: j.reason, data: runs.map((r) => ({ width: r.width, seed: r.seed, movement: r.movement })), plot: logLogPlot({ x: 'width', y: 'movement', xTitle: 'width m', yTitle: 'sup_k max_h ‖ΔW^(h)‖_F' }) };
    },
  } satisfies ClaimPlan<StabilitySizes>,
};

export const du2019TrainingClaims: Claim[] = [gramStability, weightMovement];
