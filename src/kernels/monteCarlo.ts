/**
 * Monte-Carlo kernels: the average of empirical kernels over independently initialized networks of a
 * given width (with the standard error of every entry's mean), and the convergence of that average —
 * or of single draws — to the analytic infinite-width kernel as the width grows, with the fitted
 * log–log slope (≈ −½ for single draws at the O(1/√m) fluctuation rate).
 */
import { ConfigError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';
import { Rng } from '../linalg/random/rng.js';
import type { Network } from '../nn/network.js';
import { fitLogLog, type LineFit } from '../stats/regression.js';
import { empiricalKernel } from './empirical.js';

export type KernelKind = 'ntk' | 'nngp';

export interface MonteCarloKernel {
  /** Mean over samples. */
  mean: Matrix;
  /** Standard error of each entry's mean. */
  stdError: Matrix;
  samples: number;
}

/** One draw: the empirical NTK (output-traced / C) or the outputs' second moment f·fᵀ / C (NNGP). */
function draw(net: Network, params: Float64Array, x: Matrix, kind: KernelKind): Matrix {
  const C = net.outputs;
  if (kind === 'ntk') {
    const k = empiricalKernel(net, params, x, undefined, { outputs: 'trace' }).kernel;
    for (let i = 0; i < k.data.length; i++) k.data[i] /= C;
    return k;
  }
  const f = net.forward(params, x);
  const n = x.rows;
  const k = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let c = 0; c < C; c++) s += f.data[i * C + c] * f.data[j * C + c];
    k.data[i * n + j] = s / C;
  }
  return k;
}

/** Averages `samples` draws of the kernel of networks from make(), seeds rng.fold(s). */
export function monteCarloKernel(
  make: () => Network, x: Matrix, opts: { samples: number; rng: Rng; kind?: KernelKind; onProgress?: (done: number, total: number) => void },
): MonteCarloKernel {
  if (!Number.isInteger(opts.samples) || opts.samples < 2) throw new ConfigError(`monteCarloKernel: samples must be an integer ≥ 2; got ${opts.samples}`);
  const net = make();
  const n = x.rows;
  const sum = new Float64Array(n * n);
  const sumSq = new Float64Array(n * n);
  for (let s = 0; s < opts.samples; s++) {
    const k = draw(net, net.init(opts.rng.fold(s)), x, opts.kind ?? 'ntk');
    for (let i = 0; i < sum.length; i++) {
      sum[i] += k.data[i];
      sumSq[i] += k.data[i] ** 2;
    }
    opts.onProgress?.(s + 1, opts.samples);
  }
  const S = opts.samples;
  const mean = new Matrix(n, n, sum.map((v) => v / S));
  const stdError = new Matrix(n, n, sumSq.map((v, i) => Math.sqrt(Math.max(0, v / S - mean.data[i] ** 2) * (S / (S - 1)) / S)));
  return { mean, stdError, samples: S };
}

export function relativeFrobenius(a: Matrix, ref: Matrix): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.data.length; i++) {
    num += (a.data[i] - ref.data[i]) ** 2;
    den += ref.data[i] ** 2;
  }
  return Math.sqrt(num / den);
}

export interface ConvergencePoint {
  width: number;
  /** Mean over draws of ‖K_m − K_∞‖_F/‖K_∞‖_F, and its standard error. */
  distance: number;
  stdError: number;
}

/**
 * Relative Frobenius distance of single-draw empirical kernels to the analytic kernel at each width,
 * averaged over `samples` draws, with the fitted log–log slope of distance against width.
 */
export function kernelConvergence(
  make: (width: number) => Network, x: Matrix, analytic: Matrix,
  opts: { widths: number[]; samples: number; rng: Rng; kind?: KernelKind; onProgress?: (done: number, total: number) => void },
): { points: ConvergencePoint[]; fit: LineFit } {
  const points: ConvergencePoint[] = [];
  let done = 0;
  for (const width of opts.widths) {
    const net = make(width);
    const ds: number[] = [];
    for (let s = 0; s < opts.samples; s++) {
      ds.push(relativeFrobenius(draw(net, net.init(opts.rng.fold(width, s)), x, opts.kind ?? 'ntk'), analytic));
      opts.onProgress?.(++done, opts.widths.length * opts.samples);
    }
    const mean = ds.reduce((a, b) => a + b, 0) / ds.length;
    const sd = Math.sqrt(ds.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, ds.length - 1));
    points.push({ width, distance: mean, stdError: sd / Math.sqrt(ds.length) });
  }
  return { points, fit: fitLogLog(points.map((p) => p.width), points.map((p) => p.distance)) };
}
