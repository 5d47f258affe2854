/**
 * The playground build: a static folder (web/dist) with relative paths, so it works from any static
 * host and offline. The library is imported from src/ as it is; its one Node-only module, the native
 * BLAS backend, is replaced by a stand-in that says it is unavailable (the worker uses the portable one).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  resolve: {
    alias: [{ find: /^.*\/backends\/native\.js$/, replacement: here('./src/shims/native.ts') }],
  },
  worker: { format: 'es' },
  build: { outDir: here('./dist'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
});
