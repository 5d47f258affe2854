/**
 * The portable backend: pure TypeScript, for the browser and machines without BLAS. It implements the
 * same contracts as the native one and passes the same tests.
 */
import type { LinalgBackend } from '../backend.js';
import { gemm, gemv } from './portable/gemm.js';
import { geqr, potrf, potrs } from './portable/factorizations.js';
import { syev, syevr } from './portable/symmetricEigen.js';

export const portableBackend: LinalgBackend = {
  name: 'portable',
  library: 'portable TypeScript (blocked 4×4 register-tiled GEMM, Householder + implicit QL eigensolver)',
  threads: () => 1,
  dgemm: gemm,
  dgemv: gemv,
  dsyrk(trans, n, k, alpha, a, lda, beta, c) {
    // C ← α·A·Aᵀ + β·C (A n×k) or α·Aᵀ·A + β·C (A k×n): a GEMM with the operand against itself.
    if (trans) gemm(true, false, n, n, k, alpha, a, lda, a, lda, beta, c, n);
    else gemm(false, true, n, n, k, alpha, a, lda, a, lda, beta, c, n);
    // Exact symmetry (the two triangles are computed in different summation orders).
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) c[j * n + i] = c[i * n + j];
  },
  dsyev: syev,
  dsyevr: syevr,
  dpotrf: potrf,
  dpotrs: potrs,
  dgeqr: geqr,
};
