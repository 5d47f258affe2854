/**
 * liu2020 item 3 of "What the project must show" for the swish output (Sec 4 / App. C.1): with g = φ(f),
 * H_g = φ′(f)·H_f + φ″(f)·∇f∇fᵀ. The first term vanishes like m^(−1/2) with the logits' Hessian H_f; the
 * second does not, since ‖∇f‖² = O(1) and φ″ ≠ 0 for swish. So ‖H_g‖ = c∞ + a·m^(−1/2) + …: it
 * approaches a positive plateau c∞, while the logits' Hessian goes to 0.
 */
import { Matrix } from '../../linalg/matrix.js';
import { liu2020TwoLayer } from '../../models/liu2020.js';
import { judgePlateau, plateau, type PlateauPoint } from '../statistics.js';
import type { Claim } from './claim.js';
import { outputHessianNorm } from './liu2020.js';
import { logLogPlot } from './plots.js';
import { countText, listText } from './prose.js';

const swish: Claim<{ widths: number[]; seeds: number }> = {
  id: 'liu2020.swish-output-control',
  paper: 'liu2020',
  theorem: 'Sec 4 / App. C.1: H_g = φ′(f)H_f + φ″(f)∇f∇fᵀ (φ = swish)',
  prediction: 'With a swish output layer the Hessian does not vanish with width: ‖H_g‖ approaches a positive plateau (the φ″∇f∇fᵀ term), while the logits\' Hessian falls like m^(−1/2)',
  falsifier: 'the 95% interval of the plateau c∞ of ‖H_g‖ = c∞ + a·m^(−1/2) wholly below a tenth of ‖H_g‖ at the largest width (the Hessian vanishes)',
  sizes: { quick: { widths: [64, 128, 256, 512, 1024], seeds: 3 }, full: { widths: [64, 128, 256, 512, 1024, 2048, 4096], seeds: 3 } },
  experiment: (s) => `App. C.1 two-layer net f = v·relu(wx + b)/√m on x = 0.7, output swish(f) with β = 0.1; ‖∇²g(x)‖₂ by Lanczos at widths ${listText(s.widths)}, ${countText(s.seeds, 'seed')}`,
  statistic: '‖H_g‖ = c∞ + a·m^(−1/2) fitted by least squares: the plateau c∞\'s 95% interval (resampling seeds) above a tenth of ‖H_g‖ at the largest width and c∞ ≥ ½ of it; the logits\' c∞ is reported',
  negativeControl: true,
  run(ctx, { widths, seeds }) {
    const x = new Matrix(1, 1, Float64Array.of(0.7));
    const sw: PlateauPoint[] = [];
    const lg: PlateauPoint[] = [];
    let done = 0;
    for (const m of widths) {
      for (let s = 0; s < seeds; s++) {
        const withHead = liu2020TwoLayer({ width: m, head: 'swish' });
        const plain = liu2020TwoLayer({ width: m });
        const params = withHead.init(ctx.rng.fold('init', m, s)); // the head has no parameters
        sw.push({ width: m, seed: s, value: outputHessianNorm(withHead, params, x, 0, ctx.rng.fold('l1', m, s)) });
        lg.push({ width: m, seed: s, value: outputHessianNorm(plain, params, x, 0, ctx.rng.fold('l2', m, s)) });
        ctx.progress(++done, widths.length * seeds);
      }
    }
    const j = judgePlateau(sw, ctx.rng.fold('b1'));
    const logits = plateau(lg, ctx.rng.fold('b2'));
    return {
      ...j,
      reason: `swish output: ${j.reason}; logits: plateau ${logits.c.toExponential(2)} [${logits.interval[0].toExponential(2)}, ${logits.interval[1].toExponential(2)}]`,
      measured: `swish c∞ = ${j.value?.toPrecision(3)} [${j.interval[0].toPrecision(3)}, ${j.interval[1].toPrecision(3)}] (${(100 * j.share).toFixed(0)}% of ‖H_g‖ at the largest m); logits c∞ = ${logits.c.toExponential(2)}`,
      data: [...sw.map((p) => ({ ...p, output: 'swish(f)', hessianNorm: p.value })), ...lg.map((p) => ({ ...p, output: 'logits f', hessianNorm: p.value }))],
      plot: logLogPlot({ x: 'width', y: 'hessianNorm', xTitle: 'width m', yTitle: '‖∇²(output)‖₂ at init', series: 'output' }),
    };
  },
};

export const liu2020SwishClaims: Claim[] = [swish];
