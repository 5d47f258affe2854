/**
 * chen2018 (Chen, Xu, Liang, Wang, Lin 2018): wider networks have larger gradient diversity, so they
 * tolerate larger batches; deeper nets at a fixed parameter budget have less. Claims of
 * shared/theory/chen2018-width-and-large-batch.md.
 */
import { batchSweep } from '../diversity/batchSweep.js';
import { criticalBatchTrend } from '../diversity/criticalBatchTrend.js';
import { estimateDiversity } from '../diversity/monteCarlo.js';
import { widthFamily } from '../diversity/networks.js';
import { makeSampler } from '../diversity/samplers.js';
import { chen2018BatchBound, chen2018LinearParameterCount } from '../../theory/chen2018.js';
import { combineVerdicts, judgeOrdering, type Judgement } from '../statistics.js';
import type { Claim } from './claim.js';
import { linePlot } from './plots.js';
import { numberText } from './prose.js';

/** Monte Carlo against an exact value: holds within 3 SE, fails beyond 5 SE. */
function judgeAgainstExact(estimate: number, se: number, exact: number): Judgement {
  const z = (estimate - exact) / se;
  const verdict = Math.abs(z) <= 3 ? 'holds' : Math.abs(z) > 5 ? 'fails' : 'inconclusive';
  return { verdict, value: estimate, interval: [estimate - 3 * se, estimate + 3 * se], reason: `Monte Carlo ${estimate.toPrecision(5)} ± ${se.toPrecision(2)} (SE) against the exact ${exact.toPrecision(6)}: z = ${z.toFixed(2)}` };
}

const exactVsMc: Claim<{ K: number[]; n: number; draws: number }> = {
  id: 'chen2018.exact-vs-monte-carlo',
  paper: 'chen2018',
  theorem: 'Thm 6 with Thm 8, Thm 10 (corrected)',
  prediction: 'For L-layer linear nets with Gaussian weights, teacher and data, E[nΣ‖∇f_i‖²]/E‖Σ∇f_i‖² = R(n; K) = nL(1+P)/(L(1+P) + (n−1)S) (K = (3, 4), n = 10: 3.3557)',
  falsifier: 'the Monte-Carlo ratio of means more than 5 delta-method standard errors away from the exact R(n; K)',
  sizes: { quick: { K: [3, 4], n: 10, draws: 1_000_000 }, full: { K: [3, 4], n: 10, draws: 4_000_000 } },
  experiment: (s) => `ratio of means over ${numberText(s.draws)} draws of student, teacher and data, K = (${s.K.join(', ')}), n = ${s.n}`,
  statistic: 'the Monte-Carlo ratio of means within 3 delta-method standard errors of R(n; K)',
  run(ctx, { K, n, draws }) {
    const est = estimateDiversity(makeSampler({ model: { kind: 'linear', widths: K }, n }), { draws, rng: ctx.rng, onProgress: (d, t) => ctx.progress(d, t) });
    const exact = chen2018BatchBound(K, n).ratio;
    const j = judgeAgainstExact(est.ratio.estimate, est.ratio.se, exact);
    return {
      ...j,
      measured: `${j.reason}; mean of per-draw ratios ${est.perDraw.mean.estimate.toFixed(3)} (a different quantity)`,
      data: [{ quantity: 'ratio of means', monteCarlo: est.ratio.estimate, se: est.ratio.se, exact },
        { quantity: 'E‖∇f_i‖²', monteCarlo: est.normSquared.estimate, se: est.normSquared.se, exact: 1200 },
        { quantity: 'E⟨∇f_i,∇f_j⟩', monteCarlo: est.innerProduct?.estimate ?? NaN, se: est.innerProduct?.se ?? NaN, exact: 264 }],
    };
  },
};

const widthDepth: Claim = {
  id: 'chen2018.width-and-depth',
  paper: 'chen2018',
  theorem: 'Thm 6 / Prop A.1',
  prediction: 'Gradient diversity R grows with width; at a fixed parameter budget a deeper net has lower diversity (n = 1000: K = (16, 64) has R = 16.75 with 1088 weights, K = (16, 26, 26) R ≈ 13.9 with 1118)',
  experiment: 'R(n; K) exact at n = 1000 for K = (16, m), m = 4…256, and for L = 2, 3, 4, 5 layers at ≈ 1100 weights',
  statistic: 'R increasing in m and decreasing in depth at fixed budget (exact values: every step in the right direction)',
  run() {
    const n = 1000;
    const rows: Record<string, unknown>[] = [];
    const wide = [4, 8, 16, 32, 64, 128, 256].map((m) => {
      const r = chen2018BatchBound([16, m], n).ratio;
      rows.push({ family: 'width (K = (16, m))', x: m, R: r, parameters: chen2018LinearParameterCount([16, m]) });
      return { x: m, estimate: r, se: 0 };
    });
    const deep = [[16, 64], [16, 26, 26], [16, 20, 20, 20], [16, 17, 17, 17, 17]].map((K) => {
      const r = chen2018BatchBound(K, n).ratio;
      rows.push({ family: 'depth at ≈ 1100 weights', x: K.length, R: r, parameters: chen2018LinearParameterCount(K) });
      return { x: K.length, estimate: r, se: 0 };
    });
    const jw = judgeOrdering(wide, 'increasing');
    const jd = judgeOrdering(deep, 'decreasing');
    const verdict = combineVerdicts(jw, jd);
    return {
      verdict, value: deep[1].estimate,
      reason: `width: ${jw.reason}; depth: ${jd.reason}`,
      measured: `R(16, m) from ${wide[0].estimate.toFixed(2)} (m = 4) to ${wide[wide.length - 1].estimate.toFixed(2)} (m = 256); at ≈ 1100 weights ${deep.map((d) => d.estimate.toFixed(2)).join(' → ')} for L = 2…5`,
      data: rows,
      plot: linePlot({ x: 'x', y: 'R', xTitle: 'width m (or depth L)', yTitle: 'R(n = 1000; K)', series: 'family', logX: true }),
    };
  },
};

const criticalBatch: Claim = {
  id: 'chen2018.critical-batch-grows-with-width',
  paper: 'chen2018',
  theorem: 'Sec 4 (experiments) with Thm 6: batch size ≲ B_S keeps per-epoch progress',
  prediction: 'With the learning rate tuned per batch size, SGD needs about the same number of epochs up to a critical batch size, which grows with width',
  experiment: 'teacher–student regression with linear nets K = (32, m), m ∈ {2, 8, 32, 128} (quick), n = 128, B ∈ {1, 2, 4, …, 128}, learning rate tuned per B over a grid of factors √2, 10 seeds (20 full), epochs to 1% of the initial loss; critical B: median epochs within 1.5× of B = 1',
  statistic: 'Spearman ρ between width and critical batch size, 95% percentile interval from resampling each network\'s seeds (2000 resamples) above 0 (below 0 fails)',
  run(ctx) {
    const quick = ctx.scale === 'quick';
    const nets = widthFamily(32, quick ? [2, 8, 32, 128] : [2, 4, 8, 16, 32, 64, 128, 256]);
    const res = batchSweep(nets, {
      n: 128, batchSizes: [1, 2, 4, 8, 16, 32, 64, 128],
      lrMultipliers: Array.from({ length: 19 }, (_, k) => 2 ** (3 - k / 2)), // c from 8 down to 2^−6
      seeds: quick ? 10 : 20, target: 1e-2, maxEpochs: quick ? 100 : 200, factor: 1.5, mcDraws: quick ? 200 : 2000, recordsPerEpoch: 16,
      seed: Number(ctx.rng.nextUint32() % 1_000_000),
    }, (d, t) => ctx.progress(d, t));
    const trend = criticalBatchTrend(res.networks, res.settings.factor, ctx.rng.fold('bootstrap'));
    return {
      verdict: trend.verdict, value: trend.value, interval: trend.interval,
      reason: `${trend.reason}; critical batch sizes ${trend.critical.join(', ')} for ${res.networks.map((n) => n.label).join(', ')}`,
      measured: `ρ = ${trend.rho.toFixed(2)} [${trend.interval[0].toFixed(2)}, ${trend.interval[1].toFixed(2)}]; widest above narrowest in ${(100 * trend.lastAboveFirst).toFixed(0)}% of resamples; ${res.networks.map((nw) => `${nw.label}: B* = ${nw.criticalBatch ?? '—'}, B_S(w_0) = R = ${nw.bsExact?.toFixed(1) ?? '—'} (Monte Carlo ${nw.bsMonteCarlo ? `${nw.bsMonteCarlo.estimate.toFixed(1)} ± ${nw.bsMonteCarlo.se.toFixed(1)}` : '—'})`).join('; ')}`,
      data: res.networks.flatMap((nw) => nw.points.map((p) => ({ network: nw.label, batch: p.batch, epochs: p.medianEpochs ?? NaN, bsExact: nw.bsExact }))).filter((r) => Number.isFinite(r.epochs)),
      plot: linePlot({ x: 'batch', y: 'epochs', xTitle: 'batch size B', yTitle: 'median epochs to target', series: 'network', logX: true, logY: true }),
    };
  },
};

export const chen2018Claims: Claim[] = [exactVsMc, widthDepth, criticalBatch];
