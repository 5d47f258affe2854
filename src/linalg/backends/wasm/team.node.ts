/**
 * Helper threads in Node: worker_threads running thread.node.ts over the one shared WebAssembly.Memory.
 * They are unref'ed, so they never keep the process alive, and process.exit ends them with it.
 *
 * Threads: OVERPARAM_PORTABLE_THREADS if set (1 = no helpers), else os.availableParallelism() up to 8 —
 * but 1 inside a worker thread (the experiment runner's workers already use every core).
 */
import os from 'node:os';
import { isMainThread, Worker } from 'node:worker_threads';
import type { HelperStart, HelperTeam } from './team.js';
import type { WasmMemory, WasmModule } from './wasmApi.js';

const MAX_THREADS = 8;
const HELPER_URL = new URL('./thread.node.js', import.meta.url);

/** The thread count OVERPARAM_PORTABLE_THREADS asks for, or undefined when it is unset or not a count ≥ 1. */
function requestedThreads(): number | undefined {
  const env = process.env['OVERPARAM_PORTABLE_THREADS'];
  if (env === undefined || !/^\d+$/.test(env.trim())) return undefined;
  const n = Number(env);
  return n >= 1 ? Math.min(n, 64) : undefined;
}

export function defaultThreads(): number {
  const requested = requestedThreads();
  if (requested !== undefined) return requested;
  if (!isMainThread) return 1;
  return Math.max(1, Math.min(MAX_THREADS, os.availableParallelism()));
}

export function startHelpers(module: WasmModule, memory: WasmMemory, control: number, count: number): HelperTeam | null {
  const workers: Worker[] = [];
  try {
    for (let t = 1; t <= count; t++) {
      const workerData: HelperStart = { module, memory, control, thread: t };
      const w = new Worker(HELPER_URL, { workerData });
      // A helper that fails to start only leaves its share to the others (the caller claims chunks too).
      w.on('error', () => {});
      w.unref();
      workers.push(w);
    }
  } catch {
    for (const w of workers) void w.terminate();
    return null;
  }
  return {
    size: count,
    close() {
      for (const w of workers) void w.terminate();
    },
  };
}
