/**
 * The browser's stand-in for src/linalg/backends/wasm/team.node.ts (the build aliases that module to this
 * one): the WebAssembly GEMM's helper threads as module Web Workers. Only where the page is cross-origin
 * isolated (SharedArrayBuffer) and only from a worker, since the calling thread waits with Atomics.wait,
 * which a page's main thread may not; elsewhere the GEMM runs on the calling thread alone.
 */
import type { HelperStart, HelperTeam } from '../../../src/linalg/backends/wasm/team.js';
import type { WasmMemory, WasmModule } from '../../../src/linalg/backends/wasm/wasmApi.js';

const MAX_THREADS = 8;

function threadsAllowed(): boolean {
  const g = globalThis as { crossOriginIsolated?: boolean; WorkerGlobalScope?: unknown };
  return g.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function' && g.WorkerGlobalScope !== undefined;
}

export function defaultThreads(): number {
  if (!threadsAllowed()) return 1;
  return Math.max(1, Math.min(MAX_THREADS, navigator.hardwareConcurrency || 1));
}

export function startHelpers(module: WasmModule, memory: WasmMemory, control: number, count: number): HelperTeam | null {
  if (!threadsAllowed()) return null;
  const workers: Worker[] = [];
  try {
    for (let t = 1; t <= count; t++) {
      const w = new Worker(new URL('./gemmThread.ts', import.meta.url), { type: 'module' });
      const start: HelperStart = { module, memory, control, thread: t };
      w.postMessage(start);
      workers.push(w);
    }
  } catch {
    for (const w of workers) w.terminate();
    return null;
  }
  return {
    size: count,
    close() {
      for (const w of workers) w.terminate();
    },
  };
}
