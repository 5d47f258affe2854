/**
 * allenzhu2019 (Allen-Zhu, Li, Song 2019): over-parameterized Elman RNNs — forward stability at
 * initialization (no exponential explosion at the right scale), its failure at the wrong scale, and
 * the exact ReLU identity of Prop G.3. Claims of shared/theory/allenzhu2019-rnn-convergence.md.
 */
import { Matrix } from '../../linalg/matrix.js';
import { RecurrentNode } from '../../nn/combinators/recurrent.js';
import { allenZhu2019 } from '../../models/allenzhu2019.js';
import { propG3Decomposition } from '../../theory/allenzhu2019.js';
import { judgeBound, judgeIdentity, judgeOrdering } from '../statistics.js';
import type { Claim, ClaimContext } from './claim.js';
import { linePlot } from './plots.js';

/** ‖h_l‖ for l = 1..L (mean over n sequences), tokens: unit first token, then unit or zero tokens. */
function hiddenNorms(ctx: ClaimContext, o: { m: number; L: number; gain: number; laterZero: boolean; seed: number; n: number }): number[] {
  const dx = 6;
  const net = allenZhu2019({ inputDim: dx, length: o.L, width: o.m, outputs: 1, recurrentGain: o.gain });
  const rng = ctx.rng.fold('tokens', o.seed);
  const x = new Matrix(o.n, o.L * dx);
  for (let i = 0; i < o.n; i++) {
    for (let l = 0; l < o.L; l++) {
      if (l > 0 && o.laterZero) continue;
      const v = rng.fillNormal(new Float64Array(dx));
      const s = Math.hypot(...v);
      for (let k = 0; k < dx; k++) x.data[i * o.L * dx + l * dx + k] = v[k] / s;
    }
  }
  const hs = (net.root as RecurrentNode).hiddenStates(net.init(ctx.rng.fold('init', o.m, `gain ${o.gain}`, o.seed)), x);
  return hs.map((h) => {
    let tot = 0;
    for (let i = 0; i < o.n; i++) {
      let s = 0;
      for (let k = 0; k < o.m; k++) s += h.data[i * o.m + k] ** 2;
      tot += Math.sqrt(s);
    }
    return tot / o.n;
  });
}

const stability: Claim = {
  id: 'allenzhu2019.forward-stability',
  paper: 'allenzhu2019',
  theorem: 'Lemma (forward stability at init): (1 − 1/(4L))^l ≤ ‖h_{l+1}‖ ≤ 2l + 4',
  prediction: 'At the paper\'s initialization (W, A ~ N(0, 2/m)) hidden-state norms stay inside a polynomial band over the whole horizon (‖h_l‖² ≈ l for unit tokens)',
  experiment: 'Elman ReLU RNN, m = 512 (1024 full), L = 30, 8 sequences of unit tokens, d_x = 6',
  statistic: 'both band inequalities at every time step (worst ratio to the bound ≤ 1)',
  run(ctx) {
    const L = 30;
    const norms = hiddenNorms(ctx, { m: ctx.scale === 'quick' ? 512 : 1024, L, gain: 2, laterZero: false, seed: 0, n: 8 });
    const pts = norms.flatMap((h, idx) => {
      const l = idx; // h_{l+1} with l = idx
      return [{ at: idx + 1, measured: h, bound: 2 * l + 4 }, { at: idx + 1, measured: (1 - 1 / (4 * L)) ** l / h, bound: 1 }];
    });
    const j = judgeBound(pts, 'below');
    return { ...j, measured: `‖h_l‖ from ${norms[0].toFixed(2)} (l = 1) to ${norms[L - 1].toFixed(2)} (l = ${L}); √l at l = ${L}: ${Math.sqrt(L).toFixed(2)}`, data: norms.map((h, i) => ({ step: i + 1, hiddenNorm: h, sqrtStep: Math.sqrt(i + 1) })), plot: linePlot({ x: 'step', y: 'hiddenNorm', xTitle: 'time step l', yTitle: 'mean ‖h_l‖' }) };
  },
};

const explosion: Claim = {
  id: 'allenzhu2019.wrong-scale-explodes',
  paper: 'allenzhu2019',
  theorem: 'Sec 1 / forward stability: the N(0, 2/m) scale is critical',
  prediction: 'With W ~ N(0, c/m) and zero inputs after the first token, ‖h_l‖ tracks (c/2)^{(l−1)/2}: it vanishes for c = 1.5, stays O(1) for c = 2 and explodes for c = 2.5 (reference m = 512: 0.015, 0.96, 24.5 at l = 30)',
  experiment: 'Elman ReLU RNN, m = 512, L = 30, zero tokens after the first, c ∈ {1.5, 2, 2.5}, 3 seeds',
  statistic: '‖h_30‖ increasing in c with every step significant at 2 SE, and the c = 2.5 / c = 2 ratio above 5',
  negativeControl: true,
  run(ctx) {
    const L = 30;
    const rows: Record<string, unknown>[] = [];
    const values: { x: number; estimate: number; se: number }[] = [];
    for (const c of [1.5, 2, 2.5]) {
      const last: number[] = [];
      for (let s = 0; s < 3; s++) {
        const norms = hiddenNorms(ctx, { m: 512, L, gain: c, laterZero: true, seed: s, n: 4 });
        last.push(Math.log(norms[L - 1]));
        norms.forEach((h, i) => rows.push({ step: i + 1, hiddenNorm: h, gain: `c = ${c}`, seed: s }));
      }
      const mean = last.reduce((a, b) => a + b, 0) / last.length;
      const sd = Math.sqrt(last.reduce((a, b) => a + (b - mean) ** 2, 0) / (last.length - 1));
      values.push({ x: c, estimate: mean, se: sd / Math.sqrt(last.length) });
    }
    const j = judgeOrdering(values, 'increasing');
    const ratio = Math.exp(values[2].estimate - values[1].estimate);
    const verdict = j.verdict === 'holds' && ratio > 5 ? 'holds' : j.verdict === 'fails' || ratio < 1 ? 'fails' : 'inconclusive';
    return {
      verdict, value: ratio, reason: `${j.reason}; ‖h_30‖(c=2.5)/‖h_30‖(c=2) = ${ratio.toFixed(1)}`,
      measured: `‖h_30‖ ≈ ${values.map((v) => Math.exp(v.estimate).toPrecision(3)).join(', ')} for c = 1.5, 2, 2.5`,
      data: rows,
      plot: linePlot({ x: 'step', y: 'hiddenNorm', xTitle: 'time step l', yTitle: '‖h_l‖', series: 'gain', logY: true }),
    };
  },
};

const propG3: Claim = {
  id: 'allenzhu2019.prop-g3-identity',
  paper: 'allenzhu2019',
  theorem: 'Prop G.3',
  prediction: 'φ(a) − φ(b) = D(a − b) + D″(a − b) exactly, with D″ in [−1, 0] or [0, 1] where the signs differ',
  experiment: 'pre-activations a, b of a random RNN step before and after a weight perturbation (m = 4096)',
  statistic: 'max |φ(a) − φ(b) − (D + D″)(a − b)| relative to max |a − b| ≤ 1e-15, and every D″ in its range',
  run(ctx) {
    const m = 4096;
    const a = ctx.rng.fold('a').fillNormal(new Float64Array(m));
    const noise = ctx.rng.fold('b').fillNormal(new Float64Array(m));
    const b = a.map((v, i) => v + 0.3 * noise[i]);
    const { d, dpp } = propG3Decomposition(a, b);
    let worst = 0;
    let scale = 0;
    let inRange = true;
    for (let k = 0; k < m; k++) {
      const lhs = Math.max(a[k], 0) - Math.max(b[k], 0);
      const rhs = (d[k] + dpp[k]) * (a[k] - b[k]);
      worst = Math.max(worst, Math.abs(lhs - rhs));
      scale = Math.max(scale, Math.abs(a[k] - b[k]));
      if (a[k] >= 0 && b[k] < 0 && !(dpp[k] >= -1 && dpp[k] <= 0)) inRange = false;
      if (a[k] < 0 && b[k] >= 0 && !(dpp[k] >= 0 && dpp[k] <= 1)) inRange = false;
    }
    const j = judgeIdentity(scale + worst, scale, 1e-15);
    const verdict = j.verdict === 'holds' && inRange ? 'holds' : 'fails';
    return { ...j, verdict, measured: `max deviation ${(worst / scale).toExponential(2)} of max |a − b|; D″ in range: ${inRange}`, data: [{ m, maxDeviation: worst, scale, inRange }] };
  },
};

export const allenZhu2019Claims: Claim[] = [stability, explosion, propG3];
