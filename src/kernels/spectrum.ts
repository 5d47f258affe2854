/**
 * Spectra of kernels (λ_min, λ_max, condition number, all eigenvalues) with an honest treatment of
 * nearly singular kernels: negative eigenvalues within round-off are reported as such (the kernel is
 * PSD to working precision; condition = ∞), beyond round-off they are an error — never a silent NaN.
 */
import { NotPositiveDefiniteError } from '../errors.js';
import { eigvalsh } from '../linalg/eigen.js';
import type { Matrix } from '../linalg/matrix.js';

export interface KernelSpectrum {
  n: number;
  lambdaMin: number;
  lambdaMax: number;
  /** λ_max/λ_min, or Infinity when λ_min is at the round-off level. */
  condition: number;
  trace: number;
  /** The round-off level n·ε·λ_max below which an eigenvalue is indistinguishable from 0. */
  roundOff: number;
  /** λ_min ≤ roundOff: singular to working precision. */
  singular: boolean;
  /** All eigenvalues, ascending. */
  values: Float64Array;
}

/** Relative size of a negative eigenvalue (to λ_max) tolerated as round-off, in units of n·ε. */
const NEGATIVE_TOLERANCE_FACTOR = 100;

export function kernelSpectrum(k: Matrix, what = 'kernel'): KernelSpectrum {
  const values = eigvalsh(k);
  const n = values.length;
  if (n === 0) return { n, lambdaMin: NaN, lambdaMax: NaN, condition: NaN, trace: 0, roundOff: 0, singular: true, values };
  const lambdaMin = values[0];
  const lambdaMax = values[n - 1];
  const scale = Math.max(Math.abs(lambdaMax), Math.abs(lambdaMin));
  const roundOff = n * Number.EPSILON * scale;
  if (lambdaMin < -NEGATIVE_TOLERANCE_FACTOR * roundOff) {
    throw new NotPositiveDefiniteError(
      `${what} is not positive semi-definite: λ_min = ${lambdaMin.toExponential(4)} against λ_max = ${lambdaMax.toExponential(4)} ` +
        `(beyond round-off, ${(NEGATIVE_TOLERANCE_FACTOR * roundOff).toExponential(2)}); a tangent kernel or NNGP must be PSD`,
    );
  }
  let trace = 0;
  for (let i = 0; i < n; i++) trace += k.data[i * n + i];
  const singular = lambdaMin <= roundOff;
  return { n, lambdaMin, lambdaMax, condition: singular ? Infinity : lambdaMax / lambdaMin, trace, roundOff, singular, values };
}
