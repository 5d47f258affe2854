/** Matrix norms: Frobenius, and spectral (largest singular value; largest |λ| for symmetric input). */
import { requireFinite } from './checks.js';
import { extremeEigen } from './eigen.js';
import { lanczos } from './lanczos.js';
import { Matrix } from './matrix.js';
import { gram } from './products.js';
import { backend } from './registry.js';

/**
 * A plain sum of squares at least this large lost nothing to underflow that matters: a square that
 * underflowed is below 2^−1022, under 2^−62 of the sum (n·2^−1074 in all, at most n·2^−114 of it).
 */
const PLAIN_MIN = 2 ** -960;

/**
 * √Σ x² by the plain sum of squares (four partial sums, combined in one fixed order) when that is safe —
 * the sum finite (no square overflowed) and at least PLAIN_MIN — with relative error below (n + 1)·ε, as
 * LAPACK's dnrm2; NaN when it is not (a NaN or ±∞ entry, entries too large or all too small), for the
 * scaled sum to decide. No division per entry.
 */
function plainNorm(d: Float64Array, b: Float64Array | null, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n4 = n - (n % 4);
  let i = 0;
  if (b === null) {
    for (; i < n4; i += 4) {
      s0 += d[i] * d[i];
      s1 += d[i + 1] * d[i + 1];
      s2 += d[i + 2] * d[i + 2];
      s3 += d[i + 3] * d[i + 3];
    }
    for (; i < n; i++) s0 += d[i] * d[i];
  } else {
    for (; i < n4; i += 4) {
      const x0 = d[i] - b[i];
      const x1 = d[i + 1] - b[i + 1];
      const x2 = d[i + 2] - b[i + 2];
      const x3 = d[i + 3] - b[i + 3];
      s0 += x0 * x0;
      s1 += x1 * x1;
      s2 += x2 * x2;
      s3 += x3 * x3;
    }
    for (; i < n; i++) {
      const x = d[i] - b[i];
      s0 += x * x;
    }
  }
  const ssq = s0 + s1 + (s2 + s3);
  return ssq >= PLAIN_MIN && ssq < Infinity ? Math.sqrt(ssq) : NaN;
}

/**
 * The scaled sum (LAPACK's classic dnrm2): neither overflows nor underflows at any scale, at one division
 * per entry; ±∞ gives ∞, NaN gives NaN.
 */
function scaledNorm(d: Float64Array, b: Float64Array | null, n: number): number {
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < n; i++) {
    const x = Math.abs(b === null ? d[i] : d[i] - b[i]);
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

function norm(d: Float64Array, b: Float64Array | null, n: number): number {
  const plain = plainNorm(d, b, n);
  return Number.isNaN(plain) ? scaledNorm(d, b, n) : plain;
}

/** ‖A‖_F, neither overflowing nor underflowing: the plain sum of squares where it is safe, else the scaled one. */
export function frobeniusNorm(a: Matrix | Float64Array): number {
  const d = a instanceof Matrix ? a.data : a;
  return norm(d, null, d.length);
}

/**
 * ‖a − b‖₂ over the first n entries, without forming a − b: the same sums as frobeniusNorm, so it equals
 * frobeniusNorm of the difference bit for bit.
 */
export function differenceNorm(a: Float64Array, b: Float64Array, n: number): number {
  return norm(a, b, n);
}

/** Euclidean norm of a vector. */
export function norm2(v: Float64Array): number {
  return frobeniusNorm(v);
}

/**
 * Largest dimension for which the spectral norm is taken from a dense Gram eigenproblem: 1500 where the
 * backend's eigensolver is LAPACK's; 96 on the portable backend, whose Householder tridiagonalization is
 * O(n³) in TypeScript against two O(n²) products a Lanczos step (a zou2018 run at m = 512: 7.2 → 2.9 s).
 * Lanczos runs on the native backend only past 1500, so only the portable one ever falls back to dense.
 */
const DENSE_LIMIT = { native: 1500, portable: 96 } as const;

export interface SpectralNormOptions {
  /** The matrix is symmetric: ‖A‖₂ = max |λ| (exact eigenvalues; no Gram matrix is formed). */
  symmetric?: boolean;
}

/**
 * ‖A‖₂, the largest singular value. Dense path: √λ_max of the smaller Gram matrix (AAᵀ or AᵀA); for
 * larger matrices (DENSE_LIMIT, by backend) Lanczos on v ↦ Aᵀ(Av) to relative precision 1e-12, with the
 * dense path behind it should Lanczos not converge.
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
  const be = backend();
  const dense = (): number => {
    const g = gram(a, { of: a.rows <= a.cols ? 'rows' : 'columns' });
    return Math.sqrt(Math.max(0, extremeEigen(g, { which: 'largest' }).values[0]));
  };
  if (small <= DENSE_LIMIT[be.name]) return dense();
  const tmp = new Float64Array(a.rows);
  const res = lanczos(
    (v, out) => {
      be.dgemv(false, a.rows, a.cols, 1, a.data, a.cols, v, 0, tmp);
      be.dgemv(true, a.rows, a.cols, 1, a.data, a.cols, tmp, 0, out);
    },
    a.cols,
    { which: 'largest', tolerance: 1e-12 },
  );
  // Unconverged (a top cluster too tight for its Krylov space): the dense eigenproblem decides.
  if (!res.converged && small <= DENSE_LIMIT.native) return dense();
  return Math.sqrt(Math.max(0, res.values[0]));
}
