/**
 * `distance`: how far training moved each trainable tensor from initialization.
 *   du2019 Lemma (Thm 5.1 proof): ‖W^(h)(k) − W^(h)(0)‖_F ≤ R'√m, flat in m;
 *   zou2018 Lemma 5.5: ‖W_l^(k) − W_l^(0)‖₂ ∝ m^{−1/2} at the time the loss reaches ε;
 *   allenzhu2019 Sec 5: ‖W_T − W_0‖ ≤ τ0/√m, i.e. √m·‖W_T − W_0‖_F bounded as m grows (claim d).
 *
 * Keys (per trainable tensor, by name): frobenius ‖ΔW‖_F, spectral ‖ΔW‖₂ (the tensor as an out×in matrix;
 * vectors: Euclidean), relativeFrobenius ‖ΔW‖_F/‖W_0‖_F, relativeSpectral ‖ΔW‖₂/‖W_0‖₂ (null when
 * ‖W_0‖ = 0, e.g. zero-initialized biases), sqrtMFrobenius √m·‖ΔW‖_F with m = the tensor's rows;
 * scalars maxSpectral (max over tensors, zou2018's reference figure), total ‖θ_t − θ_0‖ over all
 * trainable parameters and totalRelative ‖θ_t − θ_0‖/‖θ_0‖.
 *
 * Option `spectral` (default true): false skips the spectral norms (one Gram eigenproblem or Lanczos per
 * tensor); their keys are then absent.
 */
import { differenceNorm, frobeniusNorm, spectralNorm } from '../linalg/norms.js';
import type { ParamRef } from '../nn/params.js';
import { OptionReader } from './options.js';
import type { Probe, ProbeContext } from './probe.js';
import { isWeight, tensorMatrix, trainableTensors } from './structure.js';

export type DistanceOptions = { spectral?: boolean };

interface Reference {
  refs: ParamRef[];
  frob0: Map<string, number>;
  spec0: Map<string, number>;
  total0: number;
}

function spectralOf(ref: ParamRef, flat: Float64Array): number {
  return isWeight(ref) ? spectralNorm(tensorMatrix(ref, flat)) : frobeniusNorm(ref.view(flat));
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/**
 * Per trainable tensor (by name): ‖ΔW‖_F, relative to ‖W_0‖_F (null when it is 0), √m·‖ΔW‖_F; with the
 * spectral option also ‖ΔW‖₂, relative, and the largest; and over all parameters ‖Δθ‖₂, relative.
 */
export type DistanceQuantities = {
  frobenius: Record<string, number>;
  relativeFrobenius: Record<string, number | null>;
  sqrtMFrobenius: Record<string, number>;
  spectral?: Record<string, number>;
  relativeSpectral?: Record<string, number | null>;
  maxSpectral?: number;
  total: number;
  totalRelative: number | null;
};

/**
 * ‖θ − θ_0‖₂/‖θ_0‖₂ over the first P (the trainable) parameters, null when θ_0 = 0: the probe's
 * totalRelative, taken without a copy of θ − θ_0 so that it is cheap at every step (the playground
 * does; pass ‖θ_0‖₂ once computed).
 */
export function relativeMovement(params: Float64Array, params0: Float64Array, P: number, norm0 = frobeniusNorm(params0.subarray(0, P))): number | null {
  return ratio(differenceNorm(params, params0, P), norm0);
}

export function distanceProbe(options: DistanceOptions = {}): Probe<DistanceQuantities> {
  const o = new OptionReader('distance', options, ['spectral']);
  const withSpectral = o.boolean('spectral', true);
  return {
    name: 'distance',
    measure(ctx: ProbeContext): DistanceQuantities {
      // ‖W_0‖ does not change: computed once (ctx.state).
      const ref0 = ctx.state<Reference>('distance.reference', () => {
        const refs = trainableTensors(ctx.net);
        const frob0 = new Map(refs.map((r) => [r.name, frobeniusNorm(r.view(ctx.params0))] as [string, number]));
        const spec0 = new Map(withSpectral ? refs.map((r) => [r.name, spectralOf(r, ctx.params0)] as [string, number]) : []);
        return { refs, frob0, spec0, total0: frobeniusNorm(ctx.params0.subarray(0, ctx.net.trainableSize)) };
      });
      const P = ctx.net.trainableSize;
      const delta = new Float64Array(P);
      for (let i = 0; i < P; i++) delta[i] = ctx.params[i] - ctx.params0[i];
      const frobenius: Record<string, number> = {};
      const relativeFrobenius: Record<string, number | null> = {};
      const sqrtMFrobenius: Record<string, number> = {};
      const spectral: Record<string, number> = {};
      const relativeSpectral: Record<string, number | null> = {};
      let maxSpectral = 0;
      for (const r of ref0.refs) {
        const f = frobeniusNorm(r.view(delta));
        frobenius[r.name] = f;
        relativeFrobenius[r.name] = ratio(f, ref0.frob0.get(r.name)!);
        sqrtMFrobenius[r.name] = Math.sqrt(r.shape[0] ?? 1) * f;
        if (withSpectral) {
          const s = spectralOf(r, delta);
          spectral[r.name] = s;
          relativeSpectral[r.name] = ratio(s, ref0.spec0.get(r.name)!);
          maxSpectral = Math.max(maxSpectral, s);
        }
      }
      const total = frobeniusNorm(delta);
      return {
        frobenius, relativeFrobenius, sqrtMFrobenius,
        ...(withSpectral ? { spectral, relativeSpectral, maxSpectral } : {}),
        total, totalRelative: ratio(total, ref0.total0),
      };
    },
  };
}
