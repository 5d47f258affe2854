/**
 * Portable float64 GEMM: C ← α·op(A)·op(B) + β·C, row-major, cache-blocked with packed panels and a
 * 4×4 register-tiled micro-kernel (the BLIS/GotoBLAS loop structure, in plain TypeScript).
 *
 * Loop nest: jc over NC-column panels of B → pc over KC-deep slices (pack B̃: KC×NC in 4-column strips)
 * → ic over MC-row blocks of A (pack Ã: MC×KC in 4-row strips) → 4×4 micro-tiles. Packing absorbs the
 * transposes, so the micro-kernel always streams two contiguous arrays.
 */
const MR = 4;
const NR = 4;
const KC = 256;
const MC = 96;
const NC = 2048;

let packA = new Float64Array(MC * KC);
let packB = new Float64Array(KC * NC);
const tile = new Float64Array(MR * NR);

/** Ã strips: for strip s, element (r, p) at s·MR·kc + p·MR + r; rows past m are zero. */
function packABlock(
  transA: boolean, a: Float64Array, lda: number, i0: number, mc: number, p0: number, kc: number,
): void {
  const strips = Math.ceil(mc / MR);
  for (let s = 0; s < strips; s++) {
    const base = s * MR * kc;
    for (let r = 0; r < MR; r++) {
      const i = s * MR + r;
      if (i >= mc) {
        for (let p = 0; p < kc; p++) packA[base + p * MR + r] = 0;
      } else if (transA) {
        // A stored k×m: op(A)(i, p) = a[p·lda + i]
        let src = p0 * lda + i0 + i;
        for (let p = 0; p < kc; p++, src += lda) packA[base + p * MR + r] = a[src];
      } else {
        let src = (i0 + i) * lda + p0;
        for (let p = 0; p < kc; p++) packA[base + p * MR + r] = a[src++];
      }
    }
  }
}

/** B̃ strips: for strip s, element (p, c) at s·NR·kc + p·NR + c; columns past n are zero. */
function packBPanel(
  transB: boolean, b: Float64Array, ldb: number, p0: number, kc: number, j0: number, nc: number,
): void {
  const strips = Math.ceil(nc / NR);
  for (let s = 0; s < strips; s++) {
    const base = s * NR * kc;
    for (let c = 0; c < NR; c++) {
      const j = s * NR + c;
      if (j >= nc) {
        for (let p = 0; p < kc; p++) packB[base + p * NR + c] = 0;
      } else if (transB) {
        // B stored n×k: op(B)(p, j) = b[j·ldb + p]
        let src = (j0 + j) * ldb + p0;
        for (let p = 0; p < kc; p++) packB[base + p * NR + c] = b[src++];
      } else {
        let src = p0 * ldb + j0 + j;
        for (let p = 0; p < kc; p++, src += ldb) packB[base + p * NR + c] = b[src];
      }
    }
  }
}

/** C[i0.., j0..] += α · (4×4 tile of Ã·B̃) for the strips at aOff, bOff; mr×nr of it is stored. */
function microKernel(
  kc: number, aOff: number, bOff: number, alpha: number,
  c: Float64Array, ldc: number, cOff: number, mr: number, nr: number,
): void {
  const A = packA;
  const B = packB;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  let ia = aOff;
  let ib = bOff;
  for (let p = 0; p < kc; p++, ia += 4, ib += 4) {
    const a0 = A[ia], a1 = A[ia + 1], a2 = A[ia + 2], a3 = A[ia + 3];
    const b0 = B[ib], b1 = B[ib + 1], b2 = B[ib + 2], b3 = B[ib + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  if (mr === MR && nr === NR) {
    let o = cOff;
    c[o] += alpha * c00; c[o + 1] += alpha * c01; c[o + 2] += alpha * c02; c[o + 3] += alpha * c03; o += ldc;
    c[o] += alpha * c10; c[o + 1] += alpha * c11; c[o + 2] += alpha * c12; c[o + 3] += alpha * c13; o += ldc;
    c[o] += alpha * c20; c[o + 1] += alpha * c21; c[o + 2] += alpha * c22; c[o + 3] += alpha * c23; o += ldc;
    c[o] += alpha * c30; c[o + 1] += alpha * c31; c[o + 2] += alpha * c32; c[o + 3] += alpha * c33;
    return;
  }
  tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03;
  tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13;
  tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23;
  tile[12] = c30; tile[13] = c31; tile[14] = c32; tile[15] = c33;
  for (let r = 0; r < mr; r++) {
    for (let q = 0; q < nr; q++) c[cOff + r * ldc + q] += alpha * tile[r * NR + q];
  }
}

/** C ← β·C on the m×n block (β = 0 overwrites, so NaN in C does not propagate, as in BLAS). */
function scaleC(m: number, n: number, beta: number, c: Float64Array, ldc: number): void {
  if (beta === 1) return;
  for (let i = 0; i < m; i++) {
    const row = i * ldc;
    if (beta === 0) c.fill(0, row, row + n);
    else for (let j = 0; j < n; j++) c[row + j] *= beta;
  }
}

export function gemm(
  transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float64Array, lda: number, b: Float64Array, ldb: number, beta: number, c: Float64Array, ldc: number,
): void {
  scaleC(m, n, beta, c, ldc);
  if (m === 0 || n === 0 || k === 0 || alpha === 0) return;
  const kcMax = Math.min(KC, k);
  if (packA.length < MC * kcMax) packA = new Float64Array(MC * kcMax);
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = Math.min(NC, n - j0);
    const ncPadded = Math.ceil(nc / NR) * NR;
    if (packB.length < kcMax * ncPadded) packB = new Float64Array(kcMax * ncPadded);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = Math.min(KC, k - p0);
      packBPanel(transB, b, ldb, p0, kc, j0, nc);
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = Math.min(MC, m - i0);
        packABlock(transA, a, lda, i0, mc, p0, kc);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          const bOff = (jr / NR) * NR * kc;
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = Math.min(MR, mc - ir);
            microKernel(kc, (ir / MR) * MR * kc, bOff, alpha, c, ldc, (i0 + ir) * ldc + j0 + jr, mr, nr);
          }
        }
      }
    }
  }
}

/**
 * y ← α·op(A)·x + β·y, A stored m×n. Rows are taken four (plain) or two (transposed) at a time for
 * independent accumulations, each entry of y still summed in index order as by the one-row loop.
 */
export function gemv(
  trans: boolean, m: number, n: number, alpha: number, a: Float64Array, lda: number,
  x: Float64Array, beta: number, y: Float64Array,
): void {
  const rows = trans ? n : m;
  for (let i = 0; i < rows; i++) y[i] = beta === 0 ? 0 : beta * y[i];
  if (alpha === 0) return;
  if (!trans) gemvRows(m, n, alpha, a, lda, x, y);
  else gemvColumns(m, n, alpha, a, lda, x, y);
}

/** y += α·A·x: four dot products at once. */
function gemvRows(m: number, n: number, alpha: number, a: Float64Array, lda: number, x: Float64Array, y: Float64Array): void {
  let i = 0;
  for (; i + 3 < m; i += 4) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    const r0 = i * lda, r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda;
    for (let j = 0; j < n; j++) {
      const xj = x[j];
      s0 += a[r0 + j] * xj;
      s1 += a[r1 + j] * xj;
      s2 += a[r2 + j] * xj;
      s3 += a[r3 + j] * xj;
    }
    y[i] += alpha * s0;
    y[i + 1] += alpha * s1;
    y[i + 2] += alpha * s2;
    y[i + 3] += alpha * s3;
  }
  for (; i < m; i++) {
    let s = 0;
    const row = i * lda;
    for (let j = 0; j < n; j++) s += a[row + j] * x[j];
    y[i] += alpha * s;
  }
}

/** y += α·Aᵀ·x: two rows of A into y per pass (a row with α·xᵢ = 0 is skipped, as one at a time). */
function gemvColumns(m: number, n: number, alpha: number, a: Float64Array, lda: number, x: Float64Array, y: Float64Array): void {
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const x0 = alpha * x[i];
    const x1 = alpha * x[i + 1];
    const r0 = i * lda;
    const r1 = r0 + lda;
    if (x0 !== 0 && x1 !== 0) {
      for (let j = 0; j < n; j++) y[j] = y[j] + a[r0 + j] * x0 + a[r1 + j] * x1;
    } else {
      if (x0 !== 0) for (let j = 0; j < n; j++) y[j] += a[r0 + j] * x0;
      if (x1 !== 0) for (let j = 0; j < n; j++) y[j] += a[r1 + j] * x1;
    }
  }
  for (; i < m; i++) {
    const xi = alpha * x[i];
    if (xi === 0) continue;
    const row = i * lda;
    for (let j = 0; j < n; j++) y[j] += a[row + j] * xi;
  }
}
