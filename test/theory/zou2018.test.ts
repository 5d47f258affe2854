/**
 * zou2018 closed forms at initialization (src/theory/zou2018.ts) against Monte Carlo with stated
 * standard errors, drawn independently of the network code, and the τ^{2/3} flip law against the greedy
 * rank-one construction on iid Gaussian pre-activations. Cost ≈ 1 s.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../src/linalg/random/rng.js';
import { rankOneFlipPerturbation } from '../../src/probes/zou2018Init.js';
import { expectedNearZeroCount, nearZeroCountBound, OUTPUT_VARIANCE_FACTOR, rankOneFlipFraction, separationBound } from '../../src/theory/zou2018.js';

describe('zou2018 closed forms', () => {
  it('Var f = (1 − 1/π)‖x‖² for f = Σ v_j relu(⟨w_j, x⟩), balanced v, w_j ~ N(0, 2/m): Monte Carlo within 4 SE', () => {
    const rng = Rng.fromSeed(11);
    const m = 64;
    const xNorm = 1.7;
    const S = 20000;
    const z = new Float64Array(m);
    let s2 = 0;
    let s4 = 0;
    for (let s = 0; s < S; s++) {
      rng.fillNormal(z, 0, Math.sqrt(2 / m) * xNorm); // ⟨w_j, x⟩ ~ N(0, 2‖x‖²/m)
      let f = 0;
      for (let j = 0; j < m; j++) f += (j % 2 === 0 ? 1 : -1) * Math.max(z[j], 0);
      s2 += f * f;
      s4 += f ** 4;
    }
    const mean = s2 / S;
    const se = Math.sqrt((s4 / S - mean * mean) / S);
    const expected = OUTPUT_VARIANCE_FACTOR * xNorm * xNorm;
    assert.ok(Math.abs(mean - expected) < 4 * se, `E f² = ${mean} ± ${se}, expected ${expected}`);
    // and it is not the pre-activation variance 2‖x‖² nor ‖x‖² (the test can tell them apart)
    assert.ok(Math.abs(mean - xNorm * xNorm) > 10 * se);
  });

  it('E #{|z_j| ≤ β} = m·erf(β√m/(2‖x‖)) for z_j ~ N(0, 2‖x‖²/m): Monte Carlo within 4 SE, and below 2m^{3/2}β', () => {
    const rng = Rng.fromSeed(12);
    for (const [m, b, xNorm] of [[256, 0.1, 1], [1024, 0.4, 0.8], [64, 2, 1.2]]) {
      const beta = b / Math.sqrt(m);
      const S = 400;
      const z = new Float64Array(m);
      let sum = 0;
      let sq = 0;
      for (let s = 0; s < S; s++) {
        rng.fillNormal(z, 0, Math.sqrt(2 / m) * xNorm);
        let c = 0;
        for (let j = 0; j < m; j++) if (Math.abs(z[j]) <= beta) c++;
        sum += c;
        sq += c * c;
      }
      const mean = sum / S;
      const se = Math.sqrt((sq / S - mean * mean) / S);
      const e = expectedNearZeroCount(m, beta, xNorm);
      assert.ok(Math.abs(mean - e) < 4 * se + 1e-9, `m = ${m}, β√m = ${b}: ${mean} ± ${se} vs ${e}`);
      assert.ok(e < nearZeroCountBound(m, beta));
    }
    // small-β limit m^{3/2}β/(√π‖x‖)
    assert.ok(Math.abs(expectedNearZeroCount(4096, 1e-6, 1) / (4096 ** 1.5 * 1e-6 / Math.sqrt(Math.PI)) - 1) < 1e-8);
  });

  it('the greedy rank-one flip count on iid N(0, 2/m) pre-activations approaches (3/π)^{1/3}τ^{2/3} at large m', () => {
    const rng = Rng.fromSeed(13);
    const m = 200000;
    const z = rng.fillNormal(new Float64Array(m), 0, Math.sqrt(2 / m));
    for (const tau of [0.01, 0.05]) {
      const { flipped } = rankOneFlipPerturbation(z, 1, tau);
      const ratio = flipped.length / m / rankOneFlipFraction(tau);
      // corrections: O(t²/s²) ≈ frac² from the curvature of the density, and the count's rounding
      assert.ok(Math.abs(ratio - 1) < 0.03, `τ = ${tau}: ratio ${ratio}`);
    }
    assert.ok(Math.abs(rankOneFlipFraction(1) - 0.98475) < 1e-4); // (3/π)^{1/3}
  });

  it('the proof\'s per-layer separation bound stays above φ/2 up to l = L', () => {
    for (const L of [1, 2, 4, 10, 100]) {
      assert.ok(separationBound(0.3, L, L) >= 0.15);
      assert.ok(separationBound(0.3, L, L) < 0.3);
    }
  });
});
