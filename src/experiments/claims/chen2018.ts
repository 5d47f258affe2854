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
import type { Claim, Scale } from './claim.js';
import { linePlot } from '../../plots/charts.js';
import { countText, numberText } from './prose.js';

/**
 * Monte Carlo against an exact value: holds within 3 SE, fails beyond 5 SE. The SE is the delta-method SE of the
 * ratio of means (the note: average numerator and denominator separately, with standard errors on each); the
 * exact value is closed-form (Thm 6), so the only uncertainty is the Monte Carlo's, and 3 SE / 5 SE are its
 * two-sided 0.3% and 6·10⁻⁷ tails.
 */
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

interface WidthDepthSizes {
  n: number;
  /** K = (d, m) for each m. */
  d: number;
  widths: number[];
  /** K of each depth at ≈ the same weight count. */
  depthFamily: number[][];
}

const WIDTH_DEPTH_SIZES: WidthDepthSizes = { n: 1000, d: 16, widths: [4, 8, 16, 32, 64, 128, 256], depthFamily: [[16, 64], [16, 26, 26], [16, 20, 20, 20], [16, 17, 17, 17, 17]] };

/** The note's reference values at n = 1000 ("What the project must show" 2), as printed: R to the digits given. */
const REFERENCE_R = [{ K: [16, 64], R: 16.75, digits: 0.005 }, { K: [16, 26, 26], R: 13.9, digits: 0.05 }];

const widthDepth: Claim<WidthDepthSizes> = {
  id: 'chen2018.width-and-depth',
  paper: 'chen2018',
  theorem: 'Thm 6 / Prop A.1',
  prediction: 'Gradient diversity R grows with width; at a fixed parameter budget a deeper net has lower diversity (n = 1000: K = (16, 64) has R = 16.75 with 1088 weights, K = (16, 26, 26) R ≈ 13.9 with 1118)',
  falsifier: 'a step of R(d, m) that does not rise with m, or of the fixed-budget family that does not fall with depth, or R(16, 64), R(16, 26, 26) off the note\'s printed 16.75, 13.9 by more than their last digit',
  sizes: { quick: WIDTH_DEPTH_SIZES, full: WIDTH_DEPTH_SIZES },
  experiment: (s) => `R(n; K) of Thm 6 exact at n = ${s.n} for K = (${s.d}, m), m ∈ {${s.widths.join(', ')}}, and for L = ${s.depthFamily.map((K) => K.length).join(', ')} layers at ≈ ${chen2018LinearParameterCount(s.depthFamily[0])} weights (K = ${s.depthFamily.map((K) => `(${K.join(', ')})`).join(', ')})`,
  // R is closed-form (Thm 6 with Thm 8 and Thm 10 as corrected in the note): the orderings are judged with SE = 0,
  // so any step the wrong way fails and a flat step is inconclusive; the reference values are checked to half a
  // unit of their last printed digit (the note gives 16.75 and ≈ 13.9).
  statistic: 'closed-form values, SE = 0: every step of R(d, m) up in m and of the fixed-budget family down in depth (a step the wrong way fails); R(16, 64) and R(16, 26, 26) within half a unit of the note\'s last digit',
  run(_ctx, s) {
    const rows: Record<string, unknown>[] = [];
    const wide = s.widths.map((m) => {
      const r = chen2018BatchBound([s.d, m], s.n).ratio;
      rows.push({ family: `width (K = (${s.d}, m))`, x: m, R: r, parameters: chen2018LinearParameterCount([s.d, m]) });
      return { x: m, estimate: r, se: 0 };
    });
    const deep = s.depthFamily.map((K) => {
      const r = chen2018BatchBound(K, s.n).ratio;
      rows.push({ family: `depth at ≈ ${chen2018LinearParameterCount(s.depthFamily[0])} weights`, x: K.length, R: r, parameters: chen2018LinearParameterCount(K) });
      return { x: K.length, estimate: r, se: 0 };
    });
    const jw = judgeOrdering(wide, 'increasing');
    const jd = judgeOrdering(deep, 'decreasing');
    const refs = REFERENCE_R.map((ref) => {
      const r = chen2018BatchBound(ref.K, 1000).ratio;
      const ok = Math.abs(r - ref.R) <= ref.digits;
      return { ...ref, r, j: { verdict: ok ? 'holds' : 'fails', value: r, reason: `R(${ref.K.join(', ')}) = ${r.toFixed(4)} against the note's ${ref.R} (±${ref.digits})` } as Judgement };
    });
    const verdict = combineVerdicts(jw, jd, ...refs.map((r) => r.j));
    return {
      verdict, value: deep[1].estimate,
      reason: `width: ${jw.reason}; depth: ${jd.reason}; reference values: ${refs.map((r) => r.j.reason).join(', ')}`,
      measured: `R(${s.d}, m) from ${wide[0].estimate.toFixed(2)} (m = ${s.widths[0]}) to ${wide[wide.length - 1].estimate.toFixed(2)} (m = ${s.widths[s.widths.length - 1]}); at ≈ ${chen2018LinearParameterCount(s.depthFamily[0])} weights ${deep.map((d) => d.estimate.toFixed(2)).join(' → ')} for L = ${s.depthFamily.map((K) => K.length).join(', ')} (closed form, SE 0); ${refs.map((r) => `R(${r.K.join(', ')}) = ${r.r.toFixed(3)}`).join(', ')}`,
      data: rows,
      plot: linePlot({ x: 'x', y: 'R', xTitle: 'width m (or depth L)', yTitle: `R(n = ${s.n}; K)`, series: 'family', logX: true }),
    };
  },
};

interface CriticalBatchSizes {
  /** K = (d, m) for each width m. */
  d: number;
  widths: number[];
  n: number;
  batches: number[];
  /** The learning-rate grid: c = 2^{top}, 2^{top − 1/2}, … (steps √2), `rates` values. */
  top: number;
  rates: number;
  seeds: number;
  /** Target loss as a fraction of the initial, epochs allowed, and the critical factor on median epochs. */
  target: number;
  maxEpochs: number;
  factor: number;
  mcDraws: number;
}

const CRITICAL_BATCH_SIZES: Record<Scale, CriticalBatchSizes> = {
  quick: { d: 32, widths: [2, 8, 32, 128], n: 128, batches: [1, 2, 4, 8, 16, 32, 64, 128], top: 3, rates: 19, seeds: 20, target: 1e-2, maxEpochs: 100, factor: 1.5, mcDraws: 200 },
  full: { d: 32, widths: [2, 4, 8, 16, 32, 64, 128, 256], n: 128, batches: [1, 2, 4, 8, 16, 32, 64, 128], top: 3, rates: 19, seeds: 20, target: 1e-2, maxEpochs: 200, factor: 1.5, mcDraws: 2000 },
};

const criticalBatch: Claim<CriticalBatchSizes> = {
  id: 'chen2018.critical-batch-grows-with-width',
  paper: 'chen2018',
  theorem: 'Sec 4 (experiments) with Thm 6: batch size ≲ B_S keeps per-epoch progress',
  prediction: 'With the learning rate tuned per batch size, SGD needs about the same number of epochs up to a critical batch size, which grows with width',
  falsifier: 'a 95% resampling interval of the log–log slope of the critical batch size against width lying wholly below 0 (the critical batch falls with width)',
  sizes: CRITICAL_BATCH_SIZES,
  experiment: (s) => `teacher–student regression with linear nets K = (${s.d}, m), m ∈ {${s.widths.join(', ')}}, n = ${s.n}, B ∈ {${s.batches.join(', ')}}, learning rate tuned per B over ${s.rates} factors √2 apart from c = 2^${s.top} down, ${countText(s.seeds, 'seed')}, epochs to ${s.target * 100}% of the initial loss (at most ${s.maxEpochs}); critical B: median epochs within ${s.factor}× of B = ${s.batches[0]}; B_S at initialization exact and from ${numberText(s.mcDraws)} Monte-Carlo draws`,
  // The note (chen2018, "What the project must show" 3) predicts only the direction — the critical size grows with
  // width, next to B_S = R(n; K) — so the statistic is a slope with its resampling uncertainty and no tolerance:
  // above 0 holds, below 0 fails. Read off the octave grid, a network's critical B moved an octave whenever a
  // resample of its seeds moved the median at one B, and seeds censored by the scan's cap made whole resamples
  // collapse: with Spearman's ρ of the grid values the claim was inconclusive at every seed tried. Interpolated
  // (criticalBatchTrend.ts) and with every seed's epochs known (batchSweep.ts), the interval lay above 0 at
  // each of sweep seeds 1–6 (lower ends 0.04–0.20). Power at these sizes: criticalBatchTrend.test.ts.
  statistic: 'least-squares slope of log critical B against log width, 95% percentile interval from resampling each network\'s seeds (2000 resamples) above 0 (below 0 fails); the critical B is where the median epochs to target first exceed the factor × those at B = 1, interpolated between the two bracketing batch sizes (log epochs linear in log B); a network that never reaches the target at the smallest batch counts as tolerating half of it',
  run(ctx, s) {
    const nets = widthFamily(s.d, s.widths);
    const res = batchSweep(nets, {
      n: s.n, batchSizes: s.batches,
      lrMultipliers: Array.from({ length: s.rates }, (_, k) => 2 ** (s.top - k / 2)),
      seeds: s.seeds, target: s.target, maxEpochs: s.maxEpochs, factor: s.factor, mcDraws: s.mcDraws, recordsPerEpoch: 16,
      seed: Number(ctx.rng.nextUint32() % 1_000_000),
    }, (d, t) => ctx.progress(d, t));
    const trend = criticalBatchTrend(res.networks, s.widths, res.settings.factor, ctx.rng.fold('bootstrap'));
    // Cells no step size brought to the target in the median (and seeds that never reached it at the best c): the
    // critical-batch rule treats them as "too slow", so they are named here.
    const unreached = res.networks.flatMap((nw) => nw.points.filter((p) => p.medianEpochs === null).map((p) => `${nw.label} B = ${p.batch}`));
    const diverged = res.networks.flatMap((nw) => nw.points.filter((p) => p.tried.some((t) => t.diverged > 0)).map((p) => `${nw.label} B = ${p.batch}`));
    return {
      verdict: trend.verdict, value: trend.value, interval: trend.interval,
      reason: `${trend.reason}; interpolated critical batch sizes ${trend.critical.map((c) => c.toFixed(1)).join(', ')} for ${res.networks.map((n) => n.label).join(', ')}`,
      measured: `slope ${trend.slope.toFixed(2)} [${trend.interval[0].toFixed(2)}, ${trend.interval[1].toFixed(2)}]; widest above narrowest in ${(100 * trend.lastAboveFirst).toFixed(0)}% of resamples; ${res.networks.map((nw, i) => `${nw.label}: B* = ${trend.critical[i].toFixed(1)} (grid ${nw.criticalBatch ?? '—'}), B_S(w_0) = R = ${nw.bsExact?.toFixed(1) ?? '—'} (Monte Carlo ${nw.bsMonteCarlo ? `${nw.bsMonteCarlo.estimate.toFixed(1)} ± ${nw.bsMonteCarlo.se.toFixed(1)}` : '—'})`).join('; ')}${unreached.length > 0 ? `; target not reached in the median (left out of the plot, counted as too slow): ${unreached.join(', ')}` : ''}${diverged.length > 0 ? `; cells where some step size diverged (those step sizes lose): ${diverged.length}` : ''}`,
      data: res.networks.flatMap((nw) => nw.points.map((p) => ({ network: nw.label, batch: p.batch, epochs: p.medianEpochs ?? NaN, bsExact: nw.bsExact }))).filter((r) => Number.isFinite(r.epochs)),
      plot: linePlot({ x: 'batch', y: 'epochs', xTitle: 'batch size B', yTitle: 'median epochs to target', series: 'network', logX: true, logY: true }),
    };
  },
};

export const chen2018Claims: Claim[] = [exactVsMc, widthDepth, criticalBatch];
