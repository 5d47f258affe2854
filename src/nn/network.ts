/**
 * A network: a built layer tree over one flat parameter vector (trainable prefix first; params.ts).
 * Everything the theorems speak of is computed here from the layers' faces:
 *   outputs f (N×C); gradients ∇_θ Σ G_ic f_ic (one backward pass); JVPs J·v; exact Hessian-vector
 *   products Σ G_ic ∇²f_ic·v + Jᵀ·Ġ (forward-over-reverse; with G = ℓ'(f), Ġ = ℓ''(f)·J·v this is the
 *   loss Hessian); per-example gradients as per-layer factors; and, for small models only, the full
 *   Jacobian (reference, one backward pass per example and output) and full Hessian (P HVPs).
 */
import { ShapeError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';
import type { Rng } from '../linalg/random/rng.js';
import type { Ctx, Layer, Node } from './node.js';
import { initializeParams, ParamRegistry, type ParamRef } from './params.js';
import { featureSize, requireVector, shapeString, type FeatureShape } from './shape.js';
import { SerialNode } from './combinators/serial.js';
import { addExampleGradient, FactorSink, SumSink, type Factor } from './sinks.js';

export interface ForwardPass {
  out: Matrix;
  cache: unknown;
}

/** The output cotangent's tangent Ġ given ḟ = J·v (e.g. ℓ''(f)·ḟ for a loss); omit for Ġ = 0. */
export type CotangentTangent = (fDot: Matrix, f: Matrix) => Matrix;

export class Network {
  readonly root: Node;
  readonly inShape: FeatureShape;
  readonly outShape: FeatureShape;
  /** Outputs per example (C). */
  readonly outputs: number;
  readonly paramRefs: readonly ParamRef[];
  /** Total parameters P (trainable first). */
  readonly size: number;
  /** Trainable parameters: the prefix [0, trainableSize) of the flat vector. */
  readonly trainableSize: number;

  constructor(layer: Layer, inShape: FeatureShape, readonly name = 'network') {
    const reg = new ParamRegistry();
    this.root = layer.build(inShape, reg, 'layers');
    this.paramRefs = reg.finalize();
    this.size = reg.size;
    this.trainableSize = reg.trainableSize;
    this.inShape = inShape;
    this.outShape = this.root.outShape;
    this.outputs = featureSize(this.outShape);
  }

  /** Fresh parameters; each tensor from its own stream rng.fold(name). */
  init(rng: Rng): Float64Array {
    return initializeParams(this.paramRefs, this.size, rng);
  }

  /** The parameter tensor with this name (a view into params). */
  param(params: Float64Array, name: string): Float64Array {
    const ref = this.paramRefs.find((r) => r.name === name);
    if (!ref) throw new ShapeError(`no parameter named ${name}; the network has ${this.paramRefs.map((r) => r.name).join(', ')}`);
    return ref.view(params);
  }

  private checkParams(params: Float64Array): void {
    if (params.length !== this.size) throw new ShapeError(`${this.name}: expects ${this.size} parameters; got ${params.length}`);
  }

  private checkInput(x: Matrix): void {
    const need = featureSize(this.inShape);
    if (x.cols !== need) {
      throw new ShapeError(`${this.name}: inputs must have ${need} features per example (${shapeString(this.inShape)}); got a ${x.shapeString} batch`);
    }
  }

  private checkOutput(what: string, g: Matrix, n: number): void {
    if (g.rows !== n || g.cols !== this.outputs) {
      throw new ShapeError(`${this.name}: ${what} must be ${n}×${this.outputs} (examples × outputs); got ${g.shapeString}`);
    }
  }

  /** A full-length tangent from a trainable-length (or full-length) vector; frozen entries zero. */
  private fullTangent(v: Float64Array): Float64Array {
    if (v.length === this.size) {
      const t = v.slice();
      t.fill(0, this.trainableSize);
      return t;
    }
    if (v.length !== this.trainableSize) {
      throw new ShapeError(`${this.name}: a parameter tangent must have ${this.trainableSize} entries (trainable parameters); got ${v.length}`);
    }
    const t = new Float64Array(this.size);
    t.set(v);
    return t;
  }

  forwardPass(params: Float64Array, x: Matrix): ForwardPass {
    const { y, cache } = this.checkedForward(params, x, true);
    return { out: y, cache };
  }

  /** f(θ; x) for a batch: N×C (a forward pass alone: nothing kept for a backward pass). */
  forward(params: Float64Array, x: Matrix): Matrix {
    return this.checkedForward(params, x, false).y;
  }

  /** The root's forward pass on checked parameters and input (Ctx.differentiate: a backward pass follows). */
  private checkedForward(params: Float64Array, x: Matrix, differentiate: boolean): ReturnType<Node['forward']> {
    this.checkParams(params);
    this.checkInput(x);
    return this.root.forward({ params, differentiate }, x);
  }

  /**
   * The output of every top-level layer (the children of the root serial; the root alone otherwise):
   * feature norms per layer, pre-activations, activation patterns.
   */
  layerOutputs(params: Float64Array, x: Matrix): { kind: string; out: Matrix }[] {
    this.checkParams(params);
    this.checkInput(x);
    const nodes = this.root instanceof SerialNode ? this.root.children : [this.root];
    const outs: { kind: string; out: Matrix }[] = [];
    let h = x;
    for (const node of nodes) {
      h = node.forward({ params }, h).y;
      outs.push({ kind: node.kind, out: h });
    }
    return outs;
  }

  /**
   * Pre-activations of every nonlinear layer on x, by layer path (activation layers: N×size;
   * recurrences: N×(L·m)); their signs are the activation patterns.
   */
  preActivations(params: Float64Array, x: Matrix): Map<string, Matrix> {
    this.checkParams(params);
    this.checkInput(x);
    const out = new Map<string, Matrix>();
    this.root.forward({ params, tap: (path, z) => out.set(path, z) }, x);
    return out;
  }

  /** ∇_θ Σ_ic G_ic f_ic over the trainable parameters (G: N×C), reusing a forward pass if given. */
  gradient(params: Float64Array, x: Matrix, g: Matrix, pass?: ForwardPass): Float64Array {
    const fp = pass ?? this.forwardPass(params, x);
    this.checkOutput('the output cotangent', g, x.rows);
    const sink = new SumSink(this.trainableSize);
    this.root.vjp({ params }, fp.cache, g, sink, false);
    return sink.grad;
  }

  /**
   * The cotangent factors of Σ_ic G_ic f_ic (one backward pass, nothing contracted): apply them with
   * applyFactors (e.g. a GD step θ ← θ − η·∇ without forming ∇).
   */
  gradientFactors(params: Float64Array, x: Matrix, g: Matrix, pass?: ForwardPass): Factor[] {
    const fp = pass ?? this.forwardPass(params, x);
    this.checkOutput('the output cotangent', g, x.rows);
    const sink = new FactorSink();
    this.root.vjp({ params }, fp.cache, g, sink, false);
    return sink.factors;
  }

  /** J·v: the directional derivative of the outputs (N×C) along the parameter tangent v. */
  jvp(params: Float64Array, x: Matrix, v: Float64Array, pass?: ForwardPass): Matrix {
    const fp = pass ?? this.forwardPass(params, x);
    return this.root.jvp({ params, tangent: this.fullTangent(v) }, fp.cache, null).dy;
  }

  /**
   * Exact Hessian-vector product over the trainable parameters:
   *   Σ_ic G_ic·∇²f_ic·v + Jᵀ·Ġ,   Ġ = dg(J·v, f) (default 0).
   * G = e_i (a one-hot cotangent) gives ∇²f(x_i)·v; G = ℓ'(f), Ġ = ℓ''(f)·Jv gives ∇²L·v.
   */
  hvp(params: Float64Array, x: Matrix, v: Float64Array, g: Matrix, dg?: CotangentTangent, pass?: ForwardPass): Float64Array {
    const fp = pass ?? this.forwardPass(params, x);
    this.checkOutput('the output cotangent', g, x.rows);
    const ctx: Ctx = { params, tangent: this.fullTangent(v) };
    const { dy, tcache } = this.root.jvp(ctx, fp.cache, null);
    const dgy = dg ? dg(dy, fp.out) : new Matrix(g.rows, g.cols);
    this.checkOutput('the cotangent tangent', dgy, x.rows);
    const sink = new SumSink(this.trainableSize);
    this.root.hvp(ctx, fp.cache, tcache, g, dgy, sink, false);
    return sink.grad;
  }

  /**
   * Per-example gradients of output c, as per-layer factors (one backward pass with a one-hot
   * cotangent on output c of every example).
   */
  factors(params: Float64Array, x: Matrix, output = 0, pass?: ForwardPass): { factors: Factor[]; out: Matrix } {
    const fp = pass ?? this.forwardPass(params, x);
    if (!Number.isInteger(output) || output < 0 || output >= this.outputs) {
      throw new ShapeError(`${this.name}: output index ${output} outside 0..${this.outputs - 1}`);
    }
    const g = new Matrix(x.rows, this.outputs);
    for (let i = 0; i < x.rows; i++) g.data[i * this.outputs + output] = 1;
    const sink = new FactorSink();
    this.root.vjp({ params }, fp.cache, g, sink, false);
    return { factors: sink.factors, out: fp.out };
  }

  /** Per-example gradients ∇_θ f_c(x_i) as an N×P_trainable matrix, assembled from the factors. */
  perExampleGradients(params: Float64Array, x: Matrix, output = 0): Matrix {
    const { factors } = this.factors(params, x, output);
    const jac = new Matrix(x.rows, this.trainableSize);
    for (let i = 0; i < x.rows; i++) {
      const row = jac.row(i);
      for (const f of factors) addExampleGradient(f, i, row);
    }
    return jac;
  }

  /**
   * The full Jacobian ∂f_ic/∂θ ((N·C)×P_trainable, row i·C + c) by one independent backward pass per
   * example and output: the reference that structured computations are tested against. Small models only.
   */
  jacobian(params: Float64Array, x: Matrix): Matrix {
    this.checkInput(x);
    const C = this.outputs;
    const jac = new Matrix(x.rows * C, this.trainableSize);
    for (let i = 0; i < x.rows; i++) {
      const xi = x.rowBlock(i, i + 1);
      const fp = this.forwardPass(params, xi);
      for (let c = 0; c < C; c++) {
        const g = new Matrix(1, C);
        g.data[c] = 1;
        jac.row(i * C + c).set(this.gradient(params, xi, g, fp));
      }
    }
    return jac;
  }

  /** The full Hessian (P_trainable × P_trainable) of Σ G_ic f_ic (+ Ġ term) by P exact HVPs. Small P only. */
  hessian(params: Float64Array, x: Matrix, g: Matrix, dg?: CotangentTangent): Matrix {
    const P = this.trainableSize;
    const fp = this.forwardPass(params, x);
    const h = new Matrix(P, P);
    const e = new Float64Array(P);
    for (let k = 0; k < P; k++) {
      e.fill(0);
      e[k] = 1;
      h.row(k).set(this.hvp(params, x, e, g, dg, fp));
    }
    return h;
  }
}

/** The number of outputs of a vector-output network (throws for map outputs). */
export function vectorOutputs(net: Network): number {
  return requireVector(net.name, net.outShape);
}
