/** Shared test helpers: run a suite on every backend, naive references, random matrices. */
import { before, describe } from 'node:test';
import { availableBackends, useBackend } from '../src/linalg/registry.js';
import type { LinalgBackend } from '../src/linalg/backend.js';
import { Matrix } from '../src/linalg/matrix.js';
import { Rng } from '../src/linalg/random/rng.js';

/**
 * Declares the suite once per available backend. With OVERPARAM_REQUIRE_NATIVE=1 (set by CI) a missing
 * native backend is a failure, not a silent skip.
 */
export function forEachBackend(name: string, body: (b: LinalgBackend) => void): void {
  const backends = availableBackends();
  if (process.env['OVERPARAM_REQUIRE_NATIVE'] === '1' && !backends.some((b) => b.name === 'native')) {
    throw new Error('OVERPARAM_REQUIRE_NATIVE=1 but the native backend did not load');
  }
  for (const b of backends) {
    describe(`${name} [${b.name}]`, () => {
      before(() => {
        useBackend(b);
      });
      body(b);
    });
  }
}

export function randomMatrix(rng: Rng, rows: number, cols: number): Matrix {
  return new Matrix(rows, cols, rng.fillNormal(new Float64Array(rows * cols)));
}

/** Naive op(A)·op(B) with a plain triple loop (the reference). */
export function naiveMatmul(a: Matrix, b: Matrix, transA = false, transB = false): Matrix {
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const n = transB ? b.rows : b.cols;
  const c = new Matrix(m, n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const x = transA ? a.get(p, i) : a.get(i, p);
        const y = transB ? b.get(j, p) : b.get(p, j);
        s += x * y;
      }
      c.set(i, j, s);
    }
  }
  return c;
}

/** max |A − B| / max(1, max |B|). */
export function relMaxDiff(a: Matrix | Float64Array, b: Matrix | Float64Array): number {
  const x = a instanceof Matrix ? a.data : a;
  const y = b instanceof Matrix ? b.data : b;
  if (x.length !== y.length) return Infinity;
  let d = 0;
  let s = 1;
  for (let i = 0; i < x.length; i++) {
    d = Math.max(d, Math.abs(x[i] - y[i]));
    s = Math.max(s, Math.abs(y[i]));
  }
  return d / s;
}

/** A random orthogonal n×n matrix (QR of a Gaussian matrix, computed naively by Gram–Schmidt twice). */
export function randomOrthogonal(rng: Rng, n: number): Matrix {
  const q = new Matrix(n, n);
  const cols: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const v = rng.fillNormal(new Float64Array(n));
    for (let pass = 0; pass < 2; pass++) {
      for (const c of cols) {
        let d = 0;
        for (let i = 0; i < n; i++) d += c[i] * v[i];
        for (let i = 0; i < n; i++) v[i] -= d * c[i];
      }
    }
    let nrm = 0;
    for (let i = 0; i < n; i++) nrm += v[i] * v[i];
    nrm = Math.sqrt(nrm);
    for (let i = 0; i < n; i++) v[i] /= nrm;
    cols.push(v);
    for (let i = 0; i < n; i++) q.set(i, j, v[i]);
  }
  return q;
}

/** Q·diag(λ)·Qᵀ, a symmetric matrix with known spectrum λ (naive products). */
export function withSpectrum(q: Matrix, lambda: ArrayLike<number>): Matrix {
  const n = q.rows;
  const a = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q.get(i, k) * lambda[k] * q.get(j, k);
      a.set(i, j, s);
      a.set(j, i, s);
    }
  }
  return a;
}
