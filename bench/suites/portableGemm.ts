/**
 * The portable backend's GEMM paths side by side: TypeScript, WebAssembly SIMD on one thread and on all
 * of the backend's threads, and the native BLAS where it loads (n = 256, 512, 1024, C ← A·B). They run in
 * the same process in alternating rounds, so a change in the machine's load falls on all of them; the
 * median of the rounds is reported. The native BLAS is followed by a short pause, so that its spinning
 * threads do not slow the next contender. Target: WebAssembly on all threads ≥ 15 GFLOP/s at n = 1024.
 */
import { tryNativeBackend } from '../../src/linalg/registry.js';
import { gemm as typeScriptGemm } from '../../src/linalg/backends/portable/gemm.js';
import { createWasmGemm, type WasmGemm } from '../../src/linalg/backends/wasm/engine.js';
import { Rng } from '../../src/linalg/random/rng.js';

export const ALTERNATING_SIZES = [256, 512, 1024];

export interface AlternatingRow {
  n: number;
  variant: string;
  threads: number;
  rounds: number;
  medianSeconds: number;
  gflops: number;
}

type Dgemm = (n: number, a: Float64Array, b: Float64Array, c: Float64Array) => void;

interface Contender {
  variant: string;
  threads: number;
  run: Dgemm;
  /** Seconds to idle after each call (OpenBLAS's threads spin a while after a call, on the cores the next contender needs). */
  settle?: number;
}

/** Sleeps the thread (Atomics.wait, allowed on Node's main thread). */
const pause = (seconds: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1e3);

const viaWasm = (w: WasmGemm): Dgemm => (n, a, b, c) => w.gemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n);

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
}

/** Rounds for size n: enough for a median, few where the TypeScript GEMM is slow. */
const roundsFor = (n: number): number => (n >= 1024 ? 5 : n >= 512 ? 9 : 21);

export function alternatingGemm(log: (s: string) => void): AlternatingRow[] {
  const one = createWasmGemm({ threads: 1 });
  const all = createWasmGemm();
  const wasmName = (w: WasmGemm): string => `portable WebAssembly${w.fma ? ' FMA' : ''}`;
  const contenders: Contender[] = [
    { variant: 'portable TypeScript', threads: 1, run: (n, a, b, c) => typeScriptGemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n) },
  ];
  if (one !== null) contenders.push({ variant: wasmName(one), threads: 1, run: viaWasm(one) });
  if (all !== null && all.threads > 1) contenders.push({ variant: wasmName(all), threads: all.threads, run: viaWasm(all) });
  if (one === null) log('WebAssembly GEMM unavailable (npm run build:wasm?): TypeScript only');
  const native = tryNativeBackend().backend;
  if (native !== null) {
    const run: Dgemm = (n, a, b, c) => native.dgemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n);
    contenders.push({ variant: 'native', threads: native.threads(), run, settle: 0.2 });
  }

  // Helpers start asynchronously: measure once they all serve.
  for (let t = 0; all !== null && all.startedHelpers() < all.threads - 1 && t < 100; t++) pause(0.02);
  const rows: AlternatingRow[] = [];
  const rng = Rng.fromSeed(0).fold('bench', 'portable-gemm');
  try {
    for (const n of ALTERNATING_SIZES) {
      const a = rng.fillNormal(new Float64Array(n * n));
      const b = rng.fillNormal(new Float64Array(n * n));
      const c = new Float64Array(n * n);
      const samples = contenders.map(() => [] as number[]);
      contenders.forEach((k) => k.run(n, a, b, c)); // warm-up (and the helpers' start)
      const rounds = roundsFor(n);
      for (let r = 0; r < rounds; r++) {
        contenders.forEach((k, i) => {
          const t0 = performance.now();
          k.run(n, a, b, c);
          samples[i].push((performance.now() - t0) / 1e3);
          if (k.settle !== undefined) pause(k.settle);
        });
      }
      contenders.forEach((k, i) => {
        const s = median(samples[i]);
        rows.push({ n, variant: k.variant, threads: k.threads, rounds, medianSeconds: s, gflops: (2 * n ** 3) / s / 1e9 });
        const threads = `${k.threads} thread${k.threads === 1 ? '' : 's'}`;
        log(`gemm  n=${n} ${k.variant} (${threads}): ${((2 * n ** 3) / s / 1e9).toFixed(2)} GFLOP/s (median of ${rounds})`);
      });
    }
  } finally {
    one?.close();
    all?.close();
  }
  return rows;
}
