/**
 * Kernel benchmark (issue "Kernels"): the empirical NTK of n = 1000 inputs through an MLP with 3 hidden
 * ReLU layers (widths 512 and 2048, scalar output, float64), ours (structured, from per-layer factors)
 * against what a PyTorch user runs — the functorch NTK tutorial's Jacobian contraction and NTK-vector
 * products (Debian's python3-torch) — in the same run. Where a PyTorch method would take too long at
 * n = 1000 it is measured at smaller n and extrapolated with the fitted log–log slope (stated in the
 * output). Also: our time against the floating-point work the structured method needs divided by the
 * GEMM rate measured here, and (in a child process) peak memory for n = 20 000 at width 2048.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { backend } from '../../src/linalg/registry.js';
import { empiricalKernel } from '../../src/kernels/empirical.js';
import { liu2020FC } from '../../src/models/liu2020.js';
import { fitLogLog } from '../../src/stats/regression.js';
import { findPython, runPython } from '../python.js';
import { time } from '../timing.js';

const N = 1000;
const D = 100;
const DEPTH = 3;

/** Flops of the structured method (forward, backward cotangents, per-layer Gram products). */
export function structuredFlops(n: number, d: number, m: number, depth: number): number {
  const forward = 2 * n * (d * m + (depth - 1) * m * m + m);
  const backward = 2 * n * ((depth - 1) * m * m + m);
  // Symmetric Grams (syrk: n²·k flops each): W1: δ (m) and x (d); hidden W: δ (m), x (m); output: δ (1), x (m).
  const grams = n * n * (m + d + (depth - 1) * 2 * m + 1 + m);
  return forward + backward + grams;
}

interface TorchAnswer {
  torch: string;
  threads: number;
  parameters: number;
  results: { method: string; n: number; seconds: number }[];
  skipped: { method: string; n: number; reason: string }[];
}

export async function run(log: (s: string) => void): Promise<Record<string, unknown>> {
  const b = backend();
  // GEMM rate here and now, for the efficiency figure.
  const g = 1024;
  const ga = Rng.fromSeed(1).fillNormal(new Float64Array(g * g));
  const gc = new Float64Array(g * g);
  const gt = time(() => b.dgemm(false, false, g, g, g, 1, ga, g, ga, g, 0, gc, g), { minSeconds: 0.5 });
  const gemmRate = (2 * g ** 3) / gt.best;
  log(`GEMM rate (n=1024, ${b.name}): ${(gemmRate / 1e9).toFixed(1)} GFLOP/s`);

  const py = findPython('functorch');
  if (!py) log('PyTorch with functorch not found (apt-get install python3-torch): no reference ratios');
  const rows: Record<string, unknown>[] = [];
  for (const width of [512, 2048]) {
    const net = liu2020FC({ inputDim: D, width, depth: DEPTH, activation: { name: 'relu' } });
    const rng = Rng.fromSeed(0).fold('bench', 'kernels', width);
    const params = net.init(rng);
    const x = new Matrix(N, D, rng.fillNormal(new Float64Array(N * D)));
    const t = time(() => { empiricalKernel(net, params, x); }, { minRepeats: 6, minSeconds: 3 }); // steady state: best of several
    const flops = structuredFlops(N, D, width, DEPTH);
    const ideal = flops / gemmRate;
    log(`ours, width ${width}: ${(t.best * 1e3).toFixed(0)} ms; flops/GEMM-rate ${(ideal * 1e3).toFixed(0)} ms (×${(t.best / ideal).toFixed(2)})`);
    const row: Record<string, unknown> = { width, n: N, d: D, depth: DEPTH, parameters: net.size, oursSeconds: t.best, structuredFlops: flops, idealSeconds: ideal, overIdeal: t.best / ideal };
    if (py) {
      const script = fileURLToPath(new URL('../../../bench/reference/torch_ntk.py', import.meta.url));
      const sizes = width === 512
        ? { jacobian_contraction: [125, 250, 500, 1000], ntk_vps: [10, 20, 40] }
        : { jacobian_contraction: [50, 100, 200], ntk_vps: [5, 10, 20] };
      const torch: Record<string, unknown> = {};
      let fastest = Infinity;
      for (const [method, ns] of Object.entries(sizes)) {
        const ans = runPython<TorchAnswer>(py, script, { width, depth: DEPTH, d: D, sizes: ns, methods: [method], max_seconds: 60, threads: os.availableParallelism() });
        const pts = ans.results.filter((r) => r.method === method);
        const atN = pts.find((p) => p.n === N);
        let estimate: number;
        let how: string;
        if (atN) {
          estimate = atN.seconds;
          how = 'measured';
        } else {
          const fit = fitLogLog(pts.map((p) => p.n), pts.map((p) => p.seconds));
          const last = pts[pts.length - 1];
          const slope = Math.max(fit.slope, 1);
          estimate = last.seconds * (N / last.n) ** slope;
          how = `extrapolated from n=${last.n} with log–log slope ${slope.toFixed(2)} (fitted ${fit.slope.toFixed(2)} over n=${pts.map((p) => p.n).join(',')})`;
        }
        fastest = Math.min(fastest, estimate);
        torch[method] = { points: pts, secondsAtN: estimate, how, torch: ans.torch, threads: ans.threads };
        log(`torch ${method}, width ${width}: ${estimate.toFixed(2)} s at n=${N} (${how})`);
      }
      row['torch'] = torch;
      row['speedupVsFastestTorch'] = fastest / t.best;
      log(`speed-up vs fastest PyTorch method, width ${width}: ×${(fastest / t.best).toFixed(1)}`);
    }
    rows.push(row);
  }

  // Peak memory for N = 20 000, width 2048, in a child process.
  const script = fileURLToPath(new URL('../memory/kernelMemory.js', import.meta.url));
  log('memory: empirical kernel of 20 000 inputs, width 2048 (child process; about a minute)…');
  const r = spawnSync(process.execPath, [script, '20000', '2048', '512'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  let memory: Record<string, unknown> | null = null;
  if (r.status === 0) {
    memory = JSON.parse(r.stdout) as Record<string, unknown>;
    log(`memory: peak beyond the ${((memory['kernelBytes'] as number) / 2 ** 30).toFixed(2)} GiB kernel: ${((memory['beyondKernelBytes'] as number) / 2 ** 30).toFixed(2)} GiB (${(memory['seconds'] as number).toFixed(1)} s)`);
  } else {
    log(`memory check failed (${r.status})`);
  }
  return {
    gemmRate,
    rows,
    memory,
    targets: {
      speedupVsFastestTorch: { target: '≥ 10 at each width', values: rows.map((x) => x['speedupVsFastestTorch'] ?? null) },
      overIdeal: { target: '≤ 3', values: rows.map((x) => x['overIdeal']) },
      memoryBeyondKernelGiB: { target: '< 2', value: memory ? (memory['beyondKernelBytes'] as number) / 2 ** 30 : null },
    },
  };
}
