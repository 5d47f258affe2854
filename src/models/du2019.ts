/**
 * du2019 (Du, Lee, Li, Wang, Zhai: "Gradient descent finds global minima of deep neural networks"):
 * fully connected (Sec 5), ResNet (Sec 6) and 1-D convolutional ResNet (Sec 7). Every weight and the
 * output a are N(0, 1), no biases, all layers trained; c_σ = 1/E[σ(z)²] (Sec 3).
 *   FC:     x^(h) = √(c_σ/m)·σ(W^(h)x^(h−1)), h = 1..H;  f = aᵀx^(H).
 *   ResNet: x^(1) as FC; x^(h) = x^(h−1) + (c_res/(H√m))·σ(W^(h)x^(h−1)), h = 2..H;  f = aᵀx^(H).
 *   CNN:    the same with W^(h) acting on patches φ_h (kernel q, stride 1, zero padding); f = ⟨a, x^(H)⟩_F.
 */
import { ConfigError } from '../errors.js';
import { Network } from '../nn/network.js';
import { act } from '../nn/layers/activation.js';
import { conv } from '../nn/layers/conv.js';
import { dense } from '../nn/layers/dense.js';
import { flatten } from '../nn/layers/reshape.js';
import { scale } from '../nn/layers/scale.js';
import { residual } from '../nn/combinators/residual.js';
import { serial } from '../nn/combinators/serial.js';
import { activation, cSigma, type ActivationSpec } from '../nn/activations.js';
import type { Layer } from '../nn/node.js';
import { vectorShape } from '../nn/shape.js';

export interface Du2019Options {
  /** Input dimension d (FC, ResNet) or input channels d0 (CNN). */
  inputDim: number;
  /** Width m. */
  width: number;
  /** Depth H (number of hidden layers). */
  depth: number;
  /** σ: softplus by default (du2019's guiding example; ReLU is excluded by Cond 3.1). */
  activation?: ActivationSpec;
  /** ResNet branch constant c_res ∈ (0, 1) (default 0.25). */
  cRes?: number;
}

function check(o: Du2019Options, minDepth: number): void {
  for (const [k, v] of [['inputDim', o.inputDim], ['width', o.width], ['depth', o.depth]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`du2019: ${k} must be a positive integer; got ${v}`);
  }
  if (o.depth < minDepth) throw new ConfigError(`du2019: this architecture needs depth H ≥ ${minDepth}; got ${o.depth}`);
  if (o.cRes !== undefined && !(o.cRes > 0 && o.cRes < 1)) throw new ConfigError(`du2019: cRes must lie in (0, 1); got ${o.cRes}`);
}

const unit = { scale: 1, weightStd: 1 } as const;

/** du2019 Sec 5 fully connected network. */
export function du2019FC(o: Du2019Options): Network {
  check(o, 1);
  const spec = o.activation ?? { name: 'softplus' };
  const c = Math.sqrt(cSigma(activation(spec)) / o.width);
  const layers: Layer[] = [];
  for (let h = 0; h < o.depth; h++) layers.push(dense({ width: o.width, ...unit }), act(spec), scale(c));
  layers.push(dense({ width: 1, ...unit }));
  return new Network(serial(...layers), vectorShape(o.inputDim), `du2019-fc(H=${o.depth}, m=${o.width})`);
}

/** du2019 Sec 6 ResNet (H ≥ 2). */
export function du2019ResNet(o: Du2019Options): Network {
  check(o, 2);
  const spec = o.activation ?? { name: 'softplus' };
  const m = o.width;
  const beta = (o.cRes ?? 0.25) / (o.depth * Math.sqrt(m));
  const layers: Layer[] = [dense({ width: m, ...unit }), act(spec), scale(Math.sqrt(cSigma(activation(spec)) / m))];
  for (let h = 2; h <= o.depth; h++) layers.push(residual(serial(dense({ width: m, ...unit }), act(spec)), beta));
  layers.push(dense({ width: 1, ...unit }));
  return new Network(serial(...layers), vectorShape(o.inputDim), `du2019-resnet(H=${o.depth}, m=${o.width})`);
}

export interface Du2019CnnOptions extends Du2019Options {
  /** Pixels p of the 1-D input. */
  pixels: number;
  /** Kernel size q (odd; du2019 uses 3). */
  kernel?: number;
}

/** du2019 Sec 7 convolutional ResNet on inputs of d0 channels × p pixels. */
export function du2019CNN(o: Du2019CnnOptions): Network {
  check(o, 2);
  if (!Number.isInteger(o.pixels) || o.pixels < 1) throw new ConfigError(`du2019: pixels must be a positive integer; got ${o.pixels}`);
  const spec = o.activation ?? { name: 'softplus' };
  const m = o.width;
  const q = o.kernel ?? 3;
  const beta = (o.cRes ?? 0.25) / (o.depth * Math.sqrt(m));
  const layers: Layer[] = [conv({ channels: m, kernel: q, ...unit }), act(spec), scale(Math.sqrt(cSigma(activation(spec)) / m))];
  for (let h = 2; h <= o.depth; h++) layers.push(residual(serial(conv({ channels: m, kernel: q, ...unit }), act(spec)), beta));
  layers.push(flatten(), dense({ width: 1, ...unit }));
  return new Network(serial(...layers), { channels: o.inputDim, spatial: [o.pixels] }, `du2019-cnn(H=${o.depth}, m=${o.width}, p=${o.pixels})`);
}
