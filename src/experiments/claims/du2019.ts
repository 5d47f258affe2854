/**
 * du2019 (Du, Lee, Li, Wang, Zhai 2019): the claims at initialization of "What the project must
 * show" in the du2019 theory note (limit kernels, Gram concentration, feature norms), measured on the
 * paper's exact networks (softplus, N(0,1) weights, √(c_σ/m) and c_res/(H√m) scalings).
 */
import { Matrix } from '../../linalg/matrix.js';
import { spectralNorm } from '../../linalg/norms.js';
import type { Rng } from '../../linalg/random/rng.js';
import { du2019Data } from '../../data/du2019.js';
import { empiricalKernel } from '../../kernels/empirical.js';
import { kernelSpectrum } from '../../kernels/spectrum.js';
import { du2019FC, du2019ResNet } from '../../models/du2019.js';
import { du2019FcKernels, du2019ResNetKernels } from '../../theory/du2019.js';
import { combineVerdicts, judgeBound, judgeInterval, judgeSlope, meanWithSe, type BoundPoint, type ScalingPoint } from '../statistics.js';
import { lastHiddenWeight } from '../../kernels/lastHidden.js';
import { DU2019_CNN_GRAM_ERROR } from '../kinds/du2019CnnGram.js';
import type { Claim, ClaimPlan } from './claim.js';
import { resultNumber, widthPoints } from './sweeps.js';
import { linePlot, logLogPlot } from '../../plots/charts.js';
import { countText, listText } from './prose.js';

function unitData(rng: Rng, n: number, d: number): { x: Matrix; y: Matrix } {
  const ds = du2019Data({ n, d, rng });
  return { x: ds.x, y: ds.y };
}

interface LimitSizes {
  depths: number[];
  n: number;
  d: number;
}

/** The per-layer ratio c_σ·E[σ′(z)²] = 0.318459 for softplus (theory note, λ0), reached at depth. */
const COLLAPSE_RATIO = 0.318459;

interface CollapseSizes extends LimitSizes {
  /** The depths H whose ratio λ0(H)/λ0(H − 1) is averaged. */
  ratioDepths: number[];
}

const fcCollapse: Claim<CollapseSizes> = {
  id: 'du2019.fc-lambda0-collapse',
  paper: 'du2019',
  theorem: 'Def 5.1 (corrected index), Sec 5',
  prediction: `For the FC limit kernel, λ0 = λ_min(K^(H)) falls by ≈ c_σ·E[σ′(z)²] = ${COLLAPSE_RATIO} per layer at depth (softplus)`,
  // The interval [0.315, 0.322] is ±1% about the asymptotic ratio, which the recursion approaches geometrically
  // (the theory note's λ0 list gives 0.318 from H = 3 on).
  falsifier: 'a mean per-layer ratio λ0(H)/λ0(H − 1) whose ± 2 SE interval lies outside [0.315, 0.322] (e.g. a ResNet-like flat λ0, ratio ≈ 1)',
  sizes: { quick: { depths: [1, 2, 3, 4, 5, 6, 7, 8, 9], ratioDepths: [6, 7, 8, 9], n: 8, d: 5 }, full: { depths: [1, 2, 3, 4, 5, 6, 7, 8, 9], ratioDepths: [6, 7, 8, 9], n: 8, d: 5 } },
  experiment: (s) => `K^(H) by the corrected recursion for H = ${listText(s.depths)} on n = ${s.n} unit inputs in d = ${s.d} (no training); ratios at H = ${listText(s.ratioDepths)}`,
  statistic: 'mean of λ0(H)/λ0(H − 1) over the ratio depths, ± 2 SE, inside [0.315, 0.322]',
  run(ctx, s) {
    const { x } = unitData(ctx.rng, s.n, s.d);
    const rows: Record<string, unknown>[] = [];
    const l0 = new Map<number, number>();
    s.depths.forEach((H, i) => {
      const lim = du2019FcKernels(x, H);
      l0.set(H, lim.lambda0);
      rows.push({ depth: H, lambda0: lim.lambda0 });
      ctx.progress(i + 1, s.depths.length);
    });
    const ratios = s.ratioDepths.map((H) => (l0.get(H) ?? NaN) / (l0.get(H - 1) ?? NaN));
    const { mean, se } = meanWithSe(ratios);
    const j = judgeInterval(mean, se, [0.315, 0.322]);
    return { ...j, measured: `λ0 ratio per layer ${mean.toFixed(4)} ± ${(2 * se).toFixed(4)} (H = ${s.ratioDepths.join(', ')}: ${ratios.map((r) => r.toFixed(4)).join(', ')}); ${j.reason}`, data: rows, plot: linePlot({ x: 'depth', y: 'lambda0', xTitle: 'depth H', yTitle: 'λ0 = λ_min(K^(H))', logY: true }) };
  },
};

const resnetFlat: Claim<LimitSizes & { cRes: number }> = {
  id: 'du2019.resnet-lambda0-flat',
  paper: 'du2019',
  theorem: 'Def 6.1, Prop F.2',
  prediction: 'For the ResNet limit kernel, H²·λ0/c_res² stays flat in depth (λ0 ~ 1/H²), unlike the FC collapse',
  // Prop F.2 bounds H²λ0/c_res² above and below by depth-independent constants it does not give: 1.25 accepts a 25%
  // variation over the depths, while λ0 ∝ 1/H³ would give a spread of 5 over H = 2…10 and an FC-like collapse
  // (0.318 per layer) one of 0.318^−8 ≈ 10⁴.
  falsifier: 'max/min of H²λ0/c_res² over the depths above 1.25 (λ0 falling faster than 1/H², e.g. geometrically like the FC), or a non-finite λ0',
  sizes: { quick: { depths: [2, 3, 4, 5, 6, 7, 8, 9, 10], cRes: 0.5, n: 8, d: 5 }, full: { depths: [2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 16], cRes: 0.5, n: 8, d: 5 } },
  experiment: (s) => `K^(H) by the corrected ResNet recursion (with b terms), c_res = ${s.cRes}, H = ${listText(s.depths)}, n = ${s.n} unit inputs in d = ${s.d} (no training)`,
  statistic: 'max/min of H²λ0/c_res² over the depths ≤ 1.25',
  run(ctx, s) {
    const { x } = unitData(ctx.rng, s.n, s.d);
    const rows: Record<string, unknown>[] = [];
    const v: number[] = [];
    s.depths.forEach((H, i) => {
      const lim = du2019ResNetKernels(x, H, { cRes: s.cRes });
      const scaled = (H * H * lim.lambda0) / (s.cRes * s.cRes);
      v.push(scaled);
      rows.push({ depth: H, scaledLambda0: scaled, lambda0: lim.lambda0 });
      ctx.progress(i + 1, s.depths.length);
    });
    const spread = v.every(Number.isFinite) ? Math.max(...v) / Math.min(...v) : NaN;
    const j = Number.isFinite(spread) ? judgeBound([{ at: s.depths[s.depths.length - 1], measured: spread, bound: 1.25 }], 'below') : { verdict: 'fails' as const, value: null, reason: 'a non-finite λ0' };
    return { ...j, measured: `max/min of H²λ0/c_res² over H = ${listText(s.depths)}: ${spread.toFixed(3)}`, data: rows, plot: linePlot({ x: 'depth', y: 'scaledLambda0', xTitle: 'depth H', yTitle: 'H²·λ0/c_res²' }) };
  },
};

interface ConcentrationSizes {
  widths: number[];
  seeds: number;
  depth: number;
  n: number;
  d: number;
}

/**
 * The accepted exponent range for a concentration at rate m^−1/2 (du2019 Lemma 5.2 / B: entries of G^(H)(0) − K^(H)
 * are averages of m independent terms): −½ with the finite-width margin ±0.15 of the theory note's item B.
 */
const CONCENTRATION_RANGE: [number, number] = [-0.65, -0.35];

const gramConcentration: Claim<ConcentrationSizes> = {
  id: 'du2019.gram-concentration',
  paper: 'du2019',
  theorem: 'Lemma 5.2 / B: ‖G^(H)(0) − K^(H)‖₂ ≤ λ0/4',
  prediction: 'At initialization the last-layer Gram G^(H)(0) concentrates around its limit K^(H) at the rate m^(−1/2)',
  falsifier: 'a 95% interval of the log–log slope of ‖G^(H)(0) − K^(H)‖₂ or of the largest entry error wholly outside [−0.65, −0.35] (e.g. a G^(H)(0) that does not converge to the corrected K^(H), slope ≈ 0), or a non-finite error',
  // One draw of G^(H)(0) fluctuates by ~5% even at m = 4096: the slope needs many seeds.
  sizes: { quick: { widths: [64, 128, 256, 512, 1024], seeds: 24, depth: 2, n: 8, d: 5 }, full: { widths: [64, 128, 256, 512, 1024, 2048, 4096], seeds: 24, depth: 2, n: 8, d: 5 } },
  experiment: (s) => `FC, softplus, H = ${s.depth}, n = ${s.n} unit inputs in d = ${s.d}; G^(H)(0) from per-layer factors at widths ${listText(s.widths)}, ${countText(s.seeds, 'seed')} each`,
  statistic: 'log–log slopes of ‖G^(H)(0) − K^(H)‖₂ and of the largest entry error max_ij |G − K|_ij against m, each with a 95% interval inside [−0.65, −0.35]',
  run(ctx, sz) {
    const N = sz.n;
    const D = sz.d;
    const { x } = unitData(ctx.rng.fold('data'), N, D);
    const H = sz.depth;
    const K = du2019FcKernels(x, H).gram;
    const lambda0 = kernelSpectrum(K).lambdaMin;
    const pts: ScalingPoint[] = [];
    const entries: ScalingPoint[] = [];
    const rows: Record<string, unknown>[] = [];
    const widths = sz.widths;
    const seeds = sz.seeds;
    let firstOk: number | null = null;
    let done = 0;
    for (const m of widths) {
      let allOk = true;
      for (let s = 0; s < seeds; s++) {
        const net = du2019FC({ inputDim: D, width: m, depth: H });
        const params = net.init(ctx.rng.fold('init', m, s));
        const G = empiricalKernel(net, params, x, undefined, { perParam: true }).byParam!.get(lastHiddenWeight(net)!)!;
        const diff = new Matrix(N, N, G.data.map((g, i) => g - K.data[i]));
        const err = spectralNorm(diff, { symmetric: true });
        const maxEntry = Math.max(...diff.data.map(Math.abs));
        const lmin = kernelSpectrum(G).lambdaMin;
        if (lmin < 0.75 * lambda0) allOk = false;
        pts.push({ x: m, y: err, group: s });
        entries.push({ x: m, y: maxEntry, group: s });
        rows.push({ width: m, seed: s, error: err, series: '‖G − K‖₂' }, { width: m, seed: s, error: maxEntry, series: 'max |G − K| entry' });
        ctx.progress(++done, widths.length * seeds);
      }
      if (allOk && firstOk === null) firstOk = m;
    }
    const j = judgeSlope(pts, CONCENTRATION_RANGE, { rng: ctx.rng.fold('bootstrap') });
    const je = judgeSlope(entries, CONCENTRATION_RANGE, { rng: ctx.rng.fold('bootstrap-entries') });
    const verdict = combineVerdicts(j, je);
    return {
      ...j,
      verdict,
      reason: `‖G − K‖₂: ${j.reason}; max entry: ${je.reason}`,
      measured: `‖G − K‖₂: ${j.reason}; max entry: ${je.reason}; λ_min(G^(H)(0)) ≥ ¾λ0 for all seeds from m = ${firstOk ?? 'never (in range)'}`,
      data: rows,
      plot: logLogPlot({ x: 'width', y: 'error', xTitle: 'width m', yTitle: '‖G^(H)(0) − K^(H)‖₂ and max entry error', series: 'series' }),
    };
  },
};

interface FeatureSizes {
  width: number;
  seeds: number;
  fcDepth: number;
  resnetDepths: number[];
  cRes: number;
  n: number;
  d: number;
}

const featureNorms: Claim<FeatureSizes> = {
  id: 'du2019.feature-norms',
  paper: 'du2019',
  theorem: 'Lemma 5.1 / C: feature norms at initialization',
  prediction: 'With the √(c_σ/m) scaling every FC layer\'s features have norms in [½, 2] at initialization, at every depth; the ResNet\'s stay there independently of depth',
  falsifier: 'any feature norm ‖x_i^(h)‖ outside [½, 2] (e.g. features that grow or vanish with depth), or a non-finite norm',
  sizes: { quick: { width: 512, seeds: 3, fcDepth: 6, resnetDepths: [4, 16], cRes: 0.25, n: 8, d: 5 }, full: { width: 2048, seeds: 3, fcDepth: 6, resnetDepths: [4, 16], cRes: 0.25, n: 8, d: 5 } },
  experiment: (s) => `FC (H = ${s.fcDepth}) and ResNet (H = ${listText(s.resnetDepths)}, c_res = ${s.cRes}), softplus, m = ${s.width}, n = ${s.n} unit inputs in d = ${s.d}, ${countText(s.seeds, 'seed')}; ‖x_i^(h)‖ for every h and i`,
  statistic: 'every ‖x_i^(h)‖ inside [0.5, 2]',
  run(ctx, sz) {
    const H = sz.fcDepth;
    const m = sz.width;
    const N = sz.n;
    const D = sz.d;
    const { x } = unitData(ctx.rng.fold('data'), N, D);
    const pts: BoundPoint[] = [];
    const rows: Record<string, unknown>[] = [];
    const fcName = `FC H = ${H}`;
    for (let s = 0; s < sz.seeds; s++) {
      const net = du2019FC({ inputDim: D, width: m, depth: H });
      const outs = net.layerOutputs(net.init(ctx.rng.fold('init', s)), x).filter((o) => o.kind === 'scale');
      outs.forEach((o, h) => {
        for (let i = 0; i < N; i++) {
          const norm = Math.hypot(...o.out.row(i));
          pts.push({ at: h + 1, measured: norm, bound: 2 }, { at: h + 1, measured: 0.5, bound: norm });
          rows.push({ arch: fcName, layer: h + 1, example: i, seed: s, norm });
        }
      });
      ctx.progress(s + 1, sz.seeds);
    }
    // The ResNet's features (first layer, then each residual block) at each depth: depth-independent.
    const lastMean: Record<number, number> = {};
    for (const depth of sz.resnetDepths) {
      let sum = 0;
      for (let s = 0; s < sz.seeds; s++) {
        const net = du2019ResNet({ inputDim: D, width: m, depth, cRes: sz.cRes });
        const outs = net.layerOutputs(net.init(ctx.rng.fold('resnet', depth, s)), x).filter((o) => o.kind === 'scale' || o.kind === 'residual');
        outs.forEach((o, h) => {
          for (let i = 0; i < N; i++) {
            const norm = Math.hypot(...o.out.row(i));
            pts.push({ at: h + 1, measured: norm, bound: 2 }, { at: h + 1, measured: 0.5, bound: norm });
            rows.push({ arch: `ResNet H = ${depth}`, layer: h + 1, example: i, seed: s, norm });
            if (h === outs.length - 1) sum += norm;
          }
        });
      }
      lastMean[depth] = sum / (sz.seeds * N);
    }
    const nonFinite = rows.filter((r) => !Number.isFinite(r['norm'] as number));
    const j = nonFinite.length > 0
      ? { verdict: 'fails' as const, value: null, reason: `${nonFinite.length} non-finite feature norms (${nonFinite.slice(0, 3).map((r) => `${String(r['arch'])} layer ${String(r['layer'])}`).join(', ')}) count against the claim` }
      : judgeBound(pts, 'below');
    const range = (arch: (a: unknown) => boolean): string => {
      const norms = rows.filter((r) => arch(r['arch'])).map((r) => r['norm'] as number);
      return `${Math.min(...norms).toFixed(3)} to ${Math.max(...norms).toFixed(3)}`;
    };
    return {
      ...j,
      measured: `FC feature norms from ${range((a) => a === fcName)}; ResNet from ${range((a) => a !== fcName)}, mean last-layer norm ${sz.resnetDepths.map((h) => `${lastMean[h].toFixed(3)} (H = ${h})`).join(' and ')}; ${j.reason}`,
      data: rows,
      plot: linePlot({ x: 'layer', y: 'norm', xTitle: 'layer h', yTitle: '‖x^(h)‖', series: 'arch' }),
    };
  },
};

interface CnnSizes {
  widths: number[];
  seeds: number;
  depth: number;
  cRes: number;
  n: number;
  channels: number;
  pixels: number;
}

const cnnConcentration: Claim<CnnSizes> = {
  id: 'du2019.cnn-gram-concentration',
  paper: 'du2019',
  theorem: 'Sec 7 (CNN, consistent reading of Def 7.1)',
  prediction: 'For the convolutional ResNet, the last-layer Gram G^(H)(0) concentrates around the limit K^(H) of the P^(h) recursion at the rate m^(−1/2)',
  // −½ (averages over m channels, du2019 Sec 7) with a margin ±0.2: 4 inputs give a wider interval than the FC
  // concentration's 8 (one draw's log-error scatters ≈ 0.7).
  falsifier: 'a 95% interval of the log–log slope of ‖G^(H)(0) − K^(H)‖₂ against m wholly outside [−0.7, −0.3] (e.g. a limit recursion that is not G^(H)\'s limit, slope ≈ 0), or a non-finite error',
  sizes: {
    quick: { widths: [64, 128, 256, 512, 1024], seeds: 16, depth: 3, cRes: 0.5, n: 4, channels: 2, pixels: 5 },
    full: { widths: [64, 128, 256, 512, 1024, 2048], seeds: 16, depth: 3, cRes: 0.5, n: 4, channels: 2, pixels: 5 },
  },
  experiment: (s) => `conv ResNet, H = ${s.depth}, q = 3, c_res = ${s.cRes}, softplus, n = ${s.n} inputs of ${s.channels} channels × ${s.pixels} pixels (unit Frobenius norm); channels m = ${listText(s.widths)}, ${countText(s.seeds, 'seed')} each`,
  statistic: 'log–log slope of ‖G^(H)(0) − K^(H)‖₂ against m, 95% interval inside [−0.7, −0.3]',
  plan: {
    // One point per width and draw, widths outermost.
    points: ({ widths, seeds, ...rest }) => widthPoints(DU2019_CNN_GRAM_ERROR, widths, seeds, rest),
    judge(results, sz, ctx) {
      const pts: ScalingPoint[] = [];
      const rows: Record<string, unknown>[] = [];
      let k = 0;
      for (const m of sz.widths) {
        for (let s = 0; s < sz.seeds; s++) {
          const y = resultNumber(results[k++]['error']);
          pts.push({ x: m, y, group: s });
          rows.push({ width: m, seed: s, error: y });
        }
      }
      const j = judgeSlope(pts, [-0.7, -0.3], { rng: ctx.rng.fold('bootstrap') });
      return { ...j, measured: j.reason, data: rows, plot: logLogPlot({ x: 'width', y: 'error', xTitle: 'channels m', yTitle: '‖G^(H)(0) − K^(H)‖₂ (CNN)' }) };
    },
  } satisfies ClaimPlan<CnnSizes>,
};

export const du2019Claims: Claim[] = [fcCollapse, resnetFlat, gramConcentration, cnnConcentration, featureNorms];
