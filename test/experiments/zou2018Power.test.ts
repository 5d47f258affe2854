/**
 * Power of the zou2018 training claims' statistics (src/experiments/claims/zou2018.ts) at the claims' quick sizes
 * (ZOU2018_TRAINING: 4 widths 64…512, 8 seeds) and the between-seed noise measured there (log-scale sd), and of
 * init-feature-norms at its own: the predicted law gives "holds" and a plausible wrong law "fails" in at least 80%
 * of 50 simulated replicates (or the test says where the sizes cannot separate them).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FLIP_TOLERANCE, GRADIENT_TOLERANCE, judgeFlipSlope, judgeGradientRatios } from '../../src/experiments/claims/zou2018.js';
import { ZOU2018_TRAINING } from '../../src/experiments/claims/zou2018Training.js';
import { INIT_NORM_RANGE, INIT_NORM_SIZES } from '../../src/experiments/claims/zou2018Init.js';
import { judgeSlope, scalingSlope, type ScalingPoint, type Verdict } from '../../src/experiments/statistics.js';
import { Rng } from '../../src/linalg/random/rng.js';

const REPLICATES = 50;

/** One simulated sweep: y = y0·(m/64)^b·e^{σε} at each width and seed (the quick sizes unless told). */
function sweep(rng: Rng, b: number, sigma: number, y0 = 0.1, sizes: { widths: number[]; seeds: number } = ZOU2018_TRAINING.quick): ScalingPoint[] {
  return sizes.widths.flatMap((m) => Array.from({ length: sizes.seeds }, (_, s) => ({ x: m, y: y0 * (m / 64) ** b * Math.exp(sigma * rng.normal()), group: s })));
}

function rates(judge: (rng: Rng) => Verdict, seed: number): Record<Verdict, number> {
  const out: Record<Verdict, number> = { holds: 0, fails: 0, inconclusive: 0 };
  const root = Rng.fromSeed(seed);
  for (let k = 0; k < REPLICATES; k++) out[judge(root.fold('rep', k))]++;
  for (const v of Object.keys(out) as Verdict[]) out[v] /= REPLICATES;
  return out;
}

// Measured at seed 0: the mean flip fraction's between-seed sd is 0.13 (m = 64) and 0.05–0.07 beyond; 0.1 covers it.
const FLIP_SIGMA = 0.1;

describe('zou2018.activation-flips: one-sided at −1/3 with tolerance from the interval half-width', () => {
  it('the interval half-width at these sizes is about the tolerance, and tolerance + half-width is below the contrast 0.133', () => {
    const rng = Rng.fromSeed(1);
    const widthsOf = Array.from({ length: 20 }, (_, k) => {
      const f = scalingSlope(sweep(rng.fold('p', k), -1 / 3, FLIP_SIGMA), { rng: rng.fold('b', k) });
      return (f.interval[1] - f.interval[0]) / 2;
    });
    const h = widthsOf.reduce((a, b) => a + b, 0) / widthsOf.length;
    assert.ok(h < FLIP_TOLERANCE * 1.2 && h > FLIP_TOLERANCE * 0.6, `half-width ${h}`);
    assert.ok(FLIP_TOLERANCE + h < 1 / 3 - 0.2, `tolerance ${FLIP_TOLERANCE} + half-width ${h}`);
  });
  it('holds for a fraction falling like m^−0.4 or m^−1/2 (the bound, not tight), never fails on the bound m^−1/3 itself', () => {
    for (const b of [-0.4, -0.5]) {
      const r = rates((rng) => judgeFlipSlope(sweep(rng.fold('y'), b, FLIP_SIGMA), rng.fold('boot')).verdict, 2);
      assert.ok(r.holds >= 0.8, `b = ${b}: ${JSON.stringify(r)}`);
    }
    const edge = rates((rng) => judgeFlipSlope(sweep(rng.fold('y'), -1 / 3, FLIP_SIGMA), rng.fold('boot')).verdict, 3);
    assert.ok(edge.fails <= 0.05, `b = −1/3: ${JSON.stringify(edge)}`);
  });
  it('fails for a fraction falling only like m^−0.2 in at least 80% of runs', () => {
    const r = rates((rng) => judgeFlipSlope(sweep(rng.fold('y'), -0.2, FLIP_SIGMA), rng.fold('boot')).verdict, 4);
    assert.ok(r.fails >= 0.8, JSON.stringify(r));
  });
  it('a diverged run (a non-finite point) fails the claim', () => {
    const pts = sweep(Rng.fromSeed(5), -0.5, FLIP_SIGMA);
    pts[3] = { ...pts[3], y: NaN };
    assert.equal(judgeFlipSlope(pts, Rng.fromSeed(6)).verdict, 'fails');
  });
});

// Measured at seed 0 (log-scale sd between seeds): the smallest lower ratio along training 0.16–0.21, the largest
// upper ratio 0.19–0.42 (a max along training, with outliers).
const LOWER_SIGMA = 0.2;
const UPPER_SIGMA = 0.4;

describe('zou2018.gradient-bounds: ratios flat in m against the wrong widths m^∓1/2', () => {
  const judge = (bl: number, bu: number, sizes = ZOU2018_TRAINING.quick) => (rng: Rng) =>
    judgeGradientRatios(sweep(rng.fold('l'), bl, LOWER_SIGMA, 0.01, sizes), sweep(rng.fold('u'), bu, UPPER_SIGMA, 0.13, sizes), rng.fold('boot'));
  it('the lower ratio: flat holds, m^−1/2 fails, each in at least 80% of runs', () => {
    const flat = rates((rng) => judge(0, 0)(rng).lower.verdict, 7);
    assert.ok(flat.holds >= 0.8, JSON.stringify(flat));
    const wrong = rates((rng) => judge(-0.5, 0)(rng).lower.verdict, 8);
    assert.ok(wrong.fails >= 0.8, JSON.stringify(wrong));
  });
  it(`the upper ratio at quick sizes separates flat from m^1/2 only partly (tolerance ${GRADIENT_TOLERANCE}); the full sizes do`, () => {
    // With a between-seed sd of 0.4 over m = 64…512 and 8 seeds the interval's half-width is ≈ 0.19: flat ratios hold
    // in ~75% and m^1/2 fails in ~65% of runs, the rest inconclusive — never the wrong verdict. The quick sizes cannot
    // separate the upper ratio's laws at 80%; the full sizes (m = 64…2048, 6 seeds) can.
    const flat = rates((rng) => judge(0, 0)(rng).upper.verdict, 9);
    const wrong = rates((rng) => judge(0, 0.5)(rng).upper.verdict, 10);
    assert.ok(flat.holds >= 0.6 && flat.fails === 0, `flat: ${JSON.stringify(flat)}`);
    assert.ok(wrong.fails >= 0.5 && wrong.holds === 0, `m^1/2: ${JSON.stringify(wrong)}`);
    const fullFlat = rates((rng) => judge(0, 0, ZOU2018_TRAINING.full)(rng).verdict, 11);
    const fullWrong = rates((rng) => judge(0, 0.5, ZOU2018_TRAINING.full)(rng).upper.verdict, 12);
    assert.ok(fullFlat.holds >= 0.8, `full, flat: ${JSON.stringify(fullFlat)}`);
    assert.ok(fullWrong.fails >= 0.8, `full, m^1/2: ${JSON.stringify(fullWrong)}`);
  });
});

// Measured at seed 0: the spectral distance's between-seed sd is 0.06–0.11.
const DISTANCE_SIGMA = 0.1;

describe('zou2018.weights-stay-close: slope inside [−0.75, −0.3]', () => {
  const judge = (b: number) => (rng: Rng): Verdict => judgeSlope(sweep(rng.fold('y'), b, DISTANCE_SIGMA, 0.7), [-0.75, -0.3], { rng: rng.fold('boot') }).verdict;
  it('holds for m^−1/2', () => {
    const r = rates(judge(-0.5), 10);
    assert.ok(r.holds >= 0.8, JSON.stringify(r));
  });
  it('fails for a distance that does not shrink (m^0) and for one falling like kη alone (m^−1)', () => {
    for (const [b, seed] of [[0, 11], [-1, 12]] as const) {
      const r = rates(judge(b), seed);
      assert.ok(r.fails >= 0.8, `b = ${b}: ${JSON.stringify(r)}`);
    }
  });
});

// Measured at seeds 0–2: the max deviation's between-seed log-scale sd is 0.06–0.37 (mostly 0.2–0.25); 0.3 is conservative.
const NORM_SIGMA = 0.3;

describe('zou2018.init-feature-norms: slope inside [−0.75, −0.3] at its own sizes', () => {
  const judge = (b: number) => (rng: Rng): Verdict => judgeSlope(sweep(rng.fold('y'), b, NORM_SIGMA, 0.3, INIT_NORM_SIZES.quick), INIT_NORM_RANGE, { rng: rng.fold('boot') }).verdict;
  it('holds for m^−1/2', () => {
    const r = rates(judge(-0.5), 13);
    assert.ok(r.holds >= 0.8, JSON.stringify(r));
  });
  it('fails for deviations that do not shrink (m^0) and for 1/m', () => {
    for (const [b, seed] of [[0, 14], [-1, 15]] as const) {
      const r = rates(judge(b), seed);
      assert.ok(r.fails >= 0.8, `b = ${b}: ${JSON.stringify(r)}`);
    }
  });
});
