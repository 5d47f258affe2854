/**
 * The gradient-diversity Monte Carlo (monteCarlo.ts) over worker threads: the blocks of draws are points
 * of the runner's worker pool (blockPoints.ts; each worker rebuilds the sampler from the problem's JSON),
 * handed out one at a time and merged in block order, so the result equals the single-thread one bit for
 * bit. With workers ≤ 1 it runs in this thread, yielding to the event loop between blocks (progress
 * output, Ctrl-C).
 */
import { availableParallelism } from 'node:os';
import { ConfigError } from '../../errors.js';
import type { Rng } from '../../linalg/random/rng.js';
import { pointId } from '../runner/pointId.js';
import type { SweepPoint } from '../runner/points.js';
import { runOnWorkers } from '../runner/pool.js';
import { blockParams, blockResultOf, MC_BLOCK_KIND, MC_BLOCK_MODULE } from './blockPoints.js';
import { checkDraws, DEFAULT_BLOCK_SIZE, mergeBlocks, runBlock, summarizeDiversity, type BlockResult, type DiversityEstimate } from './monteCarlo.js';
import type { DiversityProblem } from './problem.js';
import { makeSampler } from './samplers.js';

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
    const key: [number, number] = [o.rng.key[0], o.rng.key[1]];
    const points: SweepPoint[] = Array.from({ length: nBlocks }, (_, block) => {
      const params = blockParams(problem, key, block, blockSize, o.draws, keep);
      return { index: block, id: pointId(MC_BLOCK_KIND, params), kind: MC_BLOCK_KIND, seed: 0, params };
    });
    // A failed block stops the run: no further block is handed out, and the error is reported.
    const stop = new AbortController();
    const forward = (): void => stop.abort();
    o.signal?.addEventListener('abort', forward);
    if (o.signal?.aborted) stop.abort();
    let failure: string | undefined;
    try {
      await runOnWorkers(points, {
        workers, modules: [MC_BLOCK_MODULE], signal: stop.signal,
        onOutcome: (point, outcome) => {
          if (outcome.result === undefined) {
            failure ??= outcome.error ?? 'no result';
            stop.abort();
            return;
          }
          const b = point.params['block'] as number;
          results[b] = blockResultOf(outcome.result, k);
          done += finishedDraws(b);
          o.onProgress?.(done, o.draws);
        },
      });
    } finally {
      o.signal?.removeEventListener('abort', forward);
    }
    if (failure !== undefined) throw new ConfigError(`diversity Monte Carlo worker: ${failure}`);
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
