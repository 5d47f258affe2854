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
import { DEFAULT_KERNEL_QUADRATURE_NODES, MIN_KERNEL_QUADRATURE_NODES } from '../../nn/infiniteWidth/state.js';
import { MAX_GAUSS_HERMITE_NODES } from '../../linalg/quadrature.js';
import { inputKernelState, type KernelState } from './state.js';

export { inputKernelState } from './state.js';
export type { KernelMapOptions, KernelState } from './state.js';
export { DEFAULT_KERNEL_QUADRATURE_NODES, MIN_KERNEL_QUADRATURE_NODES } from './state.js';

export interface AnalyticKernelOptions {
  /** Gauss–Hermite nodes per dimension for activations without a closed form (default 60, at least 40). */
  quadratureNodes?: number;
}

export interface AnalyticKernel {
  /** Per-output NNGP, n1 × n2. */
  nngp: Matrix;
  /** Per-output NTK, n1 × n2 (the sum of ntkByParam). */
  ntk: Matrix;
  /** The NTK split by trainable parameter tensor (e.g. "layers.0.W"), in the order the terms arise. */
  ntkByParam: Map<string, Matrix>;
}

/** The output state of the network for rows x1 and columns x2 (default x1): the raw form of analyticKernel. */
export function outputKernelState(net: Network, x1: Matrix, x2?: Matrix, opts: AnalyticKernelOptions = {}): KernelState {
  const nodes = opts.quadratureNodes ?? DEFAULT_KERNEL_QUADRATURE_NODES;
  if (!Number.isInteger(nodes) || nodes < MIN_KERNEL_QUADRATURE_NODES || nodes > MAX_GAUSS_HERMITE_NODES) {
    throw new ConfigError(`analyticKernel: quadratureNodes must be an integer from ${MIN_KERNEL_QUADRATURE_NODES} to ${MAX_GAUSS_HERMITE_NODES}; got ${nodes}`);
  }
  const root = net.root;
  if (!root.kernelMap) throw new ConfigError(`${net.name}: its ${root.kind} layer has no infinite-width kernel map`);
  const state = inputKernelState(net.inShape, x1, x2);
  return root.kernelMap(state, { quadratureNodes: nodes });
}

/**
 * The infinite-width NNGP and NTK (per output; see the file comment) of a vector-output network between
 * x1 (n1 × features) and x2 (n2 × features; default x1, giving exactly symmetric matrices).
 */
export function analyticKernel(net: Network, x1: Matrix, x2?: Matrix, opts: AnalyticKernelOptions = {}): AnalyticKernel {
  vectorOutputs(net);
  const s = outputKernelState(net, x1, x2, opts);
  const { n1, n2 } = s;
  const nngp = new Matrix(n1, n2, s.cov.slice());
  const ntk = new Matrix(n1, n2);
  const ntkByParam = new Map<string, Matrix>();
  for (const [name, t] of s.ntk) {
    ntkByParam.set(name, new Matrix(n1, n2, t.slice()));
    for (let k = 0; k < t.length; k++) ntk.data[k] += t[k];
  }
  return { nngp, ntk, ntkByParam };
}
