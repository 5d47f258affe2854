/**
 * Lanczos benchmark: the largest-magnitude eigenvalue of a diagonal operator on n = 2^20 and 2^22
 * (the size of a width-2048 network's Hessian) with 40 iterations of full reorthogonalization — the cost
 * that dominates the Hessian claims once the Hessian-vector products are fast. Reference: the same
 * algorithm in numpy (bench/reference/numpy_lanczos.py) in the same run. The spectrum is known exactly
 * (d evenly spaced in [−1, 1] and one eigenvalue 2, well separated), so every run also reports the Ritz
 * value's error against 2. The portable backend runs the smaller size only.
 */
import { fileURLToPath } from 'node:url';
import { lanczos } from '../../src/linalg/lanczos.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { availableBackends, backend, useBackend } from '../../src/linalg/registry.js';
import { findPython, runPython } from '../python.js';
import { time } from '../timing.js';

const SIZES = [2 ** 20, 2 ** 22];
const ITERATIONS = 40;

interface NumpyAnswer {
  numpy: string;
  runs: { n: number; best: number; median: number; repeats: number; top: number }[];
}

export async function run(log: (s: string) => void): Promise<Record<string, unknown>> {
  const rows: Record<string, unknown>[] = [];
  const py = findPython('numpy');
  const ref = py
    ? runPython<NumpyAnswer>(py, fileURLToPath(new URL('../../../bench/reference/numpy_lanczos.py', import.meta.url)), { n: SIZES, iterations: ITERATIONS, repeats: 3, seed: 0 })
    : null;
  const original = backend();
  for (const b of availableBackends()) {
    useBackend(b);
    for (const n of b.name === 'portable' ? SIZES.slice(0, 1) : SIZES) {
      const d = Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? 2 : -1 + (2 * i) / (n - 2)));
      let top = NaN;
      const t = time(() => {
        const res = lanczos((v, out) => {
          for (let i = 0; i < n; i++) out[i] = d[i] * v[i];
        }, n, { which: 'magnitude', maxIterations: ITERATIONS, tolerance: 0, rng: Rng.fromSeed(0).fold('bench', n) });
        top = res.values[0];
      }, { minRepeats: b.name === 'portable' ? 1 : 3, minSeconds: 0 });
      const numpy = ref?.runs.find((r) => r.n === n);
      rows.push({ backend: b.name, n, iterations: ITERATIONS, seconds: t.best, top, topError: Math.abs(top - 2), numpySeconds: numpy?.best ?? null, speedVsNumpy: numpy ? numpy.best / t.best : null });
      log(`lanczos n=${n} ${b.name}: ${(t.best * 1e3).toFixed(0)} ms (|θ − 2| = ${Math.abs(top - 2).toExponential(1)})${numpy ? `; numpy ${(numpy.best * 1e3).toFixed(0)} ms → ${(numpy.best / t.best).toFixed(2)}×` : ''}`);
    }
  }
  useBackend(original);
  return { reference: ref ? { numpy: ref.numpy } : null, rows };
}
