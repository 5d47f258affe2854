/**
 * Elementwise activation y = σ(x), any shape. Second-order face: ġₓ = σ'(x)·ġ + σ''(x)·ẋ·g.
 */
import { Matrix } from '../../linalg/matrix.js';
import type { Cache, Ctx, Layer, Node } from '../node.js';
import type { ParamRegistry } from '../params.js';
import { activation as makeActivation, type Activation, type ActivationSpec } from '../activations.js';
import type { FeatureShape } from '../shape.js';
import { dualKernel, pointwiseKernelMap, type DualKernel } from '../infiniteWidth/pointwise.js';
import { AdaptiveQuadratureKernel } from '../infiniteWidth/adaptiveQuadrature.js';
import { expectStateShape, type KernelMapOptions, type KernelState } from '../infiniteWidth/state.js';

interface ActCache {
  z: Matrix;
  /** σ'(z): from the forward pass when σ gives it exactly with σ (Ctx.differentiate), else on first use. */
  d1: Matrix | null;
}

function derivative(fn: Activation, c: ActCache): Matrix {
  if (c.d1 === null) {
    c.d1 = new Matrix(c.z.rows, c.z.cols);
    fn.applyD1(c.z.data, c.d1.data);
  }
  return c.d1;
}

class ActivationNode implements Node {
  readonly kind = 'activation';
  readonly params = [];
  readonly outShape: FeatureShape;
  private dual: { nodes: number; kernel: DualKernel } | null = null;

  constructor(readonly inShape: FeatureShape, readonly fn: Activation, readonly path: string) {
    this.outShape = inShape;
  }

  forward(ctx: Ctx, z: Matrix): { y: Matrix; cache: Cache } {
    ctx.tap?.(this.path, z);
    const y = new Matrix(z.rows, z.cols);
    if (ctx.differentiate && this.fn.applyWithD1Exact && this.fn.applyWithD1) {
      // σ′(z) now, from σ's own exponential, for the backward pass that follows (applyD1's bits).
      const d1 = new Matrix(z.rows, z.cols);
      this.fn.applyWithD1(z.data, y.data, d1.data);
      return { y, cache: { z, d1 } satisfies ActCache };
    }
    this.fn.apply(z.data, y.data);
    const cache: ActCache = { z, d1: null };
    return { y, cache };
  }

  jvp(_ctx: Ctx, cache: Cache, dz: Matrix | null): { dy: Matrix; tcache: Cache } {
    const c = cache as ActCache;
    const z = c.z;
    const d1 = derivative(this.fn, c);
    const dy = new Matrix(z.rows, z.cols);
    if (dz) for (let i = 0; i < dy.data.length; i++) dy.data[i] = d1.data[i] * dz.data[i];
    return { dy, tcache: dz };
  }

  vjp(_ctx: Ctx, cache: Cache, gy: Matrix, _sink: unknown, needInput: boolean): Matrix | null {
    if (!needInput) return null;
    const c = cache as ActCache;
    const gz = new Matrix(gy.rows, gy.cols);
    if (c.d1 === null && this.fn.applyD1Times) {
      this.fn.applyD1Times(c.z.data, gy.data, gz.data); // σ'(z) ⊙ g in one pass
    } else if (c.d1 === null) {
      // σ'(z) straight into the result, then ⊙ g in place: one buffer and one pass fewer (training's path).
      this.fn.applyD1(c.z.data, gz.data);
      for (let i = 0; i < gz.data.length; i++) gz.data[i] *= gy.data[i];
    } else {
      for (let i = 0; i < gz.data.length; i++) gz.data[i] = c.d1.data[i] * gy.data[i];
    }
    return gz;
  }

  hvp(_ctx: Ctx, cache: Cache, tcache: Cache, gy: Matrix, dgy: Matrix, _sink: unknown, needInput: boolean): { gx: Matrix; dgx: Matrix } | null {
    if (!needInput) return null;
    const c = cache as ActCache;
    const z = c.z;
    const d1 = derivative(this.fn, c);
    const dz = tcache as Matrix | null;
    const gx = new Matrix(gy.rows, gy.cols);
    const dgx = new Matrix(gy.rows, gy.cols);
    for (let i = 0; i < gx.data.length; i++) {
      gx.data[i] = d1.data[i] * gy.data[i];
      dgx.data[i] = d1.data[i] * dgy.data[i];
    }
    if (dz && !this.fn.piecewiseLinear) {
      const d2 = new Float64Array(z.data.length);
      this.fn.applyD2(z.data, d2);
      for (let i = 0; i < dgx.data.length; i++) dgx.data[i] += d2[i] * dz.data[i] * gy.data[i];
    }
    return { gx, dgx };
  }

  /**
   * Σ' = E[φ(u)φ(v)], ν' = E[φ(u)], Θ' = Θ·E[φ'(u)φ'(v)] over the pre-activation Gaussian
   * (closed forms for relu/abrelu/leaky_relu/identity/erf, else Gauss–Hermite; infiniteWidth/pointwise.ts).
   */
  kernelMap(state: KernelState, opts: KernelMapOptions): KernelState {
    expectStateShape(`activation ${this.fn.name}`, state, this.inShape);
    // A fixed rule is kept between calls; an adaptive one is made per call, so what it reports is this call's.
    if (opts.quadratureNodes === undefined) {
      const kernel = dualKernel(this.fn, opts);
      const out = pointwiseKernelMap(state, this.fn, kernel);
      if (kernel instanceof AdaptiveQuadratureKernel) opts.quadratureAchieved?.push(kernel.achieved);
      return out;
    }
    if (this.dual === null || this.dual.nodes !== opts.quadratureNodes) {
      this.dual = { nodes: opts.quadratureNodes, kernel: dualKernel(this.fn, opts) };
    }
    return pointwiseKernelMap(state, this.fn, this.dual.kernel);
  }
}

export function act(spec: ActivationSpec): Layer {
  const fn = makeActivation(spec);
  return {
    kind: 'activation',
    build(inShape: FeatureShape, _reg: ParamRegistry, path: string): Node {
      return new ActivationNode(inShape, fn, path);
    },
  };
}
