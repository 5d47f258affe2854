/**
 * The forward-stability band of allenzhu2019 Lemma B.3 (src/experiments/claims/allenzhu2019Stability.ts) on
 * synthetic hidden-state norms: the predicted law ‖h_l‖ ≈ √l with the O(1/√m) fluctuation of ‖h_1‖ holds; a
 * wrong input scale, a vanishing or an exploding recurrence, and a non-finite norm fail. And the derived
 * standard deviation of ‖h_1‖ against a Monte Carlo of φ(Ax_1).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../src/linalg/random/rng.js';
import { firstStateSd, judgeForwardStability, stabilityBand } from '../../src/experiments/claims/allenzhu2019Stability.js';

const m = 512;
const L = 30;

/** norms[draw][l − 1][i] = law(l)·(1 + sd·z), z ~ N(0, 1): the relative fluctuation of ‖h_1‖ at every step. */
function norms(rng: Rng, law: (l: number) => number, draws = 4, n = 8): number[][][] {
  const sd = firstStateSd(m);
  return Array.from({ length: draws }, () => Array.from({ length: L }, (_, k) => Array.from({ length: n }, () => law(k + 1) * (1 + sd * rng.normal()))));
}

describe('allenzhu2019 forward-stability band', () => {
  it('sd ‖h_1‖ = √(5/(4m)) matches a Monte Carlo of ‖φ(g)‖, g ~ N(0, 2/m)', () => {
    const rng = Rng.fromSeed(3);
    const draws = 4000;
    const xs = Array.from({ length: draws }, () => {
      let s = 0;
      for (let k = 0; k < m; k++) s += Math.max(0, Math.sqrt(2 / m) * rng.normal()) ** 2;
      return Math.sqrt(s);
    });
    const mean = xs.reduce((a, b) => a + b, 0) / draws;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws - 1));
    // The sample sd of 4000 draws is within 3% of the truth (its relative SE is ≈ 1/√(2·4000) = 1.1%).
    assert.ok(Math.abs(sd / firstStateSd(m) - 1) < 0.03, `sd ${sd} against ${firstStateSd(m)}`);
    assert.ok(Math.abs(mean - 1) < 0.01, `mean ${mean}`);
  });

  it('the band: the proof\'s base case 1 − 1/(4L) widened by 4 sd, then the factor 1 − 1/(4L) per step; 2l + 4 above', () => {
    const q = 1 - 1 / (4 * L);
    assert.ok(Math.abs(stabilityBand(0, { m, L }).lower - (q - 4 * firstStateSd(m))) < 1e-15);
    assert.ok(Math.abs(stabilityBand(5, { m, L }).lower - q ** 5 * (q - 4 * firstStateSd(m))) < 1e-15);
    assert.equal(stabilityBand(5, { m, L }).upper, 14);
  });

  it('holds for the predicted ‖h_l‖ = √l with its finite-width fluctuation (a third of the ‖h_1‖ below 1 − 1/(4L))', () => {
    const j = judgeForwardStability(norms(Rng.fromSeed(1), Math.sqrt), { m, L });
    assert.equal(j.verdict, 'holds', j.reason);
    assert.ok(j.belowPrintedBase > 4, `${j.belowPrintedBase} of ${j.values} below the printed base case`);
  });

  it('fails for A ~ N(0, 1/m) (‖h_1‖ ≈ 1/√2), a vanishing recurrence and an exploding one', () => {
    const rng = Rng.fromSeed(2);
    const halfInput = judgeForwardStability(norms(rng.fold('a'), (l) => Math.sqrt(l / 2)), { m, L });
    assert.equal(halfInput.verdict, 'fails', halfInput.reason);
    assert.match(halfInput.reason, /l = 1\)/);
    const vanishing = judgeForwardStability(norms(rng.fold('v'), (l) => 0.75 ** ((l - 1) / 2)), { m, L });
    assert.equal(vanishing.verdict, 'fails', vanishing.reason);
    const exploding = judgeForwardStability(norms(rng.fold('e'), (l) => 1.5 ** ((l - 1) / 2)), { m, L });
    assert.equal(exploding.verdict, 'fails', exploding.reason);
  });

  it('a non-finite norm fails and is named', () => {
    const ns = norms(Rng.fromSeed(4), Math.sqrt);
    ns[2][7][3] = NaN;
    const j = judgeForwardStability(ns, { m, L });
    assert.equal(j.verdict, 'fails');
    assert.match(j.reason, /draw 2, sequence 3, l = 8/);
  });
});
