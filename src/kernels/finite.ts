/**
 * Kernels that overflow: a matrix with a NaN or an infinite entry is refused with what overflowed and
 * where (the entry, and for kernels built from per-parameter parts, the first part that is not
 * finite), instead of being written out or handed to an eigensolver that reports a bare NaN.
 */
import { NonFiniteError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';
import type { Network } from '../nn/network.js';

/** The first entry of m that is not finite, as "(i, j) = NaN", or undefined when all are finite. */
export function firstNonFinite(m: Matrix): string | undefined {
  const d = m.data;
  for (let k = 0; k < d.length; k++) {
    if (!Number.isFinite(d[k])) return `(${Math.floor(k / m.cols)}, ${k % m.cols}) = ${d[k]}`;
  }
  return undefined;
}

/**
 * Throws a NonFiniteError when `m` (called `what`, e.g. "the analytic kernel") has an entry that is
 * not finite; `parts` (parameter name → its contribution), when given, names the first one that
 * overflowed, in the order given.
 */
export function requireFiniteKernel(m: Matrix, what: string, parts?: ReadonlyMap<string, Matrix>): void {
  const at = firstNonFinite(m);
  if (at === undefined) return;
  let where = '';
  if (parts !== undefined) {
    for (const [name, p] of parts) {
      const pa = firstNonFinite(p);
      if (pa !== undefined) {
        where = `; its part from ${name} is the first not finite, at ${pa}`;
        break;
      }
    }
  }
  throw new NonFiniteError(`${what} is not finite: entry ${at}${where} (inputs or weight scales too large for float64?)`);
}

/**
 * Where a network's forward pass first overflows on (the first `probe` rows of) x: "layer 3 (dense)
 * is not finite on example 0", or undefined when every layer's output is finite there (then it is
 * the backward pass, the gradients, that overflow).
 */
export function firstOverflowingLayer(net: Network, params: Float64Array, x: Matrix, probe = 64): string | undefined {
  const rows = Math.min(x.rows, probe);
  const head = new Matrix(rows, x.cols, x.data.subarray(0, rows * x.cols));
  const outs = net.layerOutputs(params, head);
  for (let k = 0; k < outs.length; k++) {
    const d = outs[k].out;
    for (let j = 0; j < d.data.length; j++) {
      if (!Number.isFinite(d.data[j])) return `layer ${k} (${outs[k].kind}) is not finite on example ${Math.floor(j / d.cols)}`;
    }
  }
  return undefined;
}

/**
 * requireFiniteKernel for an empirical kernel of `net` at `params` on x: the message also says whether
 * the forward pass overflows (and at which layer) or only the gradients do.
 */
export function requireFiniteEmpirical(m: Matrix, what: string, net: Network, params: Float64Array, x: Matrix, parts?: ReadonlyMap<string, Matrix>): void {
  if (firstNonFinite(m) === undefined) return;
  const layer = firstOverflowingLayer(net, params, x);
  try {
    requireFiniteKernel(m, what, parts);
  } catch (e) {
    if (!(e instanceof NonFiniteError)) throw e;
    const cause = layer !== undefined ? `the forward pass overflows: ${layer}` : 'the forward pass is finite, the products of its gradients overflow';
    throw new NonFiniteError(e.message.replace(' (inputs or weight scales', `; ${cause} (inputs or weight scales`));
  }
}
