/**
 * Helper threads for the WebAssembly GEMM: the contract between the engine and the module that starts
 * them for the environment (team.node.ts in Node, a Web Worker stand-in in the playground's build).
 */
import type { WasmMemory, WasmModule } from './wasmApi.js';

/** What a helper thread is started with. */
export interface HelperStart {
  readonly module: WasmModule;
  readonly memory: WasmMemory;
  /** Byte offset of the control block (protocol.ts). */
  readonly control: number;
  /** The helper's thread index (1…; the calling thread is 0), which picks its packing scratch. */
  readonly thread: number;
}

/** Started helpers; the engine stops them with close(). */
export interface HelperTeam {
  readonly size: number;
  close(): void;
}

/** The functions an environment's team module exports. */
export interface TeamModule {
  /** Threads a GEMM should use here by default (≥ 1), counting the calling thread. */
  defaultThreads(): number;
  /** Starts helpers 1…count, or returns null where threads cannot be started. */
  startHelpers(module: WasmModule, memory: WasmMemory, control: number, count: number): HelperTeam | null;
}
