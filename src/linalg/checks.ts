/** Input checks shared by the decompositions: squareness, finiteness, symmetry. */
import { NonFiniteError, OverparamError, ShapeError } from '../errors.js';
import { Matrix } from './matrix.js';

export function requireSquare(op: string, a: Matrix): number {
  if (a.rows !== a.cols) throw new ShapeError(`${op}: A is ${a.shapeString}; it must be square`);
  return a.rows;
}

export function requireFinite(op: string, a: Matrix): void {
  const d = a.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) {
      const r = Math.floor(i / Math.max(1, a.cols));
      throw new NonFiniteError(`${op}: entry (${r}, ${i - r * a.cols}) of the ${a.shapeString} input is ${d[i]}`);
    }
  }
}

/** Relative asymmetry allowed before a matrix is refused as not symmetric. */
export const SYMMETRY_TOLERANCE = 1e-8;

/**
 * A symmetric copy (A + Aᵀ)/2 of a square, finite matrix; refuses a matrix whose asymmetry exceeds
 * round-off (max |A − Aᵀ| > 1e-8 · max |A|).
 */
export function symmetricCopy(op: string, a: Matrix): Matrix {
  const n = requireSquare(op, a);
  requireFinite(op, a);
  const out = new Matrix(n, n);
  let scale = 0;
  let asym = 0;
  const d = a.data;
  for (let i = 0; i < n; i++) {
    out.data[i * n + i] = d[i * n + i];
    scale = Math.max(scale, Math.abs(d[i * n + i]));
    for (let j = 0; j < i; j++) {
      const x = d[i * n + j];
      const y = d[j * n + i];
      scale = Math.max(scale, Math.abs(x), Math.abs(y));
      asym = Math.max(asym, Math.abs(x - y));
      const v = 0.5 * (x + y);
      out.data[i * n + j] = v;
      out.data[j * n + i] = v;
    }
  }
  if (asym > SYMMETRY_TOLERANCE * scale) {
    throw new OverparamError(
      `${op}: the ${a.shapeString} matrix is not symmetric (max |A − Aᵀ| = ${asym.toExponential(3)}, ` +
        `max |A| = ${scale.toExponential(3)})`,
    );
  }
  return out;
}
