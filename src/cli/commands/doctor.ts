/**
 * `overparam doctor`: which linear-algebra backend runs, over which library, with how many threads, and
 * how fast float64 GEMM is here (n = 1024), for each backend or the one in use.
 */
import os from 'node:os';
import type { Command } from 'commander';
import type { LinalgBackend } from '../../linalg/backend.js';
import { backend, availableBackends, tryNativeBackend, NATIVE_HINT } from '../../linalg/registry.js';
import { Rng } from '../../linalg/random/rng.js';
import { packageVersion } from '../../version.js';
import { ConfigError } from '../../errors.js';
import { formatSize, memoryBudget, requireMemory, type MemoryBudget } from '../memoryBudget.js';
import { parseIntegerOption, runAction } from '../run.js';

export interface GemmMeasurement {
  n: number;
  seconds: number;
  gflops: number;
  repeats: number;
}

/** Best-of-repeats float64 GEMM rate (2n³ flops per product) on square n×n operands. */
export function measureGemm(b: LinalgBackend, n: number, minSeconds = 0.5): GemmMeasurement {
  const rng = Rng.fromSeed(0).fold('doctor', n);
  const x = rng.fillNormal(new Float64Array(n * n));
  const y = rng.fillNormal(new Float64Array(n * n));
  const z = new Float64Array(n * n);
  b.dgemm(false, false, n, n, n, 1, x, n, y, n, 0, z, n); // warm-up (packing buffers, thread pool)
  let best = Infinity;
  let total = 0;
  let repeats = 0;
  while (repeats < 3 || (total < minSeconds && repeats < 50)) {
    const t0 = process.hrtime.bigint();
    b.dgemm(false, false, n, n, n, 1, x, n, y, n, 0, z, n);
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    best = Math.min(best, s);
    total += s;
    repeats++;
  }
  return { n, seconds: best, gflops: (2 * n ** 3) / best / 1e9, repeats };
}

/** The largest GEMM size measured: three 8192×8192 float64 matrices are 1.5 GiB, one product 1.1 TFLOP. */
export const MAX_GEMM_SIZE = 8192;

/** Parses --size and refuses, before allocating, a size past MAX_GEMM_SIZE or past the memory budget. */
export function gemmSize(text: string, budget: MemoryBudget): number {
  const n = parseIntegerOption('--size', text, 1);
  const bytes = 3 * 8 * n * n; // x, y and z (measureGemm)
  if (n > MAX_GEMM_SIZE) {
    throw new ConfigError(`--size ${n}: the GEMM measurement holds three ${n}×${n} float64 matrices (${formatSize(bytes)}); --size must be at most ${MAX_GEMM_SIZE}`);
  }
  requireMemory(bytes, `--size ${n}: the GEMM measurement's three ${n}×${n} float64 matrices`, budget);
  return n;
}

export interface DoctorReport {
  version: string;
  node: string;
  platform: string;
  cpus: number;
  backend: { name: string; library: string; threads: number };
  native: { available: boolean; reason?: string; hint?: string };
  gemm: Array<{ backend: string } & GemmMeasurement>;
}

export function doctorReport(opts: { all: boolean; n: number }): DoctorReport {
  const inUse = backend();
  const native = tryNativeBackend();
  const measured = opts.all ? availableBackends() : [inUse];
  return {
    version: packageVersion(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: os.availableParallelism(),
    backend: { name: inUse.name, library: inUse.library, threads: inUse.threads() },
    native: native.backend ? { available: true } : { available: false, reason: native.reason, hint: NATIVE_HINT },
    gemm: measured.map((b) => ({ backend: b.name, ...measureGemm(b, opts.n) })),
  };
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('report the linear-algebra backend, its library and threads, and the float64 GEMM rate here')
    .option('--json', 'print the report as JSON')
    .option('--all', 'measure every available backend, not only the one in use')
    .option('-n, --size <n>', `matrix size for the GEMM measurement (at most ${MAX_GEMM_SIZE})`, '1024')
    .option('--max-memory <size>', 'refuse a --size whose matrices need more than this, e.g. "8G" (default: $OVERPARAM_MAX_MEMORY, else the machine\'s memory)')
    .action((opts: { json?: boolean; all?: boolean; size: string; maxMemory?: string }) =>
      runAction(() => {
        const n = gemmSize(opts.size, memoryBudget(opts.maxMemory));
        const report = doctorReport({ all: opts.all ?? false, n });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          return;
        }
        const lines = [
          `overparam ${report.version} on Node ${report.node} (${report.platform}, ${report.cpus} CPUs)`,
          `backend:  ${report.backend.name}`,
          `library:  ${report.backend.library}`,
          `threads:  ${report.backend.threads}`,
          report.native.available ? 'native:   available' : `native:   unavailable (${report.native.reason})\n          ${report.native.hint}`,
          ...report.gemm.map((g) => `GEMM:     ${g.gflops.toFixed(2)} GFLOP/s float64 at n = ${g.n} on ${g.backend} (best of ${g.repeats}, ${(g.seconds * 1e3).toFixed(1)} ms)`),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      }),
    );
}
