/**
 * The activation contract: σ, σ′ and σ″, scalar and vectorized over Float64Array.
 */
import { ShapeError } from '../../errors.js';

export type ActivationSpec =
  /** max(z, 0). σ′(0) is a convention: zou2018 uses 0 (the default), allenzhu2019 uses 1. */
  | { name: 'relu'; derivativeAtZero?: 0 | 1 }
  /** a·z for z < 0, b·z for z ≥ 0 (neural-tangents ABRelu); σ′(0) = b. leaky_relu(α) = abrelu(α, 1). */
  | { name: 'abrelu'; a: number; b: number }
  /** abrelu(α, 1): α·z for z < 0, z for z ≥ 0; σ′(0) = 1. */
  | { name: 'leaky_relu'; alpha: number }
  /** log(1 + e^z). */
  | { name: 'softplus' }
  /** 1/(1 + e^{−z}). */
  | { name: 'sigmoid' }
  | { name: 'tanh' }
  /** The error function erf(z). */
  | { name: 'erf' }
  /** z·sigmoid(βz), default β = 1 (liu2020 App. C.1 uses β = 0.1). */
  | { name: 'swish'; beta?: number }
  /** The exact GELU z·Φ(z), Φ the standard normal distribution function. */
  | { name: 'gelu' }
  | { name: 'identity' };

export type ActivationName = ActivationSpec['name'];

export const ACTIVATION_NAMES: readonly ActivationName[] = [
  'relu',
  'abrelu',
  'leaky_relu',
  'softplus',
  'sigmoid',
  'tanh',
  'erf',
  'swish',
  'gelu',
  'identity',
];

/** σ(−z) = s·σ(z) + β + γ·z (Activation.reflection). */
export interface Reflection {
  readonly s: 1 | -1;
  readonly beta: number;
  readonly gamma: number;
}

export interface Activation {
  /** The normalized spec this activation was built from (frozen). */
  readonly spec: ActivationSpec;
  /** A label with the parameters, e.g. "relu", "leaky_relu(alpha=0.1)", "swish(beta=0.1)". */
  readonly name: string;
  value(z: number): number;
  d1(z: number): number;
  d2(z: number): number;
  /** out[i] = σ(z[i]); out may alias z. Equal, bit for bit, to value(z[i]). */
  apply(z: Float64Array, out: Float64Array): void;
  /** out[i] = σ′(z[i]); out may alias z. */
  applyD1(z: Float64Array, out: Float64Array): void;
  /** out[i] = σ″(z[i]); out may alias z. */
  applyD2(z: Float64Array, out: Float64Array): void;
  /**
   * Optional: out = apply(z) bit for bit and outD1[i] = σ′(z[i]) from the same transcendental work, to a
   * few ulps of 1 absolute (not necessarily applyD1's bits): the quadrature of the kernel maps, which
   * needs both at the same nodes. Neither output may alias z.
   */
  applyWithD1?(z: Float64Array, out: Float64Array, outD1: Float64Array): void;
  /**
   * True when applyWithD1's σ′ is applyD1's, bit for bit (softplus, sigmoid): a forward pass that a
   * backward pass will follow takes σ′ there, from the exponential σ already computed.
   */
  readonly applyWithD1Exact?: boolean;
  /**
   * Optional: out[i] = σ′(z[i])·g[i] in one pass, the bits of applyD1 followed by the product (the
   * backward pass of an activation layer); out may alias g, not z.
   */
  applyD1Times?(z: Float64Array, g: Float64Array, out: Float64Array): void;
  /**
   * Optional: the reflection law σ(−z) = s·σ(z) + β + γ·z for every z, with s = ±1 (so σ′(−z) = −s·σ′(z) − γ):
   * the kernel maps' quadrature evaluates σ on half of a point-symmetric grid and recovers the other
   * half from it. tanh and erf are odd (s = −1); sigmoid has 1 − σ (s = −1, β = 1); softplus, swish and
   * gelu have σ(z) − z (s = 1, γ = −1).
   */
  readonly reflection?: Reflection;
  /** True when σ″ = 0 almost everywhere (relu, abrelu, leaky_relu, identity): callers may skip second-order terms. */
  readonly piecewiseLinear: boolean;
}

/** Throws ShapeError unless out has z's length. */
export function checkLengths(name: string, op: string, z: Float64Array, out: Float64Array): void {
  if (out.length !== z.length) {
    throw new ShapeError(`${name}.${op}: the input has ${z.length} entries but the output ${out.length}; they must match`);
  }
}
