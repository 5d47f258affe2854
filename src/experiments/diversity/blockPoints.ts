/**
 * A block of the gradient-diversity Monte Carlo as a point of the runner's worker pool (runner/pool.ts),
 * so that the Monte Carlo shares the one pool the sweeps and the suite use. A point of kind
 * "diversity.mc-block" is { problem, key, block, blockSize, draws, keepValues }: the worker rebuilds the
 * sampler from the problem's JSON and the stream from its key (once per worker and problem) and runs the
 * block exactly as the single-thread loop would (monteCarlo.ts runBlock). Its arrays travel as the bytes
 * of their float64 values (base64), so NaN draws and every bit survive the trip. An internal kind: workers
 * import this module by URL, and `overparam sweep --kinds` does not list it.
 */
import { Rng } from '../../linalg/random/rng.js';
import type { JsonObject } from '../runner/json.js';
import { registerPointKind, type PointParams } from '../runner/registry.js';
import { CoMoments } from './moments.js';
import { runBlock, type BlockResult } from './monteCarlo.js';
import type { DiversityProblem } from './problem.js';
import { makeSampler, type DrawSampler } from './samplers.js';

export const MC_BLOCK_KIND = 'diversity.mc-block';
export const MC_BLOCK_MODULE = new URL('./blockPoints.js', import.meta.url).href;

/** A float64 array as the base64 of its bytes, and back. */
export function encodeFloats(a: Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}
export function decodeFloats(s: string): Float64Array {
  const b = Buffer.from(s, 'base64');
  const out = new Float64Array(b.byteLength / 8);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** The parameters of block `block` of a run. */
export function blockParams(problem: DiversityProblem, key: readonly [number, number], block: number, blockSize: number, draws: number, keepValues: boolean): JsonObject {
  return { problem: JSON.parse(JSON.stringify(problem)) as JsonObject, key: [key[0], key[1]], block, blockSize, draws, keepValues };
}

/** The block's result back from a point's result (k: the moments' dimension, 2 per tensor). */
export function blockResultOf(result: JsonObject, k: number): BlockResult {
  return {
    moments: CoMoments.fromArray(k, decodeFloats(result['moments'] as string)),
    ratios: CoMoments.fromArray(1, decodeFloats(result['ratios'] as string)),
    values: decodeFloats(result['values'] as string),
  };
}

/** The sampler of the last problem seen (a worker runs the blocks of one run). */
let last: { text: string; sampler: DrawSampler } | undefined;

function blockPoint(p: PointParams): Record<string, unknown> {
  const text = JSON.stringify(p['problem']);
  if (last?.text !== text) last = { text, sampler: makeSampler(p['problem'] as unknown as DiversityProblem) };
  const key = p['key'] as number[];
  const rng = Rng.fromState({ key: [key[0], key[1]], block: 0, word: 4 });
  const r = runBlock(last.sampler, rng, p['block'] as number, p['blockSize'] as number, p['draws'] as number, p['keepValues'] === true);
  return { moments: encodeFloats(r.moments.toArray()), ratios: encodeFloats(r.ratios.toArray()), values: encodeFloats(r.values) };
}

registerPointKind(MC_BLOCK_KIND, blockPoint);
