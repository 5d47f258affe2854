/**
 * Infinite-width NNGP and NTK of a network, computed through the same layer objects as its forward
 * pass (each node's `kernelMap` face; neural-tangents `stax` kernel_fn): the initial state of the inputs
 * (state.ts) is mapped layer by layer to the state of the outputs.
 *
 * For a vector-output network with C outputs the limit is a Gaussian process whose outputs are iid, so
 * the full kernels are nngp ⊗ I_C and ntk ⊗ I_C; this returns the per-output n1 × n2 blocks:
 *   nngp_ij = E[f_c(x_i)·f_c(x_j)] at initialization (the covariance when the last layer is linear with
 *             zero-mean weights, as in every preset; the second moment after a nonlinear head),
 *   ntk_ij  = Σ_θ ∂f_c(x_i)/∂θ·∂f_c(x_j)/∂θ in the limit, = Σ_name ntkByParam(name)_ij (trainable
 *             tensors only; du2019's K^(H) is the term of the last hidden layer's W).
 */
import { ConfigError } from '../../errors.js';
import { Matrix } from '../../linalg/matrix.js';
import type { Network } from '../../nn/network.js';
import { vectorOutputs } from '../../nn/network.js';
import { MIN_KERNEL_QUADRATURE_NODES } from '../../nn/infiniteWidth/state.js';
import { DEFAULT_QUADRATURE_TOL, type QuadratureAchieved } from '../../nn/infiniteWidth/adaptiveQuadrature.js';
import { checkQuadratureTol } from '../../nn/infiniteWidth/pointwise.js';
import { MAX_GAUSS_HERMITE_NODES } from '../../linalg/quadrature.js';
import { inputKernelState, type KernelState } from './state.js';

export { inputKernelState } from './state.js';
export type { KernelMapOptions, KernelState } from './state.js';
export { MIN_KERNEL_QUADRATURE_NODES } from './state.js';
export { DEFAULT_QUADRATURE_TOL, type QuadratureAchieved } from '../../nn/infiniteWidth/adaptiveQuadrature.js';

export interface AnalyticKernelOptions {
  /**
   * Relative accuracy of every Gaussian expectation of an activation without a closed form (softplus,
   * sigmoid, tanh, swish, gelu): adaptive quadrature to this tolerance (default 1e-10).
   */
  quadratureTol?: number;
  /** Instead: a fixed Gauss–Hermite rule of this many nodes per dimension (at least 40; no error estimate). */
  quadratureNodes?: number;
  /** Receives what each adaptive activation map achieved. */
  quadratureAchieved?: QuadratureAchieved[];
}

/** What the adaptive quadrature of a kernel achieved, over all its activation maps (null: none ran). */
export interface QuadratureSummary {
  tolerance: number;
  /** The largest error estimate of any expectation, relative to the integral of its |integrand|. */
  maxRelativeError: number;
  expectations: number;
  /** Expectations that did not reach the tolerance at the finest grid allowed. */
  unconverged: number;
  maxNodes: number;
}

/** Combines the per-map reports (null when no activation needed quadrature). */
export function summarizeQuadrature(maps: readonly QuadratureAchieved[], tolerance: number): QuadratureSummary | null {
  if (maps.length === 0) return null;
  return {
    tolerance,
    maxRelativeError: Math.max(...maps.map((m) => m.maxRelativeError)),
    expectations: maps.reduce((s, m) => s + m.expectations, 0),
    unconverged: maps.reduce((s, m) => s + m.unconverged, 0),
    maxNodes: Math.max(...maps.map((m) => m.maxNodes)),
  };
}

export interface AnalyticKernel {
  /** Per-output NNGP, n1 × n2. */
  nngp: Matrix;
  /** Per-output NTK, n1 × n2 (the sum of ntkByParam). */
  ntk: Matrix;
  /** The NTK split by trainable parameter tensor (e.g. "layers.0.W"), in the order the terms arise. */
  ntkByParam: Map<string, Matrix>;
  /** What the adaptive quadrature achieved (null: every activation had a closed form, or a fixed rule ran). */
  quadrature: QuadratureSummary | null;
}

/** The output state of the network for rows x1 and columns x2 (default x1): the raw form of analyticKernel. */
export function outputKernelState(net: Network, x1: Matrix, x2?: Matrix, opts: AnalyticKernelOptions = {}): KernelState {
  const nodes = opts.quadratureNodes;
  if (nodes !== undefined && (!Number.isInteger(nodes) || nodes < MIN_KERNEL_QUADRATURE_NODES || nodes > MAX_GAUSS_HERMITE_NODES)) {
    throw new ConfigError(`analyticKernel: quadratureNodes must be an integer from ${MIN_KERNEL_QUADRATURE_NODES} to ${MAX_GAUSS_HERMITE_NODES}; got ${nodes}`);
  }
  const tol = checkQuadratureTol(opts.quadratureTol ?? DEFAULT_QUADRATURE_TOL, 'analyticKernel: quadratureTol');
  const root = net.root;
  if (!root.kernelMap) throw new ConfigError(`${net.name}: its ${root.kind} layer has no infinite-width kernel map`);
  const state = inputKernelState(net.inShape, x1, x2);
  return root.kernelMap(state, { quadratureNodes: nodes, quadratureTol: tol, quadratureAchieved: opts.quadratureAchieved });
}

/**
 * The infinite-width NNGP and NTK (per output; see the file comment) of a vector-output network between
 * x1 (n1 × features) and x2 (n2 × features; default x1, giving exactly symmetric matrices).
 */
export function analyticKernel(net: Network, x1: Matrix, x2?: Matrix, opts: AnalyticKernelOptions = {}): AnalyticKernel {
  vectorOutputs(net);
  const achieved: QuadratureAchieved[] = [];
  const s = outputKernelState(net, x1, x2, { ...opts, quadratureAchieved: achieved });
  opts.quadratureAchieved?.push(...achieved);
  const { n1, n2 } = s;
  const nngp = new Matrix(n1, n2, s.cov.slice());
  const ntk = new Matrix(n1, n2);
  const ntkByParam = new Map<string, Matrix>();
  for (const [name, t] of s.ntk) {
    ntkByParam.set(name, new Matrix(n1, n2, t.slice()));
    for (let k = 0; k < t.length; k++) ntk.data[k] += t[k];
  }
  const quadrature = summarizeQuadrature(achieved, opts.quadratureTol ?? DEFAULT_QUADRATURE_TOL);
  return { nngp, ntk, ntkByParam, quadrature };
}
