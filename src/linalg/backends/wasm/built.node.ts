/**
 * This build's GEMM kernels in Node: module.generated.js if `npm run build:wasm` wrote it, else null (the
 * portable backend then computes in TypeScript). Loaded once, when this module is imported. The
 * playground's bundle replaces this module by one that imports the kernels statically (a module worker
 * must not await at its top level: a message arriving meanwhile would find no handler).
 */
import { asGemmBinaries, type GemmBinaries } from './binary.js';

async function loadGenerated(): Promise<GemmBinaries | null> {
  try {
    // @ts-ignore -- written by `npm run build:wasm`; without it the backend runs in TypeScript.
    const generated: unknown = await import('./module.generated.js');
    return asGemmBinaries((generated as { gemmBinaries?: unknown }).gemmBinaries);
  } catch {
    return null;
  }
}

export const builtGemmBinaries: GemmBinaries | null = await loadGenerated();
