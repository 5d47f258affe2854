/**
 * The portable backend: no native library, for the browser and machines without BLAS. Its GEMM (and so
 * its symmetric rank-k update) runs in WebAssembly SIMD on all cores where the engine has them
 * (wasm/engine.ts), else in TypeScript (portable/gemm.ts); the plain SIMD build gives the TypeScript
 * GEMM's bits exactly. Products below 16³ multiply-adds stay in TypeScript, where copying them into the
 * WebAssembly memory would cost more than it saves. OVERPARAM_PORTABLE_WASM=0 keeps everything in
 * TypeScript; OVERPARAM_PORTABLE_THREADS sets the threads. It implements the same contracts as the
 * native backend and passes the same tests.
 */
import type { LinalgBackend } from '../backend.js';
import { gemm, gemv } from './portable/gemm.js';
import { geqr, potrf, potrs } from './portable/factorizations.js';
import { syev, syevr } from './portable/symmetricEigen.js';
import { createWasmGemm, type WasmGemm } from './wasm/engine.js';

/**
 * Products with fewer multiply-adds than this stay in TypeScript. Measured on one thread, copies
 * included: even at 12³; 16³ 1.5×, 32³ 2.7× and a recurrent step's 3×256·256×256 4× faster in WebAssembly.
 */
export const WASM_MIN_FLOPS = 16 ** 3;

const TYPESCRIPT_LIBRARY = 'portable TypeScript (blocked 4×4 register-tiled GEMM, Householder + implicit QL eigensolver)';

function wasmLibrary(w: WasmGemm): string {
  const threads = `${w.threads} thread${w.threads === 1 ? '' : 's'}`;
  return `portable: WebAssembly SIMD${w.fma ? ' + FMA' : ''} GEMM (${threads}), TypeScript eigensolver`;
}

/** C ← α·A·Aᵀ + β·C (A n×k) or α·Aᵀ·A + β·C (A k×n) in TypeScript: a GEMM with the operand against itself. */
function syrkTypeScript(trans: boolean, n: number, k: number, alpha: number, a: Float64Array, lda: number, beta: number, c: Float64Array): void {
  if (trans) gemm(true, false, n, n, k, alpha, a, lda, a, lda, beta, c, n);
  else gemm(false, true, n, n, k, alpha, a, lda, a, lda, beta, c, n);
}

/**
 * A portable backend whose GEMM is wasm() where that is not null (called on the first product large
 * enough, and for `library` and `threads()`), else TypeScript.
 */
export function portableBackendWith(wasm: () => WasmGemm | null): LinalgBackend {
  let engine: WasmGemm | null | undefined;
  const fast = (flops: number): WasmGemm | null => {
    if (flops < WASM_MIN_FLOPS) return null;
    if (engine === undefined) engine = wasm();
    return engine;
  };
  return {
    name: 'portable',
    get library(): string {
      const w = fast(Infinity);
      return w === null ? TYPESCRIPT_LIBRARY : wasmLibrary(w);
    },
    threads: () => fast(Infinity)?.threads ?? 1,
    dgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
      const w = fast(m * n * k);
      if (w === null) gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
      else w.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    },
    dgemv: gemv,
    dsyrk(trans, n, k, alpha, a, lda, beta, c) {
      const w = fast((n * n * k) / 2);
      if (w === null) syrkTypeScript(trans, n, k, alpha, a, lda, beta, c);
      // Only the lower triangle: the same entries, in the same order, as the full product's.
      else if (trans) w.gemm(true, false, n, n, k, alpha, a, lda, a, lda, beta, c, n, true);
      else w.gemm(false, true, n, n, k, alpha, a, lda, a, lda, beta, c, n, true);
      // Exact symmetry: the upper triangle is the lower one's mirror.
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) c[j * n + i] = c[i * n + j];
    },
    dsyev: syev,
    dsyevr: syevr,
    dpotrf: potrf,
    dpotrs: potrs,
    dgeqr: geqr,
  };
}

/** Whether OVERPARAM_PORTABLE_WASM=0 keeps the portable backend in TypeScript. */
function wasmDisabled(): boolean {
  return typeof process !== 'undefined' && process.env['OVERPARAM_PORTABLE_WASM'] === '0';
}

export const portableBackend: LinalgBackend = portableBackendWith(() => (wasmDisabled() ? null : createWasmGemm()));
