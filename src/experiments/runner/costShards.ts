/**
 * Dealing work of known expected cost to N shards so that the largest shard is as small as it can
 * cheaply be made: longest processing time first (Graham 1969) — the items by cost, largest first, each
 * to the shard with the least cost so far. Its largest shard is at most 4/3 − 1/(3N) of the best possible
 * one. Ties go to the earlier item and the lower shard, so every shard of a run computes the same deal
 * from the same list, with no coordination.
 */
import { ConfigError } from '../../errors.js';

/** The order LPT deals items in: by cost, largest first; equal costs by position. */
export function costOrder(costs: readonly number[]): number[] {
  return costs.map((_, i) => i).sort((a, b) => costs[b] - costs[a] || a - b);
}

/** The shard (0 … count − 1) of each item, by LPT. Costs must be finite and ≥ 0. */
export function dealByCost(costs: readonly number[], count: number): number[] {
  if (!Number.isSafeInteger(count) || count < 1) throw new ConfigError(`the shard count must be a positive integer; got ${count}`);
  costs.forEach((c, i) => {
    if (!Number.isFinite(c) || c < 0) throw new ConfigError(`item ${i} has the cost ${c}; costs are finite seconds ≥ 0`);
  });
  const load = new Array<number>(count).fill(0);
  const shard = new Array<number>(costs.length);
  for (const i of costOrder(costs)) {
    let best = 0;
    for (let s = 1; s < count; s++) if (load[s] < load[best]) best = s;
    shard[i] = best;
    load[best] += costs[i];
  }
  return shard;
}

/** Each shard's total cost under a deal. */
export function shardLoads(costs: readonly number[], shards: readonly number[], count: number): number[] {
  const load = new Array<number>(count).fill(0);
  shards.forEach((s, i) => {
    load[s] += costs[i];
  });
  return load;
}

/**
 * The wall time of running items of these times on `workers` workers that each take the next item in
 * `order` when free (the worker pool, runner/pool.ts): list scheduling's makespan.
 */
export function makespan(times: readonly number[], order: readonly number[], workers: number): number {
  if (!Number.isSafeInteger(workers) || workers < 1) throw new ConfigError(`the worker count must be a positive integer; got ${workers}`);
  const free = new Array<number>(workers).fill(0);
  for (const i of order) {
    let w = 0;
    for (let k = 1; k < workers; k++) if (free[k] < free[w]) w = k;
    free[w] += times[i];
  }
  return Math.max(0, ...free);
}
