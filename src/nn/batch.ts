/** Small batched helpers for nodes: elementwise products and sums on equally shaped matrices. */
import { Matrix } from '../linalg/matrix.js';

/** y += s·x in place. */
export function addScaled(y: Matrix, s: number, x: Matrix): Matrix {
  for (let i = 0; i < y.data.length; i++) y.data[i] += s * x.data[i];
  return y;
}

/** s·x. */
export function scaled(s: number, x: Matrix): Matrix {
  const out = new Matrix(x.rows, x.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = s * x.data[i];
  return out;
}

/** The same data seen with another number of columns (rows·cols preserved; shares storage). */
export function reshape(x: Matrix, rows: number, cols: number): Matrix {
  return new Matrix(rows, cols, x.data);
}
