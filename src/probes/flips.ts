/**
 * `flips`: activation patterns 1{z > 0} of every nonlinear layer on the training set (net.preActivations)
 * compared with those at initialization (kept in ctx.state at the first record).
 *   zou2018 Thm 5.3: ‖Σ̃_{l,i} − Σ_{l,i}‖₀ ≤ C·L^{4/3}τ^{2/3}·m_l inside a ball of radius τ — the flip
 *   fraction per example, max over i, and (Quantities to compute) the union over i;
 *   allenzhu2019 Lemma (perturbation): ‖D'_{i,l}‖₀ ≤ O(L^{10/3}τ0^{2/3})m^{2/3}, a fraction ~ m^{−1/3}.
 *
 * Per layer (by path), over "rows" r: for an activation layer a row is an example and its units are the
 * layer's N×size entries; for a recurrence a row is an (example, time step) pair and its units the m
 * hidden neurons, so that allenzhu2019's D_{i,l} is one row. With flipped_r the fraction of units of row
 * r whose sign changed:
 *   max:   max_r flipped_r            mean:  mean_r flipped_r
 *   union: fraction of units that flipped in at least one row (any example, any step)
 * Keys: max, mean, union: { [layer path]: fraction }.
 */
import { Matrix } from '../linalg/matrix.js';
import { OptionReader } from './options.js';
import type { Probe, ProbeContext } from './probe.js';
import { recurrences } from './structure.js';

export type FlipsOptions = Record<string, never>;

interface Patterns {
  /** Row-major (rows × units) activation patterns per layer path. */
  byPath: Map<string, { rows: number; units: number; on: Uint8Array }>;
}

function patternsOf(ctx: ProbeContext, params: Float64Array): Patterns['byPath'] {
  const rec = recurrences(ctx.net);
  const out = new Map<string, { rows: number; units: number; on: Uint8Array }>();
  for (const [path, z] of ctx.net.preActivations(params, ctx.x)) {
    // A recurrence taps g_l of every step side by side (N × L·m, step-major): rows (i, l).
    const node = rec.get(path);
    const L = node ? node.inShape.spatial[0] : 1;
    const view = new Matrix(z.rows * L, z.cols / L, z.data);
    out.set(path, { rows: view.rows, units: view.cols, on: Uint8Array.from(view.data, (v) => (v > 0 ? 1 : 0)) });
  }
  return out;
}

/** Per activation layer (by path): the largest and the mean fraction of flipped units per example, and the fraction flipped for some example. */
export type FlipsQuantities = { max: Record<string, number>; mean: Record<string, number>; union: Record<string, number> };

export function flipsProbe(options: FlipsOptions = {}): Probe<FlipsQuantities> {
  new OptionReader('flips', options, []);
  return {
    name: 'flips',
    measure(ctx: ProbeContext): FlipsQuantities {
      const ref = ctx.state<Patterns>('flips.reference', () => ({ byPath: patternsOf(ctx, ctx.params0) }));
      const now = patternsOf(ctx, ctx.params);
      const max: Record<string, number> = {};
      const mean: Record<string, number> = {};
      const union: Record<string, number> = {};
      for (const [path, p0] of ref.byPath) {
        const p = now.get(path);
        if (!p || p.on.length !== p0.on.length) throw new Error(`flips probe: the layer ${path} changed shape during training`);
        const { rows, units } = p0;
        const any = new Uint8Array(units);
        let mx = 0;
        let sum = 0;
        for (let r = 0; r < rows; r++) {
          let c = 0;
          for (let j = 0; j < units; j++) {
            const k = r * units + j;
            if (p.on[k] !== p0.on[k]) {
              c++;
              any[j] = 1;
            }
          }
          const frac = units > 0 ? c / units : 0;
          mx = Math.max(mx, frac);
          sum += frac;
        }
        max[path] = mx;
        mean[path] = rows > 0 ? sum / rows : 0;
        union[path] = units > 0 ? any.reduce((a, b) => a + b, 0) / units : 0;
      }
      return { max, mean, union };
    },
  };
}
