/**
 * Dense layer y = s·W·x + s_b·b, W ∈ R^{out×in}, applied to each row of the batch.
 *
 * Parameterizations (liu2020 Sec 2, App. B; du2019 Sec 3): 'ntk' draws W ~ N(0, 1) and multiplies by
 * s = 1/√fan_in; 'standard' draws W ~ N(0, 1/fan_in) with s = 1; a number is a constant multiplier s with
 * W ~ N(0, weightStd²) (du2019: s = 1, std 1, and the √(c_σ/m) factor is a separate scale layer).
 * zou2018 draws columns of its W_l ~ N(0, 2/m_l) (our rows; weightStd = √(2/out), s = 1).
 */
import { ConfigError } from '../../errors.js';
import { Matrix } from '../../linalg/matrix.js';
import { backend } from '../../linalg/registry.js';
import type { Cache, Ctx, Layer, Node } from '../node.js';
import type { InitSpec, ParamRef, ParamRegistry } from '../params.js';
import { requireVector, vectorShape, type FeatureShape } from '../shape.js';
import type { GradSink } from '../sinks.js';
import { initStd, linearKernelMap } from '../infiniteWidth/linear.js';
import { expectStateShape, type KernelState } from '../infiniteWidth/state.js';

export interface DenseOptions {
  /** Output features. */
  width: number;
  /** Forward multiplier on W·x: 'ntk' (1/√fan_in, default), 'standard' (1) or a constant. */
  scale?: 'ntk' | 'standard' | number;
  /** Std of the weight entries; default 1, or 1/√fan_in for 'standard'. */
  weightStd?: number;
  /** Weight initialization overriding weightStd (e.g. zou2018's balanced ±1 output). */
  weightInit?: InitSpec;
  /** Bias b with its own std (default 1 under 'ntk', else 0) and multiplier (default 1). */
  bias?: boolean | { std?: number; scale?: number };
  /** Train this layer (default true). */
  trainable?: boolean;
}

/** y ← s·x·Wᵀ (+ β·y), for a batch x (R×in) and W (out×in). */
export function linearRows(s: number, x: Matrix, w: Float64Array, out: number, beta = 0, y?: Matrix): Matrix {
  const result = y ?? Matrix.forBlas(x.rows, out);
  if (x.rows > 0 && out > 0) {
    backend().dgemm(false, true, x.rows, out, x.cols, s, x.data, Math.max(1, x.cols), w, Math.max(1, x.cols), beta, result.data, Math.max(1, out));
  }
  return result;
}

/** g·W scaled: (R×out)·(out×in) → R×in (+ β·into). */
export function backRows(s: number, g: Matrix, w: Float64Array, inn: number, beta = 0, into?: Matrix): Matrix {
  const result = into ?? Matrix.forBlas(g.rows, inn);
  if (g.rows > 0 && inn > 0) {
    backend().dgemm(false, false, g.rows, inn, g.cols, s, g.data, Math.max(1, g.cols), w, Math.max(1, inn), beta, result.data, Math.max(1, inn));
  }
  return result;
}

export function addBiasRows(y: Matrix, s: number, b: Float64Array): void {
  const c = y.cols;
  for (let r = 0; r < y.rows; r++) for (let j = 0; j < c; j++) y.data[r * c + j] += s * b[j];
}

class DenseNode implements Node {
  readonly kind = 'dense';
  readonly outShape: FeatureShape;
  readonly params: ParamRef[];

  constructor(
    readonly inShape: FeatureShape,
    private readonly inn: number,
    private readonly out: number,
    private readonly s: number,
    private readonly w: ParamRef,
    private readonly b: ParamRef | null,
    private readonly sb: number,
  ) {
    this.outShape = vectorShape(out);
    this.params = b ? [w, b] : [w];
  }

  forward(ctx: Ctx, x: Matrix): { y: Matrix; cache: Cache } {
    const y = linearRows(this.s, x, this.w.view(ctx.params), this.out);
    if (this.b) addBiasRows(y, this.sb, this.b.view(ctx.params));
    return { y, cache: x };
  }

  jvp(ctx: Ctx, cache: Cache, dx: Matrix | null): { dy: Matrix; tcache: Cache } {
    const x = cache as Matrix;
    const dy = dx ? linearRows(this.s, dx, this.w.view(ctx.params), this.out) : new Matrix(x.rows, this.out);
    if (ctx.tangent && this.w.trainable) linearRows(this.s, x, this.w.view(ctx.tangent), this.out, 1, dy);
    if (ctx.tangent && this.b && this.b.trainable) addBiasRows(dy, this.sb, this.b.view(ctx.tangent));
    return { dy, tcache: dx };
  }

  vjp(ctx: Ctx, cache: Cache, gy: Matrix, sink: GradSink, needInput: boolean): Matrix | null {
    const x = cache as Matrix;
    sink.outer(this.w, this.s, gy, x, 1);
    if (this.b) sink.rowSum(this.b, this.sb, gy, 1);
    return needInput ? backRows(this.s, gy, this.w.view(ctx.params), this.inn) : null;
  }

  hvp(ctx: Ctx, cache: Cache, tcache: Cache, gy: Matrix, dgy: Matrix, sink: GradSink, needInput: boolean): { gx: Matrix; dgx: Matrix } | null {
    const x = cache as Matrix;
    const dx = tcache as Matrix | null;
    // ġ_W = s(ġᵀx + gᵀẋ), ġ_b = s_b Σ ġ
    sink.outer(this.w, this.s, dgy, x, 1);
    if (dx) sink.outer(this.w, this.s, gy, dx, 1);
    if (this.b) sink.rowSum(this.b, this.sb, dgy, 1);
    if (!needInput) return null;
    const w = this.w.view(ctx.params);
    const gx = backRows(this.s, gy, w, this.inn);
    // ġₓ = s(ġ·W + g·Ẇ)
    const dgx = backRows(this.s, dgy, w, this.inn);
    if (ctx.tangent && this.w.trainable) backRows(this.s, gy, this.w.view(ctx.tangent), this.inn, 1, dgx);
    return { gx, dgx };
  }

  /** Σ' = s²σ²·C_in·Σ + s_b²σ_b², ν' = 0, Θ' = s²σ²C_in·Θ (+ s²C_in·Σ for W, s_b² for b). infiniteWidth/linear.ts. */
  kernelMap(state: KernelState): KernelState {
    expectStateShape(this.w.name, state, this.inShape);
    return linearKernelMap(state, {
      inChannels: this.inn,
      outChannels: this.out,
      scale: this.s,
      weightStd: initStd(this.w),
      weightName: this.w.trainable ? this.w.name : null,
      biasScale: this.sb,
      biasStd: this.b ? initStd(this.b) : 0,
      biasName: this.b && this.b.trainable ? this.b.name : null,
      plan: null,
    });
  }
}

/** The options dense and convolution layers share. */
export interface LinearOptions {
  scale?: 'ntk' | 'standard' | number;
  weightStd?: number;
  weightInit?: InitSpec;
  bias?: boolean | { std?: number; scale?: number };
  trainable?: boolean;
}

/**
 * Declares the weight (out×fan) and optional bias of a linear map y = s·W·x + s_b·b and resolves the
 * parameterization: 'ntk' multiplies by 1/√fan with N(0,1) entries (bias std 1), 'standard' draws
 * N(0, 1/fan) with s = 1 (bias 0), a number is the multiplier s with entries N(0, weightStd²).
 */
export function linearParams(reg: ParamRegistry, path: string, out: number, fan: number, opts: LinearOptions): { s: number; w: ParamRef; b: ParamRef | null; sb: number } {
  const mode = opts.scale ?? 'ntk';
  const s = mode === 'ntk' ? 1 / Math.sqrt(fan) : mode === 'standard' ? 1 : mode;
  if (!Number.isFinite(s)) throw new ConfigError(`${path}: the scale must be finite; got ${String(mode)}`);
  const std = opts.weightStd ?? (mode === 'standard' ? 1 / Math.sqrt(fan) : 1);
  const trainable = opts.trainable ?? true;
  const w = reg.add({ name: `${path}.W`, shape: [out, fan], init: opts.weightInit ?? { kind: 'normal', std }, trainable });
  if (!opts.bias) return { s, w, b: null, sb: 1 };
  const bo = typeof opts.bias === 'object' ? opts.bias : {};
  const bstd = bo.std ?? (mode === 'ntk' ? 1 : 0);
  const b = reg.add({ name: `${path}.b`, shape: [out], init: bstd === 0 ? { kind: 'zeros' } : { kind: 'normal', std: bstd }, trainable });
  return { s, w, b, sb: bo.scale ?? 1 };
}

export function dense(opts: DenseOptions): Layer {
  if (!Number.isInteger(opts.width) || opts.width < 1) {
    throw new ConfigError(`dense: width must be a positive integer; got ${opts.width}`);
  }
  return {
    kind: 'dense',
    build(inShape: FeatureShape, reg: ParamRegistry, path: string): Node {
      const inn = requireVector(`${path} (dense)`, inShape);
      const { s, w, b, sb } = linearParams(reg, path, opts.width, inn, opts);
      return new DenseNode(inShape, inn, opts.width, s, w, b, sb);
    },
  };
}
