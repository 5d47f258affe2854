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
import { residualKernelMap } from '../infiniteWidth/residual.js';
import { expectStateShape, noKernelMap, type KernelMapOptions, type KernelState } from '../infiniteWidth/state.js';
import { SerialNode } from './serial.js';

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

  /**
   * Σ' = Σ + β(ν_i·ν^g_j + ν^g_i·ν_j) + β²Σ^g, ν' = ν + βν^g, Θ' = Θ + β²Θ^g (du2019 Def 6.1 corrected;
   * infiniteWidth/residual.ts). The branch must start with a dense or convolution layer (fresh
   * zero-mean weights), which is what makes the cross terms reduce to the means.
   */
  kernelMap(state: KernelState, opts: KernelMapOptions): KernelState {
    expectStateShape('residual', state, this.inShape);
    let first: Node = this.branch;
    while (first instanceof SerialNode && first.children.length > 0) first = first.children[0];
    if (first.kind !== 'dense' && first.kind !== 'conv') {
      throw noKernelMap('residual', `its branch starts with ${first.kind === 'serial' ? 'nothing (an identity)' : `a layer of kind "${first.kind}"`}; the limit used here needs a branch that starts with a dense or convolution layer (fresh zero-mean weights)`);
    }
    if (!this.branch.kernelMap) throw noKernelMap(this.branch.kind, 'the layer does not implement one');
    return residualKernelMap(state, this.branch.kernelMap(state, opts), this.beta);
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
