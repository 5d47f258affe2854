/**
 * Kernels that overflow: a matrix with a NaN or an infinite entry is refused with what overflowed and
 * where (the entry, and for kernels built from per-parameter parts, the first part that is not
 * finite), instead of being written out or handed to an eigensolver that reports a bare NaN.
 */
import { NonFiniteError } from '../errors.js';
import type { Matrix } from '../linalg/matrix.js';

/** The first entry of m that is not finite, as "(i, j) = NaN", or undefined when all are finite. */
export function firstNonFinite(m: Matrix): string | undefined {
  const d = m.data;
  for (let k = 0; k < d.length; k++) {
    if (!Number.isFinite(d[k])) return `(${Math.floor(k / m.cols)}, ${k % m.cols}) = ${d[k]}`;
  }
  return undefined;
}

/**
 * Throws a NonFiniteError when `m` (called `what`, e.g. "the analytic kernel") has an entry that is
 * not finite; `parts` (parameter name → its contribution), when given, names the first one that
 * overflowed, in the order given.
 */
export function requireFiniteKernel(m: Matrix, what: string, parts?: ReadonlyMap<string, Matrix>): void {
  const at = firstNonFinite(m);
  if (at === undefined) return;
  let where = '';
  if (parts !== undefined) {
    for (const [name, p] of parts) {
      const pa = firstNonFinite(p);
      if (pa !== undefined) {
        where = `; its part from ${name} is the first not finite, at ${pa}`;
        break;
      }
    }
  }
  throw new NonFiniteError(`${what} is not finite: entry ${at}${where} (inputs or weight scales too large for float64?)`);
}
