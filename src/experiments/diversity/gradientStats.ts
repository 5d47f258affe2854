/**
 * The sums gradient diversity is made of (Yin et al. 2018, as used by chen2018), per parameter tensor:
 *   s1_a = Σ_i ‖∇_{θ_a} f_i‖²,   s2_a = ‖Σ_i ∇_{θ_a} f_i‖²,
 * so that Σ_a s1_a = Σ‖∇f_i‖², Σ_a s2_a = ‖Σ∇f_i‖² and B_S = n·Σs1/Σs2. Here f_i is example i's loss and
 * its gradient comes from one backward pass with the loss cotangent G (G_i = ŷ_i − y_i for
 * f_i = ½‖ŷ_i − y_i‖²): the layers' cotangent factors keep every example's rows apart (nn/sinks.ts), so
 * example i's gradient is its share of the factors. Works for any network; O(n·P) time, O(P) memory.
 */
import { ConfigError } from '../../errors.js';
import type { Matrix } from '../../linalg/matrix.js';
import type { ForwardPass, Network } from '../../nn/network.js';
import { addExampleGradient } from '../../nn/sinks.js';

export interface GradientSums {
  /** Trainable tensor names, in the order of s1 and s2. */
  tensors: string[];
  /** Σ_i ‖∇_a f_i‖² per tensor. */
  s1: Float64Array;
  /** ‖Σ_i ∇_a f_i‖² per tensor. */
  s2: Float64Array;
}

/** Names of a network's trainable tensors (the per-tensor order used throughout). */
export function trainableTensors(net: Network): string[] {
  return net.paramRefs.filter((r) => r.trainable).map((r) => r.name);
}

/**
 * s1_a and s2_a of the per-example gradients of Σ_ic G_ic f_ic(θ) at params on x (G: N×C), written into
 * s1 and s2 when given (their length = number of trainable tensors).
 */
export function perExampleGradientSums(
  net: Network, params: Float64Array, x: Matrix, g: Matrix, pass?: ForwardPass, s1?: Float64Array, s2?: Float64Array,
): GradientSums {
  const refs = net.paramRefs.filter((r) => r.trainable);
  const T = refs.length;
  const a1 = s1 ?? new Float64Array(T);
  const a2 = s2 ?? new Float64Array(T);
  if (a1.length !== T || a2.length !== T) throw new ConfigError(`perExampleGradientSums: ${net.name} has ${T} trainable tensors; got buffers of ${a1.length} and ${a2.length}`);
  a1.fill(0);
  a2.fill(0);
  const factors = net.gradientFactors(params, x, g, pass);
  const P = net.trainableSize;
  const one = new Float64Array(P);
  const sum = new Float64Array(P);
  for (let i = 0; i < x.rows; i++) {
    one.fill(0);
    for (const f of factors) addExampleGradient(f, i, one);
    for (let t = 0; t < T; t++) {
      const lo = refs[t].offset;
      const hi = lo + refs[t].size;
      let s = 0;
      for (let k = lo; k < hi; k++) {
        s += one[k] * one[k];
        sum[k] += one[k];
      }
      a1[t] += s;
    }
  }
  for (let t = 0; t < T; t++) {
    const lo = refs[t].offset;
    const hi = lo + refs[t].size;
    let s = 0;
    for (let k = lo; k < hi; k++) s += sum[k] * sum[k];
    a2[t] = s;
  }
  return { tensors: refs.map((r) => r.name), s1: a1, s2: a2 };
}

/** B_S = n·Σ_a s1_a / Σ_a s2_a (NaN when every gradient sums to zero). */
export function batchBoundOf(n: number, s1: ArrayLike<number>, s2: ArrayLike<number>): number {
  let a = 0;
  let b = 0;
  for (let t = 0; t < s1.length; t++) {
    a += s1[t];
    b += s2[t];
  }
  return b > 0 ? (n * a) / b : NaN;
}
