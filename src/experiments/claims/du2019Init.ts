/**
 * du2019 item C of "What the project must show" (shared/theory/du2019-gd-global-minima.md), the weight
 * side: the hidden m × m weight matrices start with N(0, 1) entries, so ‖W^(h)(0)‖₂/√m → 2 (Bai–Yin),
 * the constant behind the paper's bounds on the features and on the Gram matrices' stability.
 */
import { Matrix } from '../../linalg/matrix.js';
import { spectralNorm } from '../../linalg/norms.js';
import { du2019FC } from '../../models/du2019.js';
import { fitLogLog } from '../../stats/regression.js';
import type { Claim } from './claim.js';
import { logLogPlot } from '../../plots/charts.js';
import { countText, listText } from './prose.js';

interface SpectralSizes {
  widths: number[];
  seeds: number;
  depth: number;
  d: number;
}

const spectral: Claim<SpectralSizes> = {
  id: 'du2019.init-weight-spectral-norm',
  paper: 'du2019',
  theorem: 'Lemma 5.1 / C (with Bai–Yin): ‖W^(h)(0)‖₂ ≈ 2√m',
  prediction: 'At initialization the hidden weight matrices have ‖W^(h)(0)‖₂/√m ≈ 2, the deviation from 2 shrinking as m grows (like m^(−2/3) at the spectral edge)',
  // The edge of an m × m N(0, 1) matrix's spectrum is 2√m with Tracy–Widom fluctuations ~ m^(−2/3)·2√m: at
  // m = 1024 they are ≈ 0.01, so a 0.05 deviation is five times the spread; beyond 0.15 the entries are not N(0, 1).
  falsifier: 'some |‖W^(h)(0)‖₂/√m − 2| above 0.15 at the largest width (a wrong weight variance or scaling), or a non-finite norm',
  sizes: { quick: { widths: [128, 256, 512, 1024], seeds: 3, depth: 3, d: 5 }, full: { widths: [128, 256, 512, 1024, 2048], seeds: 3, depth: 3, d: 5 } },
  experiment: (s) => `FC, softplus, H = ${s.depth} (${s.depth - 1} hidden m × m matrices), widths ${listText(s.widths)}, ${countText(s.seeds, 'seed')}; ‖W‖₂ by Lanczos on WᵀW`,
  statistic: 'at the largest width every |‖W‖₂/√m − 2| ≤ 0.05 (fails beyond 0.15); the log–log slope of the mean deviation against m is reported',
  run(ctx, sz) {
    const widths = sz.widths;
    const seeds = sz.seeds;
    const rows: { width: number; seed: number; layer: string; ratio: number; deviation: number }[] = [];
    let done = 0;
    for (const m of widths) {
      const net = du2019FC({ inputDim: sz.d, width: m, depth: sz.depth });
      const square = net.paramRefs.filter((r) => r.trainable && r.shape.length === 2 && r.shape[0] === m && r.shape[1] === m);
      for (let s = 0; s < seeds; s++) {
        const params = net.init(ctx.rng.fold('init', m, s));
        for (const ref of square) {
          const ratio = spectralNorm(new Matrix(m, m, net.param(params, ref.name))) / Math.sqrt(m);
          rows.push({ width: m, seed: s, layer: ref.name, ratio, deviation: Math.abs(ratio - 2) });
        }
        ctx.progress(++done, widths.length * seeds);
      }
    }
    const top = widths[widths.length - 1];
    const worst = Math.max(...rows.filter((r) => r.width === top).map((r) => r.deviation));
    const meanDev = widths.map((m) => {
      const at = rows.filter((r) => r.width === m);
      return at.reduce((a, r) => a + r.deviation, 0) / at.length;
    });
    const slope = fitLogLog(widths, meanDev).slope;
    const verdict = !Number.isFinite(worst) ? 'fails' : worst <= 0.05 ? 'holds' : worst > 0.15 ? 'fails' : 'inconclusive';
    return {
      verdict,
      value: worst,
      reason: `largest |‖W‖₂/√m − 2| at m = ${top}: ${worst.toFixed(4)} (${verdict === 'holds' ? '≤ 0.05' : verdict === 'fails' ? '> 0.15' : 'between 0.05 and 0.15'})`,
      measured: `‖W‖₂/√m from ${Math.min(...rows.map((r) => r.ratio)).toFixed(3)} to ${Math.max(...rows.map((r) => r.ratio)).toFixed(3)}; mean |ratio − 2| ${meanDev.map((d) => d.toFixed(4)).join(' → ')} for m = ${widths.join(', ')} (slope ${slope.toFixed(2)})`,
      data: rows,
      plot: logLogPlot({ x: 'width', y: 'deviation', xTitle: 'width m', yTitle: '|‖W^(h)(0)‖₂/√m − 2|' }),
    };
  },
};

export const du2019InitClaims: Claim[] = [spectral];
