/**
 * liu2020 item 3 of "What the project must show" for the swish output (Sec 4 / App. C.1): with g = φ(f),
 * H_g = φ′(f)·H_f + φ″(f)·∇f∇fᵀ. The first term vanishes like m^(−1/2) with the logits' Hessian H_f; the
 * second does not, since ‖∇f‖² = O(1) and φ″ ≠ 0 for swish. So ‖H_g‖ = c∞ + a·m^(−1/2) + …: it
 * approaches a positive plateau c∞, while the logits' Hessian goes to 0.
 */
import { Matrix } from '../../linalg/matrix.js';
import { liu2020TwoLayer } from '../../models/liu2020.js';
import { judgePlateau, type PlateauPoint } from '../laws.js';
import { combineVerdicts } from '../statistics.js';
import type { Claim } from './claim.js';
import { outputHessianNorm } from './liu2020.js';
import { logLogPlot } from '../../plots/charts.js';
import { countText, listText } from './prose.js';

const swish: Claim<{ widths: number[]; seeds: number }> = {
  id: 'liu2020.swish-output-control',
  paper: 'liu2020',
  theorem: 'Sec 4 / App. C.1: H_g = φ′(f)H_f + φ″(f)∇f∇fᵀ (φ = swish)',
  prediction: 'With a swish output layer the Hessian does not vanish with width: ‖H_g‖ approaches a positive plateau (the φ″∇f∇fᵀ term), while the logits\' Hessian falls like m^(−1/2)',
  falsifier: 'a vanishing power law m^(−α) fits ‖H_g‖ while the plateau law is rejected or not needed (c∞ below half the value at the largest width), or c∞ below a tenth of it; or the logits\' Hessian not vanishing',
  // A plateau and a slow m^(−α) separate only over a wide range of widths (the power tests of the plateau
  // statistic: 64 … 65536 at 3% seed noise); this net has 4m parameters, so the widths are cheap.
  sizes: { quick: { widths: [64, 256, 1024, 4096, 16384, 65536], seeds: 5 }, full: { widths: [64, 256, 1024, 4096, 16384, 65536, 262144], seeds: 6 } },
  experiment: (s) => `App. C.1 two-layer net f = v·relu(wx + b)/√m on x = 0.7, output swish(f) with β = 0.1; ‖∇²g(x)‖₂ by Lanczos at widths ${listText(s.widths)}, ${countText(s.seeds, 'seed')}`,
  statistic: 'the plateau law ‖H_g‖ = c∞ + a·m^(−1/2) against a vanishing m^(−α), each checked by its lack of fit over the seeds: holds when the plateau fits, c∞ is resolved (interval above a tenth, c∞ ≥ ½ of ‖H_g‖ at the largest width) and the vanishing law is rejected or flatter than m^(−0.1); the logits\' Hessian, judged by the same statistic, must vanish',
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
    const logits = judgePlateau(lg, ctx.rng.fold('b2'));
    // The contrast: the logits' Hessian must vanish (their plateau statistic fails), else the control shows nothing.
    const contrast = { ...logits, verdict: logits.verdict === 'fails' ? ('holds' as const) : logits.verdict === 'holds' ? ('fails' as const) : ('inconclusive' as const) };
    return {
      ...j,
      verdict: combineVerdicts(j, contrast),
      reason: `swish output: ${j.reason}; logits (must vanish): ${logits.reason}`,
      measured: `swish c∞ = ${j.value?.toPrecision(3)} [${j.interval[0].toPrecision(3)}, ${j.interval[1].toPrecision(3)}] (${(100 * j.share).toFixed(0)}% of ‖H_g‖ at the largest m), rival m^α with α = ${j.slope.toFixed(3)}; logits α = ${logits.slope.toFixed(3)}, c∞ = ${logits.value?.toExponential(2)}`,
      data: [...sw.map((p) => ({ ...p, output: 'swish(f)', hessianNorm: p.value })), ...lg.map((p) => ({ ...p, output: 'logits f', hessianNorm: p.value }))],
      plot: logLogPlot({ x: 'width', y: 'hessianNorm', xTitle: 'width m', yTitle: '‖∇²(output)‖₂ at init', series: 'output' }),
    };
  },
};

export const liu2020SwishClaims: Claim[] = [swish];
