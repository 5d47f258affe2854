/**
 * Quadrature benchmark: the infinite-width NTK of a depth-3 network with a smooth activation (tanh,
 * softplus) on n = 200 inputs of norm √(d·v) for input variances v = 1 and 6, by the adaptive quadrature
 * (tolerance 1e-10, the default) against the fixed 60-node Gauss–Hermite rule it replaced — time in
 * alternating rounds (medians), and each one's largest error against a reference at tolerance 1e-13,
 * relative to the kernel's largest entry.
 */
import os from 'node:os';
import { analyticKernel } from '../../src/kernels/analytic/index.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { liu2020FC } from '../../src/models/liu2020.js';
import type { ActivationSpec } from '../../src/nn/activations.js';

const N = 200;
const D = 20;
const ROUNDS = 3;

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

function maxRelative(a: Matrix, ref: Matrix): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < ref.data.length; i++) {
    d = Math.max(d, Math.abs(a.data[i] - ref.data[i]));
    s = Math.max(s, Math.abs(ref.data[i]));
  }
  return d / s;
}

export async function run(log: (s: string) => void): Promise<Record<string, unknown>> {
  log(`load average at start: ${os.loadavg().map((v) => v.toFixed(2)).join(', ')}`);
  const rows: Record<string, unknown>[] = [];
  for (const name of ['tanh', 'softplus'] as const) {
    for (const variance of [1, 6]) {
      const net = liu2020FC({ inputDim: D, width: 8, depth: 3, activation: { name } as ActivationSpec });
      const x = new Matrix(N, D, Rng.fromSeed(4).fold('bench', 'quadrature').fillNormal(new Float64Array(N * D)));
      for (let i = 0; i < N; i++) {
        const r = x.row(i);
        const norm = Math.hypot(...r);
        for (let k = 0; k < D; k++) r[k] *= Math.sqrt(D * variance) / norm; // x·x/d = variance
      }
      const ref = analyticKernel(net, x, undefined, { quadratureTol: 1e-13 }).ntk;
      const adaptive: number[] = [];
      const fixed: number[] = [];
      let a = ref;
      let f = ref;
      let achieved = 0;
      for (let round = 0; round < ROUNDS; round++) {
        let t0 = performance.now();
        const r = analyticKernel(net, x);
        adaptive.push((performance.now() - t0) / 1e3);
        a = r.ntk;
        achieved = r.quadrature?.maxRelativeError ?? 0;
        t0 = performance.now();
        f = analyticKernel(net, x, undefined, { quadratureNodes: 60 }).ntk;
        fixed.push((performance.now() - t0) / 1e3);
      }
      const row = {
        activation: name, inputVariance: variance, n: N, depth: 3,
        adaptiveSeconds: median(adaptive), fixedSeconds: median(fixed), timeRatio: median(adaptive) / median(fixed),
        adaptiveError: maxRelative(a, ref), fixedError: maxRelative(f, ref), adaptiveEstimate: achieved,
        rounds: { adaptive, fixed },
      };
      log(`${name}, input variance ${variance}: adaptive ${row.adaptiveSeconds.toFixed(2)} s (error ${row.adaptiveError.toExponential(1)}, estimate ${achieved.toExponential(1)}) against 60-node Gauss–Hermite ${row.fixedSeconds.toFixed(2)} s (error ${row.fixedError.toExponential(1)}): time ×${row.timeRatio.toFixed(2)}`);
      rows.push(row);
    }
  }
  log(`load average at end: ${os.loadavg().map((v) => v.toFixed(2)).join(', ')}`);
  return {
    rows,
    targets: {
      adaptiveError: { target: '≤ 1e-10', values: rows.map((r) => r['adaptiveError']) },
      timeRatio: { target: '≤ 2 (adaptive / fixed 60-node rule)', values: rows.map((r) => r['timeRatio']) },
    },
  };
}
