/**
 * Where parameter cotangents go during a backward pass. Layers report them in factored form — the
 * structure DESIGN.md asks to keep: a weight used as yᵣ = s·W·xᵣ over rows r has cotangent s·Σᵣ gᵣxᵣᵀ,
 * a sum of outer products. The summing sink contracts the factors with one GEMM into a flat gradient;
 * the factor sink keeps them per example (rows are grouped into examples: one row each for dense
 * layers, one per pixel or time step for convolutions and recurrences), which is what tangent kernels
 * and per-example gradients are built from without ever forming an N×P Jacobian.
 */
import { Matrix, zeroed } from '../linalg/matrix.js';
import { backend } from '../linalg/registry.js';
import type { ParamRef } from './params.js';

export interface GradSink {
  /** Cotangent s·Σᵣ gᵣ xᵣᵀ of an (out×in) weight; g is R×out, x is R×in, rows grouped rowsPerExample. */
  outer(ref: ParamRef, scale: number, g: Matrix, x: Matrix, rowsPerExample: number): void;
  /** Cotangent s·Σᵣ gᵣ of a vector parameter (a bias); g is R×size. */
  rowSum(ref: ParamRef, scale: number, g: Matrix, rowsPerExample: number): void;
}

/** Accumulates Σ of all cotangents into a flat vector over the trainable parameters. */
export class SumSink implements GradSink {
  readonly grad: Float64Array;

  constructor(trainableSize: number, into?: Float64Array) {
    this.grad = into ?? zeroed(trainableSize);
  }

  outer(ref: ParamRef, scale: number, g: Matrix, x: Matrix): void {
    if (!ref.trainable || g.rows === 0) return;
    const out = g.cols;
    const inn = x.cols;
    // grad_W (out×in) += s · gᵀ·x
    backend().dgemm(true, false, out, inn, g.rows, scale, g.data, Math.max(1, out), x.data, Math.max(1, inn), 1,
      this.grad.subarray(ref.offset, ref.offset + ref.size), Math.max(1, inn));
  }

  rowSum(ref: ParamRef, scale: number, g: Matrix): void {
    if (!ref.trainable) return;
    const v = this.grad.subarray(ref.offset, ref.offset + ref.size);
    const c = g.cols;
    for (let r = 0; r < g.rows; r++) for (let j = 0; j < c; j++) v[j] += scale * g.data[r * c + j];
  }
}

export type Factor =
  | { kind: 'outer'; ref: ParamRef; scale: number; g: Matrix; x: Matrix; rowsPerExample: number }
  | { kind: 'rowSum'; ref: ParamRef; scale: number; g: Matrix; rowsPerExample: number };

/** Keeps every trainable parameter's cotangent factors, for per-example gradients and kernels. */
export class FactorSink implements GradSink {
  readonly factors: Factor[] = [];

  outer(ref: ParamRef, scale: number, g: Matrix, x: Matrix, rowsPerExample: number): void {
    if (ref.trainable) this.factors.push({ kind: 'outer', ref, scale, g, x, rowsPerExample });
  }

  rowSum(ref: ParamRef, scale: number, g: Matrix, rowsPerExample: number): void {
    if (ref.trainable) this.factors.push({ kind: 'rowSum', ref, scale, g, rowsPerExample });
  }
}

/**
 * Adds α·Σ(factor contributions) into a flat vector over the trainable parameters — with α = −η this is
 * a gradient-descent step applied straight from the factors, each as one GEMM with β = 1 into the
 * parameters (no gradient vector is formed).
 */
export function applyFactors(factors: readonly Factor[], target: Float64Array, alpha: number): void {
  for (const f of factors) {
    const v = target.subarray(f.ref.offset, f.ref.offset + f.ref.size);
    if (f.kind === 'rowSum') {
      const c = f.g.cols;
      const s = alpha * f.scale;
      for (let r = 0; r < f.g.rows; r++) for (let j = 0; j < c; j++) v[j] += s * f.g.data[r * c + j];
      continue;
    }
    if (f.g.rows === 0) continue;
    const out = f.g.cols;
    const inn = f.x.cols;
    backend().dgemm(true, false, out, inn, f.g.rows, alpha * f.scale, f.g.data, Math.max(1, out), f.x.data, Math.max(1, inn), 1, v, Math.max(1, inn));
  }
}

/** Example i's gradient contribution from one factor, added into a flat trainable-parameter vector. */
export function addExampleGradient(f: Factor, i: number, out: Float64Array): void {
  const v = out.subarray(f.ref.offset, f.ref.offset + f.ref.size);
  const r0 = i * f.rowsPerExample;
  const r1 = r0 + f.rowsPerExample;
  const gc = f.g.cols;
  if (f.kind === 'rowSum') {
    for (let r = r0; r < r1; r++) for (let j = 0; j < gc; j++) v[j] += f.scale * f.g.data[r * gc + j];
    return;
  }
  const xc = f.x.cols;
  for (let r = r0; r < r1; r++) {
    for (let a = 0; a < gc; a++) {
      const ga = f.scale * f.g.data[r * gc + a];
      if (ga === 0) continue;
      const row = a * xc;
      for (let b = 0; b < xc; b++) v[row + b] += ga * f.x.data[r * xc + b];
    }
  }
}
