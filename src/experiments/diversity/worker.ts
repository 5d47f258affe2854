/**
 * Worker thread of the gradient-diversity Monte Carlo (monteCarloParallel.ts): rebuilds the sampler from
 * the problem's JSON and the stream from its key, then runs the blocks it is sent, one at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Rng } from '../../linalg/random/rng.js';
import { runBlock } from './monteCarlo.js';
import type { DiversityProblem } from './problem.js';
import { makeSampler } from './samplers.js';

export interface WorkerSetup {
  problem: DiversityProblem;
  key: [number, number];
  blockSize: number;
  draws: number;
  keepValues: boolean;
}

export type WorkerReply =
  | { block: number; moments: Float64Array; ratios: Float64Array; values: Float64Array }
  | { error: string };

const setup = workerData as WorkerSetup;
const port = parentPort;
if (port) {
  try {
    const sampler = makeSampler(setup.problem);
    const rng = Rng.fromState({ key: setup.key, block: 0, word: 4 });
    port.on('message', (block: number) => {
      try {
        const r = runBlock(sampler, rng, block, setup.blockSize, setup.draws, setup.keepValues);
        const moments = r.moments.toArray();
        const ratios = r.ratios.toArray();
        const reply: WorkerReply = { block, moments, ratios, values: r.values };
        port.postMessage(reply, [moments.buffer as ArrayBuffer, ratios.buffer as ArrayBuffer, r.values.buffer as ArrayBuffer]);
      } catch (e) {
        port.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
      }
    });
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
  }
}
