/**
 * Network benchmark (issue "Networks"): forward + backward (gradient of Σ G·f) of a fully connected
 * network of depth 3, width 2048, on a batch of 512, float64, native backend; reports the fraction of
 * the wall time spent inside GEMM (target ≥ 60%: the rest is overhead to remove) and the achieved rate.
 */
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { availableBackends, useBackend } from '../../src/linalg/registry.js';
import { liu2020FC } from '../../src/models/liu2020.js';
import { instrument } from '../instrument.js';
import { time } from '../timing.js';

export async function run(log: (s: string) => void): Promise<Record<string, unknown>> {
  const width = 2048;
  const depth = 3;
  const batch = 512;
  const inputDim = 2048;
  const results: Record<string, unknown>[] = [];
  for (const b of availableBackends()) {
    if (b.name === 'portable') continue; // the target is about the native backend's overhead
    const ins = instrument(b);
    useBackend(ins.backend);
    const net = liu2020FC({ inputDim, width, depth, activation: { name: 'relu' } });
    const rng = Rng.fromSeed(0).fold('bench', 'nn');
    const params = net.init(rng);
    const x = new Matrix(batch, inputDim, rng.fillNormal(new Float64Array(batch * inputDim)));
    const g = new Matrix(batch, 1, rng.fillNormal(new Float64Array(batch)));
    const step = (): void => {
      const pass = net.forwardPass(params, x);
      net.gradient(params, x, g, pass);
    };
    step();
    let calls = 0;
    const counted = (): void => {
      if (calls++ === 0) ins.reset(); // time() runs one warm-up call first: start counting after it
      step();
    };
    const t = time(counted, { minRepeats: 5, minSeconds: 2 });
    const gemmSeconds = (ins.times.seconds['dgemm'] ?? 0) / t.repeats;
    // Flops: forward 2·N·(d·m + 2·m² + m); backward: the weight cotangents (same) plus input cotangents
    // of all layers but the first (2·N·(2·m² + m)).
    const fwd = 2 * batch * (inputDim * width + (depth - 1) * width * width + width);
    const bwd = fwd + 2 * batch * ((depth - 1) * width * width + width);
    const flops = fwd + bwd;
    const row = {
      backend: b.name,
      width, depth, batch, inputDim,
      secondsPerStep: t.mean,
      gemmSecondsPerStep: gemmSeconds,
      gemmFraction: gemmSeconds / t.mean,
      gflops: flops / t.mean / 1e9,
    };
    results.push(row);
    log(`forward+backward FC d=${inputDim} m=${width} L=${depth} N=${batch} [${b.name}]: ${(t.mean * 1e3).toFixed(1)} ms, ` +
      `${(row.gemmFraction * 100).toFixed(1)}% in GEMM, ${row.gflops.toFixed(1)} GFLOP/s`);
    useBackend(b);
  }
  return { results, targets: { gemmFraction: { target: '≥ 0.60', value: results[0]?.['gemmFraction'] ?? null } } };
}
