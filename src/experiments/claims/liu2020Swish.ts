/**
 * liu2020 item 3 of "What the project must show" for the swish output (Sec 4 / App. C.1): with g = φ(f),
 * H_g = φ′(f)·H_f + φ″(f)·∇f∇fᵀ. The first term vanishes like m^(−1/2) with the logits' Hessian H_f; the
 * second does not, since ‖∇f‖² = O(1) and φ″ ≠ 0 for swish. So ‖H_g‖ = c∞ + a·m^(−1/2) + …: it
 * approaches a positive plateau c∞, while the logits' Hessian goes to 0.
 */
import { Matrix } from '../../linalg/matrix.js';
import type { Rng } from '../../linalg/random/rng.js';
import { liu2020TwoLayer } from '../../models/liu2020.js';
import { fitLine } from '../../stats/regression.js';
import type { Judgement } from '../statistics.js';
import type { Claim } from './claim.js';
import { outputHessianNorm } from './liu2020.js';
import { logLogPlot } from './plots.js';

export interface PlateauPoint {
  width: number;
  seed: number;
  value: number;
}

/**
 * The plateau c∞ of value = c∞ + a·m^(−1/2), fitted by least squares in m^(−1/2), with a 95% percentile
 * interval from resampling the seeds within each width (the width design stays fixed).
 */
export function plateau(points: readonly PlateauPoint[], rng: Rng, resamples = 2000): { c: number; interval: [number, number] } {
  const widths = [...new Set(points.map((p) => p.width))].sort((a, b) => a - b);
  const byWidth = widths.map((m) => points.filter((p) => p.width === m));
  const fit = (sets: PlateauPoint[][]): number => {
    const all = sets.flat();
    return fitLine(all.map((p) => 1 / Math.sqrt(p.width)), all.map((p) => p.value)).intercept;
  };
  const cs: number[] = [];
  for (let b = 0; b < resamples; b++) cs.push(fit(byWidth.map((s) => s.map(() => s[rng.int(s.length)]))));
  cs.sort((a, b) => a - b);
  const at = (q: number): number => cs[Math.round(q * (cs.length - 1))];
  return { c: fit(byWidth), interval: [at(0.025), at(0.975)] };
}

/**
 * With h the mean value at the largest width: holds when the interval of c∞ lies above h/10 and c∞ ≥ h/2
 * (the plateau, not the decaying term, carries the Hessian there); fails when the whole interval lies
 * below h/10 (a plateau that small is a vanishing Hessian); inconclusive otherwise.
 */
export function judgePlateau(points: readonly PlateauPoint[], rng: Rng): Judgement & { interval: [number, number]; share: number } {
  const { c, interval } = plateau(points, rng);
  const top = Math.max(...points.map((p) => p.width));
  const atTop = points.filter((p) => p.width === top);
  const h = atTop.reduce((a, p) => a + p.value, 0) / atTop.length;
  const share = c / h;
  const desc = `plateau c∞ = ${c.toPrecision(3)}, 95% interval [${interval[0].toPrecision(3)}, ${interval[1].toPrecision(3)}], ${(100 * share).toFixed(0)}% of the mean at m = ${top}`;
  if (interval[1] < h / 10) return { verdict: 'fails', value: c, interval, share, reason: `${desc}: below a tenth of it (the Hessian vanishes)` };
  if (interval[0] <= h / 10 || share < 0.5) return { verdict: 'inconclusive', value: c, interval, share, reason: `${desc}: the plateau is not resolved from the decaying term` };
  return { verdict: 'holds', value: c, interval, share, reason: `${desc}: bounded away from 0` };
}

const swish: Claim = {
  id: 'liu2020.swish-output-control',
  paper: 'liu2020',
  theorem: 'Sec 4 / App. C.1: H_g = φ′(f)H_f + φ″(f)∇f∇fᵀ (φ = swish)',
  prediction: 'With a swish output layer the Hessian does not vanish with width: ‖H_g‖ approaches a positive plateau (the φ″∇f∇fᵀ term), while the logits\' Hessian falls like m^(−1/2)',
  experiment: 'App. C.1 two-layer net f = v·relu(wx + b)/√m on x = 0.7, output swish(f) with β = 0.1; ‖∇²g(x)‖₂ by Lanczos at widths 64…1024 (quick; to 4096 full), 3 seeds',
  statistic: '‖H_g‖ = c∞ + a·m^(−1/2) fitted by least squares: the plateau c∞\'s 95% interval (resampling seeds) above 0 and c∞ ≥ ½ of ‖H_g‖ at the largest width; the logits\' c∞ is reported',
  negativeControl: true,
  run(ctx) {
    const x = new Matrix(1, 1, Float64Array.of(0.7));
    const widths = ctx.scale === 'quick' ? [64, 128, 256, 512, 1024] : [64, 128, 256, 512, 1024, 2048, 4096];
    const seeds = 3;
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
