/**
 * `zou2018`: the gradient bounds of zou2018 Thm 5.3 as ratios that the theory says stay bounded
 * (theory note, "Quantities to compute"), for margin losses L_S = (1/n)Σ_i ℓ(y_i f(x_i)):
 *   lower:  ‖∇_{W_L}L_S‖_F² ≥ C'(m_Lφ/n⁵)(Σ_iℓ'_i)²   → lower = ‖∇_{W_L}L_S‖_F² / (m_L·(mean_i|ℓ'_i|)²)
 *   upper:  ‖∇_{W_l}L_S‖₂ ≤ −(C L² M^{1/2}/n)Σ_iℓ'_i  → upper_l = ‖∇_{W_l}L_S‖₂ / (√M·mean_i|ℓ'_i|)
 * (ℓ' ≤ 0, so |Σ_iℓ'_i| = n·mean_i|ℓ'_i|: (Σ_iℓ'_i)² is n²·(mean_i|ℓ'_i|)², the square of the mean.)
 * W_1..W_L are the trainable weight tensors in forward order (the fixed output v is frozen), W_L the
 * last; m_L its width (rows of our out×in matrix = columns of zou2018's W_L); M the largest width of the
 * W_l. Per-layer gradients are slices of ctx.gradient() by ParamRef.
 * Keys: lower; upper { [tensor]: ratio }; upperMax (max over l); meanAbsDerivative mean_i|ℓ'_i|.
 * Ratios are null when every ℓ'_i = 0 (e.g. the squared hinge with all margins ≥ 1).
 * Refuses (ConfigError) a loss without marginDerivatives (square, cross entropy, nll).
 */
import { ConfigError } from '../errors.js';
import { frobeniusNorm, spectralNorm } from '../linalg/norms.js';
import { Matrix } from '../linalg/matrix.js';
import { OptionReader } from './options.js';
import type { Probe, ProbeContext } from './probe.js';
import { trainableWeights } from './structure.js';

export type Zou2018ProbeOptions = Record<string, never>;

/** zou2018's gradient bounds: the lower ratio, the upper ratio per layer and its largest, and mean |ℓ′| (nulls where mean |ℓ′| = 0). */
export type Zou2018Quantities = { lower: number | null; upper: Record<string, number | null>; upperMax: number | null; meanAbsDerivative: number };

export function zou2018Probe(options: Zou2018ProbeOptions = {}): Probe<Zou2018Quantities> {
  new OptionReader('zou2018', options, []);
  return {
    name: 'zou2018',
    measure(ctx: ProbeContext): Zou2018Quantities {
      const { loss, net } = ctx;
      if (!loss.marginDerivatives) {
        throw new ConfigError(`probe "zou2018": needs a margin loss (logistic, squared_hinge, exponential; zou2018 Sec 3); the loss is ${loss.name}`);
      }
      const layers = trainableWeights(net);
      if (layers.length === 0) throw new ConfigError(`probe "zou2018": ${net.name} has no trainable weight matrices`);
      const d = loss.marginDerivatives(ctx.outputs(), ctx.y);
      let meanAbs = 0;
      for (let i = 0; i < d.length; i++) meanAbs += Math.abs(d[i]);
      meanAbs /= d.length;
      const grad = ctx.gradient();
      const M = Math.max(...layers.map((r) => r.shape[0]));
      const last = layers[layers.length - 1];
      const mL = last.shape[0];
      const upper: Record<string, number | null> = {};
      let upperMax: number | null = null;
      for (const r of layers) {
        const gl = new Matrix(r.shape[0], r.size / r.shape[0], r.view(grad).slice());
        const u = meanAbs > 0 ? spectralNorm(gl) / (Math.sqrt(M) * meanAbs) : null;
        upper[r.name] = u;
        if (u !== null) upperMax = Math.max(upperMax ?? 0, u);
      }
      const gL = frobeniusNorm(last.view(grad));
      return {
        lower: meanAbs > 0 ? (gL * gL) / (mL * meanAbs * meanAbs) : null,
        upper,
        upperMax,
        meanAbsDerivative: meanAbs,
      };
    },
  };
}
