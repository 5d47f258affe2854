/** Rank statistics (src/stats/rank.ts) against hand-computed values. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { averageRanks, spearman } from '../../src/stats/rank.js';

describe('rank statistics', () => {
  it('average ranks share ties', () => {
    assert.deepEqual(averageRanks([10, 20, 20, 5]), [2, 3.5, 3.5, 1]);
    assert.deepEqual(averageRanks([7, 7, 7]), [2, 2, 2]);
  });
  it("Spearman's ρ: ±1 for monotone pairs, 1 − 6Σd²/(n(n²−1)) without ties, Pearson on average ranks with them", () => {
    assert.equal(spearman([1, 2, 3, 4], [1, 8, 27, 64]), 1);
    assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
    // d = (−1, 1, −1, 1, 0): ρ = 1 − 6·4/(5·24) = 0.8
    assert.ok(Math.abs(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) - 0.8) < 1e-15);
    // ranks of y (1.5, 1.5, 3, 4): Σxy = 4.5, Σxx = 5, Σyy = 4.5 about the mean rank 2.5
    assert.ok(Math.abs(spearman([1, 2, 3, 4], [1, 1, 2, 3]) - 4.5 / Math.sqrt(5 * 4.5)) < 1e-15);
    assert.equal(spearman([1, 2, 3], [5, 5, 5]), 0);
  });
  it('refuses mismatched, too short or non-finite input', () => {
    assert.throws(() => spearman([1, 2], [1]), ConfigError);
    assert.throws(() => spearman([1], [1]), ConfigError);
    assert.throws(() => spearman([1, NaN], [1, 2]), ConfigError);
  });
});
