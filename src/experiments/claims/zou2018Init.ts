/**
 * zou2018 at initialization: Thm 5.1 (i)–(iv) and the tightness of the τ^{2/3} flip law of Thm 5.3
 * (shared/theory/zou2018-sgd-deep-relu.md, "Claims with measurable content"), on the reference inputs
 * (n = 20, d = 10, μ = 0.5, φ requested 0.3; the empirical φ is reported).
 */
import { zou2018Data } from '../../data/zou2018.js';
import type { Dataset } from '../../data/dataset.js';
import { zou2018 } from '../../models/zou2018.js';
import { nearZeroCount, oppositeLabelSeparation, rankOneFlipPerturbation } from '../../probes/zou2018Init.js';
import { expectedNearZeroCount, nearZeroCountBound, OUTPUT_VARIANCE_FACTOR, rankOneFlipFraction, separationBound } from '../../theory/zou2018.js';
import type { Rng } from '../../linalg/random/rng.js';
import { combineVerdicts, droppedText, judgeBound, logFitPoints, judgeInterval, judgeSlope, meanWithSe, type BoundPoint, type Judgement, type ScalingPoint } from '../statistics.js';
import type { Claim, ClaimContext, Scale } from './claim.js';
import { slopeMeasured } from './leftOut.js';
import { countText, listText } from './prose.js';
import { histogramPlot, linePlot, logLogPlot } from '../../plots/charts.js';

/** The reference inputs: n = 20 in R^10 with μ = 0.5, sign(z_1) labels, φ requested 0.3 (zou2018Data). */
const referenceData = (ctx: ClaimContext, phi = 0.3): Dataset => zou2018Data({ n: 20, d: 10, mu: 0.5, phi, rng: ctx.rng.fold('data') });
const REFERENCE = 'the reference inputs (n = 20 on the unit sphere of R^10, μ = 0.5, sign(z_1) labels, φ requested 0.3; the empirical φ is reported)';

export interface WidthSeedSizes {
  L: number;
  widths: number[];
  seeds: number;
}

const sqNorm = (v: Float64Array): number => v.reduce((a, b) => a + b * b, 0);

/**
 * Widths to 1024 with 6 seeds at quick scale: half the random draws of 3 seeds to 2048 (the L = 4 initializations
 * at m = 2048 cost two thirds of that), and a narrower slope interval (test/experiments/zou2018Power.test.ts).
 */
export const INIT_NORM_SIZES: Record<Scale, WidthSeedSizes> = { quick: { L: 4, widths: [64, 128, 256, 512, 1024], seeds: 6 }, full: { L: 4, widths: [64, 128, 256, 512, 1024, 2048], seeds: 6 } };

/**
 * Thm 5.1(i): the deviation is ≤ C·L·√(log(nL/δ)/m), exponent −1/2 up to the log; ±1/4 allows the max over n·L
 * norms (its √log factor) and excludes deviations that do not shrink (0) or shrink like 1/m (−1).
 */
export const INIT_NORM_RANGE: [number, number] = [-0.75, -0.3];

const initNorms: Claim<WidthSeedSizes> = {
  id: 'zou2018.init-feature-norms',
  paper: 'zou2018',
  theorem: 'Thm 5.1(i): |‖x_{l,i}‖ − 1| ≤ C·L·√(log(nL/δ)/m)',
  prediction: 'At initialization (columns ~ N(0, 2/m_l)) every layer\'s features have norm close to 1, the deviation shrinking like m^(−1/2)',
  falsifier: 'a 95% interval of the log–log slope of max_{l,i} |‖x_{l,i}‖ − 1| against m wholly outside [−0.75, −0.3] (e.g. deviations that do not shrink), or a non-finite deviation',
  sizes: INIT_NORM_SIZES,
  experiment: (s) => `n = 20 zou2018 inputs (μ = 0.5, no separation required), L = ${s.L}, widths ${listText(s.widths)}, ${countText(s.seeds, 'seed')}; max over layers and examples of |‖x_{l,i}‖ − 1|`,
  statistic: 'log–log slope of the maximal deviation against m, 95% interval inside [−0.75, −0.3]; a non-finite deviation counts against the claim',
  run(ctx, sz) {
    const ds = zou2018Data({ n: 20, d: 10, mu: 0.5, phi: 0, rng: ctx.rng.fold('data') });
    const { widths, seeds, L } = sz;
    const pts = [];
    const rows: Record<string, unknown>[] = [];
    let done = 0;
    for (const m of widths) {
      for (let s = 0; s < seeds; s++) {
        const net = zou2018({ inputDim: 10, width: m, depth: L });
        const outs = net.layerOutputs(net.init(ctx.rng.fold('init', m, s)), ds.x).filter((o) => o.kind === 'activation');
        let dev = 0;
        for (const o of outs) for (let i = 0; i < ds.x.rows; i++) dev = Math.max(dev, Math.abs(Math.hypot(...o.out.row(i)) - 1));
        pts.push({ x: m, y: dev, group: s });
        rows.push({ width: m, seed: s, maxDeviation: dev });
        ctx.progress(++done, widths.length * seeds);
      }
    }
    const j = judgeSlope(pts, INIT_NORM_RANGE, { rng: ctx.rng.fold('bootstrap') });
    return { ...j, measured: slopeMeasured(j, pts), data: rows, plot: logLogPlot({ x: 'width', y: 'maxDeviation', xTitle: 'width m', yTitle: 'max_{l,i} |‖x_{l,i}‖ − 1|' }) };
  },
};

/** The init-separation sizes: initializations per width (seeds) on each of several drawn data sets. */
interface SeparationSizes extends WidthSeedSizes {
  datasets: number;
}

// Several data sets: whether m = 64 breaks the bound depends on the data drawn more than on the initialization
// (at suite seed 0, 7 of 12 initializations came closer than φ/2 on a set with φ = 0.736; at seed 2, 0 of 12 on
// one with φ = 0.554), so a single set made the verdict turn on the draw (fails at seeds 0 and 1, holds at 2).
const SEPARATION_SIZES: Record<Scale, SeparationSizes> = {
  quick: { L: 4, widths: [64, 256, 1024], seeds: 4, datasets: 4 },
  full: { L: 4, widths: [64, 256, 1024, 2048], seeds: 5, datasets: 1 },
};

const separation: Claim<SeparationSizes> = {
  id: 'zou2018.init-separation',
  paper: 'zou2018',
  theorem: 'Thm 5.1(ii): ‖x̂_{l,i} − x̂_{l,j}‖ ≥ φ/2 for y_i ≠ y_j (proof: ≥ [1 − log 2/(2L)]^l·φ)',
  prediction: 'At initialization the normalized features x̂ = x/‖x‖ of opposite-label inputs stay at least φ/2 apart at every layer (φ the input separation)',
  falsifier: 'an initialization, at any width (m = 64 included), data set and layer, whose opposite-label normalized features come closer than φ/2, or a separation that is not finite',
  sizes: SEPARATION_SIZES,
  experiment: (s) => `${countText(s.datasets, 'draw')} of ${REFERENCE}, L = ${s.L}, widths ${listText(s.widths)}, ${countText(s.seeds, 'initialization')} per width and data set; min over opposite-label pairs of ‖x̂_{l,i} − x̂_{l,j}‖ per layer`,
  statistic: 'the per-layer separation ≥ φ/2 (φ of its data set) at every layer, width, data set and initialization (worst ratio (φ/2)/separation ≤ 1; a non-finite separation counts against the claim); the ratio to the proof\'s [1 − log 2/(2L)]^l·φ is reported, not judged',
  run(ctx, sz) {
    const { L, widths, seeds, datasets } = sz;
    const sets = Array.from({ length: datasets }, (_, k) => zou2018Data({ n: 20, d: 10, mu: 0.5, phi: 0.3, rng: k === 0 ? ctx.rng.fold('data') : ctx.rng.fold('data', k) }));
    const phis = sets.map((ds) => ds.meta['phi'] as number);
    const pts: BoundPoint[] = [];
    const rows: { width: number; dataset: number; seed: number; layer: number; separationOverPhi: number; series: string }[] = [];
    let worstRefined = 0;
    let done = 0;
    for (const m of widths) {
      const net = zou2018({ inputDim: 10, width: m, depth: L });
      for (const [k, ds] of sets.entries()) {
        const phi = phis[k];
        for (let s = 0; s < seeds; s++) {
          const outs = net.layerOutputs(net.init(k === 0 ? ctx.rng.fold('init', m, s) : ctx.rng.fold('init', m, s, k)), ds.x).filter((o) => o.kind === 'activation');
          outs.forEach((o, idx) => {
            const sep = oppositeLabelSeparation(o.out, ds.y.data);
            pts.push({ at: m, measured: sep, bound: phi / 2 });
            worstRefined = Math.max(worstRefined, separationBound(phi, idx + 1, L) / sep);
            rows.push({ width: m, dataset: k, seed: s, layer: idx + 1, separationOverPhi: sep / phi, series: `m = ${m}` });
          });
          ctx.progress(++done, widths.length * seeds * datasets);
        }
      }
    }
    // A separation that is not finite fails the bound (judgeBound counts it against the claim and names it).
    const j = judgeBound(pts, 'above');
    // Per width: the smallest separation and how many initializations break the bound (the theorem holds w.h.p. in m).
    const perWidth = widths.map((m) => {
      const at = rows.filter((r) => r.width === m);
      const draws = new Set(at.filter((r) => !(r.separationOverPhi >= 0.5)).map((r) => `${r.dataset}/${r.seed}`));
      return `m = ${m}: ${Math.min(...at.map((r) => r.separationOverPhi)).toFixed(3)}·φ (${draws.size}/${seeds * datasets} initializations below 0.5·φ)`;
    });
    return {
      ...j,
      measured: `φ = ${phis.map((p) => p.toFixed(3)).join(', ')}; smallest separation ${perWidth.join('; ')}; worst ratio to [1 − log 2/(2L)]^l·φ: ${worstRefined.toFixed(3)} (not judged)`,
      data: rows,
      plot: linePlot({ x: 'layer', y: 'separationOverPhi', xTitle: 'layer l', yTitle: 'min ‖x̂_{l,i} − x̂_{l,j}‖ / φ (y_i ≠ y_j)', series: 'series' }),
    };
  },
};

interface OutputSizes {
  L: number;
  width: number;
  inits: number;
  delta: number;
}

const OUTPUT_SIZES: Record<Scale, OutputSizes> = { quick: { L: 2, width: 256, inits: 300, delta: 0.1 }, full: { L: 2, width: 512, inits: 1000, delta: 0.1 } };

const output: Claim<OutputSizes> = {
  id: 'zou2018.init-output',
  paper: 'zou2018',
  theorem: 'Thm 5.1(iii): |ŷ_i| ≤ C·√log(n/δ); f(x) ≈ N(0, (1 − 1/π)‖x_{L−1}‖²) over the initialization',
  prediction: 'Given x_{L−1}, f(x) has mean 0 and variance exactly (1 − 1/π)‖x_{L−1}‖² (balanced v, W_L ~ N(0, 2/m)), so E[ŷ²/((1 − 1/π)‖x_{L−1}‖²)] = 1; with the Gaussian constant, max_i |ŷ_i|/‖x_{L−1,i}‖ ≤ √(2(1 − 1/π)·log(2n/δ)) with probability ≥ 1 − δ',
  falsifier: 'a mean variance ratio whose 2-SE interval lies wholly outside [0.85, 1.15] — e.g. the ratio 1/(1 − 1/π) ≈ 1.47 of a variance ‖x_{L−1}‖², or ≈ 0.73 of ½‖x_{L−1}‖² — or a fraction of initializations above the tail bound whose 2-SE interval lies wholly above δ',
  sizes: OUTPUT_SIZES,
  experiment: (s) => `${REFERENCE}, L = ${s.L}, m = ${s.width}, ${countText(s.inits, 'independent initialization')}; ratio ŷ_i²/((1 − 1/π)‖x_{L−1,i}‖²) averaged over inputs per initialization; δ = ${s.delta}`,
  // The ratio's expectation is exactly 1 (Gaussian W_L given x_{L−1}, balanced v); ±0.15 is the margin that still
  // excludes the two plausible wrong variances — ‖x‖² (ratio 1.47, ≈ 8 SE beyond 1.15 at 300 draws) and ½‖x‖²
  // (ratio 0.73, ≈ 3 SE below 0.85).
  statistic: 'mean variance ratio (standard error over initializations) inside [0.85, 1.15] at 2 SE; fraction of initializations breaking the δ bound (Agresti–Coull SE) at most δ at 2 SE (one-sided)',
  run(ctx, sz) {
    const ds = referenceData(ctx);
    const n = ds.x.rows;
    const { L, width: m, inits: S, delta } = sz;
    const threshold = Math.sqrt(2 * OUTPUT_VARIANCE_FACTOR * Math.log((2 * n) / delta));
    const net = zou2018({ inputDim: 10, width: m, depth: L });
    const ratios: number[] = [];
    const rows: Record<string, unknown>[] = [];
    let broken = 0;
    for (let s = 0; s < S; s++) {
      const outs = net.layerOutputs(net.init(ctx.rng.fold('init', s)), ds.x);
      const f = outs[outs.length - 1].out;
      const xPrev = outs[outs.length - 4].out; // x_{L−1}: the input of the last hidden layer's dense map
      let r = 0;
      let worst = 0;
      for (let i = 0; i < n; i++) {
        const nn = sqNorm(xPrev.row(i));
        r += f.data[i] ** 2 / (OUTPUT_VARIANCE_FACTOR * nn);
        worst = Math.max(worst, Math.abs(f.data[i]) / Math.sqrt(nn));
        if (s < 25) rows.push({ init: s, standardizedOutput: f.data[i] / Math.sqrt(OUTPUT_VARIANCE_FACTOR * nn) });
      }
      ratios.push(r / n);
      if (worst > threshold) broken++;
      if (s % 25 === 0) ctx.progress(s + 1, S);
    }
    const v = meanWithSe(ratios);
    const jv = judgeInterval(v.mean, v.se, [0.85, 1.15]);
    const p = (broken + 2) / (S + 4);
    const jt = judgeInterval(broken / S, Math.sqrt((p * (1 - p)) / (S + 4)), [-Infinity, delta]);
    return {
      verdict: combineVerdicts(jv, jt), value: v.mean, interval: jv.interval,
      reason: `variance ratio: ${jv.reason}; tail bound: ${jt.reason}`,
      measured: `E[ŷ²/((1 − 1/π)‖x_{L−1}‖²)] = ${v.mean.toFixed(3)} ± ${v.se.toFixed(3)}; max_i |ŷ_i|/‖x_{L−1,i}‖ above ${threshold.toFixed(2)} in ${broken} of ${S} initializations (δ = ${delta})`,
      data: rows,
      plot: histogramPlot({ x: 'standardizedOutput', xTitle: 'ŷ/√((1 − 1/π)‖x_{L−1}‖²)' }),
    };
  },
};

interface NearZeroSizes {
  widths: number[];
  seeds: number;
  /** β√m. */
  betas: number[];
}

const NEAR_ZERO_SIZES: Record<Scale, NearZeroSizes> = {
  quick: { widths: [256, 1024], seeds: 10, betas: [0.1, 0.2, 0.4] },
  full: { widths: [256, 1024, 4096], seeds: 20, betas: [0.1, 0.2, 0.4] },
};

const nearZero: Claim<NearZeroSizes> = {
  id: 'zou2018.init-near-zero-preactivations',
  paper: 'zou2018',
  theorem: 'Thm 5.1(iv): #{j : |⟨w_{l,j}, x_{l−1,i}⟩| ≤ β} ≤ 2m^{3/2}β',
  prediction: 'With columns ~ N(0, 2/m) the pre-activations of one input are iid N(0, 2‖x_{l−1}‖²/m): the count of |z_j| ≤ β has expectation m·erf(β√m/(2‖x_{l−1}‖)) ≈ m^{3/2}β/√π (for ‖x‖ ≈ 1, β√m ≪ 1), below the bound 2m^{3/2}β by 2√π ≈ 3.5',
  falsifier: 'a count above 2m^{3/2}β at any width, input, layer and β, or a total count over its expectation whose 2-SE interval lies wholly outside [0.95, 1.05]',
  sizes: NEAR_ZERO_SIZES,
  experiment: (s) => `${REFERENCE}, L = 2, widths ${listText(s.widths)}, β√m ∈ {${s.betas.join(', ')}}, ${countText(s.seeds, 'initialization')}; every layer and input`,
  // Given the previous layer the count is exactly Binomial(m, erf(β√m/(2‖x‖))), so the ratio's expectation is 1;
  // ±5% is an allowance ten times its SE at these sizes (≈ 0.005), and a pre-activation variance off by a factor 2
  // (a count off by ≈ √2) falls far outside it.
  statistic: 'every count ≤ 2m^{3/2}β (worst ratio ≤ 1; a non-finite count counts against the claim); the total count over the expected total (per initialization and width; SE over those) inside [0.95, 1.05] at 2 SE',
  run(ctx, sz) {
    const ds = referenceData(ctx);
    const { widths, seeds, betas } = sz;
    const pts: BoundPoint[] = [];
    const ratios: number[] = [];
    const rows: Record<string, unknown>[] = [];
    let approxCount = 0;
    let approxExpected = 0;
    let done = 0;
    for (const m of widths) {
      const net = zou2018({ inputDim: 10, width: m, depth: 2 });
      const sums = betas.map(() => ({ count: 0, expected: 0 }));
      for (let s = 0; s < seeds; s++) {
        const outs = net.layerOutputs(net.init(ctx.rng.fold('init', m, s)), ds.x);
        let count = 0;
        let expected = 0;
        for (const li of [0, 2]) {
          const prev = li === 0 ? ds.x : outs[li - 1].out;
          for (let i = 0; i < ds.x.rows; i++) {
            const xn = Math.sqrt(sqNorm(prev.row(i)));
            betas.forEach((b, k) => {
              const beta = b / Math.sqrt(m);
              const c = nearZeroCount(outs[li].out.row(i), beta);
              const e = expectedNearZeroCount(m, beta, xn);
              pts.push({ at: m, measured: c, bound: nearZeroCountBound(m, beta) });
              count += c;
              expected += e;
              sums[k].count += c;
              sums[k].expected += e;
              approxCount += c;
              approxExpected += (m ** 1.5 * beta) / Math.sqrt(Math.PI);
            });
          }
        }
        ratios.push(count / expected);
        ctx.progress(++done, widths.length * seeds);
      }
      betas.forEach((b, k) => {
        const beta = b / Math.sqrt(m);
        const per = 2 * ds.x.rows * seeds;
        rows.push(
          { width: m, beta, count: sums[k].count / per, series: 'measured' },
          { width: m, beta, count: sums[k].expected / per, series: 'm·erf(β√m/(2‖x‖))' },
          { width: m, beta, count: nearZeroCountBound(m, beta), series: 'bound 2m^{3/2}β' },
        );
      });
    }
    const bad = pts.filter((p) => !Number.isFinite(p.measured));
    const jb0 = judgeBound(pts.filter((p) => Number.isFinite(p.measured)), 'below');
    const jb = bad.length > 0 ? { ...jb0, verdict: 'fails' as const, reason: `${jb0.reason}; ${bad.length} non-finite counts (at m = ${[...new Set(bad.map((p) => p.at))].join(', ')}), counted against the claim` } : jb0;
    const r = meanWithSe(ratios);
    const je = judgeInterval(r.mean, r.se, [0.95, 1.05]);
    return {
      verdict: combineVerdicts(jb, je), value: r.mean, interval: je.interval,
      reason: `bound: ${jb.reason}; expectation: ${je.reason}`,
      measured: `worst count/(2m^{3/2}β) ${jb.value?.toFixed(3)}; count/expected ${r.mean.toFixed(3)} ± ${r.se.toFixed(3)}; count/(m^{3/2}β/√π) ${(approxCount / approxExpected).toFixed(3)}${bad.length > 0 ? `; ${bad.length} non-finite counts left out of the bound check and counted against the claim (m = ${[...new Set(bad.map((p) => p.at))].join(', ')})` : ''}`,
      data: rows,
      plot: logLogPlot({ x: 'beta', y: 'count', xTitle: 'β', yTitle: '#{j : |z_j| ≤ β} (mean over inputs, layers)', series: 'series' }),
    };
  },
};

interface FlipLawSizes {
  widths: number[];
  taus: number[];
}

/** From m = 512 on the smallest τ flips ≥ 20 neurons, so the count's rounding stays below ~5%. */
export const FLIP_LAW_SIZES: Record<Scale, FlipLawSizes> = {
  quick: { widths: [512, 1024, 2048], taus: [0.01, 0.02, 0.04, 0.08] },
  full: { widths: [512, 1024, 2048, 4096], taus: [0.01, 0.02, 0.04, 0.08] },
};

/** The reference inputs' count (n = 20): the flip law's points are one per (width, τ, input). */
export const FLIP_LAW_INPUTS = 20;

/**
 * Accepted ranges of the flip law (zou2018 Thm 5.3, the fraction (3/π)^{1/3}τ^{2/3} of rankOneFlipFraction).
 * - Slope in τ: 2/3 ± 0.065. To leading order in τ the law is exact; at τ = 0.08 the flipped |z_j| reach
 *   0.23 standard deviations, where the Gaussian density has fallen by 2.6%, bending the slope by < 0.01.
 *   The margin stays well inside the contrasts it must tell apart — √τ (slope 1/2, 0.17 away; the rate a
 *   Lipschitz count would give) and a linear law (slope 1, 0.33 away) — and the power test puts it at the
 *   claim's sizes (test/experiments/zou2018FlipLaw.test.ts).
 * - Slope in m: 0 ± 0.1 — the law is m-free; the finite-m correction is a rounding of k ≥ 23 flipped neurons,
 *   and m^−1/4 (a fraction that vanishes with width, as a width-dependent budget would give) is 0.25 away.
 * - Level: the measured fraction over the predicted one in [0.85, 1.15] at 2 SE; the Gaussian curvature above
 *   lowers it by ≤ 2% at the largest τ, and a constant off by a quarter (0.75 or 1.3) lies outside.
 */
export const FLIP_TAU_RANGE: [number, number] = [0.6, 0.73];
export const FLIP_WIDTH_RANGE: [number, number] = [-0.1, 0.1];
export const FLIP_LEVEL_RANGE: [number, number] = [0.85, 1.15];

/** One input's flipped fraction of layer L at width m under the rank-one perturbation of norm τ. */
export interface FlipPoint {
  m: number;
  tau: number;
  input: number;
  fraction: number;
}

/**
 * The flip law's three statistics: the slope in τ (groups: (width, input), resampled together), the slope of
 * fraction/prediction in m (groups: inputs), and the level of fraction/prediction, its SE over the
 * (width, input) means — one input's τ values share its z, so they are not independent draws.
 */
export function judgeFlipLaw(points: readonly FlipPoint[], rng: Rng): { tau: Judgement; width: Judgement; level: Judgement; ratio: { mean: number; se: number }; byTau: ScalingPoint[]; byWidth: ScalingPoint[] } {
  const widths = [...new Set(points.map((p) => p.m))].sort((a, b) => a - b);
  const byTau: ScalingPoint[] = points.map((p) => ({ x: p.tau, y: p.fraction, group: widths.indexOf(p.m) * FLIP_LAW_INPUTS + p.input }));
  const byWidth: ScalingPoint[] = points.map((p) => ({ x: p.m, y: p.fraction / rankOneFlipFraction(p.tau), group: p.input }));
  const cells = new Map<string, number[]>();
  for (const p of points) {
    const key = `${p.m}/${p.input}`;
    const c = cells.get(key) ?? [];
    c.push(p.fraction / rankOneFlipFraction(p.tau));
    cells.set(key, c);
  }
  const ratio = meanWithSe([...cells.values()].map((c) => c.reduce((a, b) => a + b, 0) / c.length));
  return {
    tau: judgeSlope(byTau, FLIP_TAU_RANGE, { rng: rng.fold('b1') }),
    width: judgeSlope(byWidth, FLIP_WIDTH_RANGE, { rng: rng.fold('b2') }),
    level: judgeInterval(ratio.mean, ratio.se, FLIP_LEVEL_RANGE),
    ratio, byTau, byWidth,
  };
}

const flipLaw: Claim<FlipLawSizes> = {
  id: 'zou2018.flip-law-tight',
  paper: 'zou2018',
  theorem: 'Thm 5.3 (tightness of ‖Σ̃ − Σ‖₀ ≲ τ^{2/3}m): rank-one perturbations',
  prediction: 'A rank-one perturbation ΔW_L = x_{L−1} uᵀ with ‖ΔW_L‖₂ = τ, spent on the smallest |z_j|, flips a fraction ≈ (3/π)^{1/3}τ^{2/3} of the layer\'s neurons for that input, independent of m',
  falsifier: `a 95% interval of the slope in τ wholly outside [${FLIP_TAU_RANGE.join(', ')}] (e.g. √τ, slope 1/2, or a linear law, slope 1), of the slope in m wholly outside [${FLIP_WIDTH_RANGE.join(', ')}], or a level whose 2-SE interval lies wholly outside [${FLIP_LEVEL_RANGE.join(', ')}]`,
  sizes: FLIP_LAW_SIZES,
  experiment: (s) => `${REFERENCE}, L = 2, widths ${listText(s.widths)}, τ ∈ {${s.taus.join(', ')}}; for each input its own optimal u; flips counted by a forward pass of the perturbed network (layer L, that input)`,
  statistic: `log–log slope of the flip fraction against τ (all widths) inside [${FLIP_TAU_RANGE.join(', ')}]; log–log slope of flip fraction/((3/π)^{1/3}τ^{2/3}) against m inside [${FLIP_WIDTH_RANGE.join(', ')}]; the mean of that ratio (SE over the (width, input) means) inside [${FLIP_LEVEL_RANGE.join(', ')}] at 2 SE`,
  run(ctx, sz) {
    const ds = referenceData(ctx);
    const { widths, taus } = sz;
    const n = ds.x.rows;
    const points: FlipPoint[] = [];
    const rows: Record<string, unknown>[] = [];
    let done = 0;
    for (const m of widths) {
      const net = zou2018({ inputDim: 10, width: m, depth: 2 });
      const p0 = net.init(ctx.rng.fold('init', m));
      const outs = net.layerOutputs(p0, ds.x);
      const p = p0.slice();
      const W = net.param(p, 'layers.2.W'); // W_L as neurons × fan-in (zou2018's W_Lᵀ)
      const W0 = net.param(p0, 'layers.2.W');
      for (const tau of taus) {
        let mean = 0;
        for (let i = 0; i < n; i++) {
          const x = outs[1].out.row(i);
          const z = outs[2].out.row(i);
          const { u } = rankOneFlipPerturbation(z, Math.sqrt(sqNorm(x)), tau);
          for (let j = 0; j < m; j++) if (u[j] !== 0) for (let k = 0; k < m; k++) W[j * m + k] += u[j] * x[k];
          const zNew = net.layerOutputs(p, ds.x.rowBlock(i, i + 1))[2].out.data;
          let flips = 0;
          for (let j = 0; j < m; j++) if (zNew[j] > 0 !== z[j] > 0) flips++;
          for (let j = 0; j < m; j++) if (u[j] !== 0) W.set(W0.subarray(j * m, (j + 1) * m), j * m);
          const frac = flips / m;
          mean += frac / n;
          points.push({ m, tau, input: i, fraction: frac });
        }
        rows.push({ tau, width: m, flipFraction: mean, series: `m = ${m}` }, { tau, width: m, flipFraction: rankOneFlipFraction(tau), series: '(3/π)^{1/3}τ^{2/3}' });
      }
      ctx.progress(++done, widths.length);
    }
    const j = judgeFlipLaw(points, ctx.rng);
    return {
      verdict: combineVerdicts(j.tau, j.width, j.level), value: j.tau.value, interval: j.tau.interval,
      reason: `against τ: ${j.tau.reason}; against m: ${j.width.reason}; level: ${j.level.reason}`,
      measured: `slope in τ ${j.tau.value?.toFixed(3)}, slope in m ${j.width.value?.toFixed(3)}, flips/((3/π)^{1/3}τ^{2/3}) = ${j.ratio.mean.toFixed(3)} ± ${j.ratio.se.toFixed(3)}${[droppedText(logFitPoints(j.byTau).dropped), droppedText(logFitPoints(j.byWidth).dropped)].filter((t) => t !== '').map((t) => `; ${t}`).join('')}`,
      data: rows,
      plot: logLogPlot({ x: 'tau', y: 'flipFraction', xTitle: 'τ = ‖ΔW_L‖₂', yTitle: 'flipped fraction of layer L (one input)', series: 'series' }),
    };
  },
};

export const zou2018InitClaims: Claim[] = [initNorms, separation, output, nearZero, flipLaw];

