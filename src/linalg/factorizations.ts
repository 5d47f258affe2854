/**
 * Cholesky factor and solve, and thin QR. A Cholesky factorization of a matrix that is singular to
 * working precision is refused with a message, not returned with garbage.
 */
import { NotPositiveDefiniteError, ShapeError } from '../errors.js';
import { symmetricCopy, requireFinite } from './checks.js';
import { Matrix } from './matrix.js';
import { backend } from './registry.js';

export interface CholeskyOptions {
  /**
   * A pivot L_kk² at or below relativeTolerance · max_i A_ii makes the matrix numerically singular and
   * the factorization is refused. Default n·ε (LAPACK-style: the size of the round-off in the pivots).
   */
  relativeTolerance?: number;
  /** Added to the diagonal before factoring (a ridge, as for kernel regression); default 0. */
  jitter?: number;
}

/** Lower-triangular L with A = L·Lᵀ for a symmetric positive-definite A. */
export function cholesky(a: Matrix, opts: CholeskyOptions = {}): Matrix {
  const work = symmetricCopy('cholesky', a);
  const n = a.rows;
  const jitter = opts.jitter ?? 0;
  let maxDiag = 0;
  for (let i = 0; i < n; i++) {
    work.data[i * n + i] += jitter;
    maxDiag = Math.max(maxDiag, work.data[i * n + i]);
  }
  const info = backend().dpotrf(n, work.data);
  if (info > 0) {
    throw new NotPositiveDefiniteError(
      `cholesky: the ${a.shapeString} matrix is not positive definite (pivot ${info} of ${n} is not positive). ` +
        'Check the inputs for duplicate points, or add a ridge with the jitter option.',
    );
  }
  const tol = (opts.relativeTolerance ?? n * Number.EPSILON) * maxDiag;
  for (let k = 0; k < n; k++) {
    const pivot = work.data[k * n + k] ** 2;
    if (pivot <= tol) {
      throw new NotPositiveDefiniteError(
        `cholesky: the ${a.shapeString} matrix is numerically singular: pivot ${k + 1} is ${pivot.toExponential(3)}, ` +
          `at or below ${tol.toExponential(3)} (relative tolerance × max diagonal). ` +
          'Check the inputs for duplicate points, or add a ridge with the jitter option.',
      );
    }
  }
  return work;
}

/** X with A·X = B, given L = cholesky(A); B is n×k (or a vector of length n). */
export function choleskySolve(l: Matrix, b: Matrix): Matrix;
export function choleskySolve(l: Matrix, b: Float64Array): Float64Array;
export function choleskySolve(l: Matrix, b: Matrix | Float64Array): Matrix | Float64Array {
  if (l.rows !== l.cols) throw new ShapeError(`choleskySolve: L is ${l.shapeString}; it must be square`);
  const n = l.rows;
  const isVector = b instanceof Float64Array;
  const rows = isVector ? b.length : b.rows;
  const nrhs = isVector ? 1 : b.cols;
  if (rows !== n) {
    throw new ShapeError(`choleskySolve: L is ${l.shapeString} but B is ${isVector ? `a vector of length ${rows}` : b.shapeString}`);
  }
  const x = isVector ? b.slice() : b.data.slice();
  if (n > 0 && nrhs > 0) backend().dpotrs(n, nrhs, l.data, x);
  return isVector ? x : new Matrix(n, nrhs, x);
}

/** X with A·X = B for symmetric positive-definite A (Cholesky factor, then solve). */
export function solveSPD(a: Matrix, b: Matrix, opts: CholeskyOptions = {}): Matrix {
  return choleskySolve(cholesky(a, opts), b);
}

export interface QR {
  /** m×p with orthonormal columns, p = min(m, n). */
  q: Matrix;
  /** p×n upper triangular. */
  r: Matrix;
}

/** Thin Householder QR: A = Q·R. */
export function qr(a: Matrix): QR {
  requireFinite('qr', a);
  const { rows: m, cols: n } = a;
  const p = Math.min(m, n);
  const q = new Matrix(m, p);
  const r = new Matrix(p, n);
  if (p > 0) backend().dgeqr(m, n, a.data.slice(), q.data, r.data);
  return { q, r };
}
