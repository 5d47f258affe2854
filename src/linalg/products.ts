/**
 * Matrix products through the backend: GEMM with either operand transposed, matrix–vector products and
 * Gram matrices. Shapes are checked here, with messages that name both operands' shapes.
 */
import { ShapeError } from '../errors.js';
import { Matrix } from './matrix.js';
import { backend } from './registry.js';

export interface ProductOptions {
  /** Use Aᵀ in place of A. */
  transA?: boolean;
  /** Use Bᵀ in place of B. */
  transB?: boolean;
}

function opShape(m: Matrix, trans: boolean): [number, number] {
  return trans ? [m.cols, m.rows] : [m.rows, m.cols];
}

function opName(name: string, trans: boolean): string {
  return trans ? `${name}ᵀ` : name;
}

/** C = op(A)·op(B). */
export function matmul(a: Matrix, b: Matrix, opts: ProductOptions = {}): Matrix {
  const transA = opts.transA ?? false;
  const transB = opts.transB ?? false;
  const [m, k] = opShape(a, transA);
  const [k2, n] = opShape(b, transB);
  if (k !== k2) {
    throw new ShapeError(
      `matmul: ${opName('A', transA)} is ${m}×${k} and ${opName('B', transB)} is ${k2}×${n}; ` +
        `inner dimensions ${k} and ${k2} differ`,
    );
  }
  const c = Matrix.forBlas(m, n);
  if (m > 0 && n > 0) {
    backend().dgemm(transA, transB, m, n, k, 1, a.data, Math.max(1, a.cols), b.data, Math.max(1, b.cols), 0, c.data, Math.max(1, n));
  }
  return c;
}

/** C ← α·op(A)·op(B) + β·C in place; returns C. */
export function gemm(alpha: number, a: Matrix, b: Matrix, beta: number, c: Matrix, opts: ProductOptions = {}): Matrix {
  const transA = opts.transA ?? false;
  const transB = opts.transB ?? false;
  const [m, k] = opShape(a, transA);
  const [k2, n] = opShape(b, transB);
  if (k !== k2) {
    throw new ShapeError(
      `gemm: ${opName('A', transA)} is ${m}×${k} and ${opName('B', transB)} is ${k2}×${n}; ` +
        `inner dimensions ${k} and ${k2} differ`,
    );
  }
  if (c.rows !== m || c.cols !== n) {
    throw new ShapeError(`gemm: the product is ${m}×${n} but C is ${c.shapeString}`);
  }
  if (m > 0 && n > 0) {
    backend().dgemm(transA, transB, m, n, k, alpha, a.data, Math.max(1, a.cols), b.data, Math.max(1, b.cols), beta, c.data, Math.max(1, n));
  }
  return c;
}

/** y = op(A)·x. */
export function matvec(a: Matrix, x: Float64Array, opts: { trans?: boolean } = {}): Float64Array {
  const trans = opts.trans ?? false;
  const [m, n] = opShape(a, trans);
  if (x.length !== n) {
    throw new ShapeError(`matvec: ${opName('A', trans)} is ${m}×${n} but x has length ${x.length}`);
  }
  const y = new Float64Array(m);
  if (m > 0) backend().dgemv(trans, a.rows, a.cols, 1, a.data, Math.max(1, a.cols), x, 0, y);
  return y;
}

/**
 * Gram matrix: A·Aᵀ (rows' inner products, the default) or Aᵀ·A (`{ of: 'columns' }`), exactly
 * symmetric, via the symmetric rank-k update.
 */
export function gram(a: Matrix, opts: { of?: 'rows' | 'columns' } = {}): Matrix {
  const ofColumns = opts.of === 'columns';
  const n = ofColumns ? a.cols : a.rows;
  const k = ofColumns ? a.rows : a.cols;
  const c = Matrix.forBlas(n, n);
  if (n > 0) backend().dsyrk(ofColumns, n, k, 1, a.data, Math.max(1, a.cols), 0, c.data);
  return c;
}

/** Inner product of two vectors of equal length. */
export function dot(x: Float64Array, y: Float64Array): number {
  if (x.length !== y.length) throw new ShapeError(`dot: vectors of lengths ${x.length} and ${y.length}`);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}
