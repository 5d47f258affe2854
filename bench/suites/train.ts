/**
 * Training benchmark (issue "Training and probes"): one full-batch GD step — forward, backward, update —
 * of an MLP with 3 hidden ReLU layers of width 2048 on n = 512 examples (d = 2048, scalar output,
 * square loss, float64), ours against the same step in PyTorch (Debian's python3-torch), in alternating
 * rounds (ours, PyTorch, ours, …) so that a shared machine's load falls on both; medians. The flop floor
 * of each round is the step's GEMM flops (forward L products, backward L weight gradients and L − 1
 * back-propagated errors) over the best GEMM rate of three products at the step's own shape (n × w by
 * w × w) measured in that round.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { backend } from '../../src/linalg/registry.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { liu2020FC } from '../../src/models/liu2020.js';
import { makeLoss } from '../../src/train/losses.js';
import { gradientStep } from '../../src/train/trainer.js';
import { findPython, PythonSession } from '../python.js';

const ROUNDS = 9;

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function run(log: (s: string) => void): Promise<Record<string, unknown>> {
  const width = 2048;
  const depth = 3;
  const n = 512;
  const d = 2048;
  const net = liu2020FC({ inputDim: d, width, depth, activation: { name: 'relu' } });
  const rng = Rng.fromSeed(0).fold('bench', 'train');
  const params = net.init(rng);
  const x = new Matrix(n, d, rng.fillNormal(new Float64Array(n * d)));
  const y = new Matrix(n, 1, rng.fillNormal(new Float64Array(n)));
  const loss = makeLoss({ name: 'square', reduction: 'sum' });
  const eta = 1e-3;
  // The trainer's own step (src/train/trainer.ts): forward, backward to per-layer factors, θ ← θ − η∇ by GEMMs into θ.
  const step = (): void => {
    gradientStep(net, params, x, y, loss, eta);
  };
  const py = findPython('torch');
  if (!py) log('PyTorch not found (apt-get install python3-torch): no reference ratio');
  const script = fileURLToPath(new URL('../../../bench/reference/torch_step.py', import.meta.url));
  const session = py ? new PythonSession(py, script, { width, depth, d, n, threads: os.availableParallelism() }) : null;
  const ready = session ? await session.call<{ torch: string; threads: number }>(null) : null;
  log(`load average at start: ${os.loadavg().map((v) => v.toFixed(2)).join(', ')}`);
  // 2n·(d·w + (L − 1)·w² + w) forward, as much again for the weight gradients, 2n·((L − 1)·w² + w) for the errors.
  const flops = 2 * n * (2 * d * width + 3 * (depth - 1) * width * width + 3 * width);
  const b = backend();
  const ga = rng.fillNormal(new Float64Array(n * width));
  const gb = rng.fillNormal(new Float64Array(width * width));
  const gc = new Float64Array(n * width);
  // The best of three products: the fastest the library went in this round (a floor, not an estimate).
  const gemmRate = (): number => {
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const t0 = process.hrtime.bigint();
      b.dgemm(false, false, n, width, width, 1, ga, width, gb, width, 0, gc, width);
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
    }
    return (2 * n * width * width) / best;
  };
  gemmRate();
  step(); // warm
  const ours: number[] = [];
  const torch: number[] = [];
  const floor: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    floor.push(flops / gemmRate());
    const t0 = process.hrtime.bigint();
    step();
    ours.push(Number(process.hrtime.bigint() - t0) / 1e9);
    if (session) torch.push((await session.call<{ seconds: number }>({ op: 'step' })).seconds);
  }
  session?.close();
  const ratio = session ? median(torch) / median(ours) : null;
  log(`ours: one GD step ${(median(ours) * 1e3).toFixed(1)} ms (median of ${ROUNDS})` +
    (ready ? `; PyTorch ${ready.torch} (${ready.threads} threads) ${(median(torch) * 1e3).toFixed(1)} ms; ratio PyTorch/ours ${ratio!.toFixed(2)}` : ''));
  log(`flop floor ${(median(floor) * 1e3).toFixed(1)} ms (${(flops / 1e9).toFixed(1)} GFLOP at the GEMM rate of each round): ours ×${(median(ours) / median(floor)).toFixed(2)}` +
    (session ? `, PyTorch ×${(median(torch) / median(floor)).toFixed(2)}` : ''));
  log(`load average at end: ${os.loadavg().map((v) => v.toFixed(2)).join(', ')}`);
  return {
    config: { width, depth, n, d, dtype: 'float64' },
    ours: { median: median(ours), rounds: ours },
    flopFloor: { flops, median: median(floor), rounds: floor, oursOverFloor: median(ours) / median(floor) },
    torch: ready ? { torch: ready.torch, threads: ready.threads, median: median(torch), rounds: torch } : null,
    targets: { ratioTorchOverOurs: { target: '≥ 1.5 (medians of alternating rounds)', value: ratio } },
  };
}
