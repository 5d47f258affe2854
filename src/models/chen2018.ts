/**
 * chen2018 (Chen, Xu, Liang, Wang, Lin: "The effect of network width on the performance of large-batch
 * training", App. A–C): student and teacher share an architecture; all weights iid N(0, 1), no biases,
 * no scaling. L-layer linear: ŷ = W_L⋯W_1x with W_ℓ ∈ R^{K_ℓ×K_{ℓ−1}}, K_0 = d, K_L = 1.
 * 2-layer nonlinear: ŷ = W_2σ(W_1x) (Theorem 2 assumes σ odd, bounded, monotone: tanh by default).
 */
import { ConfigError } from '../errors.js';
import { Network } from '../nn/network.js';
import { act } from '../nn/layers/activation.js';
import { dense } from '../nn/layers/dense.js';
import { serial } from '../nn/combinators/serial.js';
import type { ActivationSpec } from '../nn/activations.js';
import { vectorShape } from '../nn/shape.js';

const plain = { scale: 1, weightStd: 1 } as const;

/** L-layer linear network for widths K = (K_0 = d, K_1, …, K_{L−1}); output K_L = 1. */
export function chen2018Linear(widths: readonly number[]): Network {
  if (widths.length < 1 || !widths.every((k) => Number.isInteger(k) && k >= 1)) {
    throw new ConfigError(`chen2018: widths K = (K_0, …, K_{L−1}) must be positive integers; got (${widths.join(', ')})`);
  }
  const layers = [...widths.slice(1).map((k) => dense({ width: k, ...plain })), dense({ width: 1, ...plain })];
  return new Network(serial(...layers), vectorShape(widths[0]), `chen2018-linear(K=${widths.join(',')})`);
}

/** 2-layer nonlinear network ŷ = W_2σ(W_1x), W_1 ∈ R^{K×d}. */
export function chen2018TwoLayer(o: { inputDim: number; width: number; activation?: ActivationSpec }): Network {
  if (!Number.isInteger(o.inputDim) || o.inputDim < 1 || !Number.isInteger(o.width) || o.width < 1) {
    throw new ConfigError(`chen2018: inputDim and width must be positive integers; got ${o.inputDim}, ${o.width}`);
  }
  return new Network(
    serial(dense({ width: o.width, ...plain }), act(o.activation ?? { name: 'tanh' }), dense({ width: 1, ...plain })),
    vectorShape(o.inputDim),
    `chen2018-two-layer(d=${o.inputDim}, K=${o.width})`,
  );
}
