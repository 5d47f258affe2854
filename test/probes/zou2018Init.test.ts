/** zou2018 measurements at initialization (src/probes/zou2018Init.ts) on hand-checked cases. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { nearZeroCount, oppositeLabelSeparation, rankOneFlipPerturbation } from '../../src/probes/zou2018Init.js';

describe('zou2018 init measurements', () => {
  it('oppositeLabelSeparation normalizes rows and takes the min over opposite labels only', () => {
    // rows: (2,0) and (0,3) are opposite labels at unit distance √2; (1,1)/√2 has the same label as row 0
    const f = Matrix.from([[2, 0], [0, 3], [5, 5]]);
    assert.ok(Math.abs(oppositeLabelSeparation(f, [1, -1, 1]) - Math.hypot(1 / Math.SQRT2, 1 - 1 / Math.SQRT2)) < 1e-15);
    assert.ok(Math.abs(oppositeLabelSeparation(f, [1, -1, -1]) - Math.hypot(1 - 1 / Math.SQRT2, 1 / Math.SQRT2)) < 1e-15);
    assert.equal(oppositeLabelSeparation(f, [1, 1, 1]), Infinity);
    assert.ok(Number.isNaN(oppositeLabelSeparation(Matrix.from([[0, 0], [1, 0]]), [1, -1])));
  });

  it('nearZeroCount counts |z| ≤ β inclusively', () => {
    assert.equal(nearZeroCount([0.5, -0.5, 0.51, -2, 0], 0.5), 3);
    assert.equal(nearZeroCount([], 1), 0);
    assert.throws(() => nearZeroCount([1], -1), ConfigError);
  });

  it('rankOneFlipPerturbation: ‖x‖·‖u‖ = τ, flips exactly the chosen neurons, and no other u of that norm flips more', () => {
    const rng = Rng.fromSeed(5);
    const m = 12;
    const x = rng.fillNormal(new Float64Array(7));
    const xn = Math.hypot(...x);
    const z = rng.fillNormal(new Float64Array(m));
    const tau = 0.9;
    const { u, flipped } = rankOneFlipPerturbation(z, xn, tau);
    assert.ok(Math.abs(xn * Math.hypot(...u) - tau) < 1e-12);
    // z' = (W + u xᵀ)x = z + ‖x‖²u
    const flips = Array.from(z, (v, j) => (v > 0) !== (v + xn * xn * u[j] > 0));
    assert.deepEqual(flips.flatMap((f, j) => (f ? [j] : [])).sort(), [...flipped].sort());
    // optimality: flipping a set S needs ‖Δz‖² > Σ_S z_j² and ‖Δz‖ ≤ τ‖x‖; brute force over all subsets
    let best = 0;
    for (let mask = 0; mask < 1 << m; mask++) {
      let cost = 0;
      let k = 0;
      for (let j = 0; j < m; j++) if (mask & (1 << j)) {
        cost += z[j] * z[j];
        k++;
      }
      if (cost < tau * tau * xn * xn) best = Math.max(best, k);
    }
    assert.equal(flipped.length, best);
    assert.ok(best >= 1 && best < m, `the case must be non-trivial (best = ${best})`);
  });
});
