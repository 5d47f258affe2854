/**
 * Training benchmark (issue "Training and probes"): one full-batch GD step — forward, backward, update —
 * of an MLP with 3 hidden ReLU layers of width 2048 on n = 512 examples (d = 2048, scalar output,
 * square loss, float64), ours against the same step in PyTorch (Debian's python3-torch) in the same run.
 * Target: ratio (PyTorch time / ours) ≥ 1.0.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { liu2020FC } from '../../src/models/liu2020.js';
import { makeLoss } from '../../src/train/losses.js';
import { gradientStep } from '../../src/train/trainer.js';
import { findPython, runPython } from '../python.js';
import { time } from '../timing.js';

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
  const ours = time(step, { minRepeats: 5, minSeconds: 2 });
  log(`ours: one GD step ${(ours.best * 1e3).toFixed(1)} ms (best of ${ours.repeats})`);
  const py = findPython('torch');
  let torch: { torch: string; threads: number; best: number; median: number; repeats: number } | null = null;
  if (!py) log('PyTorch not found (apt-get install python3-torch): no reference ratio');
  else {
    const script = fileURLToPath(new URL('../../../bench/reference/torch_step.py', import.meta.url));
    torch = runPython(py, script, { width, depth, d, n, threads: os.availableParallelism(), min_seconds: 2 });
    log(`PyTorch ${torch!.torch} (${torch!.threads} threads): ${(torch!.best * 1e3).toFixed(1)} ms; ratio PyTorch/ours ${(torch!.best / ours.best).toFixed(2)}`);
  }
  return {
    config: { width, depth, n, d, dtype: 'float64' },
    ours: ours,
    torch,
    targets: { ratioTorchOverOurs: { target: '≥ 1.0', value: torch ? torch.best / ours.best : null } },
  };
}
