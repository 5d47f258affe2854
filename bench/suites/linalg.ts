/**
 * Linear-algebra benchmark: float64 GEMM (n = 256, 512, 1024, 2048) and symmetric eigen with vectors
 * (n = 100, 500, 1000) on every available backend, and numpy on the same machine in the same run.
 * Targets: native GEMM n=1024 ≥ 70% of numpy; portable GEMM n=1024 ≥ 2 GFLOP/s; native eigen n=1000
 * within 2× of numpy.linalg.eigh. Then the portable GEMM's paths in alternating rounds (portableGemm.ts):
 * WebAssembly on all threads n=1024 ≥ 15 GFLOP/s.
 */
import { fileURLToPath } from 'node:url';
import { availableBackends } from '../../src/linalg/registry.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { findPython, runPython } from '../python.js';
import { time, type Timing } from '../timing.js';
import { alternatingGemm } from './portableGemm.js';

export const GEMM_SIZES = [256, 512, 1024, 2048];
export const EIGH_SIZES = [100, 500, 1000];

interface NumpyAnswer {
  numpy: string;
  blas: string;
  gemm: Array<{ n: number } & Omit<Timing, 'mean'>>;
  eigh: Array<{ n: number } & Omit<Timing, 'mean'>>;
}

export interface Row {
  op: 'gemm' | 'eigh';
  n: number;
  backend: string;
  seconds: number;
  gflops?: number;
  /** numpy's best time divided by ours (> 1: we are faster). */
  speedVsNumpy?: number;
}

export async function run(log: (s: string) => void): Promise<Record<string, unknown>> {
  const rows: Row[] = [];
  const rng = Rng.fromSeed(0).fold('bench', 'linalg');
  for (const b of availableBackends()) {
    for (const n of GEMM_SIZES) {
      const x = rng.fillNormal(new Float64Array(n * n));
      const y = rng.fillNormal(new Float64Array(n * n));
      const z = new Float64Array(n * n);
      const t = time(() => b.dgemm(false, false, n, n, n, 1, x, n, y, n, 0, z, n), {
        minSeconds: b.name === 'portable' && n >= 2048 ? 0 : 0.5,
        minRepeats: b.name === 'portable' && n >= 2048 ? 2 : 3,
      });
      rows.push({ op: 'gemm', n, backend: b.name, seconds: t.best, gflops: (2 * n ** 3) / t.best / 1e9 });
      log(`gemm  n=${n} ${b.name}: ${((2 * n ** 3) / t.best / 1e9).toFixed(2)} GFLOP/s`);
    }
    for (const n of EIGH_SIZES) {
      const g = rng.fillNormal(new Float64Array(n * n));
      const s = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s[i * n + j] = 0.5 * (g[i * n + j] + g[j * n + i]);
      const work = new Float64Array(n * n);
      const w = new Float64Array(n);
      const slow = b.name === 'portable' && n >= 500;
      const t = time(() => {
        work.set(s);
        b.dsyev(n, work, w, true);
      }, { minSeconds: slow ? 0 : 0.5, minRepeats: slow ? 1 : 3 });
      rows.push({ op: 'eigh', n, backend: b.name, seconds: t.best });
      log(`eigh  n=${n} ${b.name}: ${(t.best * 1e3).toFixed(1)} ms`);
    }
  }

  const portable = alternatingGemm(log);

  const py = findPython('numpy');
  let numpy: NumpyAnswer | null = null;
  if (py === null) {
    log('numpy not found (apt-get install python3-numpy): no reference ratios');
  } else {
    const script = fileURLToPath(new URL('../../../bench/reference/numpy_linalg.py', import.meta.url));
    numpy = runPython<NumpyAnswer>(py, script, { gemm: GEMM_SIZES, eigh: EIGH_SIZES, min_seconds: 0.5 });
    log(`numpy ${numpy.numpy} (${numpy.blas}) via ${py.executable}`);
    for (const r of numpy.gemm) {
      rows.push({ op: 'gemm', n: r.n, backend: 'numpy', seconds: r.best, gflops: (2 * r.n ** 3) / r.best / 1e9 });
    }
    for (const r of numpy.eigh) rows.push({ op: 'eigh', n: r.n, backend: 'numpy', seconds: r.best });
    for (const row of rows) {
      if (row.backend === 'numpy') continue;
      const ref = rows.find((r) => r.backend === 'numpy' && r.op === row.op && r.n === row.n);
      if (ref) row.speedVsNumpy = ref.seconds / row.seconds;
    }
  }

  const find = (op: string, n: number, backend: string): Row | undefined =>
    rows.find((r) => r.op === op && r.n === n && r.backend === backend);
  const nativeGemm = find('gemm', 1024, 'native');
  const portableGemm = find('gemm', 1024, 'portable');
  const nativeEigh = find('eigh', 1000, 'native');
  const targets = {
    nativeGemm1024VsNumpy: { target: '≥ 0.70', ratio: nativeGemm?.speedVsNumpy ?? null },
    portableGemm1024Gflops: { target: '≥ 2', value: portableGemm?.gflops ?? null },
    nativeEigh1000VsNumpy: { target: '≥ 0.50 (within 2×)', ratio: nativeEigh?.speedVsNumpy ?? null },
    portableWasmGemm1024Gflops: {
      target: '≥ 15 (all threads)',
      value: portable.filter((r) => r.n === 1024 && r.variant.includes('WebAssembly')).sort((x, y) => y.threads - x.threads)[0]?.gflops ?? null,
    },
  };
  return { rows, portableGemm: portable, numpy: numpy ? { version: numpy.numpy, blas: numpy.blas, python: py?.executable } : null, targets };
}
