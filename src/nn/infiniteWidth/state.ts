/**
 * The infinite-width kernel state a layer maps (DESIGN: "each layer knows how to map an infinite-width
 * kernel state"; neural-tangents' `Kernel` object, plus du2019's mean features b).
 *
 * The state describes one representation x (C channels at each of P pixels) of a row set of n1 inputs
 * and a column set of n2 inputs, in the limit of infinitely many channels. Everything is in *mean form*
 * (averaged over channels, so it stays O(1) per coordinate):
 *
 *   cov[((i·n2 + j)·P + l)·P + r] = Σ_ij[l, r] = lim (1/C)·Σ_k x_ik(l)·x_jk(r)     (row i, column j)
 *   self1[(i·P + l)·P + r]        = Σ_ii[l, r]  (row set with itself, same example; self2 likewise)
 *   mean1[i·P + l]                = ν_i(l) = lim (1/C)·Σ_k x_ik(l)                 (mean2 likewise)
 *   ntk.get(name)[cov layout]     = Θ_ij[l, r]: the per-coordinate tangent kernel
 *                                   Σ_{θ ∈ tensor name} ∂x_ik(l)/∂θ · ∂x_jk(r)/∂θ (the same for every
 *                                   channel k; cross-channel terms vanish in the limit)
 *
 * The NTK is kept split by parameter tensor because du2019's K^(H) is the contribution of one layer
 * (the last hidden W) and G = Σ_h G^(h); frozen tensors contribute no term. Only the row × column
 * blocks of the NTK are needed (no layer map reads the NTK of an input with itself).
 *
 * Why self-covariances with all pixel pairs (self1/self2, n·P·P) and not only their diagonals
 * Σ_ii[l, l]: activations and convolutions need only the diagonals, but global average pooling needs
 * Σ_ii[l, r] for l ≠ r to know the pooled variance. For vectors (P = 1) self1 is the diagonal.
 *
 * du2019's quantities in this form (width m = C): K^(h)_ij = m·Σ_ij of x^(h), b^(h)_i = √m·ν_i.
 */
import { ConfigError, ShapeError } from '../../errors.js';
import { pixels, shapeString, type FeatureShape } from '../shape.js';

/** The fewest Gauss–Hermite nodes per dimension a fixed rule may have (kinks and near-singular pairs need many). */
export const MIN_KERNEL_QUADRATURE_NODES = 40;

/** The Gaussian expectations an activation contributes to the kernel maps. */
export interface DualKernel {
  /** out[0] = E[φ(u)φ(v)], out[1] = E[φ'(u)φ'(v)] (only when needDot) for variances q1, q2, covariance c. */
  pair(q1: number, q2: number, c: number, out: Float64Array, needDot: boolean): void;
  /** E[φ(u)] for u ~ N(0, q). */
  mean(q: number): number;
  /** 'closed form' or 'quadrature(n)', for reports. */
  readonly method: string;
}

/** What an adaptive kernel achieved over all the expectations it computed. */
export interface QuadratureAchieved {
  /** The tolerance asked. */
  tolerance: number;
  /** The largest error estimate of any expectation, relative to its scale ∫|integrand|. */
  maxRelativeError: number;
  /** Expectations computed, and how many did not reach the tolerance at the finest level allowed. */
  expectations: number;
  unconverged: number;
  /** The most nodes per dimension any expectation needed. */
  maxNodes: number;
}

export interface KernelMapOptions {
  /**
   * A fixed Gauss–Hermite rule of this many nodes per dimension for activations without a closed form;
   * when absent, the expectations are adaptive to `quadratureTol` (adaptiveQuadrature.ts).
   */
  readonly quadratureNodes?: number;
  /** Relative accuracy of each adaptive expectation (default DEFAULT_QUADRATURE_TOL, 1e-10). */
  readonly quadratureTol?: number;
  /** Receives what each adaptive activation map achieved, in the order the maps run. */
  readonly quadratureAchieved?: QuadratureAchieved[];
}

export interface KernelState {
  /** Inputs in the row set. */
  readonly n1: number;
  /** Inputs in the column set. */
  readonly n2: number;
  /** The representation's spatial shape ([] for vectors) and pixel count P = Π spatial (1 for vectors). */
  readonly spatial: readonly number[];
  readonly pixels: number;
  /** Channels C of the finite network this state stands for (used by dense/conv as the fan-in). */
  readonly channels: number;
  /** Σ_ij[l, r], n1·n2·P·P, layout ((i·n2 + j)·P + l)·P + r. */
  readonly cov: Float64Array;
  /** Σ_ii[l, r] of the row set, n1·P·P, layout (i·P + l)·P + r. */
  readonly self1: Float64Array;
  /** Σ_jj[l, r] of the column set, n2·P·P (the same array as self1 when `symmetric`). */
  readonly self2: Float64Array;
  /** ν_i(l), n1·P. */
  readonly mean1: Float64Array;
  /** ν_j(l), n2·P (the same array as mean1 when `symmetric`). */
  readonly mean2: Float64Array;
  /** Θ_ij[l, r] per trainable parameter tensor, each in cov's layout. */
  readonly ntk: ReadonlyMap<string, Float64Array>;
  /** The column set is the row set (a train × train kernel): cov[i,j,l,r] = cov[j,i,r,l]. */
  readonly symmetric: boolean;
  /**
   * The coordinates are, in the limit, centered jointly Gaussian and iid over channels: true right
   * after a dense or convolution layer (and through scale and average pooling). An activation's map
   * E[φ(u)φ(v)] is only valid on such a state.
   */
  readonly gaussian: boolean;
}

/** A state's representation shape, for messages and checks. */
export function stateShape(s: KernelState): FeatureShape {
  return { channels: s.channels, spatial: s.spatial };
}

/** Throws ShapeError unless the state describes a representation of shape `inShape`. */
export function expectStateShape(where: string, s: KernelState, inShape: FeatureShape): void {
  const same =
    s.channels === inShape.channels &&
    s.spatial.length === inShape.spatial.length &&
    s.spatial.every((v, k) => v === inShape.spatial[k]) &&
    s.pixels === pixels(inShape);
  if (!same) {
    throw new ShapeError(`${where}: the kernel state describes a ${shapeString(stateShape(s))} representation but the layer takes ${shapeString(inShape)}`);
  }
}

/** The error a node without an infinite-width limit throws. */
export function noKernelMap(kind: string, why: string): ConfigError {
  return new ConfigError(`${kind} has no infinite-width kernel map: ${why}`);
}

/** A new state from `s` with some fields replaced. */
export function withFields(s: KernelState, fields: Partial<KernelState>): KernelState {
  return { ...s, ...fields };
}

/** out[k] = a·x[k] + b (a new array). */
export function affine(x: Float64Array, a: number, b = 0): Float64Array {
  const out = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) out[k] = a * x[k] + b;
  return out;
}

/** Every NTK term mapped through f (a new map, same key order). */
export function mapNtk(ntk: ReadonlyMap<string, Float64Array>, f: (t: Float64Array) => Float64Array): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const [name, t] of ntk) out.set(name, f(t));
  return out;
}

/** Adds a new NTK term; a tensor contributes once (a repeated name is a bug in the caller). */
export function addNtkTerm(ntk: Map<string, Float64Array>, name: string, term: Float64Array): void {
  if (ntk.has(name)) throw new Error(`kernel map: parameter ${name} contributes two NTK terms`);
  ntk.set(name, term);
}

/**
 * Maps the row-set and column-set self blocks with the same function, computing once when the state
 * is symmetric (self2 is self1).
 */
export function mapSelf(s: KernelState, f: (self: Float64Array, n: number) => Float64Array): { self1: Float64Array; self2: Float64Array } {
  const self1 = f(s.self1, s.n1);
  return { self1, self2: s.symmetric ? self1 : f(s.self2, s.n2) };
}

/** Likewise for the means. */
export function mapMeans(s: KernelState, f: (mean: Float64Array, n: number) => Float64Array): { mean1: Float64Array; mean2: Float64Array } {
  const mean1 = f(s.mean1, s.n1);
  return { mean1, mean2: s.symmetric ? mean1 : f(s.mean2, s.n2) };
}
