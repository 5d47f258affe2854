/**
 * liu2020 (Liu, Zhu, Belkin: "On the linearity of large non-linear models: when and why the tangent
 * kernel is constant"): NTK-parameterized networks, all weights N(0, 1), each layer multiplied by
 * 1/√fan_in (Sec 2, App. H). FC: α^(l) = σ(W^(l)α^(l−1)/√m_{l−1}); f = vᵀα^(L)/√m_L.
 * ResNet (H.2): α^(1) = σ(W^(1)x/√d); α^(l) = σ(W^(l)α^(l−1)/√m) + α^(l−1). 1-D CNN (H.1): zero-padded
 * convolutions of kernel K; the text prints 1/√m_l — we divide by the fan-in √(K·m_{l−1}), which for equal
 * widths differs by the constant √K and keeps the first layer O(1); the output is a flatten + NTK dense.
 * Heads (App. C.1): 'linear' (the logits), 'softmax' (f1), 'swish' (f2 = f·sigmoid(0.1f)).
 * Bottleneck (App. C.2) and the 1-D two-layer model of C.1 are below.
 */
import { ConfigError } from '../errors.js';
import { Network } from '../nn/network.js';
import type { ActivationSpec } from '../nn/activations.js';
import { act } from '../nn/layers/activation.js';
import { conv } from '../nn/layers/conv.js';
import { dense } from '../nn/layers/dense.js';
import { flatten } from '../nn/layers/reshape.js';
import { softmax } from '../nn/layers/softmax.js';
import { residual } from '../nn/combinators/residual.js';
import { serial } from '../nn/combinators/serial.js';
import type { Layer } from '../nn/node.js';
import { vectorShape } from '../nn/shape.js';

export type Liu2020Head = 'linear' | 'softmax' | 'swish';
export const LIU2020_HEADS: readonly Liu2020Head[] = ['linear', 'softmax', 'swish'];

export interface Liu2020Options {
  inputDim: number;
  width: number;
  /** L hidden layers. */
  depth: number;
  /** Outputs C (default 1). */
  outputs?: number;
  activation?: ActivationSpec;
  head?: Liu2020Head;
}

function positive(where: string, entries: [string, number | undefined][]): void {
  for (const [k, v] of entries) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new ConfigError(`${where}: ${k} must be a positive integer; got ${v}`);
  }
}

/** The output head as layers (none for 'linear'). */
export function headLayers(head: Liu2020Head = 'linear'): Layer[] {
  if (head === 'linear') return [];
  if (head === 'softmax') return [softmax()];
  if (head === 'swish') return [act({ name: 'swish', beta: 0.1 })];
  throw new ConfigError(`liu2020: head must be one of ${LIU2020_HEADS.join(', ')}; got ${String(head)}`);
}

export function liu2020FC(o: Liu2020Options): Network {
  positive('liu2020-fc', [['inputDim', o.inputDim], ['width', o.width], ['depth', o.depth], ['outputs', o.outputs]]);
  const spec = o.activation ?? { name: 'tanh' };
  const layers: Layer[] = [];
  for (let l = 0; l < o.depth; l++) layers.push(dense({ width: o.width }), act(spec));
  layers.push(dense({ width: o.outputs ?? 1 }), ...headLayers(o.head));
  return new Network(serial(...layers), vectorShape(o.inputDim), `liu2020-fc(L=${o.depth}, m=${o.width}, ${o.head ?? 'linear'})`);
}

export function liu2020ResNet(o: Liu2020Options): Network {
  positive('liu2020-resnet', [['inputDim', o.inputDim], ['width', o.width], ['depth', o.depth], ['outputs', o.outputs]]);
  const spec = o.activation ?? { name: 'tanh' };
  const layers: Layer[] = [dense({ width: o.width }), act(spec)];
  for (let l = 2; l <= o.depth; l++) layers.push(residual(serial(dense({ width: o.width }), act(spec)), 1));
  layers.push(dense({ width: o.outputs ?? 1 }), ...headLayers(o.head));
  return new Network(serial(...layers), vectorShape(o.inputDim), `liu2020-resnet(L=${o.depth}, m=${o.width}, ${o.head ?? 'linear'})`);
}

export interface Liu2020CnnOptions extends Liu2020Options {
  pixels: number;
  kernel?: number;
}

export function liu2020CNN(o: Liu2020CnnOptions): Network {
  positive('liu2020-cnn', [['inputDim', o.inputDim], ['width', o.width], ['depth', o.depth], ['outputs', o.outputs], ['pixels', o.pixels]]);
  const spec = o.activation ?? { name: 'tanh' };
  const layers: Layer[] = [];
  for (let l = 0; l < o.depth; l++) layers.push(conv({ channels: o.width, kernel: o.kernel ?? 3 }), act(spec));
  layers.push(flatten(), dense({ width: o.outputs ?? 1 }), ...headLayers(o.head));
  return new Network(serial(...layers), { channels: o.inputDim, spatial: [o.pixels] }, `liu2020-cnn(L=${o.depth}, m=${o.width}, ${o.head ?? 'linear'})`);
}

export interface BottleneckOptions {
  width: number;
  bottleneck: number;
  outputs?: number;
  /** Multiplier before W3; the extracted text shows none, NTK scaling suggests 1/√m_b (default). */
  bottleneckScale?: number;
  head?: Liu2020Head;
}

/** App. C.2: f = (1/√m)W4·relu(s_b·W3·(1/√m)W2·relu(W1x)), scalar input, W2 ∈ R^{m_b×m}. */
export function liu2020Bottleneck(o: BottleneckOptions): Network {
  positive('liu2020-bottleneck', [['width', o.width], ['bottleneck', o.bottleneck], ['outputs', o.outputs]]);
  const m = o.width;
  const sb = o.bottleneckScale ?? 1 / Math.sqrt(o.bottleneck);
  const relu: ActivationSpec = { name: 'relu' };
  return new Network(
    serial(
      dense({ width: m, scale: 1 }), act(relu),
      dense({ width: o.bottleneck, scale: 1 / Math.sqrt(m) }),
      dense({ width: m, scale: sb }), act(relu),
      dense({ width: o.outputs ?? 3, scale: 1 / Math.sqrt(m) }),
      ...headLayers(o.head),
    ),
    vectorShape(1),
    `liu2020-bottleneck(m=${m}, m_b=${o.bottleneck}, ${o.head ?? 'linear'})`,
  );
}

/** App. C.1: f = (1/√m)V·relu(w·x + b), scalar x, w, b ∈ R^m, V ∈ R^{C×m}; all N(0, 1). */
export function liu2020TwoLayer(o: { width: number; outputs?: number; head?: Liu2020Head }): Network {
  positive('liu2020-two-layer', [['width', o.width], ['outputs', o.outputs]]);
  return new Network(
    serial(
      dense({ width: o.width, scale: 1, bias: { std: 1, scale: 1 } }), act({ name: 'relu' }),
      dense({ width: o.outputs ?? 3, scale: 1 / Math.sqrt(o.width) }),
      ...headLayers(o.head),
    ),
    vectorShape(1),
    `liu2020-two-layer(m=${o.width}, ${o.head ?? 'linear'})`,
  );
}
