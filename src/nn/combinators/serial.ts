/** serial(l1, l2, …): composition x ↦ l_k(…l_2(l_1(x))). Child i's parameters are named `${path}.${i}`. */
import type { Matrix } from '../../linalg/matrix.js';
import type { Cache, Ctx, Layer, Node } from '../node.js';
import type { ParamRef, ParamRegistry } from '../params.js';
import type { FeatureShape } from '../shape.js';
import type { GradSink } from '../sinks.js';
import { expectStateShape, noKernelMap, type KernelMapOptions, type KernelState } from '../infiniteWidth/state.js';

export class SerialNode implements Node {
  readonly kind = 'serial';
  readonly inShape: FeatureShape;
  readonly outShape: FeatureShape;
  readonly params: ParamRef[];

  constructor(readonly children: Node[], inShape: FeatureShape) {
    this.inShape = inShape;
    this.outShape = children.length ? children[children.length - 1].outShape : inShape;
    this.params = children.flatMap((c) => c.params);
  }

  forward(ctx: Ctx, x: Matrix): { y: Matrix; cache: Cache } {
    const caches: Cache[] = [];
    let h = x;
    for (const c of this.children) {
      const r = c.forward(ctx, h);
      caches.push(r.cache);
      h = r.y;
    }
    return { y: h, cache: caches };
  }

  jvp(ctx: Ctx, cache: Cache, dx: Matrix | null): { dy: Matrix; tcache: Cache } {
    const caches = cache as Cache[];
    const tcaches: Cache[] = [];
    let dh: Matrix | null = dx;
    for (let i = 0; i < this.children.length; i++) {
      const r = this.children[i].jvp(ctx, caches[i], dh);
      tcaches.push(r.tcache);
      dh = r.dy;
    }
    if (dh === null) throw new Error('serial.jvp: empty serial with a null tangent');
    return { dy: dh, tcache: tcaches };
  }

  vjp(ctx: Ctx, cache: Cache, gy: Matrix, sink: GradSink, needInput: boolean): Matrix | null {
    const caches = cache as Cache[];
    let g: Matrix | null = gy;
    for (let i = this.children.length - 1; i >= 0; i--) {
      // Layers below the first trainable parameter need no input cotangent.
      const need = i > 0 || needInput;
      g = this.children[i].vjp(ctx, caches[i], g as Matrix, sink, need);
      if (g === null) return null;
    }
    return g;
  }

  hvp(ctx: Ctx, cache: Cache, tcache: Cache, gy: Matrix, dgy: Matrix, sink: GradSink, needInput: boolean): { gx: Matrix; dgx: Matrix } | null {
    const caches = cache as Cache[];
    const tcaches = tcache as Cache[];
    let cur: { gx: Matrix; dgx: Matrix } | null = { gx: gy, dgx: dgy };
    for (let i = this.children.length - 1; i >= 0; i--) {
      const need = i > 0 || needInput;
      cur = this.children[i].hvp(ctx, caches[i], tcaches[i], cur!.gx, cur!.dgx, sink, need);
      if (cur === null) return null;
    }
    return cur;
  }

  /** The composition of the children's maps. */
  kernelMap(state: KernelState, opts: KernelMapOptions): KernelState {
    expectStateShape('serial', state, this.inShape);
    let s = state;
    for (const c of this.children) {
      if (!c.kernelMap) throw noKernelMap(c.kind, 'the layer does not implement one');
      s = c.kernelMap(s, opts);
    }
    return s;
  }
}

export function serial(...layers: Layer[]): Layer {
  return {
    kind: 'serial',
    build(inShape: FeatureShape, reg: ParamRegistry, path: string): Node {
      const children: Node[] = [];
      let s = inShape;
      layers.forEach((l, i) => {
        const node = l.build(s, reg, path === '' ? `${i}` : `${path}.${i}`);
        children.push(node);
        s = node.outShape;
      });
      return new SerialNode(children, inShape);
    },
  };
}
