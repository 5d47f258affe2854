/**
 * Model specs: a small JSON description of a network — a paper preset with its parameters, or a
 * composition of layers — validated at the boundary and built into a Network.
 *
 *   {"preset": "du2019-fc", "inputDim": 5, "width": 512, "depth": 3, "activation": {"name": "softplus"}}
 *   {"input": {"channels": 2, "spatial": [8]}, "layers": [{"type": "conv", "channels": 64, "kernel": 3},
 *    {"type": "activation", "activation": {"name": "relu"}}, {"type": "flatten"}, {"type": "dense", "width": 1}]}
 */
import { ConfigError } from '../errors.js';
import { parseActivationSpec, type ActivationSpec } from '../nn/activations.js';
import { act } from '../nn/layers/activation.js';
import { conv } from '../nn/layers/conv.js';
import { dense } from '../nn/layers/dense.js';
import { flatten, globalAvgPool } from '../nn/layers/reshape.js';
import { scale } from '../nn/layers/scale.js';
import { softmax } from '../nn/layers/softmax.js';
import { recurrent } from '../nn/combinators/recurrent.js';
import { residual } from '../nn/combinators/residual.js';
import { serial } from '../nn/combinators/serial.js';
import { Network } from '../nn/network.js';
import type { Layer } from '../nn/node.js';
import { vectorShape, type FeatureShape } from '../nn/shape.js';
import { allenZhu2019 } from './allenzhu2019.js';
import { chen2018Linear, chen2018TwoLayer } from './chen2018.js';
import { du2019CNN, du2019FC, du2019ResNet } from './du2019.js';
import { LIU2020_HEADS, liu2020Bottleneck, liu2020CNN, liu2020FC, liu2020ResNet, liu2020TwoLayer } from './liu2020.js';
import { zou2018 } from './zou2018.js';
import { array, asObject, bool, describe, integer, jsonDeeperThan, number, oneOf, onlyKeys, type JsonObject } from './specReader.js';

export const PRESETS = [
  'du2019-fc', 'du2019-resnet', 'du2019-cnn', 'zou2018', 'allenzhu2019', 'chen2018-linear', 'chen2018-two-layer',
  'liu2020-fc', 'liu2020-resnet', 'liu2020-cnn', 'liu2020-bottleneck', 'liu2020-two-layer',
] as const;
export type PresetName = (typeof PRESETS)[number];

/** How deep residual branches may nest in a spec (each level is one residual block inside another). */
export const MAX_SPEC_DEPTH = 256;
/** How many layers a composed spec may list in all, nested branches included. */
export const MAX_SPEC_LAYERS = 10_000;

/** A long nested field path, cut in the middle so that a message stays one readable line. */
function shortPath(where: string): string {
  return where.length <= 160 ? where : `${where.slice(0, 80)}…${where.slice(-60)}`;
}

/** Where parsing is: the nesting depth (residual blocks around the layer) and the layers counted so far (shared by the whole spec). */
interface ParseState {
  depth: number;
  count: { layers: number };
}

/** Refuses a list of layers that would take the spec past MAX_SPEC_LAYERS, before parsing its entries. */
function countLayers(list: unknown[], st: ParseState, where: string): void {
  st.count.layers += list.length;
  if (st.count.layers > MAX_SPEC_LAYERS) {
    throw new ConfigError(`${shortPath(where)} takes the spec past ${MAX_SPEC_LAYERS} layers (it lists ${list.length} here); at most ${MAX_SPEC_LAYERS} layers are allowed in one model spec`);
  }
}

export const LAYER_TYPES = ['dense', 'conv', 'activation', 'scale', 'residual', 'flatten', 'globalAvgPool', 'softmax', 'recurrent'] as const;

function activationField(o: JsonObject, where: string): ActivationSpec | undefined {
  return o['activation'] === undefined ? undefined : parseActivationSpec(o['activation'], `${where}.activation`);
}

function scaleField(o: JsonObject, where: string): 'ntk' | 'standard' | number | undefined {
  const v = o['scale'];
  if (v === undefined || v === 'ntk' || v === 'standard') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new ConfigError(`${where}.scale must be "ntk", "standard" or a finite number; got ${describe(v)}`);
}

function biasField(o: JsonObject, where: string): boolean | { std?: number; scale?: number } | undefined {
  const v = o['bias'];
  if (v === undefined || typeof v === 'boolean') return v;
  const b = asObject(v, `${where}.bias`);
  onlyKeys(b, ['std', 'scale'], `${where}.bias`);
  return { std: number(b, 'std', `${where}.bias`, { optional: true, exclusiveMin: -1e-300 }), scale: number(b, 'scale', `${where}.bias`, { optional: true }) };
}

function parseLayer(v: unknown, where: string, st: ParseState): Layer {
  if (st.depth > MAX_SPEC_DEPTH) throw new ConfigError(`model spec nesting deeper than ${MAX_SPEC_DEPTH} at ${shortPath(where)}; at most ${MAX_SPEC_DEPTH} residual blocks may nest`);
  const o = asObject(v, where);
  const type = oneOf(o, 'type', LAYER_TYPES, where)!;
  switch (type) {
    case 'dense':
      onlyKeys(o, ['type', 'width', 'scale', 'weightStd', 'bias', 'trainable'], where);
      return dense({
        width: integer(o, 'width', where, { min: 1 }),
        scale: scaleField(o, where),
        weightStd: number(o, 'weightStd', where, { optional: true, exclusiveMin: 0 }),
        bias: biasField(o, where),
        trainable: bool(o, 'trainable', where),
      });
    case 'conv':
      onlyKeys(o, ['type', 'channels', 'kernel', 'scale', 'weightStd', 'bias', 'trainable'], where);
      return conv({
        channels: integer(o, 'channels', where, { min: 1 }),
        kernel: integer(o, 'kernel', where, { min: 1 }),
        scale: scaleField(o, where),
        weightStd: number(o, 'weightStd', where, { optional: true, exclusiveMin: 0 }),
        bias: biasField(o, where),
        trainable: bool(o, 'trainable', where),
      });
    case 'activation': {
      onlyKeys(o, ['type', 'activation'], where);
      const a = activationField(o, where);
      if (!a) throw new ConfigError(`${where}.activation is required, e.g. {"name": "relu"}`);
      return act(a);
    }
    case 'scale':
      onlyKeys(o, ['type', 'value'], where);
      return scale(number(o, 'value', where, { optional: false }));
    case 'residual': {
      onlyKeys(o, ['type', 'branch', 'beta'], where);
      const list = array(o, 'branch', where);
      countLayers(list, st, `${where}.branch`);
      const inner: ParseState = { depth: st.depth + 1, count: st.count };
      const branch = list.map((l, i) => parseLayer(l, `${where}.branch[${i}]`, inner));
      return residual(serial(...branch), number(o, 'beta', where, { optional: true }) ?? 1);
    }
    case 'flatten':
      onlyKeys(o, ['type'], where);
      return flatten();
    case 'globalAvgPool':
      onlyKeys(o, ['type'], where);
      return globalAvgPool();
    case 'softmax':
      onlyKeys(o, ['type'], where);
      return softmax();
    case 'recurrent': {
      onlyKeys(o, ['type', 'width', 'outputs', 'activation', 'stdW', 'stdA', 'stdB', 'train'], where);
      let train: { W?: boolean; A?: boolean; B?: boolean } | undefined;
      if (o['train'] !== undefined) {
        const t = asObject(o['train'], `${where}.train`);
        onlyKeys(t, ['W', 'A', 'B'], `${where}.train`);
        train = { W: bool(t, 'W', `${where}.train`), A: bool(t, 'A', `${where}.train`), B: bool(t, 'B', `${where}.train`) };
      }
      return recurrent({
        width: integer(o, 'width', where, { min: 1 }),
        outputs: integer(o, 'outputs', where, { min: 1 }),
        activation: activationField(o, where),
        stdW: number(o, 'stdW', where, { optional: true, exclusiveMin: 0 }),
        stdA: number(o, 'stdA', where, { optional: true, exclusiveMin: 0 }),
        stdB: number(o, 'stdB', where, { optional: true, exclusiveMin: 0 }),
        train,
      });
    }
  }
}

function parseInputShape(v: unknown, where: string): FeatureShape {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`${where} must be a positive integer or {"channels", "spatial"}; got ${v}`);
    return vectorShape(v);
  }
  const o = asObject(v, where);
  onlyKeys(o, ['channels', 'spatial'], where);
  const channels = integer(o, 'channels', where, { min: 1 });
  const spatial = o['spatial'] === undefined ? [] : array(o, 'spatial', where);
  if (spatial.length > 2 || !spatial.every((s) => typeof s === 'number' && Number.isInteger(s) && s >= 1)) {
    throw new ConfigError(`${where}.spatial must be [] or a list of one or two positive integers; got ${JSON.stringify(spatial)}`);
  }
  return { channels, spatial: spatial as number[] };
}

const COMMON = ['preset', 'inputDim', 'width', 'depth', 'activation'];

function buildPreset(o: JsonObject, preset: PresetName, where: string): Network {
  const w = where;
  switch (preset) {
    case 'du2019-fc':
    case 'du2019-resnet': {
      onlyKeys(o, [...COMMON, 'cRes'], w);
      const opts = {
        inputDim: integer(o, 'inputDim', w, { min: 1 }), width: integer(o, 'width', w, { min: 1 }),
        depth: integer(o, 'depth', w, { min: preset === 'du2019-fc' ? 1 : 2, max: MAX_SPEC_LAYERS }), activation: activationField(o, w),
        cRes: number(o, 'cRes', w, { optional: true, exclusiveMin: 0, max: 0.999999 }),
      };
      return preset === 'du2019-fc' ? du2019FC(opts) : du2019ResNet(opts);
    }
    case 'du2019-cnn':
      onlyKeys(o, [...COMMON, 'cRes', 'pixels', 'kernel'], w);
      return du2019CNN({
        inputDim: integer(o, 'inputDim', w, { min: 1 }), width: integer(o, 'width', w, { min: 1 }),
        depth: integer(o, 'depth', w, { min: 2, max: MAX_SPEC_LAYERS }), activation: activationField(o, w),
        cRes: number(o, 'cRes', w, { optional: true, exclusiveMin: 0, max: 0.999999 }),
        pixels: integer(o, 'pixels', w, { min: 1 }), kernel: integer(o, 'kernel', w, { min: 1, optional: true }),
      });
    case 'zou2018':
      onlyKeys(o, ['preset', 'inputDim', 'width', 'depth'], w);
      return zou2018({ inputDim: integer(o, 'inputDim', w, { min: 1 }), width: integer(o, 'width', w, { min: 2 }), depth: integer(o, 'depth', w, { min: 1, max: MAX_SPEC_LAYERS }) });
    case 'allenzhu2019':
      onlyKeys(o, ['preset', 'inputDim', 'length', 'width', 'outputs', 'recurrentGain'], w);
      return allenZhu2019({
        inputDim: integer(o, 'inputDim', w, { min: 1 }), length: integer(o, 'length', w, { min: 1, max: MAX_SPEC_LAYERS }),
        width: integer(o, 'width', w, { min: 1 }), outputs: integer(o, 'outputs', w, { min: 1 }),
        recurrentGain: number(o, 'recurrentGain', w, { optional: true, exclusiveMin: 0 }),
      });
    case 'chen2018-linear': {
      onlyKeys(o, ['preset', 'widths'], w);
      const ks = array(o, 'widths', w);
      if (ks.length > MAX_SPEC_LAYERS) throw new ConfigError(`${w}.widths lists ${ks.length} widths; at most ${MAX_SPEC_LAYERS} layers are allowed in one model spec`);
      if (ks.length < 1 || !ks.every((k) => typeof k === 'number' && Number.isInteger(k) && k >= 1)) {
        throw new ConfigError(`${w}.widths must list positive integers K_0 = d, K_1, …, K_{L−1}; got ${JSON.stringify(ks)}`);
      }
      return chen2018Linear(ks as number[]);
    }
    case 'chen2018-two-layer':
      onlyKeys(o, ['preset', 'inputDim', 'width', 'activation'], w);
      return chen2018TwoLayer({ inputDim: integer(o, 'inputDim', w, { min: 1 }), width: integer(o, 'width', w, { min: 1 }), activation: activationField(o, w) });
    case 'liu2020-fc':
    case 'liu2020-resnet':
    case 'liu2020-cnn': {
      onlyKeys(o, [...COMMON, 'outputs', 'head', ...(preset === 'liu2020-cnn' ? ['pixels', 'kernel'] : [])], w);
      const opts = {
        inputDim: integer(o, 'inputDim', w, { min: 1 }), width: integer(o, 'width', w, { min: 1 }),
        depth: integer(o, 'depth', w, { min: 1, max: MAX_SPEC_LAYERS }), activation: activationField(o, w),
        outputs: integer(o, 'outputs', w, { min: 1, optional: true }), head: oneOf(o, 'head', LIU2020_HEADS, w, true),
      };
      if (preset === 'liu2020-fc') return liu2020FC(opts);
      if (preset === 'liu2020-resnet') return liu2020ResNet(opts);
      return liu2020CNN({ ...opts, pixels: integer(o, 'pixels', w, { min: 1 }), kernel: integer(o, 'kernel', w, { min: 1, optional: true }) });
    }
    case 'liu2020-bottleneck':
      onlyKeys(o, ['preset', 'width', 'bottleneck', 'outputs', 'bottleneckScale', 'head'], w);
      return liu2020Bottleneck({
        width: integer(o, 'width', w, { min: 1 }), bottleneck: integer(o, 'bottleneck', w, { min: 1 }),
        outputs: integer(o, 'outputs', w, { min: 1, optional: true }),
        bottleneckScale: number(o, 'bottleneckScale', w, { optional: true, exclusiveMin: 0 }),
        head: oneOf(o, 'head', LIU2020_HEADS, w, true),
      });
    case 'liu2020-two-layer':
      onlyKeys(o, ['preset', 'width', 'outputs', 'head'], w);
      return liu2020TwoLayer({ width: integer(o, 'width', w, { min: 1 }), outputs: integer(o, 'outputs', w, { min: 1, optional: true }), head: oneOf(o, 'head', LIU2020_HEADS, w, true) });
  }
}

/**
 * How deep arrays and objects may nest in a model spec as a whole: MAX_SPEC_DEPTH residual blocks take
 * two levels each (the block and its branch list), plus the few levels around and inside a layer. Checked
 * first, without recursion, so that no later step (a message quoting a field, a copy of the spec into
 * a results file) meets a value nested deep enough to overflow the stack.
 */
export const MAX_SPEC_JSON_DEPTH = 2 * MAX_SPEC_DEPTH + 8;

/** Builds the network a JSON spec describes; `where` names the spec in messages (e.g. a file name). */
export function buildModel(spec: unknown, where = 'model'): Network {
  const deep = jsonDeeperThan(spec, MAX_SPEC_JSON_DEPTH);
  if (deep !== undefined) {
    throw new ConfigError(`model spec nesting deeper than ${MAX_SPEC_JSON_DEPTH} arrays or objects at ${where}${deep} (at most ${MAX_SPEC_DEPTH} residual blocks may nest)`);
  }
  const o = asObject(spec, where);
  if (o['preset'] !== undefined) return buildPreset(o, oneOf(o, 'preset', PRESETS, where)!, where);
  if (o['layers'] === undefined) {
    throw new ConfigError(`${where} needs either "preset" (one of ${PRESETS.join(', ')}) or "input" and "layers"`);
  }
  onlyKeys(o, ['input', 'layers', 'name'], where);
  const list = array(o, 'layers', where);
  const st: ParseState = { depth: 0, count: { layers: 0 } };
  countLayers(list, st, `${where}.layers`);
  const layers = list.map((l, i) => parseLayer(l, `${where}.layers[${i}]`, st));
  const name = typeof o['name'] === 'string' ? o['name'] : 'custom';
  return new Network(serial(...layers), parseInputShape(o['input'], `${where}.input`), name);
}
