/**
 * Convolution, stride 1, zero padding, kernel q per spatial dimension (du2019 Sec 7; liu2020 App. H.1):
 * y_p = s·W·φ_p(x) + s_b·b with φ the patch operator (im2col.ts), W ∈ R^{out×(q^k·in)}. As a product
 * of the patch matrix Φ (N·P × q^k·in) with Wᵀ, the batch's output (N·P × out) is already the
 * pixel-major N × (P·out) layout, and the per-example weight cotangent is Σ_p g_p φ_pᵀ: factors with
 * P rows per example.
 *
 * 'ntk' scale is 1/√(q^k·in) (fan-in of one output entry). liu2020's text prints 1/√m_l; with equal
 * widths the two differ by the constant √(q^k) (see models/liu2020.ts).
 */
import { ConfigError } from '../../errors.js';
import { Matrix } from '../../linalg/matrix.js';
import { addScaled, reshape } from '../batch.js';
import type { Cache, Ctx, Layer, Node } from '../node.js';
import type { ParamRef, ParamRegistry } from '../params.js';
import { shapeString, type FeatureShape } from '../shape.js';
import type { GradSink } from '../sinks.js';
import { addBiasRows, backRows, linearParams, linearRows } from './dense.js';
import { col2im, im2col, patchPlan, type PatchPlan } from './im2col.js';
import { initStd, linearKernelMap } from '../infiniteWidth/linear.js';
import { expectStateShape, type KernelState } from '../infiniteWidth/state.js';

export interface ConvOptions {
  /** Output channels. */
  channels: number;
  /** Kernel size q (odd). */
  kernel: number;
  scale?: 'ntk' | 'standard' | number;
  weightStd?: number;
  bias?: boolean | { std?: number; scale?: number };
  trainable?: boolean;
}

class ConvNode implements Node {
  readonly kind = 'conv';
  readonly outShape: FeatureShape;
  readonly params: ParamRef[];
  private readonly fan: number;

  constructor(
    readonly inShape: FeatureShape,
    private readonly plan: PatchPlan,
    private readonly out: number,
    private readonly s: number,
    private readonly w: ParamRef,
    private readonly b: ParamRef | null,
    private readonly sb: number,
  ) {
    this.outShape = { channels: out, spatial: inShape.spatial };
    this.params = b ? [w, b] : [w];
    this.fan = plan.taps * plan.channels;
  }

  forward(ctx: Ctx, x: Matrix): { y: Matrix; cache: Cache } {
    const phi = im2col(this.plan, x);
    const y = linearRows(this.s, phi, this.w.view(ctx.params), this.out);
    if (this.b) addBiasRows(y, this.sb, this.b.view(ctx.params));
    return { y: reshape(y, x.rows, this.plan.pixels * this.out), cache: phi };
  }

  jvp(ctx: Ctx, cache: Cache, dx: Matrix | null): { dy: Matrix; tcache: Cache } {
    const phi = cache as Matrix;
    const dphi = dx ? im2col(this.plan, dx) : null;
    const dy = dphi ? linearRows(this.s, dphi, this.w.view(ctx.params), this.out) : new Matrix(phi.rows, this.out);
    if (ctx.tangent && this.w.trainable) linearRows(this.s, phi, this.w.view(ctx.tangent), this.out, 1, dy);
    if (ctx.tangent && this.b && this.b.trainable) addBiasRows(dy, this.sb, this.b.view(ctx.tangent));
    const n = phi.rows / this.plan.pixels;
    return { dy: reshape(dy, n, this.plan.pixels * this.out), tcache: dphi };
  }

  vjp(ctx: Ctx, cache: Cache, gy: Matrix, sink: GradSink, needInput: boolean): Matrix | null {
    const phi = cache as Matrix;
    const g = reshape(gy, phi.rows, this.out);
    sink.outer(this.w, this.s, g, phi, this.plan.pixels);
    if (this.b) sink.rowSum(this.b, this.sb, g, this.plan.pixels);
    if (!needInput) return null;
    return col2im(this.plan, backRows(this.s, g, this.w.view(ctx.params), this.fan), gy.rows);
  }

  hvp(ctx: Ctx, cache: Cache, tcache: Cache, gy: Matrix, dgy: Matrix, sink: GradSink, needInput: boolean): { gx: Matrix; dgx: Matrix } | null {
    const phi = cache as Matrix;
    const dphi = tcache as Matrix | null;
    const g = reshape(gy, phi.rows, this.out);
    const dg = reshape(dgy, phi.rows, this.out);
    sink.outer(this.w, this.s, dg, phi, this.plan.pixels);
    if (dphi) sink.outer(this.w, this.s, g, dphi, this.plan.pixels);
    if (this.b) sink.rowSum(this.b, this.sb, dg, this.plan.pixels);
    if (!needInput) return null;
    const w = this.w.view(ctx.params);
    const gphi = backRows(this.s, g, w, this.fan);
    const dgphi = backRows(this.s, dg, w, this.fan);
    if (ctx.tangent && this.w.trainable) addScaled(dgphi, 1, backRows(this.s, g, this.w.view(ctx.tangent), this.fan));
    return { gx: col2im(this.plan, gphi, gy.rows), dgx: col2im(this.plan, dgphi, gy.rows) };
  }

  /**
   * du2019 Sec 7 (consistent reading of Def 7.1): Σ' = s²σ²·C_in·T(Σ) + s_b²σ_b², Θ' = s²σ²C_in·T(Θ),
   * new terms s²C_in·T(Σ) for W and s_b² for b, ν' = 0; T(A)[l, r] = Σ_t A_pad[l + o_t, r + o_t].
   */
  kernelMap(state: KernelState): KernelState {
    expectStateShape(this.w.name, state, this.inShape);
    return linearKernelMap(state, {
      inChannels: this.plan.channels,
      outChannels: this.out,
      scale: this.s,
      weightStd: initStd(this.w),
      weightName: this.w.trainable ? this.w.name : null,
      biasScale: this.sb,
      biasStd: this.b ? initStd(this.b) : 0,
      biasName: this.b && this.b.trainable ? this.b.name : null,
      plan: this.plan,
    });
  }
}

export function conv(opts: ConvOptions): Layer {
  if (!Number.isInteger(opts.channels) || opts.channels < 1) {
    throw new ConfigError(`conv: channels must be a positive integer; got ${opts.channels}`);
  }
  return {
    kind: 'conv',
    build(inShape: FeatureShape, reg: ParamRegistry, path: string): Node {
      if (inShape.spatial.length === 0) {
        throw new ConfigError(`${path} (conv): needs a feature map (channels × pixels) but gets a vector of ${shapeString(inShape)}; give the input a spatial shape`);
      }
      const plan = patchPlan(inShape.spatial, opts.kernel, inShape.channels);
      const fan = plan.taps * inShape.channels;
      const { s, w, b, sb } = linearParams(reg, path, opts.channels, fan, opts);
      return new ConvNode(inShape, plan, opts.channels, s, w, b, sb);
    },
  };
}
