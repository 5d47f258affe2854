/**
 * Choosing and compiling one GEMM build for this engine: relaxed SIMD (FMA) where WebAssembly.validate
 * accepts it (Chromium; Node 20 only with --experimental-wasm-relaxed-simd), else plain SIMD, else none.
 * With FMA a product's last bits differ from the plain build's (one rounding per multiply-add instead of
 * two); either way they are the same for every thread count.
 */
import type { GemmBinaries } from './binary.js';
import { wasmApi, type WasmMemory, type WasmModule } from './wasmApi.js';

export interface GemmKernel {
  readonly module: WasmModule;
  /** Whether the module imports a shared memory (and so may run on several threads). */
  readonly shared: boolean;
  /** Whether it accumulates with relaxed_madd. */
  readonly fma: boolean;
}

/** The kernel's exports (assembly/gemm.ts); pointers are byte offsets into the memory. */
export interface GemmExports {
  gemmBlock(
    transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: number, lda: number, b: number, ldb: number, c: number, ldc: number,
    i0: number, i1: number, j0: number, j1: number, lower: number, diag: number, pack: number,
  ): void;
  /** Scratch bytes one thread packs into. */
  packBytes(): number;
  /** The first byte past the module's static data. */
  heapBase(): number;
}

function decodeBase64(s: string): Uint8Array {
  const text = atob(s);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** Compiles the best build this engine validates, for a shared or an unshared memory; null if none. */
export function compileGemmKernel(binaries: GemmBinaries | null, shared: boolean, allowFma = true): GemmKernel | null {
  const api = wasmApi();
  if (binaries === null || api === null) return null;
  const variants = [{ fma: true, builds: binaries.relaxed }, { fma: false, builds: binaries.simd }].filter((v) => allowFma || !v.fma);
  for (const { fma, builds } of variants) {
    try {
      const bytes = decodeBase64(shared ? builds.shared : builds.unshared);
      if (!api.validate(bytes)) continue;
      return { module: new api.Module(bytes), shared, fma };
    } catch {
      // Malformed base64 or a compile error: try the next build.
    }
  }
  return null;
}

/** An instance of the kernel over memory, or null if it fails to instantiate or lacks the exports. */
export function instantiateGemm(module: WasmModule, memory: WasmMemory): GemmExports | null {
  const api = wasmApi();
  if (api === null) return null;
  try {
    const { exports } = new api.Instance(module, { env: { memory } });
    const ok = ['gemmBlock', 'packBytes', 'heapBase'].every((name) => typeof exports[name] === 'function');
    return ok ? (exports as unknown as GemmExports) : null;
  } catch {
    return null;
  }
}
