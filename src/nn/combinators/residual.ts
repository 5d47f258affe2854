/**
 * residual(branch, β): y = x + β·branch(x) with an identity shortcut.
 * du2019 ResNet (Sec 6): β = c_res/(H√m); liu2020 ResNet (App. H.2): β = 1.
 */
import { ConfigError, ShapeError } from '../../errors.js';
import { Matrix } from '../../linalg/matrix.js';
import { addScaled } from '../batch.js';
import type { Cache, Ctx, Layer, Node } from '../node.js';
import type { ParamRegistry } from '../params.js';
import { sameShape, shapeString, type FeatureShape } from '../shape.js';
import type { GradSink } from '../sinks.js';

class ResidualNode implements Node {
  readonly kind = 'residual';
  readonly outShape: FeatureShape;
  constructor(readonly inShape: FeatureShape, readonly branch: Node, readonly beta: number) {
    this.outShape = inShape;
  }
  get params() {
    return this.branch.params;
  }
  forward(ctx: Ctx, x: Matrix): { y: Matrix; cache: Cache } {
    const r = this.branch.forward(ctx, x);
    const y = x.clone();
    addScaled(y, this.beta, r.y);
    return { y, cache: r.cache };
  }
  jvp(ctx: Ctx, cache: Cache, dx: Matrix | null): { dy: Matrix; tcache: Cache } {
    const r = this.branch.jvp(ctx, cache, dx);
    const dy = dx ? dx.clone() : new Matrix(r.dy.rows, r.dy.cols);
    addScaled(dy, this.beta, r.dy);
    return { dy, tcache: r.tcache };
  }
  vjp(ctx: Ctx, cache: Cache, gy: Matrix, sink: GradSink, needInput: boolean): Matrix | null {
    const gb = this.branch.vjp(ctx, cache, scaledCopy(this.beta, gy), sink, needInput);
    if (!needInput || gb === null) return null;
    return addScaled(gb, 1, gy);
  }
  hvp(ctx: Ctx, cache: Cache, tcache: Cache, gy: Matrix, dgy: Matrix, sink: GradSink, needInput: boolean): { gx: Matrix; dgx: Matrix } | null {
    const r = this.branch.hvp(ctx, cache, tcache, scaledCopy(this.beta, gy), scaledCopy(this.beta, dgy), sink, needInput);
    if (!needInput || r === null) return null;
    return { gx: addScaled(r.gx, 1, gy), dgx: addScaled(r.dgx, 1, dgy) };
  }
}

function scaledCopy(s: number, x: Matrix): Matrix {
  const out = new Matrix(x.rows, x.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = s * x.data[i];
  return out;
}

export function residual(branch: Layer, beta = 1): Layer {
  if (!Number.isFinite(beta)) throw new ConfigError(`residual: branch scale must be finite; got ${beta}`);
  return {
    kind: 'residual',
    build(inShape: FeatureShape, reg: ParamRegistry, path: string): Node {
      const node = branch.build(inShape, reg, `${path}.branch`);
      if (!sameShape(node.outShape, inShape)) {
        throw new ShapeError(`${path} (residual): the branch maps ${shapeString(inShape)} to ${shapeString(node.outShape)}; an identity shortcut needs equal shapes`);
      }
      return new ResidualNode(inShape, node, beta);
    },
  };
}
