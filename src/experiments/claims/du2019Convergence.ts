/**
 * du2019 item F of "What the project must show" (theory note): GD runs long enough that the bound of Thm 5.1 /
 * 6.1, (1 − ηλ0/2)^k·L(0), has itself fallen to a tenth of L(0) — so the bound can be violated — and then on to
 * (near) zero loss, the title result. The bound's time scale is 1/(ηλ0): the runs use orthonormal inputs (the
 * data for which λ0 is largest) and H = 2, where it is affordable at the practical step η = 1/λ_max(G(0)).
 */
import { CONVERGENCE_ARCHS, DU2019_CONVERGENCE_RUN, type ConvergenceArch, type ConvergenceRunParams } from '../kinds/du2019ConvergenceRun.js';
import type { JsonObject } from '../runner/json.js';
import { fitLine } from '../../stats/regression.js';
import type { Claim, ClaimOutcome, ClaimPlan, JudgeContext, PointRequest, Scale } from './claim.js';
import { judgeRateBound, judgeZeroLoss, rateBound, type LossRun } from './du2019Judges.js';
import { linePlot } from '../../plots/charts.js';
import { countText, listText } from './prose.js';
import { resultNumber } from './sweeps.js';

/** The runs' parameters (kind du2019.convergence-run) for both architectures at every width and replicate. */
export type ConvergenceSizes = Omit<ConvergenceRunParams, 'arch' | 'width' | 'replicate'> & { widths: number[]; seeds: number };

const SIZES: Record<Scale, ConvergenceSizes> = {
  quick: { widths: [64, 128], seeds: 3, depth: 2, cRes: 0.5, n: 4, d: 5, boundLevel: 0.1, zeroLevel: 1e-6, records: 100 },
  full: { widths: [64, 128, 256, 512, 1024], seeds: 5, depth: 2, cRes: 0.5, n: 4, d: 5, boundLevel: 0.1, zeroLevel: 1e-6, records: 200 },
};

interface ConvergenceRun extends LossRun {
  arch: ConvergenceArch;
  width: number;
  seed: number;
  /** λ_min(G(0)) of the full Gram matrix (all layers) at initialization. */
  lambdaMinG0: number;
  /** Steps to the bound's level (the rate claim's run). */
  boundSteps: number;
}

/**
 * The shared experiment as points: one GD run (kind du2019.convergence-run) per architecture, width and
 * replicate, in that order of nesting. Both claims list the same points, so each run is computed once.
 */
function points(s: ConvergenceSizes): PointRequest[] {
  const { widths, seeds, ...rest } = s;
  return CONVERGENCE_ARCHS.flatMap((arch) => widths.flatMap((width) => Array.from({ length: seeds }, (_, replicate): PointRequest => ({ kind: DU2019_CONVERGENCE_RUN, params: { ...rest, arch, width, replicate } }))));
}

/** The runs back from their results, in the order of points (a null loss, a diverged run's, is NaN). */
function runsOf(results: readonly JsonObject[], s: ConvergenceSizes): ConvergenceRun[] {
  return points(s).map((p, i) => {
    const r = results[i];
    const arch = p.params['arch'] as ConvergenceArch;
    const [width, seed] = [p.params['width'] as number, p.params['replicate'] as number];
    const losses = (Array.isArray(r['losses']) ? r['losses'] : []).map((e) => ({ step: resultNumber((e as JsonObject)['step']), loss: resultNumber((e as JsonObject)['loss']) }));
    return {
      arch, width, seed, label: `${arch === 'fc' ? 'FC' : 'ResNet'} m = ${width} seed ${seed}`,
      losses, eta: resultNumber(r['eta']), lambda0: resultNumber(r['lambda0']), lambdaMinG0: resultNumber(r['lambdaMinG0']), boundSteps: resultNumber(r['boundSteps']),
    };
  });
}

/** A plan on the shared runs: `judge` receives them. */
function convergencePlan(judge: (runs: ConvergenceRun[], s: ConvergenceSizes, ctx: JudgeContext) => ClaimOutcome): ClaimPlan<ConvergenceSizes> {
  return { points, judge: (results, s, ctx) => judge(runsOf(results, s), s, ctx) };
}

/**
 * The late-time rate of log L(k) per step over the records with 10^−20 < L/L(0) < 10^−2 (past the transient,
 * above round-off), over the linearized model's 2·log(1 − ηλ_min(G(0))) (theory note, item F); null with fewer
 * than 3 such records.
 */
function lateRateRatio(r: ConvergenceRun): number | null {
  const l0 = r.losses[0].loss;
  const late = r.losses.filter((p) => Number.isFinite(p.loss) && p.loss < 1e-2 * l0 && p.loss > 1e-20 * l0);
  if (late.length < 3) return null;
  const slope = fitLine(late.map((p) => p.step), late.map((p) => Math.log(p.loss))).slope;
  return slope / (2 * Math.log(1 - r.eta * r.lambdaMinG0));
}

const experiment = (s: ConvergenceSizes): string =>
  `FC and ResNet (c_res = ${s.cRes}), H = ${s.depth}, softplus, n = ${s.n} orthonormal inputs in d = ${s.d} with N(0, 1) labels; full-batch GD on ½Σ(f − y)² with η = 1/λ_max(G(0)) at widths ${listText(s.widths)}, ${countText(s.seeds, 'seed')} each; each run lasts until the bound (1 − ηλ0/2)^k·L(0) has fallen to ${s.boundLevel}·L(0) (λ0 from the limit kernel), ${s.records} loss records, then on until L ≤ ${s.zeroLevel}·L(0) or the bound's step for that level`;

const linearRate: Claim<ConvergenceSizes> = {
  id: 'du2019.linear-rate-bound',
  paper: 'du2019',
  theorem: 'Thm 5.1 / 6.1: L(θ(k)) ≤ (1 − ηλ0/2)^k L(θ(0))',
  prediction: 'The training loss stays below the geometric bound (1 − ηλ0/2)^k·L(0) at every recorded step, over runs long enough for the bound to fall to a tenth of L(0)',
  falsifier: 'a recorded L(k) above (1 − ηλ0/2)^k·L(0) in any run, or a diverged run',
  sizes: SIZES,
  experiment,
  statistic: 'L(k)/bound(k) ≤ 1 at every recorded k ≥ 1 of every run up to the step where the bound is 0.1·L(0); inconclusive if a run stops before it',
  plan: convergencePlan((runs, s) => {
    const upToBound = runs.map((r) => ({ ...r, losses: r.losses.filter((p) => p.step <= r.boundSteps || !Number.isFinite(p.loss)) }));
    const j = judgeRateBound(upToBound, s.boundLevel);
    const worst = Math.max(...upToBound.flatMap((r) => r.losses.filter((p) => p.step > 0).map((p) => p.loss / rateBound(r, p.step))));
    const etaL = runs.map((r) => r.eta * r.lambda0);
    const ratios = runs.map((r) => r.lambdaMinG0 / r.lambda0);
    const late = runs.map(lateRateRatio).filter((v): v is number => v !== null).sort((a, b) => a - b);
    const lateText = late.length === 0 ? 'no run had 3 records between 10^−20 and 10^−2 of L(0) for the late-time rate' : `late-time rate of log L over the linearized 2·log(1 − ηλ_min(G(0))): median ${late[Math.floor(late.length / 2)].toFixed(2)}, from ${late[0].toFixed(2)} to ${late[late.length - 1].toFixed(2)} over ${late.length} of ${runs.length} runs (reported, not judged)`;
    const rows = upToBound.flatMap((r) => r.losses.filter((p) => Number.isFinite(p.loss)).map((p) => ({ step: p.step, loss: p.loss, bound: rateBound(r, p.step), run: r.label })));
    return {
      ...j,
      measured: `${j.reason}; worst L(k)/bound ${worst.toPrecision(3)}; ηλ0 from ${Math.min(...etaL).toExponential(2)} to ${Math.max(...etaL).toExponential(2)}, runs of ${Math.min(...runs.map((r) => r.boundSteps))} to ${Math.max(...runs.map((r) => r.boundSteps))} steps; λ_min(G(0))/λ0 from ${Math.min(...ratios).toFixed(1)} to ${Math.max(...ratios).toFixed(1)} (G(0) sums every layer's Gram, λ0 is the last layer's limit); ${lateText}`,
      data: rows,
      plot: linePlot({ x: 'step', y: 'loss', xTitle: 'step k', yTitle: 'training loss', series: 'run', logY: true }),
    };
  }),
};

const zeroLoss: Claim<ConvergenceSizes> = {
  id: 'du2019.gd-reaches-zero-loss',
  paper: 'du2019',
  theorem: 'Thm 5.1 / 6.1 (title result): GD finds a global minimum, L(θ(k)) → 0',
  prediction: 'Full-batch GD drives the training loss of the FC and of the ResNet to ≈ 0 (L ≤ 10^−6·L(0)) at every width and seed, within the steps at which the bound guarantees it',
  falsifier: 'a run whose loss stalls above 10^−6·L(0) until the step where (1 − ηλ0/2)^k reaches 10^−6, or a diverged run',
  sizes: SIZES,
  experiment: (s) => `the GD runs of du2019.linear-rate-bound (${experiment(s)})`,
  statistic: 'min_k L(k)/L(0) ≤ zero level in every run',
  plan: convergencePlan((runs, s) => {
    const j = judgeZeroLoss(runs, s.zeroLevel);
    const reached = runs.map((r) => ({ run: r.label, arch: r.arch, width: r.width, seed: r.seed, relativeLoss: Math.min(...r.losses.map((p) => p.loss)) / r.losses[0].loss, step: r.losses[r.losses.length - 1].step }));
    return {
      ...j,
      measured: `${j.reason}; min L/L(0) per run from ${Math.min(...reached.map((r) => r.relativeLoss)).toExponential(1)} to ${Math.max(...reached.map((r) => r.relativeLoss)).toExponential(1)}`,
      data: reached,
      plot: linePlot({ x: 'width', y: 'relativeLoss', xTitle: 'width m', yTitle: 'min_k L(k)/L(0)', series: 'arch', logY: true, logX: true }),
    };
  }),
};

export const du2019ConvergenceClaims: Claim[] = [linearRate, zeroLoss];
