/**
 * Central finite-difference checks of a node's four faces (forward-mode JVP, reverse-mode VJP and the
 * dual VJP behind exact HVPs) against its forward function, in float64.
 */
import assert from 'node:assert/strict';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import type { Layer, Node } from '../../src/nn/node.js';
import { initializeParams, ParamRegistry } from '../../src/nn/params.js';
import { featureSize, type FeatureShape } from '../../src/nn/shape.js';
import { SumSink } from '../../src/nn/sinks.js';

export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-12);
}

function dotM(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(x: Float64Array, s: number, d: Float64Array): Float64Array {
  const out = x.slice();
  for (let i = 0; i < out.length; i++) out[i] += s * d[i];
  return out;
}

export interface NodeCheckOptions {
  n?: number;
  seed?: number;
  /** Finite-difference step (default 1e-5; 1e-6 for piecewise-linear layers). */
  h?: number;
  tol?: number;
  /** Scale of the random inputs (default 1). */
  inputScale?: number;
}

export interface BuiltNode {
  node: Node;
  params: Float64Array;
  trainable: number;
}

export function buildNode(layer: Layer, inShape: FeatureShape, seed: number): BuiltNode {
  const reg = new ParamRegistry();
  const node = layer.build(inShape, reg, 'l');
  const refs = reg.finalize();
  return { node, params: initializeParams(refs, reg.size, Rng.fromSeed(seed).fold('params')), trainable: reg.trainableSize };
}

/** Checks JVP, VJP and HVP of a layer against central differences; returns the worst relative error. */
export function checkLayer(layer: Layer, inShape: FeatureShape, opts: NodeCheckOptions = {}): number {
  const n = opts.n ?? 3;
  const h = opts.h ?? 1e-5;
  const tol = opts.tol ?? 1e-6;
  const rng = Rng.fromSeed(opts.seed ?? 1).fold('fd');
  const { node, params, trainable } = buildNode(layer, inShape, opts.seed ?? 1);
  const P = params.length;
  const inSize = featureSize(inShape);
  const outSize = featureSize(node.outShape);
  const x = new Matrix(n, inSize, rng.fillNormal(new Float64Array(n * inSize), 0, opts.inputScale ?? 1));
  const u = new Matrix(n, inSize, rng.fillNormal(new Float64Array(n * inSize)));
  const v = new Float64Array(P);
  rng.fillNormal(v.subarray(0, trainable));
  const G = new Matrix(n, outSize, rng.fillNormal(new Float64Array(n * outSize)));
  const dG = new Matrix(n, outSize, rng.fillNormal(new Float64Array(n * outSize)));

  const F = (xx: Float64Array, th: Float64Array): Float64Array => node.forward({ params: th }, new Matrix(n, inSize, xx)).y.data;
  const vjpAt = (xx: Float64Array, th: Float64Array, g: Float64Array): { gx: Float64Array; gt: Float64Array } => {
    const { cache } = node.forward({ params: th }, new Matrix(n, inSize, xx));
    const sink = new SumSink(trainable);
    const gx = node.vjp({ params: th }, cache, new Matrix(n, outSize, g), sink, true)!;
    return { gx: gx.data.slice(), gt: sink.grad.slice() };
  };
  let worst = 0;
  const check = (what: string, got: ArrayLike<number>, want: ArrayLike<number>, t = tol): void => {
    const e = relErr(got, want);
    worst = Math.max(worst, e);
    assert.ok(e <= t, `${node.kind}: ${what} relative error ${e.toExponential(2)} > ${t}`);
  };

  // JVP along (u, v) vs central differences of F.
  const { cache } = node.forward({ params }, x);
  const { dy, tcache } = node.jvp({ params, tangent: v }, cache, u);
  const fp = F(axpy(x.data, h, u.data), axpy(params, h, v));
  const fm = F(axpy(x.data, -h, u.data), axpy(params, -h, v));
  check('JVP', dy.data, fp.map((a, i) => (a - fm[i]) / (2 * h)));

  // VJP: every input and parameter coordinate by central differences of ⟨G, F⟩.
  const { gx, gt } = vjpAt(x.data, params, G.data);
  const fdx = new Float64Array(inSize * n);
  for (let k = 0; k < fdx.length; k++) {
    const e = new Float64Array(fdx.length);
    e[k] = 1;
    fdx[k] = (dotM(G.data, F(axpy(x.data, h, e), params)) - dotM(G.data, F(axpy(x.data, -h, e), params))) / (2 * h);
  }
  check('VJP (input)', gx, fdx);
  if (trainable > 0) {
    const fdt = new Float64Array(trainable);
    for (let k = 0; k < trainable; k++) {
      const e = new Float64Array(P);
      e[k] = 1;
      fdt[k] = (dotM(G.data, F(x.data, axpy(params, h, e))) - dotM(G.data, F(x.data, axpy(params, -h, e)))) / (2 * h);
    }
    check('VJP (parameters)', gt, fdt);
  }
  // Adjoint identity ⟨G, J(u, v)⟩ = ⟨gₓ, u⟩ + ⟨g_θ, v⟩ holds to round-off.
  const lhs = dotM(G.data, dy.data);
  const rhs = dotM(gx, u.data) + dotM(gt, v.subarray(0, trainable));
  assert.ok(Math.abs(lhs - rhs) <= 1e-12 * Math.max(1, Math.abs(lhs)), `${node.kind}: adjoint identity off by ${Math.abs(lhs - rhs)}`);

  // HVP (dual VJP) vs central differences of the VJP along (u, v, Ġ).
  const sink = new SumSink(trainable);
  const r = node.hvp({ params, tangent: v }, cache, tcache, G, dG, sink, true)!;
  check('dual VJP primal part', r.gx.data, gx, 1e-13);
  const p = vjpAt(axpy(x.data, h, u.data), axpy(params, h, v), axpy(G.data, h, dG.data));
  const m = vjpAt(axpy(x.data, -h, u.data), axpy(params, -h, v), axpy(G.data, -h, dG.data));
  check('HVP (input)', r.dgx.data, p.gx.map((a, i) => (a - m.gx[i]) / (2 * h)));
  if (trainable > 0) check('HVP (parameters)', sink.grad, p.gt.map((a, i) => (a - m.gt[i]) / (2 * h)));
  return worst;
}
