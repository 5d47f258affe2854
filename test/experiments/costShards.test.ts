import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/errors.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { costOrder, dealByCost, makespan, shardLoads } from '../../src/experiments/runner/costShards.js';

/** The smallest possible largest shard, by trying every assignment (small instances only). */
function optimum(costs: readonly number[], count: number): number {
  let best = Infinity;
  const load = new Array<number>(count).fill(0);
  const go = (i: number): void => {
    if (i === costs.length) {
      best = Math.min(best, Math.max(...load));
      return;
    }
    for (let s = 0; s < count; s++) {
      load[s] += costs[i];
      if (load[s] < best) go(i + 1);
      load[s] -= costs[i];
    }
  };
  go(0);
  return best;
}

describe('dealing points to shards by expected cost (LPT)', () => {
  it('every item goes to exactly one shard in 0…N−1, and the deal depends only on the costs', () => {
    const rng = Rng.fromSeed(5);
    const costs = Array.from({ length: 40 }, () => rng.uniform() * 10);
    for (const n of [1, 2, 3, 4, 7]) {
      const deal = dealByCost(costs, n);
      assert.equal(deal.length, costs.length);
      assert.ok(deal.every((s) => Number.isInteger(s) && s >= 0 && s < n));
      assert.deepEqual(dealByCost([...costs], n), deal);
      const loads = shardLoads(costs, deal, n);
      assert.ok(Math.abs(loads.reduce((a, b) => a + b, 0) - costs.reduce((a, b) => a + b, 0)) < 1e-9);
    }
  });

  it("the largest shard is within Graham's 4/3 − 1/(3N) of the best possible one, on random instances", () => {
    const rng = Rng.fromSeed(11);
    let worst = 0;
    for (let trial = 0; trial < 60; trial++) {
      const n = 2 + (trial % 3);
      const costs = Array.from({ length: 7 + (trial % 3) }, () => Math.exp(3 * rng.uniform()));
      const lpt = Math.max(...shardLoads(costs, dealByCost(costs, n), n));
      const opt = optimum(costs, n);
      assert.ok(lpt <= (4 / 3 - 1 / (3 * n)) * opt + 1e-9, `trial ${trial}: LPT ${lpt} against optimum ${opt}`);
      worst = Math.max(worst, lpt / opt);
    }
    assert.ok(worst >= 1);
  });

  it('a known instance: LPT is not round robin (round robin would give 10 against 3)', () => {
    const costs = [5, 1, 4, 1, 1, 1];
    // Round robin (position mod 2): {5, 4, 1} = 10 and {1, 1, 1} = 3.
    const deal = dealByCost(costs, 2);
    assert.deepEqual(shardLoads(costs, deal, 2).sort(), [6, 7]);
    assert.deepEqual(costOrder(costs), [0, 2, 1, 3, 4, 5]);
  });

  it('equal costs: shard sizes differ by at most one', () => {
    const deal = dealByCost(new Array(10).fill(2), 4);
    const sizes = [0, 1, 2, 3].map((s) => deal.filter((d) => d === s).length);
    assert.deepEqual(sizes, [3, 3, 2, 2]);
  });

  it('refuses a cost that is negative or not finite, and a shard count below 1', () => {
    assert.throws(() => dealByCost([1, -1], 2), (e: unknown) => e instanceof ConfigError && /item 1/.test((e as Error).message));
    assert.throws(() => dealByCost([NaN], 2), ConfigError);
    assert.throws(() => dealByCost([1], 0), ConfigError);
  });

  it('makespan: one worker sums the times; k workers on equal times take ⌈n/k⌉ of them; the pool order matters', () => {
    assert.equal(makespan([3, 1, 2], [0, 1, 2], 1), 6);
    assert.equal(makespan(new Array(7).fill(2), [0, 1, 2, 3, 4, 5, 6], 3), 6);
    // Largest first on 2 workers: {5}, {3, 2} → 5; smallest first: {2, 5}, {3} → 7.
    assert.equal(makespan([5, 3, 2], [0, 1, 2], 2), 5);
    assert.equal(makespan([5, 3, 2], [2, 1, 0], 2), 7);
    assert.equal(makespan([], [], 2), 0);
    assert.throws(() => makespan([1], [0], 0), ConfigError);
  });
});
