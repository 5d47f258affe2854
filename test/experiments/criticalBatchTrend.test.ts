/**
 * The critical-batch trend statistic (src/experiments/diversity/criticalBatchTrend.ts) on synthetic sweeps
 * whose per-seed epochs fix the answer: every seed agreeing on a rising or falling critical B, and seeds
 * that disagree so much that resampling them can reverse the order.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BatchPoint } from '../../src/experiments/diversity/batchSweep.js';
import { criticalBatchTrend } from '../../src/experiments/diversity/criticalBatchTrend.js';
import { Rng } from '../../src/linalg/random/rng.js';

const BATCHES = [1, 2, 4, 8, 16, 32, 64];

/** One network: seed k keeps 1 epoch up to its own critical batch crit[k], then needs 3. */
function network(crit: number[]): { points: BatchPoint[] } {
  return {
    points: BATCHES.map((B) => {
      const epochs = crit.map((c) => (B <= c ? 1 : 3));
      const sorted = [...epochs].sort((a, b) => a - b);
      return { batch: B, lrMultiplier: 1, medianEpochs: sorted[Math.floor(sorted.length / 2)], epochs, tried: [] };
    }),
  };
}

describe('critical batch trend across widths', () => {
  it('holds when every seed puts the critical batch higher on wider networks (ρ = 1 in every resample)', () => {
    const t = criticalBatchTrend([2, 4, 8, 16].map((c) => network([c, c, c, c, c])), 1.5, Rng.fromSeed(1), 500);
    assert.deepEqual(t.critical, [2, 4, 8, 16]);
    assert.equal(t.verdict, 'holds', t.reason);
    assert.deepEqual(t.interval, [1, 1]);
    assert.equal(t.lastAboveFirst, 1);
  });

  it('fails when it falls with width in every resample', () => {
    const t = criticalBatchTrend([16, 8, 4, 2].map((c) => network([c, c, c])), 1.5, Rng.fromSeed(2), 500);
    assert.equal(t.verdict, 'fails', t.reason);
    assert.equal(t.rho, -1);
  });

  it('is inconclusive when the seeds disagree enough for resampling to reverse the order', () => {
    // Every network draws its seeds' critical batch from the same spread {2, 64}: no trend, but the
    // medians of 5 seeds happen to rise (2, 2, 64, 64).
    const t = criticalBatchTrend([network([2, 2, 2, 64, 64]), network([2, 2, 2, 64, 64]), network([2, 2, 64, 64, 64]), network([2, 2, 64, 64, 64])], 1.5, Rng.fromSeed(3), 2000);
    assert.deepEqual(t.critical, [2, 2, 64, 64]);
    assert.ok(t.rho > 0.8, `ρ ${t.rho}`);
    assert.equal(t.verdict, 'inconclusive', t.reason);
    assert.ok(t.interval[0] < 0 && t.interval[1] > 0);
  });

  it('counts a network that never reaches the target at the smallest batch as tolerating none', () => {
    const never = { points: BATCHES.map((B) => ({ batch: B, lrMultiplier: null, medianEpochs: null, epochs: [null, null, null], tried: [] })) };
    const t = criticalBatchTrend([never, network([8, 8, 8])], 1.5, Rng.fromSeed(4), 200);
    assert.deepEqual(t.critical, [0, 8]);
    assert.equal(t.verdict, 'holds');
  });
});
