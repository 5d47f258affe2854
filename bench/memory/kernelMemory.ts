/**
 * Memory check for the tiled empirical kernel (run in its own process so the peak RSS is its own):
 * node build/bench/memory/kernelMemory.js N width [budgetMiB]. Prints JSON with the peak resident set
 * beyond what existed before the kernel call, minus the output kernel itself.
 */
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { empiricalKernel } from '../../src/kernels/empirical.js';
import { liu2020FC } from '../../src/models/liu2020.js';

const n = Number(process.argv[2] ?? 20000);
const width = Number(process.argv[3] ?? 2048);
const budgetMiB = Number(process.argv[4] ?? 512);
const d = 100;
const net = liu2020FC({ inputDim: d, width, depth: 3, activation: { name: 'relu' } });
const rng = Rng.fromSeed(0).fold('bench', 'memory');
const params = net.init(rng);
const x = new Matrix(n, d, rng.fillNormal(new Float64Array(n * d)));
const kernelBytes = n * n * 8;
const before = process.memoryUsage().rss;
const t0 = process.hrtime.bigint();
let lastReport = 0;
const res = empiricalKernel(net, params, x, undefined, {
  memoryBudget: budgetMiB * 2 ** 20,
  onProgress: (done, total) => {
    const now = Date.now();
    if (now - lastReport > 5000) {
      lastReport = now;
      process.stderr.write(`   kernel blocks ${done}/${total}\n`);
    }
  },
});
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const peak = process.resourceUsage().maxRSS * 1024;
let trace = 0;
for (let i = 0; i < n; i++) trace += res.kernel.data[i * n + i];
process.stdout.write(JSON.stringify({
  n, width, d, budgetMiB, seconds,
  tileSize: res.tiles.size, factorPasses: res.tiles.factorPasses,
  rssBeforeBytes: before, peakRssBytes: peak, kernelBytes,
  beyondKernelBytes: peak - before - kernelBytes,
  trace,
}) + '\n');
