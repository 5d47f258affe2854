/**
 * The playground build: a static folder (web/dist) with relative paths, so it works from any static
 * host and offline. The library is imported from src/ as it is; its Node-only modules are replaced by
 * stand-ins: the native BLAS backend by one that says it is unavailable (the worker uses the portable
 * one), the WebAssembly GEMM's worker_threads team by Web Workers and its kernels' loader by a static
 * import. The dev and preview servers send the
 * cross-origin isolation headers, under which the GEMM may use those threads (SharedArrayBuffer).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/** Cross-origin isolation (window.crossOriginIsolated), which SharedArrayBuffer requires. */
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  root: here('.'),
  base: './',
  resolve: {
    alias: [
      { find: /^.*\/backends\/native\.js$/, replacement: here('./src/shims/native.ts') },
      { find: /^(.*\/)?team\.node\.js$/, replacement: here('./src/shims/gemmTeam.ts') },
      { find: /^(.*\/)?built\.node\.js$/, replacement: here('./src/shims/gemmBinaries.ts') },
    ],
  },
  worker: { format: 'es' },
  build: { outDir: here('./dist'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: { port: 5173, strictPort: false, headers: ISOLATION },
  preview: { port: 4173, headers: ISOLATION },
});
