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
import { combineVerdicts, judgeBound, judgeInterval, judgeSlope, meanWithSe, type BoundPoint, type ScalingPoint } from '../statistics.js';
import type { Claim, ClaimContext } from './claim.js';
import { linePlot, logLogPlot } from './plots.js';

const referenceData = (ctx: ClaimContext, phi = 0.3): Dataset => zou2018Data({ n: 20, d: 10, mu: 0.5, phi, rng: ctx.rng.fold('data') });

const sqNorm = (v: Float64Array): number => v.reduce((a, b) => a + b * b, 0);

const initNorms: Claim = {
  id: 'zou2018.init-feature-norms',
  paper: 'zou2018',
  theorem: 'Thm 5.1(i): |‖x_{l,i}‖ − 1| ≤ C·L·√(log(nL/δ)/m)',
  prediction: 'At initialization (columns ~ N(0, 2/m_l)) every layer\'s features have norm close to 1, the deviation shrinking like m^(−1/2)',
  experiment: 'n = 20 zou2018 inputs, L = 4, widths 64…2048, 3 seeds; max over layers and examples of |‖x_{l,i}‖ − 1|',
  statistic: 'log–log slope of the maximal deviation against m, 95% interval inside [−0.75, −0.3]',
  run(ctx) {
    const ds = zou2018Data({ n: 20, d: 10, mu: 0.5, phi: 0, rng: ctx.rng.fold('data') });
    const widths = [64, 128, 256, 512, 1024, 2048];
    const pts = [];
    const rows: Record<string, unknown>[] = [];
    let done = 0;
    for (const m of widths) {
      for (let s = 0; s < 3; s++) {
        const net = zou2018({ inputDim: 10, width: m, depth: 4 });
        const outs = net.layerOutputs(net.init(ctx.rng.fold('init', m, s)), ds.x).filter((o) => o.kind === 'activation');
        let dev = 0;
        for (const o of outs) for (let i = 0; i < ds.x.rows; i++) dev = Math.max(dev, Math.abs(Math.hypot(...o.out.row(i)) - 1));
        pts.push({ x: m, y: dev, group: s });
        rows.push({ width: m, seed: s, maxDeviation: dev });
        ctx.progress(++done, widths.length * 3);
      }
    }
    const j = judgeSlope(pts, [-0.75, -0.3], { rng: ctx.rng.fold('bootstrap') });
    return { ...j, measured: j.reason.split(':')[0], data: rows, plot: logLogPlot({ x: 'width', y: 'maxDeviation', xTitle: 'width m', yTitle: 'max_{l,i} |‖x_{l,i}‖ − 1|' }) };
  },
};

const separation: Claim = {
  id: 'zou2018.init-separation',
  paper: 'zou2018',
  theorem: 'Thm 5.1(ii): ‖x̂_{l,i} − x̂_{l,j}‖ ≥ φ/2 for y_i ≠ y_j (proof: ≥ [1 − log 2/(2L)]^l·φ)',
  prediction: 'At initialization the normalized features x̂ = x/‖x‖ of opposite-label inputs stay at least φ/2 apart at every layer (φ the input separation)',
  experiment: 'the reference inputs (empirical φ reported), L = 4, widths 256, 1024 (quick; also 2048 full), 3 seeds (5 full); min over opposite-label pairs of ‖x̂_{l,i} − x̂_{l,j}‖ per layer; m = 64 is run too and reported as a width below the theorem\'s regime (not judged)',
  statistic: 'the per-layer separation ≥ φ/2 at every layer, judged width (m ≥ 256) and seed (worst ratio (φ/2)/separation ≤ 1); the ratio to the proof\'s [1 − log 2/(2L)]^l·φ and the m = 64 minimum are reported, not judged',
  run(ctx) {
    const ds = referenceData(ctx);
    const phi = ds.meta['phi'] as number;
    const L = 4;
    const narrow = 64;
    const widths = ctx.scale === 'quick' ? [narrow, 256, 1024] : [narrow, 256, 1024, 2048];
    const seeds = ctx.scale === 'quick' ? 3 : 5;
    const pts: BoundPoint[] = [];
    const rows: Record<string, unknown>[] = [];
    let worstRefined = 0;
    let done = 0;
    for (const m of widths) {
      const net = zou2018({ inputDim: 10, width: m, depth: L });
      for (let s = 0; s < seeds; s++) {
        const outs = net.layerOutputs(net.init(ctx.rng.fold('init', m, s)), ds.x).filter((o) => o.kind === 'activation');
        outs.forEach((o, idx) => {
          const sep = oppositeLabelSeparation(o.out, ds.y.data);
          if (m !== narrow) {
            pts.push({ at: m, measured: sep, bound: phi / 2 });
            worstRefined = Math.max(worstRefined, separationBound(phi, idx + 1, L) / sep);
          }
          rows.push({ width: m, seed: s, layer: idx + 1, separationOverPhi: sep / phi, series: `m = ${m}` });
        });
        ctx.progress(++done, widths.length * seeds);
      }
    }
    const j = judgeBound(pts, 'above');
    // How many initializations break the bound at each judged width (the theorem holds w.h.p. in m).
    const broken = widths.filter((m) => m !== narrow).map((m) => {
      const draws = new Set(rows.filter((r) => r['width'] === m && (r['separationOverPhi'] as number) < 0.5).map((r) => r['seed']));
      return `${draws.size}/${seeds} at m = ${m}`;
    });
    const lowest = (judged: boolean): number => Math.min(...rows.filter((r) => (r['width'] !== narrow) === judged).map((r) => r['separationOverPhi'] as number));
    return {
      ...j,
      measured: `φ = ${phi.toFixed(3)}; smallest separation ${lowest(true).toFixed(3)}·φ at m ≥ 256 (bound 0.5·φ; initializations below it: ${broken.join(', ')}), ${lowest(false).toFixed(3)}·φ at m = ${narrow} (not judged); worst ratio to [1 − log 2/(2L)]^l·φ at m ≥ 256: ${worstRefined.toFixed(3)} (not judged)`,
      data: rows,
      plot: linePlot({ x: 'layer', y: 'separationOverPhi', xTitle: 'layer l', yTitle: 'min ‖x̂_{l,i} − x̂_{l,j}‖ / φ (y_i ≠ y_j)', series: 'series' }),
    };
  },
};

const output: Claim = {
  id: 'zou2018.init-output',
  paper: 'zou2018',
  theorem: 'Thm 5.1(iii): |ŷ_i| ≤ C·√log(n/δ); f(x) ≈ N(0, (1 − 1/π)‖x_{L−1}‖²) over the initialization',
  prediction: 'Given x_{L−1}, f(x) has mean 0 and variance exactly (1 − 1/π)‖x_{L−1}‖² (balanced v, W_L ~ N(0, 2/m)), so E[ŷ²/((1 − 1/π)‖x_{L−1}‖²)] = 1; with the Gaussian constant, max_i |ŷ_i|/‖x_{L−1,i}‖ ≤ √(2(1 − 1/π)·log(2n/δ)) with probability ≥ 1 − δ',
  experiment: 'the reference inputs (n = 20), L = 2, m = 256, 300 independent initializations (quick; m = 512 and 1000 full); ratio ŷ_i²/((1 − 1/π)‖x_{L−1,i}‖²) averaged over inputs per initialization; δ = 0.1',
  statistic: 'mean variance ratio (standard error over initializations) inside [0.85, 1.15] at 2 SE; fraction of initializations breaking the δ = 0.1 bound (Agresti–Coull SE) at most 0.1 at 2 SE (one-sided)',
  run(ctx) {
    const ds = referenceData(ctx);
    const n = ds.x.rows;
    const L = 2;
    const m = ctx.scale === 'quick' ? 256 : 512;
    const S = ctx.scale === 'quick' ? 300 : 1000;
    const delta = 0.1;
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
      plot: {
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json', width: 360, height: 240,
        mark: 'bar',
        encoding: { x: { field: 'standardizedOutput', type: 'quantitative', bin: { maxbins: 30 }, title: 'ŷ/√((1 − 1/π)‖x_{L−1}‖²)' }, y: { aggregate: 'count', type: 'quantitative' } },
      },
    };
  },
};

const nearZero: Claim = {
  id: 'zou2018.init-near-zero-preactivations',
  paper: 'zou2018',
  theorem: 'Thm 5.1(iv): #{j : |⟨w_{l,j}, x_{l−1,i}⟩| ≤ β} ≤ 2m^{3/2}β',
  prediction: 'With columns ~ N(0, 2/m) the pre-activations of one input are iid N(0, 2‖x_{l−1}‖²/m): the count of |z_j| ≤ β has expectation m·erf(β√m/(2‖x_{l−1}‖)) ≈ m^{3/2}β/√π (for ‖x‖ ≈ 1, β√m ≪ 1), below the bound 2m^{3/2}β by 2√π ≈ 3.5',
  experiment: 'the reference inputs, L = 2, widths 256 and 1024 (quick; also 4096 full), β√m ∈ {0.1, 0.2, 0.4}, 10 initializations (20 full); every layer and input',
  statistic: 'every count ≤ 2m^{3/2}β (worst ratio ≤ 1); the total count over the expected total (per initialization and width; SE over those) inside [0.95, 1.05] at 2 SE',
  run(ctx) {
    const ds = referenceData(ctx);
    const widths = ctx.scale === 'quick' ? [256, 1024] : [256, 1024, 4096];
    const seeds = ctx.scale === 'quick' ? 10 : 20;
    const betas = [0.1, 0.2, 0.4];
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
    const jb = judgeBound(pts, 'below');
    const r = meanWithSe(ratios);
    const je = judgeInterval(r.mean, r.se, [0.95, 1.05]);
    return {
      verdict: combineVerdicts(jb, je), value: r.mean, interval: je.interval,
      reason: `bound: ${jb.reason}; expectation: ${je.reason}`,
      measured: `worst count/(2m^{3/2}β) ${jb.value?.toFixed(3)}; count/expected ${r.mean.toFixed(3)} ± ${r.se.toFixed(3)}; count/(m^{3/2}β/√π) ${(approxCount / approxExpected).toFixed(3)}`,
      data: rows,
      plot: logLogPlot({ x: 'beta', y: 'count', xTitle: 'β', yTitle: '#{j : |z_j| ≤ β} (mean over inputs, layers)', series: 'series' }),
    };
  },
};

const flipLaw: Claim = {
  id: 'zou2018.flip-law-tight',
  paper: 'zou2018',
  theorem: 'Thm 5.3 (tightness of ‖Σ̃ − Σ‖₀ ≲ τ^{2/3}m): rank-one perturbations',
  prediction: 'A rank-one perturbation ΔW_L = x_{L−1} uᵀ with ‖ΔW_L‖₂ = τ, spent on the smallest |z_j|, flips a fraction ≈ (3/π)^{1/3}τ^{2/3} of the layer\'s neurons for that input, independent of m',
  experiment: 'the reference inputs, L = 2, widths 512, 1024, 2048 (quick; also 4096 full; from m = 512 on the smallest τ flips ≥ 20 neurons, so the count\'s rounding stays below ~5%), τ ∈ {0.01, 0.02, 0.04, 0.08}; for each input its own optimal u; flips counted by a forward pass of the perturbed network (layer L, that input)',
  statistic: 'log–log slope of the flip fraction against τ (all widths) inside [0.6, 0.73]; log–log slope of flip fraction/((3/π)^{1/3}τ^{2/3}) against m inside [−0.1, 0.1]; the mean of that ratio (SE over inputs and widths) inside [0.85, 1.15] at 2 SE',
  run(ctx) {
    const ds = referenceData(ctx);
    const widths = ctx.scale === 'quick' ? [512, 1024, 2048] : [512, 1024, 2048, 4096];
    const taus = [0.01, 0.02, 0.04, 0.08];
    const n = ds.x.rows;
    const byTau: ScalingPoint[] = [];
    const byWidth: ScalingPoint[] = [];
    const ratios: number[] = [];
    const rows: Record<string, unknown>[] = [];
    let done = 0;
    for (const [wi, m] of widths.entries()) {
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
          byTau.push({ x: tau, y: frac, group: wi * n + i });
          byWidth.push({ x: m, y: frac / rankOneFlipFraction(tau), group: i });
          ratios.push(frac / rankOneFlipFraction(tau));
        }
        rows.push({ tau, width: m, flipFraction: mean, series: `m = ${m}` }, { tau, width: m, flipFraction: rankOneFlipFraction(tau), series: '(3/π)^{1/3}τ^{2/3}' });
      }
      ctx.progress(++done, widths.length);
    }
    const jt = judgeSlope(byTau, [0.6, 0.73], { rng: ctx.rng.fold('b1') });
    const jm = judgeSlope(byWidth, [-0.1, 0.1], { rng: ctx.rng.fold('b2') });
    const r = meanWithSe(ratios);
    const jl = judgeInterval(r.mean, r.se, [0.85, 1.15]);
    return {
      verdict: combineVerdicts(jt, jm, jl), value: jt.value, interval: jt.interval,
      reason: `against τ: ${jt.reason}; against m: ${jm.reason}; level: ${jl.reason}`,
      measured: `slope in τ ${jt.value?.toFixed(3)}, slope in m ${jm.value?.toFixed(3)}, flips/((3/π)^{1/3}τ^{2/3}) = ${r.mean.toFixed(3)} ± ${r.se.toFixed(3)}`,
      data: rows,
      plot: logLogPlot({ x: 'tau', y: 'flipFraction', xTitle: 'τ = ‖ΔW_L‖₂', yTitle: 'flipped fraction of layer L (one input)', series: 'series' }),
    };
  },
};

export const zou2018InitClaims: Claim[] = [initNorms, separation, output, nearZero, flipLaw];

