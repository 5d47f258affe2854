/**
 * Symmetric eigendecomposition in portable TypeScript: Householder reduction to tridiagonal form
 * followed by the implicit QL algorithm with Wilkinson-style shifts (EISPACK tred2/tql2, as in JAMA).
 *
 * Storage note: the algorithm is written on U = Vᵀ (row-major), so that the rotations of the QL sweep,
 * which combine two *columns* of V, stream two contiguous *rows* of U. Since the input is symmetric,
 * U starts equal to A.
 */
import { ConvergenceError } from '../../../errors.js';

const EPS = 2 ** -52;

/**
 * Householder tridiagonalization of the symmetric n×n matrix held in u (overwritten). On return d holds
 * the diagonal, e[1..n−1] the sub-diagonal (e[0] = 0); if accumulate, u holds Qᵀ with A = Q·T·Qᵀ.
 */
function tridiagonalize(n: number, u: Float64Array, d: Float64Array, e: Float64Array, accumulate: boolean): void {
  // JAMA's V[r][c] is u[c*n + r] here.
  for (let j = 0; j < n; j++) d[j] = u[j * n + n - 1];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = u[j * n + i - 1];
        u[j * n + i] = 0;
        u[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        u[i * n + j] = f;
        const row = j * n;
        g = e[j] + u[row + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          const v = u[row + k];
          g += v * d[k];
          e[k] += v * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        const row = j * n;
        for (let k = j; k <= i - 1; k++) u[row + k] -= f * e[k] + g * d[k];
        d[j] = u[row + i - 1];
        u[row + i] = 0;
      }
    }
    d[i] = h;
  }
  if (!accumulate) {
    for (let j = 0; j < n; j++) d[j] = u[j * n + j];
    e[0] = 0;
    return;
  }
  for (let i = 0; i < n - 1; i++) {
    u[i * n + n - 1] = u[i * n + i];
    u[i * n + i] = 1;
    const h = d[i + 1];
    const hRow = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = u[hRow + k] / h;
      for (let j = 0; j <= i; j++) {
        const row = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += u[hRow + k] * u[row + k];
        for (let k = 0; k <= i; k++) u[row + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) u[hRow + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = u[j * n + n - 1];
    u[j * n + n - 1] = 0;
  }
  u[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/**
 * Implicit QL on the tridiagonal (d, e) from tridiagonalize; eigenvalues into d (ascending). With u,
 * the rotations are accumulated into its rows (rows of u become eigenvectors, sorted with d).
 */
export function tridiagonalQL(n: number, d: Float64Array, e: Float64Array, u: Float64Array | null): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const maxIter = 30 + 30 * n;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= EPS * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > maxIter) {
          throw new ConvergenceError(`symmetric eigensolver: QL iteration did not converge for eigenvalue ${l} of ${n}`);
        }
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          if (u !== null) {
            const r0 = i * n;
            const r1 = (i + 1) * n;
            for (let k = 0; k < n; k++) {
              const hk = u[r1 + k];
              const vk = u[r0 + k];
              u[r1 + k] = s * vk + c * hk;
              u[r0 + k] = c * vk - s * hk;
            }
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > EPS * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  // Selection sort into ascending order (n swaps of rows at most).
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      if (u !== null) {
        const ri = i * n;
        const rk = k * n;
        for (let j = 0; j < n; j++) {
          const t = u[ri + j];
          u[ri + j] = u[rk + j];
          u[rk + j] = t;
        }
      }
    }
  }
}

/** In-place transpose of a square n×n row-major matrix. */
function transposeSquare(n: number, a: Float64Array): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const t = a[i * n + j];
      a[i * n + j] = a[j * n + i];
      a[j * n + i] = t;
    }
  }
}

/** All eigenvalues (ascending) into w; if vectors, a receives the eigenvectors as columns. */
export function syev(n: number, a: Float64Array, w: Float64Array, vectors: boolean): void {
  if (n === 0) return;
  const e = new Float64Array(n);
  tridiagonalize(n, a, w, e, vectors);
  tridiagonalQL(n, w, e, vectors ? a : null);
  if (vectors) transposeSquare(n, a); // rows of U are eigenvectors; the contract wants columns
}

/** Eigenvalues il..iu (0-based, ascending) and optionally their eigenvectors (as columns of z). */
export function syevr(n: number, a: Float64Array, il: number, iu: number, w: Float64Array, z: Float64Array | null): void {
  if (n === 0 || iu < il) return;
  const all = new Float64Array(n);
  const e = new Float64Array(n);
  const vectors = z !== null;
  tridiagonalize(n, a, all, e, vectors);
  tridiagonalQL(n, all, e, vectors ? a : null);
  const cnt = iu - il + 1;
  for (let j = 0; j < cnt; j++) w[j] = all[il + j];
  if (z !== null) {
    // Row (il + j) of U is the eigenvector of w[j]: write it as column j of z (n×cnt).
    for (let j = 0; j < cnt; j++) {
      const src = (il + j) * n;
      for (let i = 0; i < n; i++) z[i * cnt + j] = a[src + i];
    }
  }
}
