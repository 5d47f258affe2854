/**
 * Softmax output head y = softmax(x) per example (liu2020 App. C.1's f1). With s = y:
 *   ẏ = s⊙(ẋ − ⟨ẋ, s⟩),  gₓ = s⊙(g − ⟨g, s⟩),  ġₓ = ṡ⊙(g − ⟨g, s⟩) + s⊙(ġ − ⟨ġ, s⟩ − ⟨g, ṡ⟩).
 */
import { Matrix } from '../../linalg/matrix.js';
import type { Cache, Ctx, Layer, Node } from '../node.js';
import { requireVector, type FeatureShape } from '../shape.js';
import { noKernelMap, type KernelState } from '../infiniteWidth/state.js';

function rowDot(a: Matrix, b: Matrix, r: number): number {
  let s = 0;
  const c = a.cols;
  for (let j = 0; j < c; j++) s += a.data[r * c + j] * b.data[r * c + j];
  return s;
}

/** s⊙(v − ⟨v, s⟩) row by row. */
function project(s: Matrix, v: Matrix): Matrix {
  const out = new Matrix(s.rows, s.cols);
  const c = s.cols;
  for (let r = 0; r < s.rows; r++) {
    const d = rowDot(v, s, r);
    for (let j = 0; j < c; j++) out.data[r * c + j] = s.data[r * c + j] * (v.data[r * c + j] - d);
  }
  return out;
}

class SoftmaxNode implements Node {
  readonly kind = 'softmax';
  readonly params = [];
  readonly outShape: FeatureShape;
  constructor(readonly inShape: FeatureShape) {
    requireVector('softmax', inShape);
    this.outShape = inShape;
  }
  forward(_ctx: Ctx, x: Matrix): { y: Matrix; cache: Cache } {
    const y = new Matrix(x.rows, x.cols);
    const c = x.cols;
    for (let r = 0; r < x.rows; r++) {
      let m = -Infinity;
      for (let j = 0; j < c; j++) m = Math.max(m, x.data[r * c + j]);
      let z = 0;
      for (let j = 0; j < c; j++) z += y.data[r * c + j] = Math.exp(x.data[r * c + j] - m);
      for (let j = 0; j < c; j++) y.data[r * c + j] /= z;
    }
    return { y, cache: y };
  }
  jvp(_ctx: Ctx, cache: Cache, dx: Matrix | null): { dy: Matrix; tcache: Cache } {
    const s = cache as Matrix;
    const dy = dx ? project(s, dx) : new Matrix(s.rows, s.cols);
    return { dy, tcache: dy };
  }
  vjp(_ctx: Ctx, cache: Cache, gy: Matrix, _s: unknown, needInput: boolean): Matrix | null {
    return needInput ? project(cache as Matrix, gy) : null;
  }
  hvp(_ctx: Ctx, cache: Cache, tcache: Cache, gy: Matrix, dgy: Matrix, _s: unknown, needInput: boolean): { gx: Matrix; dgx: Matrix } | null {
    if (!needInput) return null;
    const s = cache as Matrix;
    const ds = tcache as Matrix;
    const gx = project(s, gy);
    const dgx = new Matrix(s.rows, s.cols);
    const c = s.cols;
    for (let r = 0; r < s.rows; r++) {
      const gs = rowDot(gy, s, r);
      const dgs = rowDot(dgy, s, r) + rowDot(gy, ds, r);
      for (let j = 0; j < c; j++) {
        const i = r * c + j;
        dgx.data[i] = ds.data[i] * (gy.data[i] - gs) + s.data[i] * (dgy.data[i] - dgs);
      }
    }
    return { gx, dgx };
  }
  kernelMap(_state: KernelState): KernelState {
    throw noKernelMap('softmax', 'it couples the coordinates of one example (normalization over outputs), so its output is not a coordinatewise function of a Gaussian process; take the kernel of the logits (the network without the head)');
  }
}

export function softmax(): Layer {
  return { kind: 'softmax', build: (inShape: FeatureShape) => new SoftmaxNode(inShape) };
}
