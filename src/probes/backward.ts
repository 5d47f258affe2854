/**
 * Backward vectors: the derivative of one output with respect to every top-level layer's output,
 *   b^(l) = ∂f_c/∂α^(l)   (liu2020 Thm 3.1 condition (b) and Thm 3.2: ‖b^(l)‖₂ = O(1), ‖b^(l)‖_∞ = Õ(1/√m)),
 * by one backward pass through the children of the root serial (the root alone otherwise), keeping the
 * input cotangent each child passes down. Row i of entry l is b^(l) for example i.
 */
import { ShapeError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';
import { SerialNode } from '../nn/combinators/serial.js';
import type { Network } from '../nn/network.js';
import type { Cache } from '../nn/node.js';
import { SumSink } from '../nn/sinks.js';

/** ∂f_c(x_i)/∂(output of top-level layer l), for every layer l (the last is the one-hot cotangent itself). */
export function backwardVectors(net: Network, params: Float64Array, x: Matrix, output = 0): { kind: string; b: Matrix }[] {
  if (!Number.isInteger(output) || output < 0 || output >= net.outputs) throw new ShapeError(`backwardVectors: output ${output} outside 0..${net.outputs - 1}`);
  const nodes = net.root instanceof SerialNode ? net.root.children : [net.root];
  const ctx = { params };
  const caches: Cache[] = [];
  let h = x;
  for (const node of nodes) {
    const r = node.forward(ctx, h);
    caches.push(r.cache);
    h = r.y;
  }
  let g = new Matrix(x.rows, net.outputs);
  for (let i = 0; i < x.rows; i++) g.data[i * net.outputs + output] = 1;
  const sink = new SumSink(net.trainableSize);
  const out: { kind: string; b: Matrix }[] = new Array(nodes.length);
  for (let l = nodes.length - 1; l >= 0; l--) {
    out[l] = { kind: nodes[l].kind, b: g };
    if (l === 0) break;
    const gx = nodes[l].vjp(ctx, caches[l], g, sink, true);
    if (gx === null) throw new Error(`backwardVectors: layer ${l} (${nodes[l].kind}) returned no input cotangent`);
    g = gx;
  }
  return out;
}
