/**
 * Symmetric eigendecomposition: all eigenpairs, eigenvalues alone, or the extreme ones (λ_min, λ_max of
 * kernels and Hessians). Eigenvalues are ascending; eigenvectors are the columns of `vectors`.
 */
import { ConfigError } from '../errors.js';
import { symmetricCopy } from './checks.js';
import { Matrix } from './matrix.js';
import { backend } from './registry.js';

export interface Eigendecomposition {
  /** Ascending eigenvalues. */
  values: Float64Array;
  /** Orthonormal eigenvectors as columns: column j pairs with values[j]. */
  vectors: Matrix;
}

/** All eigenpairs of a symmetric matrix (A = V·diag(λ)·Vᵀ). */
export function eigh(a: Matrix): Eigendecomposition {
  const work = symmetricCopy('eigh', a);
  const n = a.rows;
  const values = new Float64Array(n);
  backend().dsyev(n, work.data, values, true);
  return { values, vectors: work };
}

/** All eigenvalues (ascending) of a symmetric matrix. */
export function eigvalsh(a: Matrix): Float64Array {
  const work = symmetricCopy('eigvalsh', a);
  const values = new Float64Array(a.rows);
  backend().dsyev(a.rows, work.data, values, false);
  return values;
}

export interface ExtremeEigenOptions {
  /** How many eigenvalues at that end of the spectrum (default 1). */
  count?: number;
  /** Which end: 'smallest' (default) or 'largest'. */
  which?: 'smallest' | 'largest';
  /** Also return eigenvectors (default false). */
  vectors?: boolean;
}

export interface ExtremeEigenpairs {
  /** Ascending eigenvalues at the requested end. */
  values: Float64Array;
  /** n×count eigenvectors as columns, when requested. */
  vectors: Matrix | null;
}

/** The `count` smallest or largest eigenvalues (and optionally vectors) of a symmetric matrix. */
export function extremeEigen(a: Matrix, opts: ExtremeEigenOptions = {}): ExtremeEigenpairs {
  const work = symmetricCopy('extremeEigen', a);
  const n = a.rows;
  const count = opts.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > n) {
    throw new ConfigError(`extremeEigen: count must be an integer in [1, ${n}] for a ${a.shapeString} matrix; got ${count}`);
  }
  const il = opts.which === 'largest' ? n - count : 0;
  const iu = il + count - 1;
  const values = new Float64Array(count);
  const vectors = opts.vectors ? new Matrix(n, count) : null;
  backend().dsyevr(n, work.data, il, iu, values, vectors ? vectors.data : null);
  return { values, vectors };
}

/** λ_min of a symmetric matrix. */
export function lambdaMin(a: Matrix): number {
  return extremeEigen(a, { which: 'smallest' }).values[0];
}

/** λ_max of a symmetric matrix. */
export function lambdaMax(a: Matrix): number {
  return extremeEigen(a, { which: 'largest' }).values[0];
}
