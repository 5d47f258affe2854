/**
 * What probes need to know about a network's structure: its trainable weight tensors in forward order,
 * the "last hidden layer" tensor du2019's analysis uses (G^(H)), a width m for the papers'
 * normalizations, tensors as out×in matrices, and the recurrences in the layer tree.
 */
import { ConfigError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';
import { RecurrentNode } from '../nn/combinators/recurrent.js';
import { SerialNode } from '../nn/combinators/serial.js';
import type { Network } from '../nn/network.js';
import type { Node } from '../nn/node.js';
import type { ParamRef } from '../nn/params.js';

/** A weight (as opposed to a bias): a tensor of two or more axes. */
export function isWeight(ref: ParamRef): boolean {
  return ref.shape.length >= 2;
}

/** Trainable tensors in declaration (= forward) order. */
export function trainableTensors(net: Network): ParamRef[] {
  return net.paramRefs.filter((r) => r.trainable).sort((a, b) => a.offset - b.offset);
}

/** Trainable weight tensors (≥ 2 axes) in forward order: zou2018's W_1..W_L, du2019's W^(1)..W^(H), a. */
export function trainableWeights(net: Network): ParamRef[] {
  return trainableTensors(net).filter(isWeight);
}

/**
 * du2019's last hidden layer W^(H): the output layer is the last weight tensor declared (trainable or
 * not: du2019's a, zou2018's fixed v, an RNN's B); the part is the last trainable weight declared before
 * it. When no trainable weight precedes the output layer (only the output is trained), the output layer
 * itself if it is trainable, else the last trainable tensor of any kind.
 */
export function lastHiddenTensor(net: Network): ParamRef {
  const refs = net.paramRefs; // declaration order (trainable and frozen interleaved as built)
  let out = -1;
  for (let i = refs.length - 1; i >= 0; i--) if (isWeight(refs[i])) { out = i; break; }
  for (let i = out - 1; i >= 0; i--) if (refs[i].trainable && isWeight(refs[i])) return refs[i];
  if (out >= 0 && refs[out].trainable) return refs[out];
  const trainable = trainableTensors(net);
  if (trainable.length === 0) throw new ConfigError(`${net.name} has no trainable parameters`);
  return trainable[trainable.length - 1];
}

/** The trainable tensor with this name, or a ConfigError listing the names. */
export function trainableNamed(net: Network, name: string, probe: string, option: string): ParamRef {
  const ref = net.paramRefs.find((r) => r.name === name && r.trainable);
  if (!ref) {
    throw new ConfigError(`probe "${probe}": option ${option} must name a trainable tensor of ${net.name} (${trainableTensors(net).map((r) => r.name).join(', ')}); got "${name}"`);
  }
  return ref;
}

/**
 * The width m of the papers' normalizations when none is given: the largest output dimension (rows)
 * of a trainable weight — the hidden width for du2019/zou2018/liu2020 nets and an RNN's m.
 */
export function inferredWidth(net: Network): number {
  const ws = trainableWeights(net);
  if (ws.length === 0) throw new ConfigError(`${net.name} has no trainable weight matrix to read a width m from; pass the width as an option`);
  return Math.max(...ws.map((r) => r.shape[0]));
}

/** A tensor as an out×(rest) matrix (a copy), e.g. a dense W (out×in) or a conv W (channels × k·in). */
export function tensorMatrix(ref: ParamRef, flat: Float64Array): Matrix {
  const rows = ref.shape[0] ?? 1;
  return new Matrix(rows, ref.size / rows, ref.view(flat).slice());
}

/** Children of a node in the layer tree (serial children, a residual's branch). */
function childrenOf(n: Node): Node[] {
  if (n instanceof SerialNode) return n.children;
  const branch: unknown = (n as unknown as { branch?: unknown }).branch;
  if (branch && typeof branch === 'object' && typeof (branch as Node).forward === 'function') return [branch as Node];
  return [];
}

/** Every recurrence in the network, by path (their taps are N×(L·m), step-major). */
export function recurrences(net: Network): Map<string, RecurrentNode> {
  const out = new Map<string, RecurrentNode>();
  const visit = (n: Node): void => {
    if (n instanceof RecurrentNode) out.set(n.path, n);
    for (const c of childrenOf(n)) visit(c);
  };
  visit(net.root);
  return out;
}
