/**
 * The built form of a layer: a node with fixed input and output shapes and its own parameter tensors.
 * Each node has the faces the design asks for (forward, JVP, VJP) plus the dual VJP that forward-over-
 * reverse differentiation needs for exact Hessian-vector products (Pearlmutter's R-operator):
 *
 *   forward:  y = F(x; θ)
 *   jvp:      ẏ = ∂F/∂x·ẋ + ∂F/∂θ·θ̇                       (θ̇ = ctx.tangent)
 *   vjp:      gₓ = (∂F/∂x)ᵀg,  g_θ = (∂F/∂θ)ᵀg             (g_θ goes to the sink)
 *   hvp:      ġₓ = d/dt[(∂F/∂x)ᵀg] along (ẋ, θ̇, ġ),  ġ_θ likewise (to the sink)
 *
 * Summed over the network with the output cotangent g = ℓ'(f) and ġ = ℓ''(f)·ḟ, the ġ_θ are H·θ̇.
 */
import type { Matrix } from '../linalg/matrix.js';
import type { FeatureShape } from './shape.js';
import type { ParamRef, ParamRegistry } from './params.js';
import type { GradSink } from './sinks.js';
import type { KernelMapOptions, KernelState } from './infiniteWidth/state.js';

export interface Ctx {
  /** The flat parameter vector. */
  readonly params: Float64Array;
  /** The flat parameter tangent θ̇ (zero on frozen parameters), for jvp and hvp. */
  readonly tangent?: Float64Array;
  /**
   * Called by nonlinear nodes during forward with their pre-activations (activation layers: z, N×size;
   * recurrences: g_l of every step, N×(L·m)), labelled by the node's path — activation patterns and
   * their flips (zou2018 Thm 5.3, allenzhu2019) are read from these.
   */
  readonly tap?: (path: string, z: Matrix) => void;
  /**
   * A backward, tangent or second-order pass will follow this forward pass (Network.forwardPass): nodes
   * may keep what it needs when that comes cheap now (an activation layer σ′(z), from σ's exponential).
   */
  readonly differentiate?: boolean;
}

/** What a node keeps from its forward pass for its backward pass (node-specific). */
export type Cache = unknown;

export interface Node {
  readonly kind: string;
  readonly inShape: FeatureShape;
  readonly outShape: FeatureShape;
  /** This node's tensors and, recursively, its children's. */
  readonly params: readonly ParamRef[];
  forward(ctx: Ctx, x: Matrix): { y: Matrix; cache: Cache };
  /** ẏ for input tangent ẋ (null: the input does not move) and parameter tangent ctx.tangent. */
  jvp(ctx: Ctx, cache: Cache, dx: Matrix | null): { dy: Matrix; tcache: Cache };
  /** gₓ (null when needInput is false); parameter cotangents go to the sink. */
  vjp(ctx: Ctx, cache: Cache, gy: Matrix, sink: GradSink, needInput: boolean): Matrix | null;
  /** (gₓ, ġₓ) for the dual cotangent (g, ġ); parameter cotangent tangents ġ_θ go to the sink. */
  hvp(ctx: Ctx, cache: Cache, tcache: Cache, gy: Matrix, dgy: Matrix, sink: GradSink, needInput: boolean): { gx: Matrix; dgx: Matrix } | null;
  /**
   * The infinite-width face: maps the kernel state (NNGP Σ, means ν, NTK Θ split by tensor; see
   * infiniteWidth/state.ts) of this node's input to that of its output. Throws ConfigError for nodes
   * without a limit (softmax, recurrent).
   */
  kernelMap?(state: KernelState, opts: KernelMapOptions): KernelState;
}

/** An unbuilt layer: a description that becomes a Node once its input shape is known. */
export interface Layer {
  readonly kind: string;
  build(inShape: FeatureShape, reg: ParamRegistry, path: string): Node;
}
