/**
 * Portable Cholesky and Householder QR (row-major, float64).
 */

/** Lower Cholesky in place (Cholesky–Crout, rows contiguous); returns 0 or the 1-based failing pivot. */
export function potrf(n: number, a: Float64Array): number {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let s = a[rj + j];
    for (let k = 0; k < j; k++) s -= a[rj + k] * a[rj + k];
    if (!(s > 0)) return j + 1; // also catches NaN
    const ljj = Math.sqrt(s);
    a[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let t = a[ri + j];
      for (let k = 0; k < j; k++) t -= a[ri + k] * a[rj + k];
      a[ri + j] = t / ljj;
    }
  }
  for (let i = 0; i < n; i++) a.fill(0, i * n + i + 1, (i + 1) * n);
  return 0;
}

/** Solves L·Lᵀ·X = B in place (B is n×nrhs). */
export function potrs(n: number, nrhs: number, l: Float64Array, b: Float64Array): void {
  // Forward: L·Y = B, one row of B at a time so the right-hand sides stream together.
  for (let i = 0; i < n; i++) {
    const bi = i * nrhs;
    for (let k = 0; k < i; k++) {
      const lik = l[i * n + k];
      if (lik === 0) continue;
      const bk = k * nrhs;
      for (let c = 0; c < nrhs; c++) b[bi + c] -= lik * b[bk + c];
    }
    const inv = 1 / l[i * n + i];
    for (let c = 0; c < nrhs; c++) b[bi + c] *= inv;
  }
  // Backward: Lᵀ·X = Y.
  for (let i = n - 1; i >= 0; i--) {
    const bi = i * nrhs;
    for (let k = i + 1; k < n; k++) {
      const lki = l[k * n + i];
      if (lki === 0) continue;
      const bk = k * nrhs;
      for (let c = 0; c < nrhs; c++) b[bi + c] -= lki * b[bk + c];
    }
    const inv = 1 / l[i * n + i];
    for (let c = 0; c < nrhs; c++) b[bi + c] *= inv;
  }
}

/** Thin Householder QR: A (m×n, overwritten) = Q (m×p) · R (p×n), p = min(m, n). */
export function geqr(m: number, n: number, a: Float64Array, q: Float64Array, r: Float64Array): void {
  const p = Math.min(m, n);
  const taus = new Float64Array(p);
  const vs: Float64Array[] = [];
  const s = new Float64Array(Math.max(n, p));
  for (let j = 0; j < p; j++) {
    let norm2 = 0;
    for (let i = j; i < m; i++) norm2 += a[i * n + j] * a[i * n + j];
    const v = new Float64Array(m - j);
    for (let i = j; i < m; i++) v[i - j] = a[i * n + j];
    const norm = Math.sqrt(norm2);
    if (norm === 0) {
      taus[j] = 0;
      vs.push(v);
      continue;
    }
    const x0 = v[0];
    const alpha = x0 >= 0 ? -norm : norm;
    v[0] = x0 - alpha;
    const vtv = norm2 - x0 * x0 + v[0] * v[0];
    const tau = vtv === 0 ? 0 : 2 / vtv;
    taus[j] = tau;
    vs.push(v);
    // A[j:, j:] ← (I − τ v vᵀ) A[j:, j:], streaming rows.
    s.fill(0, j, n);
    for (let i = j; i < m; i++) {
      const vi = v[i - j];
      if (vi === 0) continue;
      const row = i * n;
      for (let c = j; c < n; c++) s[c] += vi * a[row + c];
    }
    for (let i = j; i < m; i++) {
      const f = tau * v[i - j];
      if (f === 0) continue;
      const row = i * n;
      for (let c = j; c < n; c++) a[row + c] -= f * s[c];
    }
    a[j * n + j] = alpha;
    for (let i = j + 1; i < m; i++) a[i * n + j] = 0;
  }
  // R: the upper p×n block.
  r.fill(0, 0, p * n);
  for (let i = 0; i < p; i++) for (let c = i; c < n; c++) r[i * n + c] = a[i * n + c];
  // Q = H_0 ⋯ H_{p−1} [I_p; 0], applied right to left.
  q.fill(0, 0, m * p);
  for (let i = 0; i < p; i++) q[i * p + i] = 1;
  for (let j = p - 1; j >= 0; j--) {
    const tau = taus[j];
    if (tau === 0) continue;
    const v = vs[j];
    s.fill(0, 0, p);
    for (let i = j; i < m; i++) {
      const vi = v[i - j];
      if (vi === 0) continue;
      const row = i * p;
      for (let c = j; c < p; c++) s[c] += vi * q[row + c];
    }
    for (let i = j; i < m; i++) {
      const f = tau * v[i - j];
      if (f === 0) continue;
      const row = i * p;
      for (let c = j; c < p; c++) q[row + c] -= f * s[c];
    }
  }
}
