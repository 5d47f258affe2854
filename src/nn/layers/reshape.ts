/**
 * Shape-only and pooling layers: flatten (a map's pixel-major row read as one vector, no arithmetic)
 * and global average pooling over positions (y_c = (1/P)·Σ_p x_{p,c}).
 */
import { Matrix } from '../../linalg/matrix.js';
import type { Cache, Ctx, Layer, Node } from '../node.js';
import { featureSize, pixels, vectorShape, type FeatureShape } from '../shape.js';
import { reduceKernelMap } from '../infiniteWidth/linear.js';
import { expectStateShape, type KernelState } from '../infiniteWidth/state.js';

class FlattenNode implements Node {
  readonly kind = 'flatten';
  readonly params = [];
  readonly outShape: FeatureShape;
  constructor(readonly inShape: FeatureShape) {
    this.outShape = vectorShape(featureSize(inShape));
  }
  forward(_ctx: Ctx, x: Matrix): { y: Matrix; cache: Cache } {
    return { y: x, cache: x.rows };
  }
  jvp(_ctx: Ctx, cache: Cache, dx: Matrix | null): { dy: Matrix; tcache: Cache } {
    return { dy: dx ?? new Matrix(cache as number, featureSize(this.inShape)), tcache: null };
  }
  vjp(_ctx: Ctx, _c: Cache, gy: Matrix, _s: unknown, needInput: boolean): Matrix | null {
    return needInput ? gy : null;
  }
  hvp(_ctx: Ctx, _c: Cache, _t: Cache, gy: Matrix, dgy: Matrix, _s: unknown, needInput: boolean): { gx: Matrix; dgx: Matrix } | null {
    return needInput ? { gx: gy, dgx: dgy } : null;
  }
  /** Σ' = (1/P)Σ_l Σ[l, l] (and Θ), ν' = pixel mean, C' = C·P. */
  kernelMap(state: KernelState): KernelState {
    expectStateShape('flatten', state, this.inShape);
    return reduceKernelMap(state, 'flatten');
  }
}

function pool(x: Matrix, p: number, c: number): Matrix {
  const y = new Matrix(x.rows, c);
  const inv = 1 / p;
  for (let n = 0; n < x.rows; n++) {
    const row = n * p * c;
    for (let q = 0; q < p; q++) for (let k = 0; k < c; k++) y.data[n * c + k] += inv * x.data[row + q * c + k];
  }
  return y;
}

function unpool(g: Matrix, p: number, c: number): Matrix {
  const x = new Matrix(g.rows, p * c);
  const inv = 1 / p;
  for (let n = 0; n < g.rows; n++) {
    for (let q = 0; q < p; q++) for (let k = 0; k < c; k++) x.data[n * p * c + q * c + k] = inv * g.data[n * c + k];
  }
  return x;
}

class GlobalAvgPoolNode implements Node {
  readonly kind = 'globalAvgPool';
  readonly params = [];
  readonly outShape: FeatureShape;
  private readonly p: number;
  constructor(readonly inShape: FeatureShape) {
    this.outShape = vectorShape(inShape.channels);
    this.p = pixels(inShape);
  }
  forward(_ctx: Ctx, x: Matrix): { y: Matrix; cache: Cache } {
    return { y: pool(x, this.p, this.inShape.channels), cache: x.rows };
  }
  jvp(_ctx: Ctx, cache: Cache, dx: Matrix | null): { dy: Matrix; tcache: Cache } {
    return { dy: dx ? pool(dx, this.p, this.inShape.channels) : new Matrix(cache as number, this.inShape.channels), tcache: null };
  }
  vjp(_ctx: Ctx, _c: Cache, gy: Matrix, _s: unknown, needInput: boolean): Matrix | null {
    return needInput ? unpool(gy, this.p, this.inShape.channels) : null;
  }
  hvp(_ctx: Ctx, _c: Cache, _t: Cache, gy: Matrix, dgy: Matrix, _s: unknown, needInput: boolean): { gx: Matrix; dgx: Matrix } | null {
    return needInput ? { gx: unpool(gy, this.p, this.inShape.channels), dgx: unpool(dgy, this.p, this.inShape.channels) } : null;
  }
  /** Σ' = (1/P²)Σ_{l,r} Σ[l, r] (and Θ), ν' = pixel mean. */
  kernelMap(state: KernelState): KernelState {
    expectStateShape('globalAvgPool', state, this.inShape);
    return reduceKernelMap(state, 'pool');
  }
}

export function flatten(): Layer {
  return { kind: 'flatten', build: (inShape: FeatureShape) => new FlattenNode(inShape) };
}

export function globalAvgPool(): Layer {
  return { kind: 'globalAvgPool', build: (inShape: FeatureShape) => new GlobalAvgPoolNode(inShape) };
}
