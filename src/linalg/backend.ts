/**
 * The backend seam (DESIGN.md): the hot dense kernels behind one interface with two implementations,
 * `native` (N-API addon over CBLAS/LAPACKE) and `portable` (TypeScript). All matrices are float64,
 * row-major, addressed by a leading dimension (the stride between consecutive rows as stored).
 *
 * Contracts are BLAS/LAPACK's, restated for row-major storage. Callers (ops.ts) check shapes and
 * finiteness; backends may assume valid arguments.
 */
import type { Accelerators } from './accelerators.js';

export type BackendName = 'native' | 'portable';

/** The dense kernels; a backend may also offer the fast paths of accelerators.ts. */
export interface LinalgBackend extends Accelerators {
  readonly name: BackendName;
  /** Human description of the library, e.g. "OpenBLAS 0.3.21 (pthread, Haswell)". */
  readonly library: string;
  /** Threads the backend's BLAS uses (1 for portable). */
  threads(): number;

  /**
   * C ← α·op(A)·op(B) + β·C where op(X) = Xᵀ if trans, op(A) is m×k, op(B) is k×n, C is m×n.
   * A is stored (transA ? k×m : m×k) with row stride lda; likewise B. When β = 0, C is not read.
   */
  dgemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: Float64Array, lda: number, b: Float64Array, ldb: number, beta: number, c: Float64Array, ldc: number,
  ): void;

  /** y ← α·op(A)·x + β·y, A stored m×n with row stride lda. When β = 0, y is not read. */
  dgemv(
    trans: boolean, m: number, n: number, alpha: number, a: Float64Array, lda: number,
    x: Float64Array, beta: number, y: Float64Array,
  ): void;

  /**
   * Symmetric rank-k update, both triangles written: C ← α·A·Aᵀ + β·C with A stored n×k (trans = false),
   * or C ← α·Aᵀ·A + β·C with A stored k×n (trans = true). C is n×n with row stride n.
   */
  dsyrk(trans: boolean, n: number, k: number, alpha: number, a: Float64Array, lda: number, beta: number, c: Float64Array): void;

  /**
   * All eigenvalues (ascending, into w) of the symmetric n×n matrix a (row stride n, overwritten). If
   * vectors, a holds on return the orthonormal eigenvectors as columns: column j pairs with w[j].
   */
  dsyev(n: number, a: Float64Array, w: Float64Array, vectors: boolean): void;

  /**
   * Eigenvalues with 0-based ascending indices il..iu (inclusive) of the symmetric n×n a (overwritten),
   * into w[0..iu−il]; if z is given (n×(iu−il+1), row stride iu−il+1) it receives their eigenvectors.
   */
  dsyevr(n: number, a: Float64Array, il: number, iu: number, w: Float64Array, z: Float64Array | null): void;

  /**
   * Cholesky factor in place: on return the lower triangle of a (n×n, row stride n) holds L with A = L·Lᵀ,
   * and the strict upper triangle is zero. Returns 0, or the 1-based index of the first non-positive pivot.
   */
  dpotrf(n: number, a: Float64Array): number;

  /** Solves L·Lᵀ·X = B in place for B (n×nrhs, row stride nrhs), L from dpotrf. */
  dpotrs(n: number, nrhs: number, l: Float64Array, b: Float64Array): void;

  /**
   * Thin Householder QR of A (m×n, row stride n; overwritten): Q (m×p, orthonormal columns) and R (p×n,
   * upper triangular), p = min(m, n), A = Q·R.
   */
  dgeqr(m: number, n: number, a: Float64Array, q: Float64Array, r: Float64Array): void;
}
