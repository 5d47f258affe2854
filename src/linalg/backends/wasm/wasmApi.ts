/**
 * The part of the WebAssembly JavaScript API the GEMM uses, typed here because the Node build's libraries
 * (ES2022) do not declare it; read from globalThis, so an engine without WebAssembly simply has none.
 */

/** A compiled module (opaque; structured-cloneable to workers). */
export interface WasmModule {
  readonly wasmModule: never;
}

export interface WasmMemory {
  /** The memory's bytes: a SharedArrayBuffer for a shared memory; replaced whenever the memory grows. */
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  /** Grows by delta 64 KiB pages; returns the previous size in pages. */
  grow(delta: number): number;
}

export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

/** The engine's WebAssembly, or null where there is none. */
export function wasmApi(): WasmApi | null {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  return typeof api === 'object' && api !== null && typeof api.validate === 'function' ? api : null;
}

/** 64 KiB, the unit of WebAssembly memory. */
export const PAGE_BYTES = 65536;
