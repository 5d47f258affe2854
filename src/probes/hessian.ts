/**
 * `hessian`: spectral norms of Hessians in the parameters, by Lanczos on exact Hessian-vector products
 * (net.hvp, forward-over-reverse). liu2020 ("Computing ‖H‖"): H has nearly ± paired eigenvalues, so
 * Lanczos picks the Ritz value of largest magnitude (which: 'magnitude'); plain power iteration on H
 * would oscillate between the pair.
 *   loss:   ∇²L(θ) with G = ℓ'(f), Ġ = ℓ''(f)·ḟ (Loss.gradient / Loss.hessianVector; nn/network.ts)
 *   output: ∇²f(θ; x_i) (one-hot cotangent on example i, output c, Ġ = 0) for the first `examples`
 *           training inputs; for C outputs ‖H(x_i)‖ = max_c ‖∇²f_c(x_i)‖ (liu2020 Sec 3's norm of a
 *           vector-valued model's Hessian). liu2020 Thm 3.2: ‖H‖ = Õ(1/√m) with a linear output layer.
 * Keys: loss (‖∇²L‖₂), lossConverged (1/0); outputMax, outputMean (max and mean over the examples of
 * ‖H(x_i)‖₂), outputConverged (1 when every run met the tolerance).
 * Options: of 'loss' | 'output' | 'both' (default both); examples (default 1; at most n are used);
 * iterations — Lanczos steps, i.e. HVPs per norm (default 30); tolerance — relative Ritz residual
 * (default 1e-8). A run stopped by the iteration budget reports converged = 0.
 */
import { lanczos } from '../linalg/lanczos.js';
import { Matrix } from '../linalg/matrix.js';
import type { CotangentTangent } from '../nn/network.js';
import { OptionReader } from './options.js';
import type { Probe, ProbeContext, ProbeValue } from './probe.js';

export type HessianOptions = { of?: 'loss' | 'output' | 'both'; examples?: number; iterations?: number; tolerance?: number };

interface NormResult {
  norm: number;
  converged: boolean;
}

function magnitude(hv: (v: Float64Array) => Float64Array, P: number, iterations: number, tolerance: number): NormResult {
  if (P === 0) return { norm: 0, converged: true };
  const r = lanczos((v, out) => out.set(hv(v)), P, { which: 'magnitude', maxIterations: iterations, tolerance });
  return { norm: Math.abs(r.values[0]), converged: r.converged };
}

export function hessianProbe(options: HessianOptions = {}): Probe {
  const o = new OptionReader('hessian', options, ['of', 'examples', 'iterations', 'tolerance']);
  const of = o.oneOf('of', ['loss', 'output', 'both'] as const, 'both');
  const examples = o.integer('examples', 1);
  const iterations = o.integer('iterations', 30);
  const tolerance = o.positive('tolerance', 1e-8);
  return {
    name: 'hessian',
    measure(ctx: ProbeContext): Record<string, ProbeValue> {
      const { net, params, x, y, loss } = ctx;
      const P = net.trainableSize;
      const out: Record<string, ProbeValue> = {};
      if (of !== 'output') {
        const pass = ctx.pass();
        const f = pass.out;
        const g = loss.gradient(f, y);
        const dg: CotangentTangent = (fDot) => loss.hessianVector(f, y, fDot);
        const r = magnitude((v) => net.hvp(params, x, v, g, dg, pass), P, iterations, tolerance);
        out['loss'] = r.norm;
        out['lossConverged'] = r.converged ? 1 : 0;
      }
      if (of !== 'loss') {
        const count = Math.min(examples, x.rows);
        const C = net.outputs;
        let max = 0;
        let sum = 0;
        let converged = true;
        for (let i = 0; i < count; i++) {
          const xi = x.rowBlock(i, i + 1);
          const pass = net.forwardPass(params, xi);
          let norm = 0;
          for (let c = 0; c < C; c++) {
            const g = new Matrix(1, C);
            g.data[c] = 1;
            const r = magnitude((v) => net.hvp(params, xi, v, g, undefined, pass), P, iterations, tolerance);
            norm = Math.max(norm, r.norm);
            converged &&= r.converged;
          }
          max = Math.max(max, norm);
          sum += norm;
        }
        out['outputMax'] = count > 0 ? max : null;
        out['outputMean'] = count > 0 ? sum / count : null;
        out['outputConverged'] = converged ? 1 : 0;
      }
      return out;
    },
  };
}
