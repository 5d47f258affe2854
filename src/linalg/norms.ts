/** Matrix norms: Frobenius, and spectral (largest singular value; largest |λ| for symmetric input). */
import { requireFinite } from './checks.js';
import { extremeEigen } from './eigen.js';
import { lanczos } from './lanczos.js';
import { Matrix } from './matrix.js';
import { gram } from './products.js';
import { backend } from './registry.js';

/** ‖A‖_F, accumulated with scaling so that it neither overflows nor underflows. */
export function frobeniusNorm(a: Matrix | Float64Array): number {
  const d = a instanceof Matrix ? a.data : a;
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < d.length; i++) {
    const x = Math.abs(d[i]);
    if (x === 0) continue;
    if (scale < x) {
      ssq = 1 + ssq * (scale / x) ** 2;
      scale = x;
    } else {
      ssq += (x / scale) ** 2;
    }
  }
  return scale * Math.sqrt(ssq);
}

/**
 * ‖a − b‖₂ over the first n entries, without forming a − b: the same scaled sum as frobeniusNorm, so it
 * equals frobeniusNorm of the difference bit for bit.
 */
export function differenceNorm(a: Float64Array, b: Float64Array, n: number): number {
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < n; i++) {
    const x = Math.abs(a[i] - b[i]);
    if (x === 0) continue;
    if (scale < x) {
      ssq = 1 + ssq * (scale / x) ** 2;
      scale = x;
    } else {
      ssq += (x / scale) ** 2;
    }
  }
  return scale * Math.sqrt(ssq);
}

/** Euclidean norm of a vector. */
export function norm2(v: Float64Array): number {
  return frobeniusNorm(v);
}

/** Largest dimension for which the spectral norm is taken from a dense Gram eigenproblem. */
const DENSE_LIMIT = 1500;

export interface SpectralNormOptions {
  /** The matrix is symmetric: ‖A‖₂ = max |λ| (exact eigenvalues; no Gram matrix is formed). */
  symmetric?: boolean;
}

/**
 * ‖A‖₂, the largest singular value. Dense path: √λ_max of the smaller Gram matrix (AAᵀ or AᵀA); for
 * larger matrices Lanczos on v ↦ Aᵀ(Av) to relative precision 1e-12.
 */
export function spectralNorm(a: Matrix, opts: SpectralNormOptions = {}): number {
  requireFinite('spectralNorm', a);
  if (a.rows === 0 || a.cols === 0) return 0;
  if (opts.symmetric) {
    const n = a.rows;
    const lo = extremeEigen(a, { which: 'smallest' }).values[0];
    const hi = extremeEigen(a, { which: 'largest' }).values[0];
    return n === 0 ? 0 : Math.max(Math.abs(lo), Math.abs(hi));
  }
  const small = Math.min(a.rows, a.cols);
  if (small <= DENSE_LIMIT) {
    const g = gram(a, { of: a.rows <= a.cols ? 'rows' : 'columns' });
    return Math.sqrt(Math.max(0, extremeEigen(g, { which: 'largest' }).values[0]));
  }
  const tmp = new Float64Array(a.rows);
  const be = backend();
  const res = lanczos(
    (v, out) => {
      be.dgemv(false, a.rows, a.cols, 1, a.data, a.cols, v, 0, tmp);
      be.dgemv(true, a.rows, a.cols, 1, a.data, a.cols, tmp, 0, out);
    },
    a.cols,
    { which: 'largest', tolerance: 1e-12 },
  );
  return Math.sqrt(Math.max(0, res.values[0]));
}
