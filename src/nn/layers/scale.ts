/** Constant multiplier y = c·x (du2019's √(c_σ/m) after each activation). */
import { ConfigError } from '../../errors.js';
import { Matrix } from '../../linalg/matrix.js';
import { scaled } from '../batch.js';
import type { Cache, Ctx, Layer, Node } from '../node.js';
import { featureSize, type FeatureShape } from '../shape.js';
import { scaleKernelMap } from '../infiniteWidth/linear.js';
import { expectStateShape, type KernelState } from '../infiniteWidth/state.js';

class ScaleNode implements Node {
  readonly kind = 'scale';
  readonly params = [];
  readonly outShape: FeatureShape;
  constructor(readonly inShape: FeatureShape, private readonly c: number) {
    this.outShape = inShape;
  }
  forward(_ctx: Ctx, x: Matrix): { y: Matrix; cache: Cache } {
    return { y: scaled(this.c, x), cache: x.rows };
  }
  jvp(_ctx: Ctx, cache: Cache, dx: Matrix | null): { dy: Matrix; tcache: Cache } {
    return { dy: dx ? scaled(this.c, dx) : new Matrix(cache as number, featureSize(this.inShape)), tcache: null };
  }
  vjp(_ctx: Ctx, _cache: Cache, gy: Matrix, _sink: unknown, needInput: boolean): Matrix | null {
    return needInput ? scaled(this.c, gy) : null;
  }
  hvp(_ctx: Ctx, _cache: Cache, _t: Cache, gy: Matrix, dgy: Matrix, _sink: unknown, needInput: boolean): { gx: Matrix; dgx: Matrix } | null {
    return needInput ? { gx: scaled(this.c, gy), dgx: scaled(this.c, dgy) } : null;
  }
  /** Σ' = c²Σ, ν' = cν, Θ' = c²Θ. */
  kernelMap(state: KernelState): KernelState {
    expectStateShape('scale', state, this.inShape);
    return scaleKernelMap(state, this.c);
  }
}

export function scale(c: number): Layer {
  if (!Number.isFinite(c)) throw new ConfigError(`scale: the multiplier must be finite; got ${c}`);
  return { kind: 'scale', build: (inShape: FeatureShape) => new ScaleNode(inShape, c) };
}
