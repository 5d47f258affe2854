/**
 * `pl`: the Polyak–Łojasiewicz ratio ‖∇L‖²/L along training — the gradient lower bound that drives
 * linear convergence. allenzhu2019 Thm (gradient lower bound, claim c): δ/poly(ρ)·m·f ≤ ‖∇f‖_F² inside
 * the ball, so ‖∇f‖_F²/(m·f) stays bounded away from 0 (reference: ~20–65 falling to ~0.15–1.2).
 * L is the training loss with the reduction it is trained with (allenzhu2019's f is a sum: use the
 * square loss with reduction 'sum'); ∇L is over the trainable parameters.
 * Keys: ratio ‖∇L‖²/L; perWidth ‖∇L‖²/(m·L); gradientNormSquared ‖∇L‖²; width m (null ratios when L = 0).
 * Option width: m; default the model's width (structure.ts inferredWidth: the largest output dimension of
 * a trainable weight — the hidden width of the presets, an RNN's m). The CLI passes the spec's width.
 */
import { OptionReader } from './options.js';
import type { Probe, ProbeContext } from './probe.js';
import { inferredWidth } from './structure.js';

export type PlOptions = { width?: number };

/** ‖∇L‖²/L (null at L = 0), the same over the width m, ‖∇L‖², and m. */
export type PlQuantities = { ratio: number | null; perWidth: number | null; gradientNormSquared: number; width: number };

export function plProbe(options: PlOptions = {}): Probe<PlQuantities> {
  const o = new OptionReader('pl', options, ['width']);
  const widthOption = o.integer('width', undefined);
  return {
    name: 'pl',
    measure(ctx: ProbeContext): PlQuantities {
      const m = ctx.state<number>('pl.width', () => widthOption ?? inferredWidth(ctx.net));
      const g = ctx.gradient();
      let g2 = 0;
      for (let i = 0; i < g.length; i++) g2 += g[i] * g[i];
      const L = ctx.lossValue();
      return {
        ratio: L > 0 ? g2 / L : null,
        perWidth: L > 0 ? g2 / (m * L) : null,
        gradientNormSquared: g2,
        width: m,
      };
    },
  };
}
