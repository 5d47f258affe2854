/**
 * zou2018 (Zou, Cao, Zhou, Gu 2018): GD on over-parameterized deep ReLU classifiers reaches zero
 * training error; the weights move less, and fewer activations flip, as width grows. Claims of
 * shared/theory/zou2018-sgd-deep-relu.md, on its reference setting (n = 20, d = 10, L = 2, φ = 0.3,
 * μ = 0.5, logistic loss, η = c/(L·m), c = 1, 200 GD steps).
 */
import { zou2018Data } from '../../data/zou2018.js';
import { zou2018 } from '../../models/zou2018.js';
import { distanceProbe } from '../../probes/distance.js';
import { flipsProbe } from '../../probes/flips.js';
import { zou2018Probe } from '../../probes/zou2018.js';
import { makeLoss } from '../../train/losses.js';
import { train } from '../../train/trainer.js';
import { combineVerdicts, judgeSlope } from '../statistics.js';
import type { Claim, ClaimContext } from './claim.js';
import { sharedRuns } from './sweeps.js';
import { logLogPlot } from './plots.js';

interface Run {
  width: number;
  seed: number;
  finalError: number;
  finalLoss: number;
  distance: number;
  flips: number;
  /** Thm 5.3 ratios along training (records every 20 steps): min of the lower, max of the upper. */
  minLower: number;
  maxUpper: number;
}

const cache = new Map<string, Run[]>();

function runs(ctx: ClaimContext): Run[] {
  return sharedRuns(cache, ctx, computeRuns);
}

function computeRuns(ctx: ClaimContext): Run[] {
  const L = 2;
  const widths = ctx.scale === 'quick' ? [128, 256, 512, 1024] : [128, 256, 512, 1024, 2048];
  const seeds = 5;
  const steps = 200;
  const out: Run[] = [];
  let done = 0;
  for (let s = 0; s < seeds; s++) {
    const ds = zou2018Data({ n: 20, d: 10, mu: 0.5, phi: 0.3, rng: ctx.rng.fold('data', s) });
    for (const m of widths) {
      const net = zou2018({ inputDim: 10, width: m, depth: L });
      const res = train(net, net.init(ctx.rng.fold('init', m, s)), ds.x, ds.y, {
        loss: makeLoss({ name: 'logistic' }), optimizer: { kind: 'gd' }, learningRate: 1 / (L * m), steps, every: 20,
        probes: [distanceProbe(), flipsProbe(), zou2018Probe()], rng: ctx.rng.fold('train', m, s),
      });
      const last = res.records[res.records.length - 1];
      const spectral = last['distance.spectral'] as Record<string, number>;
      const flipsMax = last['flips.max'] as Record<string, number>;
      out.push({
        width: m, seed: s, finalError: last.trainingError ?? NaN, finalLoss: last.loss,
        distance: Math.max(...Object.values(spectral)), flips: Math.max(...Object.values(flipsMax)),
        minLower: Math.min(...res.records.map((r) => (r['zou2018.lower'] as number | null) ?? Infinity)),
        maxUpper: Math.max(...res.records.map((r) => (r['zou2018.upperMax'] as number | null) ?? -Infinity)),
      });
      ctx.progress(++done, widths.length * seeds);
    }
  }
  return out;
}

const experiment = 'zou2018 setting: n = 20 points on the sphere with μ = 0.5 and separation φ = 0.3, L = 2, widths 128…1024 (quick; to 2048 full), logistic loss, GD with η = 1/(L·m) for 200 steps, 5 data/initialization seeds';

const zeroError: Claim = {
  id: 'zou2018.gd-zero-training-error',
  paper: 'zou2018',
  shares: 'zou2018.training',
  theorem: 'Thm 4.1 / Cor 4.3',
  prediction: 'GD drives the training error to zero once the network is wide enough, with iterations independent of m at η ∝ 1/m',
  experiment,
  statistic: 'training error after 200 steps ≤ 0 (exactly zero) for every width and seed',
  run(ctx) {
    const rs = runs(ctx);
    const wrong = rs.filter((r) => !(r.finalError === 0));
    const j = {
      verdict: wrong.length === 0 ? ('holds' as const) : ('fails' as const),
      value: Math.max(...rs.map((r) => r.finalError)),
      reason: wrong.length === 0 ? `zero training error in all ${rs.length} runs` : `non-zero training error at ${wrong.map((r) => `m = ${r.width} (seed ${r.seed}): ${r.finalError}`).join(', ')}`,
    };
    return { ...j, measured: `final training errors ${rs.map((r) => r.finalError).join(', ')}; final losses ${rs.map((r) => r.finalLoss.toExponential(1)).join(', ')}`, data: rs.map((r) => ({ width: r.width, seed: r.seed, trainingError: r.finalError, loss: r.finalLoss })) };
  },
};

const distance: Claim = {
  id: 'zou2018.weights-stay-close',
  paper: 'zou2018',
  shares: 'zou2018.training',
  theorem: 'Lemma 5.5: ‖W_l^(k) − W_l^(0)‖₂ ≲ m^(−1/2) when the loss reaches ε',
  prediction: 'The largest per-layer spectral distance from initialization after training falls like m^(−1/2) (reference: 0.35, 0.19, 0.09 at m = 128, 512, 2048)',
  experiment,
  statistic: 'log–log slope of max_l ‖ΔW_l‖₂ against m, 95% interval inside [−0.75, −0.3]',
  run(ctx) {
    const rs = runs(ctx);
    const j = judgeSlope(rs.map((r) => ({ x: r.width, y: r.distance, group: r.seed })), [-0.75, -0.3], { rng: ctx.rng.fold('bootstrap') });
    return { ...j, measured: j.reason.split(':')[0], data: rs.map((r) => ({ width: r.width, seed: r.seed, distance: r.distance })), plot: logLogPlot({ x: 'width', y: 'distance', xTitle: 'width m', yTitle: 'max_l ‖W_l − W_l(0)‖₂' }) };
  },
};

const flips: Claim = {
  id: 'zou2018.activation-flips',
  paper: 'zou2018',
  shares: 'zou2018.training',
  theorem: 'Thm 5.3: ‖Σ̃ − Σ‖₀ ≤ C·L^{4/3}τ^{2/3}m_l with τ ∝ m^(−1/2)',
  prediction: 'The fraction of flipped ReLU activations falls with width, at least like the bound m^(−1/3) (reference: 0.081, 0.047, 0.022 at m = 128, 512, 2048)',
  experiment,
  statistic: 'log–log slope of the maximal (over examples and layers) flip fraction against m, 95% interval inside [−0.8, −0.2]',
  run(ctx) {
    const rs = runs(ctx);
    const j = judgeSlope(rs.map((r) => ({ x: r.width, y: r.flips, group: r.seed })), [-0.8, -0.2], { rng: ctx.rng.fold('bootstrap') });
    return { ...j, measured: j.reason.split(':')[0], data: rs.map((r) => ({ width: r.width, seed: r.seed, flipFraction: r.flips })), plot: logLogPlot({ x: 'width', y: 'flipFraction', xTitle: 'width m', yTitle: 'flip fraction (max over examples)' }) };
  },
};

const gradientBounds: Claim = {
  id: 'zou2018.gradient-bounds',
  paper: 'zou2018',
  shares: 'zou2018.training',
  theorem: 'Thm 5.3: ‖∇_{W_L}L_S‖_F² ≥ C′(m_Lφ/n⁵)(Σ_iℓ′_i)² and ‖∇_{W_l}L_S‖₂ ≤ −(C L²M^{1/2}/n)Σ_iℓ′_i',
  prediction: 'Along training the lower-bound ratio ‖∇_{W_L}L_S‖_F²/(m_L·mean_i|ℓ′_i|²) stays bounded away from 0 and the upper-bound ratio max_l ‖∇_{W_l}L_S‖₂/(√M·mean_i|ℓ′_i|) stays bounded, both uniformly in m (the bounds\' width dependence is exactly m_L and √M)',
  experiment: `${experiment}; the zou2018 probe every 20 steps`,
  statistic: 'log–log slopes against m of the smallest lower ratio along training, 95% interval inside [−0.2, ∞) (not decaying), and of the largest upper ratio, inside (−∞, 0.2] (not growing)',
  run(ctx) {
    const rs = runs(ctx);
    const jl = judgeSlope(rs.map((r) => ({ x: r.width, y: r.minLower, group: r.seed })), [-0.2, Infinity], { rng: ctx.rng.fold('b1') });
    const ju = judgeSlope(rs.map((r) => ({ x: r.width, y: r.maxUpper, group: r.seed })), [-Infinity, 0.2], { rng: ctx.rng.fold('b2') });
    const verdict = combineVerdicts(jl, ju);
    const range = (xs: number[]): string => `${Math.min(...xs).toPrecision(3)}–${Math.max(...xs).toPrecision(3)}`;
    return {
      verdict, value: jl.value, interval: jl.interval,
      reason: `lower ratio: ${jl.reason}; upper ratio: ${ju.reason}`,
      measured: `min lower ratio ${range(rs.map((r) => r.minLower))} (slope ${jl.value?.toFixed(3)}), max upper ratio ${range(rs.map((r) => r.maxUpper))} (slope ${ju.value?.toFixed(3)})`,
      data: rs.flatMap((r) => [{ width: r.width, seed: r.seed, ratio: r.minLower, series: 'min lower ‖∇_{W_L}L_S‖_F²/(m_L·mean|ℓ′|²)' }, { width: r.width, seed: r.seed, ratio: r.maxUpper, series: 'max upper ‖∇_{W_l}L_S‖₂/(√M·mean|ℓ′|)' }]),
      plot: logLogPlot({ x: 'width', y: 'ratio', xTitle: 'width m', yTitle: 'Thm 5.3 ratio along training', series: 'series' }),
    };
  },
};

const sgd: Claim = {
  id: 'zou2018.sgd-zero-training-error',
  paper: 'zou2018',
  theorem: 'Thm 4.5',
  prediction: 'Mini-batch SGD (batches drawn without replacement, independently each step) also reaches zero training error on wide enough networks',
  experiment: 'the zou2018 setting with SGD, B = 4, η = 1/(L·m), 1000 steps (50 epochs), widths 256 and 1024 (quick; also 2048 full), 3 seeds',
  statistic: 'training error after training exactly zero for every width and seed',
  run(ctx) {
    const L = 2;
    const widths = ctx.scale === 'quick' ? [256, 1024] : [256, 1024, 2048];
    const rows: Record<string, unknown>[] = [];
    let done = 0;
    for (let s = 0; s < 3; s++) {
      const ds = zou2018Data({ n: 20, d: 10, mu: 0.5, phi: 0.3, rng: ctx.rng.fold('data', s) });
      for (const m of widths) {
        const net = zou2018({ inputDim: 10, width: m, depth: L });
        const res = train(net, net.init(ctx.rng.fold('init', m, s)), ds.x, ds.y, {
          loss: makeLoss({ name: 'logistic' }), optimizer: { kind: 'sgd', batchSize: 4 }, learningRate: 1 / (L * m), steps: 1000, every: 1000, rng: ctx.rng.fold('sgd', m, s),
        });
        const last = res.records[res.records.length - 1];
        rows.push({ width: m, seed: s, trainingError: last.trainingError, loss: last.loss });
        ctx.progress(++done, 3 * widths.length);
      }
    }
    const wrong = rows.filter((r) => r['trainingError'] !== 0);
    return {
      verdict: wrong.length === 0 ? 'holds' : 'fails', value: Math.max(...rows.map((r) => r['trainingError'] as number)),
      reason: wrong.length === 0 ? `zero training error in all ${rows.length} SGD runs` : `non-zero training error in ${wrong.length} of ${rows.length} runs`,
      measured: `final training errors ${rows.map((r) => r['trainingError']).join(', ')}`,
      data: rows,
    };
  },
};

export const zou2018Claims: Claim[] = [zeroError, sgd, distance, flips, gradientBounds];
