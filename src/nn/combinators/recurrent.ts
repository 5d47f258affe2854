/**
 * Elman recurrence (allenzhu2019 Sec 2, Def 2.2): h_0 = 0, g_l = W·h_{l−1} + A·x_l, h_l = φ(g_l),
 * y_l = B·h_l, for l = 1..L, outputs at every step. Input: a sequence of L tokens of d_x channels
 * (shape L×d_x); output: L×d. Backward is ordinary BPTT (Fact 2.5); the weight cotangents are sums over
 * time of outer products, reported as one factor with L rows per example.
 */
import { ConfigError, ShapeError } from '../../errors.js';
import { Matrix } from '../../linalg/matrix.js';
import { activation as makeActivation, type Activation, type ActivationSpec } from '../activations.js';
import { addScaled } from '../batch.js';
import { backRows, linearRows } from '../layers/dense.js';
import type { Cache, Ctx, Layer, Node } from '../node.js';
import type { ParamRef, ParamRegistry } from '../params.js';
import { shapeString, type FeatureShape } from '../shape.js';
import type { GradSink } from '../sinks.js';
import { noKernelMap, type KernelState } from '../infiniteWidth/state.js';

export interface RecurrentOptions {
  /** Hidden width m. */
  width: number;
  /** Output dimension d. */
  outputs: number;
  /** φ; default ReLU with φ'(0) = 1 (allenzhu2019: D = diag(1[g ≥ 0])). */
  activation?: ActivationSpec;
  /** Entry stds: W and A default √(2/m), B default √(1/d). */
  stdW?: number;
  stdA?: number;
  stdB?: number;
  /** Which matrices are trained; allenzhu2019 trains W only (the default). */
  train?: { W?: boolean; A?: boolean; B?: boolean };
}

interface RnnCache {
  xs: Matrix[]; // x_l, l = 1..L (index l−1)
  hs: Matrix[]; // h_l, l = 0..L
  gs: Matrix[]; // g_l, l = 1..L (index l−1)
  d1: Matrix[]; // φ'(g_l)
}

interface RnnTangent {
  dxs: (Matrix | null)[];
  dhs: Matrix[]; // ḣ_l, l = 0..L
  dgs: Matrix[]; // ġ_l
}

/** Stacks per-step matrices (each N×c) into an (N·L)×c matrix with example-major rows (n·L + l). */
function stackExampleMajor(ms: Matrix[]): Matrix {
  const L = ms.length;
  const n = ms[0].rows;
  const c = ms[0].cols;
  const out = new Matrix(n * L, c);
  for (let l = 0; l < L; l++) {
    for (let i = 0; i < n; i++) out.data.set(ms[l].data.subarray(i * c, (i + 1) * c), (i * L + l) * c);
  }
  return out;
}

function stepSlice(x: Matrix, l: number, width: number): Matrix {
  const out = new Matrix(x.rows, width);
  const stride = x.cols;
  for (let i = 0; i < x.rows; i++) out.data.set(x.data.subarray(i * stride + l * width, i * stride + (l + 1) * width), i * width);
  return out;
}

function writeStep(y: Matrix, l: number, part: Matrix): void {
  const w = part.cols;
  for (let i = 0; i < y.rows; i++) y.data.set(part.data.subarray(i * w, (i + 1) * w), i * y.cols + l * w);
}

function mulInto(a: Matrix, b: Matrix): Matrix {
  const out = new Matrix(a.rows, a.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = a.data[i] * b.data[i];
  return out;
}

export class RecurrentNode implements Node {
  readonly kind = 'recurrent';
  readonly outShape: FeatureShape;
  readonly params: ParamRef[];
  private readonly L: number;
  private readonly dx: number;

  constructor(
    readonly inShape: FeatureShape,
    private readonly m: number,
    private readonly d: number,
    private readonly phi: Activation,
    private readonly W: ParamRef,
    private readonly A: ParamRef,
    private readonly B: ParamRef,
    readonly path: string,
  ) {
    this.L = inShape.spatial[0];
    this.dx = inShape.channels;
    this.outShape = { channels: d, spatial: [this.L] };
    this.params = [W, A, B];
  }

  forward(ctx: Ctx, x: Matrix): { y: Matrix; cache: Cache } {
    const { L, m, d } = this;
    const W = this.W.view(ctx.params);
    const A = this.A.view(ctx.params);
    const B = this.B.view(ctx.params);
    const n = x.rows;
    const cache: RnnCache = { xs: [], hs: [new Matrix(n, m)], gs: [], d1: [] };
    const y = new Matrix(n, L * d);
    for (let l = 0; l < L; l++) {
      const xl = stepSlice(x, l, this.dx);
      const g = linearRows(1, xl, A, m);
      linearRows(1, cache.hs[l], W, m, 1, g);
      const h = new Matrix(n, m);
      this.phi.apply(g.data, h.data);
      const d1 = new Matrix(n, m);
      this.phi.applyD1(g.data, d1.data);
      cache.xs.push(xl);
      cache.gs.push(g);
      cache.hs.push(h);
      cache.d1.push(d1);
      writeStep(y, l, linearRows(1, h, B, d));
    }
    if (ctx.tap) {
      // g_l of every step side by side: N × (L·m), step-major.
      const all = new Matrix(n, L * m);
      cache.gs.forEach((g, l) => writeStep(all, l, g));
      ctx.tap(this.path, all);
    }
    return { y, cache };
  }

  /** W, A, B and their tangents (null where frozen or without a tangent). */
  private views(ctx: Ctx): { W: Float64Array; A: Float64Array; B: Float64Array; dW: Float64Array | null; dA: Float64Array | null; dB: Float64Array | null } {
    const t = ctx.tangent;
    const tangentOf = (r: ParamRef): Float64Array | null => (t && r.trainable ? r.view(t) : null);
    return {
      W: this.W.view(ctx.params), A: this.A.view(ctx.params), B: this.B.view(ctx.params),
      dW: tangentOf(this.W), dA: tangentOf(this.A), dB: tangentOf(this.B),
    };
  }

  /** Hidden states h_1..h_L (each N×m) at these parameters (allenzhu2019 Lemma: forward stability). */
  hiddenStates(params: Float64Array, x: Matrix): Matrix[] {
    const { cache } = this.forward({ params }, x);
    return (cache as RnnCache).hs.slice(1);
  }

  jvp(ctx: Ctx, cache: Cache, dx: Matrix | null): { dy: Matrix; tcache: Cache } {
    const c = cache as RnnCache;
    const { L, m, d } = this;
    const n = c.hs[0].rows;
    const { W, A, B, dW, dA, dB } = this.views(ctx);
    const tc: RnnTangent = { dxs: [], dhs: [new Matrix(n, m)], dgs: [] };
    const dy = new Matrix(n, L * d);
    for (let l = 0; l < L; l++) {
      const dxl = dx ? stepSlice(dx, l, this.dx) : null;
      const dg = linearRows(1, tc.dhs[l], W, m);
      if (dW) linearRows(1, c.hs[l], dW, m, 1, dg);
      if (dxl) linearRows(1, dxl, A, m, 1, dg);
      if (dA) linearRows(1, c.xs[l], dA, m, 1, dg);
      const dh = mulInto(c.d1[l], dg);
      const dyl = linearRows(1, dh, B, d);
      if (dB) linearRows(1, c.hs[l + 1], dB, d, 1, dyl);
      writeStep(dy, l, dyl);
      tc.dxs.push(dxl);
      tc.dgs.push(dg);
      tc.dhs.push(dh);
    }
    return { dy, tcache: tc };
  }

  vjp(ctx: Ctx, cache: Cache, gy: Matrix, sink: GradSink, needInput: boolean): Matrix | null {
    const c = cache as RnnCache;
    const { L, m, d } = this;
    const n = gy.rows;
    const W = this.W.view(ctx.params);
    const A = this.A.view(ctx.params);
    const B = this.B.view(ctx.params);
    const ggs: Matrix[] = new Array<Matrix>(L);
    const gys: Matrix[] = new Array<Matrix>(L);
    const gx = needInput ? new Matrix(n, L * this.dx) : null;
    let carry = new Matrix(n, m);
    for (let l = L - 1; l >= 0; l--) {
      gys[l] = stepSlice(gy, l, d);
      const gh = backRows(1, gys[l], B, m);
      addScaled(gh, 1, carry);
      const gg = mulInto(c.d1[l], gh);
      ggs[l] = gg;
      carry = backRows(1, gg, W, m);
      if (gx) writeStep(gx, l, backRows(1, gg, A, this.dx));
    }
    const ggStack = stackExampleMajor(ggs);
    sink.outer(this.W, 1, ggStack, stackExampleMajor(c.hs.slice(0, L)), L);
    sink.outer(this.A, 1, ggStack, stackExampleMajor(c.xs), L);
    sink.outer(this.B, 1, stackExampleMajor(gys), stackExampleMajor(c.hs.slice(1)), L);
    return gx;
  }

  hvp(ctx: Ctx, cache: Cache, tcache: Cache, gy: Matrix, dgy: Matrix, sink: GradSink, needInput: boolean): { gx: Matrix; dgx: Matrix } | null {
    const c = cache as RnnCache;
    const tc = tcache as RnnTangent;
    const { L, m, d } = this;
    const n = gy.rows;
    const { W, A, B, dW, dA, dB } = this.views(ctx);
    const ggs: Matrix[] = new Array<Matrix>(L);
    const dggs: Matrix[] = new Array<Matrix>(L);
    const gys: Matrix[] = new Array<Matrix>(L);
    const dgys: Matrix[] = new Array<Matrix>(L);
    const gx = needInput ? new Matrix(n, L * this.dx) : null;
    const dgx = needInput ? new Matrix(n, L * this.dx) : null;
    let carry = new Matrix(n, m);
    let dcarry = new Matrix(n, m);
    const d2 = new Float64Array(n * m);
    for (let l = L - 1; l >= 0; l--) {
      gys[l] = stepSlice(gy, l, d);
      dgys[l] = stepSlice(dgy, l, d);
      const gh = backRows(1, gys[l], B, m);
      addScaled(gh, 1, carry);
      const dgh = backRows(1, dgys[l], B, m);
      if (dB) backRows(1, gys[l], dB, m, 1, dgh);
      addScaled(dgh, 1, dcarry);
      const gg = mulInto(c.d1[l], gh);
      const dgg = mulInto(c.d1[l], dgh);
      if (!this.phi.piecewiseLinear) {
        this.phi.applyD2(c.gs[l].data, d2);
        const dg = tc.dgs[l];
        for (let i = 0; i < dgg.data.length; i++) dgg.data[i] += d2[i] * dg.data[i] * gh.data[i];
      }
      ggs[l] = gg;
      dggs[l] = dgg;
      carry = backRows(1, gg, W, m);
      dcarry = backRows(1, dgg, W, m);
      if (dW) backRows(1, gg, dW, m, 1, dcarry);
      if (gx && dgx) {
        writeStep(gx, l, backRows(1, gg, A, this.dx));
        const dgxl = backRows(1, dgg, A, this.dx);
        if (dA) backRows(1, gg, dA, this.dx, 1, dgxl);
        writeStep(dgx, l, dgxl);
      }
    }
    const hPrev = stackExampleMajor(c.hs.slice(0, L));
    const hCur = stackExampleMajor(c.hs.slice(1));
    const ggStack = stackExampleMajor(ggs);
    const dggStack = stackExampleMajor(dggs);
    // ġ_W = Σ_l ġg_l h_{l−1}ᵀ + gg_l ḣ_{l−1}ᵀ, and likewise for A (x_l) and B (h_l).
    sink.outer(this.W, 1, dggStack, hPrev, L);
    sink.outer(this.W, 1, ggStack, stackExampleMajor(tc.dhs.slice(0, L)), L);
    sink.outer(this.A, 1, dggStack, stackExampleMajor(c.xs), L);
    if (tc.dxs[0] !== null) sink.outer(this.A, 1, ggStack, stackExampleMajor(tc.dxs as Matrix[]), L);
    sink.outer(this.B, 1, stackExampleMajor(dgys), hCur, L);
    sink.outer(this.B, 1, stackExampleMajor(gys), stackExampleMajor(tc.dhs.slice(1)), L);
    return gx && dgx ? { gx, dgx } : null;
  }

  kernelMap(_state: KernelState): KernelState {
    throw noKernelMap('recurrent', 'the weight-tied recurrence (the same W at every step) is not implemented as a kernel map here; allenzhu2019 is analyzed at finite width');
  }
}

export function recurrent(opts: RecurrentOptions): Layer {
  for (const [k, v] of [['width', opts.width], ['outputs', opts.outputs]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`recurrent: ${k} must be a positive integer; got ${v}`);
  }
  const phi = makeActivation(opts.activation ?? { name: 'relu', derivativeAtZero: 1 });
  return {
    kind: 'recurrent',
    build(inShape: FeatureShape, reg: ParamRegistry, path: string): Node {
      if (inShape.spatial.length !== 1) {
        throw new ShapeError(`${path} (recurrent): needs a sequence input (length × channels) but gets ${shapeString(inShape)}`);
      }
      const m = opts.width;
      const d = opts.outputs;
      const train = { W: true, A: false, B: false, ...opts.train };
      const W = reg.add({ name: `${path}.W`, shape: [m, m], init: { kind: 'normal', std: opts.stdW ?? Math.sqrt(2 / m) }, trainable: train.W });
      const A = reg.add({ name: `${path}.A`, shape: [m, inShape.channels], init: { kind: 'normal', std: opts.stdA ?? Math.sqrt(2 / m) }, trainable: train.A });
      const B = reg.add({ name: `${path}.B`, shape: [d, m], init: { kind: 'normal', std: opts.stdB ?? Math.sqrt(1 / d) }, trainable: train.B });
      return new RecurrentNode(inShape, m, d, phi, W, A, B, path);
    },
  };
}
