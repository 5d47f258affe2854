/**
 * Elementwise operations on matrices of equal shape. Each returns a new matrix unless named *InPlace.
 */
import { ShapeError } from '../errors.js';
import { Matrix } from './matrix.js';

function sameShape(op: string, a: Matrix, b: Matrix): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new ShapeError(`${op}: A is ${a.shapeString} and B is ${b.shapeString}; shapes must match`);
  }
}

export function add(a: Matrix, b: Matrix): Matrix {
  sameShape('add', a, b);
  const out = new Matrix(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = a.data[i] + b.data[i];
  return out;
}

export function sub(a: Matrix, b: Matrix): Matrix {
  sameShape('sub', a, b);
  const out = new Matrix(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = a.data[i] - b.data[i];
  return out;
}

/** Hadamard (elementwise) product A ⊙ B. */
export function hadamard(a: Matrix, b: Matrix): Matrix {
  sameShape('hadamard', a, b);
  const out = new Matrix(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = a.data[i] * b.data[i];
  return out;
}

export function scale(a: Matrix, s: number): Matrix {
  const out = new Matrix(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = s * a.data[i];
  return out;
}

/** f applied to every entry (f receives the entry and its row and column). */
export function map(a: Matrix, f: (v: number, i: number, j: number) => number): Matrix {
  const out = new Matrix(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) out.data[i * a.cols + j] = f(a.data[i * a.cols + j], i, j);
  }
  return out;
}

/** Y ← α·X + Y in place; returns Y. */
export function axpyInPlace(alpha: number, x: Matrix, y: Matrix): Matrix {
  sameShape('axpy', x, y);
  for (let i = 0; i < x.data.length; i++) y.data[i] += alpha * x.data[i];
  return y;
}

/** (A + Aᵀ)/2, for matrices that are symmetric up to round-off. */
export function symmetrize(a: Matrix): Matrix {
  if (a.rows !== a.cols) throw new ShapeError(`symmetrize: A is ${a.shapeString}; it must be square`);
  const n = a.rows;
  const out = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    out.data[i * n + i] = a.data[i * n + i];
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (a.data[i * n + j] + a.data[j * n + i]);
      out.data[i * n + j] = v;
      out.data[j * n + i] = v;
    }
  }
  return out;
}

export function trace(a: Matrix): number {
  if (a.rows !== a.cols) throw new ShapeError(`trace: A is ${a.shapeString}; it must be square`);
  let s = 0;
  for (let i = 0; i < a.rows; i++) s += a.data[i * a.cols + i];
  return s;
}

/** Largest absolute entry (0 for an empty matrix). */
export function maxAbs(a: Matrix): number {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i]));
  return m;
}
