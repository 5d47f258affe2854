/**
 * Power tests of the claim statistics (src/experiments/statistics.ts) at the sizes the claims run: data
 * drawn from the predicted law must give "holds", data from a plausible wrong law "fails" — or, where the
 * sizes cannot separate the two, "inconclusive", which the test then says. The sizes are read from the
 * claims themselves, so a claim whose sizes shrink below what its statistic needs fails here.
 *
 * The seed-to-seed noise is multiplicative with log-sd σ, set at or above the largest seed spread the
 * claim measured at seed 0 (quoted at each case); a statistic with power at a larger σ has it at the
 * measured one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_CLAIMS } from '../../src/experiments/claims/index.js';
import { MOVEMENT_LOG_TOLERANCE } from '../../src/experiments/claims/allenzhu2019.js';
import { FLAT_EXPONENT_RANGE, HESSIAN_EXPONENT_RANGE } from '../../src/experiments/claims/liu2020.js';
import { exponentText, judgeBound, judgeIdentity, judgeInterval, judgeOrdering, judgeSlope, judgeSlopeBound, meanWithSe, type BoundPoint } from '../../src/experiments/statistics.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { lawData, rates } from './power.js';

const R = 100;

/** The widths and seeds a claim runs at quick scale. */
function widthSizes(id: string): { widths: number[]; seeds: number } {
  const c = ALL_CLAIMS.find((k) => k.id === id);
  assert.ok(c?.sizes, `${id}: no sizes`);
  const s = c.sizes.quick as { widths?: number[]; seeds?: number };
  assert.ok(Array.isArray(s.widths) && typeof s.seeds === 'number', `${id}: sizes without widths and seeds`);
  return { widths: s.widths, seeds: s.seeds };
}

const power = (m: number) => (p: number) => 3 * m ** p;

describe('two-sided exponent (judgeSlope) at the claims\' sizes', () => {
  const hessianCase = (label: string, widths: number[], seeds: number, sigma: number, seed: number): void => {
    it(`${label}: m^−1/2 holds, m^−1/4 and a flat Hessian fail (σ = ${sigma})`, () => {
      const run = (p: number) => rates(R, seed, (rng) => judgeSlope(lawData((m) => power(m)(p), widths, seeds, sigma, rng.fold('d')), HESSIAN_EXPONENT_RANGE, { rng: rng.fold('b'), resamples: 1000 }));
      const right = run(-0.5);
      const wrong = run(-0.25);
      const flat = run(0);
      assert.ok(right.holds >= 0.8, `m^−1/2: ${JSON.stringify(right)}`);
      assert.ok(wrong.fails >= 0.8, `m^−1/4: ${JSON.stringify(wrong)}`);
      assert.ok(flat.fails >= 0.95, `flat: ${JSON.stringify(flat)}`);
    });
  };
  // Seed-to-seed log-sd of ‖H‖ measured at seed 0: ≤ 0.089 (two-layer FC); 0.146 (one-layer FC), ≤ 0.088 (three-layer FC,
  // ResNet, CNN) in the architectures claim, whose sizes give each architecture its own seed count.
  const fc = widthSizes('liu2020.hessian-vanishes');
  hessianCase('liu2020.hessian-vanishes', fc.widths, fc.seeds, 0.1, 1);
  const arch = ALL_CLAIMS.find((c) => c.id === 'liu2020.hessian-vanishes-architectures')!.sizes!.quick as { widths: number[]; seeds: number[] };
  arch.seeds.forEach((seeds, a) => hessianCase(`liu2020.hessian-vanishes-architectures, architecture ${a}`, arch.widths, seeds, a === 0 ? 0.15 : 0.1, 20 + a));

  it('liu2020.kernel-norm-flat: a flat trace holds, a trace vanishing like m^−1/4 fails (σ = 0.09; measured ≤ 0.085)', () => {
    const { widths, seeds } = widthSizes('liu2020.kernel-norm-flat');
    const run = (p: number) => rates(R, 2, (rng) => judgeSlope(lawData((m) => power(m)(p), widths, seeds, 0.09, rng.fold('d')), FLAT_EXPONENT_RANGE, { rng: rng.fold('b'), resamples: 1000 }));
    const right = run(0);
    const wrong = run(-0.25);
    assert.ok(right.holds >= 0.8, `flat: ${JSON.stringify(right)}`);
    assert.ok(wrong.fails >= 0.8, `m^−1/4: ${JSON.stringify(wrong)}`);
  });

  it('a diverged seed fails the slope however well the rest fit', () => {
    const { widths, seeds } = widthSizes('liu2020.hessian-vanishes');
    const r = rates(20, 4, (rng) => {
      const pts = lawData((m) => power(m)(-0.5), widths, seeds, 0.05, rng.fold('d'));
      pts[pts.length - 1] = { ...pts[pts.length - 1], y: Infinity };
      return judgeSlope(pts, HESSIAN_EXPONENT_RANGE, { rng: rng.fold('b'), resamples: 200 });
    });
    assert.equal(r.fails, 1);
  });
});

describe('one-sided exponent (judgeSlopeBound) at the claims\' sizes', () => {
  it('liu2020.kernel-drift-after-training: a drift steeper than m^−1/2 holds, m^−1/4 fails, m^−1/2 itself straddles (σ = 0.2; measured ≤ 0.184)', () => {
    const { widths, seeds } = widthSizes('liu2020.kernel-drift-after-training');
    const run = (p: number) => rates(R, 5, (rng) => judgeSlopeBound(lawData((m) => power(m)(p), widths, seeds, 0.2, rng.fold('d')), 'atMost', -0.5, { rng: rng.fold('b'), resamples: 1000 }));
    const steeper = run(-0.8);
    const wrong = run(-0.25);
    const edge = run(-0.5);
    assert.ok(steeper.holds >= 0.8, `m^−0.8: ${JSON.stringify(steeper)}`);
    assert.ok(wrong.fails >= 0.8, `m^−1/4: ${JSON.stringify(wrong)}`);
    // A law exactly at the bound is neither inside nor outside it: the interval straddles −1/2.
    assert.ok(edge.inconclusive >= 0.8, `m^−1/2: ${JSON.stringify(edge)}`);
  });

  // Seed log-sd at seed 0: flip fraction ≈ 0.35, √m‖ΔW‖_F ≈ 0.2 (pairs of seeds per width).
  it('allenzhu2019.weights-stay-close: a flat flip fraction fails the −1/3 bound; m^−1/2 never fails but holds only about half the time (σ = 0.35)', () => {
    const { widths, seeds } = widthSizes('allenzhu2019.weights-stay-close');
    const run = (p: number) => rates(R, 6, (rng) => judgeSlopeBound(lawData((m) => 0.1 * m ** p, widths, seeds, 0.35, rng.fold('d')), 'atMost', -1 / 3, { rng: rng.fold('b'), resamples: 1000 }));
    const right = run(-0.5);
    const wrong = run(0);
    assert.ok(wrong.fails >= 0.8, `flat: ${JSON.stringify(wrong)}`);
    // m^−1/2 is only 1/6 below the bound: at these sizes it is called inconclusive often, and fails almost never.
    assert.ok(right.fails <= 0.02 && right.holds >= 0.3, `m^−1/2: ${JSON.stringify(right)}`);
  });
  it('allenzhu2019.weights-stay-close: a bounded √m‖ΔW‖_F holds at the log tolerance, a non-lazy m^1/2 fails (σ = 0.2)', () => {
    const { widths, seeds } = widthSizes('allenzhu2019.weights-stay-close');
    const run = (p: number) => rates(R, 7, (rng) => judgeSlopeBound(lawData((m) => 10 * m ** p, widths, seeds, 0.2, rng.fold('d')), 'atMost', 0, { rng: rng.fold('b'), resamples: 1000, tolerance: MOVEMENT_LOG_TOLERANCE }));
    const right = run(0);
    const wrong = run(0.5);
    // Four widths give the flat law's interval room to stay under the tolerance in about three runs of four.
    assert.ok(right.holds >= 0.6 && right.fails <= 0.02, `flat: ${JSON.stringify(right)}`);
    assert.ok(wrong.fails >= 0.95, `m^1/2: ${JSON.stringify(wrong)}`);
  });

  it('liu2020.bottleneck-width-control, ΔK: a plateau and a slow m^−0.15 hold above −1/2, a linearizing m^−0.8 fails (σ = 0.6; measured ≤ 0.59)', () => {
    const { widths, seeds } = widthSizes('liu2020.bottleneck-width-control');
    const run = (p: number) => rates(R, 30, (rng) => judgeSlopeBound(lawData((m) => power(m)(p), widths, seeds, 0.6, rng.fold('d')), 'atLeast', -0.5, { rng: rng.fold('b'), resamples: 1000 }));
    const flat = run(0);
    const slow = run(-0.15);
    const wrong = run(-0.8);
    assert.ok(flat.holds >= 0.9, `flat: ${JSON.stringify(flat)}`);
    assert.ok(slow.holds >= 0.8, `m^−0.15: ${JSON.stringify(slow)}`);
    assert.ok(wrong.fails >= 0.8, `m^−0.8: ${JSON.stringify(wrong)}`);
  });

  // Seed log-sd of the per-step rates at seed 0: 0.45 at m = 64 (0.022–0.096), ≈ 0.25 at 512.
  it('allenzhu2019.linear-convergence: a rate rising to its limit and a flat rate hold, a mean-field m^−1 fails (σ = 0.45)', () => {
    const { widths, seeds } = widthSizes('allenzhu2019.linear-convergence');
    const run = (law: (m: number) => number, seed: number) => rates(R, seed, (rng) => judgeSlopeBound(lawData(law, widths, seeds, 0.45, rng.fold('d')), 'atLeast', 0, { rng: rng.fold('b'), resamples: 1000, tolerance: 0.3 }));
    // r∞(1 − a·m^−1/2) with a = 5, r∞ = 0.13: 0.05 at m = 64, 0.10 at 512, as measured.
    const rising = run((m) => 0.13 * (1 - 5 / Math.sqrt(m)), 40);
    const flat = run(() => 0.1, 41);
    const meanField = run((m) => 6.4 / m, 42);
    assert.ok(rising.holds >= 0.8 && rising.fails === 0, `rising: ${JSON.stringify(rising)}`);
    // Exactly flat sits at the edge's 0.3 margin; with the narrowest net's σ = 0.45 at every width its interval
    // reaches below −0.3 in about 3 runs of 10 (inconclusive), never wholly.
    assert.ok(flat.holds >= 0.6 && flat.fails <= 0.02, `flat: ${JSON.stringify(flat)}`);
    assert.ok(meanField.fails >= 0.8, `m^−1: ${JSON.stringify(meanField)}`);
    // A rate halving per octave less steeply, m^−1/2, lies 0.2 past the tolerance: it must not hold.
    const half = run((m) => 0.8 / Math.sqrt(m), 43);
    assert.ok(half.holds <= 0.02, `m^−1/2: ${JSON.stringify(half)}`);
  });

  it('a slope beyond the bound is reported as such, not as a tight bound', () => {
    const { widths, seeds } = widthSizes('liu2020.kernel-drift-after-training');
    const rng = Rng.fromSeed(7);
    const j = judgeSlopeBound(lawData((m) => power(m)(-1), widths, seeds, 0.05, rng.fold('d')), 'atMost', -0.5, { rng: rng.fold('b'), resamples: 500 });
    assert.equal(j.verdict, 'holds');
    assert.match(j.reason, /steeper than −1\/2 — the bound holds but is not tight/);
    const up = judgeSlopeBound(lawData((m) => power(m)(0.5), widths, seeds, 0.05, rng.fold('u')), 'atLeast', 0, { rng: rng.fold('c'), resamples: 500 });
    assert.match(up.reason, /above 0 — the bound holds but is not tight/);
    const slow = judgeSlopeBound(lawData((m) => power(m)(-0.1), widths, seeds, 0.05, rng.fold('s')), 'atLeast', -0.5, { rng: rng.fold('e'), resamples: 500 });
    assert.match(slow.reason, /shallower than −1\/2/);
  });
});

describe('exponents in words', () => {
  it('fractions with small denominators as the theory writes them, other numbers as they are', () => {
    assert.deepEqual([-1 / 3, -0.5, 0, 2, -0.25, 0.37].map(exponentText), ['−1/3', '−1/2', '0', '2', '−1/4', '0.37']);
  });
});

describe('orderings (judgeOrdering) with Monte-Carlo standard errors', () => {
  // Four estimates, each a mean of 10 draws with sd 1 (SE ≈ 0.32), as in a seed-replicated trend.
  const estimates = (means: number[], rng: ReturnType<typeof Rng.fromSeed>) =>
    means.map((mu, x) => {
      const { mean, se } = meanWithSe(Array.from({ length: 10 }, () => mu + rng.normal()));
      return { x, estimate: mean, se };
    });
  it('steps of 4.5 SE of a difference hold; steps of 2 SE hold only sometimes (the statistic needs z ≥ 2 at every step); no trend never holds; a reversed one fails', () => {
    // The SE of a difference of two such means is 0.45: steps of 2 are 4.5 of it, steps of 0.9 are 2.
    const up = rates(R, 8, (rng) => judgeOrdering(estimates([0, 2, 4, 6], rng), 'increasing'));
    const weak = rates(R, 20, (rng) => judgeOrdering(estimates([0, 0.9, 1.8, 2.7], rng), 'increasing'));
    const flat = rates(R, 9, (rng) => judgeOrdering(estimates([0, 0, 0, 0], rng), 'increasing'));
    const down = rates(R, 10, (rng) => judgeOrdering(estimates([4.5, 3, 1.5, 0], rng), 'increasing'));
    assert.ok(up.holds >= 0.9, `steps of 4.5 SE: ${JSON.stringify(up)}`);
    assert.ok(weak.holds <= 0.5 && weak.fails <= 0.02, `steps of 2 SE: ${JSON.stringify(weak)}`);
    assert.ok(flat.holds <= 0.02, `flat: ${JSON.stringify(flat)}`);
    assert.ok(down.fails >= 0.95, `reversed: ${JSON.stringify(down)}`);
  });
  it('a diverged estimate fails the ordering; a missing SE is inconclusive', () => {
    assert.equal(judgeOrdering([{ x: 1, estimate: 1, se: 0.1 }, { x: 2, estimate: NaN, se: 0.1 }], 'increasing').verdict, 'fails');
    assert.equal(judgeOrdering([{ x: 1, estimate: 1, se: 0.1 }, { x: 2, estimate: 2, se: NaN }], 'increasing').verdict, 'inconclusive');
  });
});

describe('intervals (judgeInterval) at the size of zou2018.init-output', () => {
  // zou2018 Lemma 4.1: E[ŷ²] = (1 − 1/π)‖x_{L−1}‖²; the claim's mean of the ratio has SE ≈ 0.04 (seed 0) and
  // is accepted in [0.85, 1.15]. A wrong variance factor (1/2 for (1 − 1/π): ratio 0.73) must fail.
  const draw = (truth: number, rng: ReturnType<typeof Rng.fromSeed>) => {
    // 64 draws of a ratio with sd 0.32 give SE 0.04.
    const { mean, se } = meanWithSe(Array.from({ length: 64 }, () => truth * (1 + 0.32 * rng.normal())));
    return judgeInterval(mean, se, [0.85, 1.15]);
  };
  it('the predicted ratio 1 holds; the factor 1/2 in place of 1 − 1/π (ratio 0.73) fails', () => {
    const right = rates(R, 11, (rng) => draw(1, rng));
    const wrong = rates(R, 12, (rng) => draw(0.5 / (1 - 1 / Math.PI), rng));
    assert.ok(right.holds >= 0.8, `ratio 1: ${JSON.stringify(right)}`);
    assert.ok(wrong.fails >= 0.8, `ratio 0.73: ${JSON.stringify(wrong)}`);
  });
  it('a non-finite estimate fails; a non-finite SE is inconclusive', () => {
    assert.equal(judgeInterval(NaN, 0.1, [0, 1]).verdict, 'fails');
    assert.equal(judgeInterval(0.5, Infinity, [0, 1]).verdict, 'inconclusive');
  });
});

describe('bounds (judgeBound)', () => {
  // A trajectory decaying under its bound with 10% noise, 30 steps.
  const path = (rng: ReturnType<typeof Rng.fromSeed>, violateAt?: number): BoundPoint[] =>
    Array.from({ length: 30 }, (_, k) => {
      const bound = Math.exp(-0.1 * k);
      const measured = (k === violateAt ? 1.05 : 0.7 * Math.exp(0.1 * rng.normal())) * bound;
      return { at: k, measured, bound };
    });
  it('a path under its bound holds; one violated at a single step fails, at that step', () => {
    const right = rates(R, 13, (rng) => judgeBound(path(rng), 'below'));
    const wrong = rates(R, 14, (rng) => judgeBound(path(rng, 17), 'below'));
    assert.equal(right.holds, 1);
    assert.equal(wrong.fails, 1);
    assert.match(judgeBound(path(Rng.fromSeed(15), 17), 'below').reason, /violated at 17/);
  });
  it('a diverged point fails; a point with no finite bound is named and caps the verdict at inconclusive', () => {
    const pts = path(Rng.fromSeed(16));
    const diverged = judgeBound([...pts, { at: 30, measured: NaN, bound: 1 }], 'below');
    assert.equal(diverged.verdict, 'fails');
    assert.match(diverged.reason, /diverged at 30/);
    const unbounded = judgeBound([...pts, { at: 31, measured: 1, bound: NaN }], 'below');
    assert.equal(unbounded.verdict, 'inconclusive');
    assert.match(unbounded.reason, /no finite bound left out \(at 31\)/);
    assert.equal(judgeBound([{ at: 0, measured: Infinity, bound: 1 }], 'above').verdict, 'fails');
  });
});

describe('identities (judgeIdentity)', () => {
  it('rounding-level differences hold at 1e-10; a missing term of relative size 1e-8 fails; a non-finite measurement fails', () => {
    const rng = Rng.fromSeed(17);
    const right = rates(R, 18, () => judgeIdentity(1 + 1e-14 * rng.normal(), 1, 1e-10));
    const wrong = rates(R, 19, () => judgeIdentity(1 + 1e-8 + 1e-14 * rng.normal(), 1, 1e-10));
    assert.equal(right.holds, 1);
    assert.equal(wrong.fails, 1);
    assert.equal(judgeIdentity(NaN, 1, 1e-10).verdict, 'fails');
    assert.equal(judgeIdentity(1, Infinity, 1e-10).verdict, 'inconclusive');
  });
});
