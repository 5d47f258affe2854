/**
 * The memory `overparam kernel` will hold at its peak, estimated before anything is allocated, so that
 * a kernel too large for the machine is refused with the bytes it would need (an N×N float64 matrix of
 * 40 000 examples alone is 12.8 GB) instead of growing until the process dies.
 */
import { statfsSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import type { Network } from '../nn/network.js';
import { countText, formatSize, requireArrayEntries, requireMemory, requireParameterMemory, type MemoryBudget } from './memoryBudget.js';

export interface KernelJob {
  kind: 'empirical' | 'analytic' | 'nngp' | 'mc';
  /** Training examples (rows and columns of the kernel). */
  n: number;
  /** Test examples of a --test-data block (0 when none). */
  nTest: number;
  /** --outputs full: the kernel is (N·C)×(N·C). */
  fullOutputs: boolean;
  perLayer: boolean;
}

/** Bytes the empirical kernel lets its cached tile factors take (empirical.ts, default memoryBudget). */
const EMPIRICAL_FACTOR_BYTES = 512 * 1024 * 1024;

/** Pixels of the input (1 for vector inputs): the analytic state keeps P×P entries per pair of examples. */
function inputPixels(net: Network): number {
  return net.inShape.spatial.reduce((a, b) => a * b, 1);
}

/**
 * Refuses the job when its largest single array exceeds what V8 allows or its buffers together exceed
 * the budget; the message names the kind, the example count and the bytes.
 */
export function requireKernelMemory(net: Network, spec: unknown, job: KernelJob, budget: MemoryBudget): void {
  requireParameterMemory(net, spec, budget, 2);
  const trained = net.paramRefs.filter((r) => r.trainable).length;
  const side = job.fullOutputs && job.kind !== 'analytic' && job.kind !== 'nngp' ? job.n * net.outputs : job.n;
  const nn = side * side;
  const cross = job.nTest * job.n;
  let matrices: number; // N×N float64 matrices held at the peak
  let extra = 8 * 2 * net.size;
  let largest = nn;
  if (job.kind === 'analytic' || job.kind === 'nngp') {
    const P = inputPixels(net);
    // The propagated state: the covariance and one NTK part per trained tensor, N²·P² entries each,
    // the input Gram matrix, then the returned NNGP, NTK and per-tensor copies, and the eigensolver's two.
    matrices = P * P * (trained + 2) + (trained + 2) + 2;
    extra += 8 * cross * (P * P * (trained + 2) + trained + 2);
    largest = nn * P * P;
  } else {
    matrices = 1 + (job.perLayer ? trained : 0) + 2 + (job.kind === 'mc' ? 3 : 0);
    // The cached per-layer factors: per example and output, a row of each weight's input and output
    // side (the empirical kernel caps the cache at EMPIRICAL_FACTOR_BYTES and recomputes beyond it).
    const perExample = net.paramRefs.filter((r) => r.trainable).reduce((a, r) => a + r.shape.reduce((b, d) => b + d, 0), 0);
    const factors = 8 * (job.n + job.nTest) * net.outputs * perExample;
    extra += Math.min(factors, EMPIRICAL_FACTOR_BYTES) + 8 * cross;
  }
  const label = `${side}×${side}`;
  requireArrayEntries(largest, `the ${job.kind} kernel of ${job.n} examples`);
  requireMemory(
    8 * nn * matrices + extra,
    `the ${job.kind} kernel of ${job.n} examples (about ${countText(Math.ceil(matrices))} float64 ${label} matrices, ${countText(8 * nn)} bytes each)`,
    budget,
  );
}

/** Bytes of the kernel file: the matrix, the test × train block and any per-tensor parts, as float64. */
export function kernelFileBytes(net: Network, job: KernelJob): number {
  const side = job.fullOutputs && job.kind !== 'analytic' && job.kind !== 'nngp' ? job.n * net.outputs : job.n;
  const trained = net.paramRefs.filter((r) => r.trainable).length;
  const matrices = 1 + (job.kind === 'mc' ? 1 : 0) + (job.perLayer && job.kind !== 'nngp' && job.kind !== 'mc' ? trained : 0);
  return 8 * (side * side * matrices + job.nTest * job.n) + 64 * 1024; // + header and summary
}

/** Refuses, before the kernel is computed, an output folder without room for its file. */
export function requireDiskSpace(dir: string, bytes: number, flag: string): void {
  let free: number;
  try {
    const st = statfsSync(dir);
    free = Number(st.bavail) * Number(st.bsize);
  } catch {
    return; // no file-system statistics here: the atomic write still reports a full disk by name
  }
  if (bytes > free) {
    throw new ConfigError(`${flag} ${dir}: the kernel file needs about ${formatSize(bytes)} but the device has ${formatSize(free)} free`);
  }
}
