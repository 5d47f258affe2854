/**
 * zou2018 (Zou, Cao, Zhou, Gu: "Stochastic gradient descent optimizes over-parameterized deep ReLU
 * networks", Sec 3): f_W(x) = vᵀσ(W_Lᵀσ(⋯σ(W_1ᵀx))), ReLU with σ'(0) = 0, no biases. Each column of W_l
 * (the incoming weights of one neuron; a row of our out×in matrix) ~ N(0, (2/m_l)·I), m_l the layer's
 * own output width (layer 1 included). v ∈ {±1}^{m_L} is fixed, half +1 and half −1, never trained.
 */
import { ConfigError } from '../errors.js';
import { Network } from '../nn/network.js';
import { act } from '../nn/layers/activation.js';
import { dense } from '../nn/layers/dense.js';
import { serial } from '../nn/combinators/serial.js';
import type { Layer } from '../nn/node.js';
import { vectorShape } from '../nn/shape.js';

export interface Zou2018Options {
  inputDim: number;
  /** Hidden width m (all layers; must be even for the balanced output). */
  width: number;
  /** L hidden layers. */
  depth: number;
}

export function zou2018(o: Zou2018Options): Network {
  for (const [k, v] of [['inputDim', o.inputDim], ['width', o.width], ['depth', o.depth]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`zou2018: ${k} must be a positive integer; got ${v}`);
  }
  if (o.width % 2 !== 0) throw new ConfigError(`zou2018: width must be even (v has exactly half +1 and half −1 entries); got ${o.width}`);
  const layers: Layer[] = [];
  for (let l = 0; l < o.depth; l++) {
    layers.push(dense({ width: o.width, scale: 1, weightStd: Math.sqrt(2 / o.width) }), act({ name: 'relu', derivativeAtZero: 0 }));
  }
  layers.push(dense({ width: 1, scale: 1, weightInit: { kind: 'balancedSigns' }, trainable: false }));
  return new Network(serial(...layers), vectorShape(o.inputDim), `zou2018(L=${o.depth}, m=${o.width})`);
}
