/**
 * `features`: norms of the features every top-level layer produces on the training set
 * (net.layerOutputs: the children of the root serial; the root alone otherwise).
 *   du2019 "what to show" C: feature norms at init in [½, 2] (FC), depth-independent for ResNet;
 *   zou2018 Thm 5.1(i): | ‖x_{l,i}‖₂ − 1 | ≤ C·L·sqrt(log(nL/δ)/m).
 * A layer's feature of example i is its whole output row (an RNN's L×d outputs, a convolution's
 * channels × pixels, flattened), and its norm the Euclidean norm of that row.
 * Keys: min, mean, max: { ["<index>.<kind>"]: statistic over examples of ‖x_{l,i}‖ }, e.g. "2.scale"
 * for du2019's x^(1) = √(c_σ/m)·σ(W^(1)x) (index = position in the root serial).
 */
import { OptionReader } from './options.js';
import type { Probe, ProbeContext, ProbeValue } from './probe.js';

export type FeaturesOptions = Record<string, never>;

export function featuresProbe(options: FeaturesOptions = {}): Probe {
  new OptionReader('features', options, []);
  return {
    name: 'features',
    measure(ctx: ProbeContext): Record<string, ProbeValue> {
      const min: Record<string, number> = {};
      const mean: Record<string, number> = {};
      const max: Record<string, number> = {};
      ctx.net.layerOutputs(ctx.params, ctx.x).forEach(({ kind, out }, l) => {
        const key = `${l}.${kind}`;
        let lo = Infinity;
        let hi = -Infinity;
        let sum = 0;
        for (let i = 0; i < out.rows; i++) {
          let s = 0;
          for (let j = i * out.cols; j < (i + 1) * out.cols; j++) s += out.data[j] * out.data[j];
          const nrm = Math.sqrt(s);
          lo = Math.min(lo, nrm);
          hi = Math.max(hi, nrm);
          sum += nrm;
        }
        min[key] = lo;
        mean[key] = sum / out.rows;
        max[key] = hi;
      });
      return { min, mean, max };
    },
  };
}
