/**
 * The gradient-diversity Monte Carlo (monteCarlo.ts) over worker threads: the blocks of draws are handed
 * out one at a time to `workers` threads (each rebuilds the sampler from the problem's JSON) and merged
 * in block order, so the result equals the single-thread one bit for bit. With workers ≤ 1 it runs in
 * this thread, yielding to the event loop between blocks (progress output, Ctrl-C).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ConfigError } from '../../errors.js';
import type { Rng } from '../../linalg/random/rng.js';
import { CoMoments } from './moments.js';
import {
  checkDraws, DEFAULT_BLOCK_SIZE, mergeBlocks, runBlock, summarizeDiversity, type BlockResult, type DiversityEstimate,
} from './monteCarlo.js';
import type { DiversityProblem } from './problem.js';
import { makeSampler } from './samplers.js';
import type { WorkerReply, WorkerSetup } from './worker.js';

export interface ParallelMcOptions {
  draws: number;
  rng: Rng;
  /** Threads (default: the machine's available parallelism); ≤ 1 runs in this thread. */
  workers?: number;
  blockSize?: number;
  keepValues?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Stops handing out blocks; the estimate then covers the blocks finished in order from the first. */
  signal?: AbortSignal;
}

export function defaultWorkers(): number {
  return availableParallelism();
}

/** Monte Carlo of a problem's gradient diversity, on worker threads when asked. */
export async function estimateDiversityParallel(problem: DiversityProblem, o: ParallelMcOptions): Promise<DiversityEstimate> {
  const blockSize = o.blockSize ?? DEFAULT_BLOCK_SIZE;
  checkDraws(o.draws, blockSize);
  const keep = o.keepValues ?? true;
  const sampler = makeSampler(problem); // validates the problem here, with the user's error messages
  const k = 2 * sampler.tensors.length;
  const nBlocks = Math.ceil(o.draws / blockSize);
  const requested = o.workers ?? defaultWorkers();
  if (!Number.isSafeInteger(requested) || requested < 0) throw new ConfigError(`workers must be a non-negative integer; got ${requested}`);
  const workers = Math.min(requested, nBlocks);
  const t0 = performance.now();
  const results: (BlockResult | undefined)[] = new Array(nBlocks);
  let done = 0;
  const finishedDraws = (b: number) => Math.min(o.draws, (b + 1) * blockSize) - b * blockSize;

  if (workers <= 1) {
    for (let b = 0; b < nBlocks && !o.signal?.aborted; b++) {
      results[b] = runBlock(sampler, o.rng, b, blockSize, o.draws, keep);
      done += finishedDraws(b);
      o.onProgress?.(done, o.draws);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    const [k0, k1] = o.rng.key;
    const setup: WorkerSetup = { problem, key: [k0, k1], blockSize, draws: o.draws, keepValues: keep };
    let next = 0;
    await new Promise<void>((resolve, reject) => {
      const pool: Worker[] = [];
      let live = 0;
      let failed = false;
      const stop = (err?: Error) => {
        for (const w of pool) void w.terminate();
        if (err) reject(err);
        else resolve();
      };
      const feed = (w: Worker): boolean => {
        if (next >= nBlocks || o.signal?.aborted) return false;
        w.postMessage(next++);
        return true;
      };
      for (let i = 0; i < workers; i++) {
        const w = new Worker(new URL('./worker.js', import.meta.url), { workerData: setup });
        pool.push(w);
        live += 1;
        w.on('message', (m: WorkerReply) => {
          if (failed) return;
          if ('error' in m) {
            failed = true;
            stop(new ConfigError(`diversity Monte Carlo worker: ${m.error}`));
            return;
          }
          results[m.block] = { moments: CoMoments.fromArray(k, m.moments), ratios: CoMoments.fromArray(1, m.ratios), values: m.values };
          done += finishedDraws(m.block);
          o.onProgress?.(done, o.draws);
          if (!feed(w)) {
            live -= 1;
            void w.terminate();
            if (live === 0) stop();
          }
        });
        w.on('error', (e) => {
          if (failed) return;
          failed = true;
          stop(e instanceof Error ? e : new Error(String(e)));
        });
        if (!feed(w)) {
          live -= 1;
          void w.terminate();
        }
      }
      if (live === 0) stop();
    });
  }
  // Blocks finished in order from the first (all of them unless interrupted).
  const ordered: BlockResult[] = [];
  for (const r of results) {
    if (!r) break;
    ordered.push(r);
  }
  const { moments, ratios, values } = mergeBlocks(ordered, k, keep);
  return summarizeDiversity(
    { path: sampler.path, n: sampler.n, tensors: sampler.tensors, blockSize, workers, seconds: (performance.now() - t0) / 1000 },
    moments, ratios, values,
  );
}
