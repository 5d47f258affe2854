/**
 * `diversity`: the batch-size bound B_S(w_t) = n·Σ_i‖∇f_i‖²/‖Σ_i∇f_i‖² of the current parameters on the
 * training set, along training (chen2018; Yin et al. 2018's gradient diversity Δ_S = B_S/n). f_i is
 * example i's loss; its gradient comes from the per-example split of one backward pass with the loss
 * cotangent (gradientStats.ts). A mean-reduced loss scales every ∇f_i by 1/n and leaves B_S unchanged.
 * Keys: B_S; delta (Δ_S = Σ‖∇f_i‖²/‖Σ∇f_i‖²); sumNormSquared (Σ_i‖∇f_i‖²); normSquaredOfSum (‖Σ_i∇f_i‖²);
 * perTensor (B_S of each trainable tensor alone, keyed by name). Null ratios when every gradient is zero.
 */
import type { Probe, ProbeContext, ProbeValue } from '../../probes/probe.js';
import { perExampleGradientSums } from './gradientStats.js';

export function gradientDiversityProbe(): Probe {
  return {
    name: 'diversity',
    measure(ctx: ProbeContext): Record<string, ProbeValue> {
      const n = ctx.x.rows;
      const g = ctx.loss.gradient(ctx.outputs(), ctx.y);
      const { tensors, s1, s2 } = perExampleGradientSums(ctx.net, ctx.params, ctx.x, g, ctx.pass());
      let a = 0;
      let b = 0;
      const perTensor: Record<string, number | null> = {};
      tensors.forEach((name, t) => {
        a += s1[t];
        b += s2[t];
        perTensor[name] = s2[t] > 0 ? (n * s1[t]) / s2[t] : null;
      });
      return {
        B_S: b > 0 ? (n * a) / b : null,
        delta: b > 0 ? a / b : null,
        sumNormSquared: a,
        normSquaredOfSum: b,
        perTensor,
      };
    },
  };
}
