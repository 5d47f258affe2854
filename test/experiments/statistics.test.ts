import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../src/linalg/random/rng.js';
import { combineVerdicts, judgeBound, judgeIdentity, judgeInterval, judgeOrdering, judgeSlope, meanWithSe, scalingSlope, tQuantile975, type Judgement, type ScalingPoint } from '../../src/experiments/statistics.js';

function noisyPowerLaw(rng: Rng, slope: number, seeds: number, noise: number): ScalingPoint[] {
  const pts: ScalingPoint[] = [];
  for (const x of [64, 128, 256, 512, 1024]) for (let s = 0; s < seeds; s++) pts.push({ x, y: 2 * x ** slope * Math.exp(noise * rng.normal()), group: s });
  return pts;
}

describe('claim statistics on synthetic measurements with known answers', () => {
  it('a −0.5 slope with noise lies in its bootstrap interval (coverage ≈ 95% over 200 data sets)', () => {
    const rng = Rng.fromSeed(1);
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const { interval } = scalingSlope(noisyPowerLaw(rng.fold('data', t), -0.5, 4, 0.2), { rng: rng.fold('boot', t), resamples: 400 });
      if (interval[0] <= -0.5 && -0.5 <= interval[1]) covered++;
    }
    // Binomial(200, 0.95) has sd ≈ 3.1; percentile intervals from few replicates run a little narrow.
    assert.ok(covered >= 180, `coverage ${covered}/${trials}`);
  });

  it('t quantiles', () => {
    assert.ok(Math.abs(tQuantile975(10) - 2.228138851986274) < 2e-3);
    assert.ok(Math.abs(tQuantile975(30) - 2.042272456301238) < 2e-4);
    assert.equal(tQuantile975(2), 4.302652729749464);
  });

  it('verdicts for slopes: holds inside the range, fails outside, inconclusive on too few widths', () => {
    const rng = Rng.fromSeed(2);
    const pts = noisyPowerLaw(rng.fold('a'), -0.5, 5, 0.05);
    assert.equal(judgeSlope(pts, [-0.6, -0.35], { rng }).verdict, 'holds');
    assert.equal(judgeSlope(pts, [-0.2, 0.2], { rng }).verdict, 'fails');
    assert.equal(judgeSlope(pts.filter((p) => p.x <= 128), [-0.6, -0.35], { rng }).verdict, 'inconclusive');
    const noisy = noisyPowerLaw(rng.fold('b'), -0.5, 2, 1.5);
    assert.equal(judgeSlope(noisy, [-0.55, -0.45], { rng }).verdict, 'inconclusive');
  });

  it('a violated bound gives "fails"; a respected one "holds"; no data "inconclusive"', () => {
    const ok = [1, 2, 3].map((at) => ({ at, measured: 0.5 * at, bound: at }));
    assert.equal(judgeBound(ok, 'below').verdict, 'holds');
    const bad = [...ok, { at: 4, measured: 4.4, bound: 4 }];
    const j = judgeBound(bad, 'below');
    assert.equal(j.verdict, 'fails');
    assert.match(j.reason, /violated at 4/);
    assert.equal(judgeBound(bad, 'below', { slack: 0.2 }).verdict, 'holds');
    assert.equal(judgeBound([{ at: 1, measured: 2, bound: 1 }], 'above').verdict, 'holds');
    assert.equal(judgeBound([], 'below').verdict, 'inconclusive');
  });

  it('identities, intervals and orderings', () => {
    assert.equal(judgeIdentity(1 + 1e-12, 1, 1e-10).verdict, 'holds');
    assert.equal(judgeIdentity(1.001, 1, 1e-10).verdict, 'fails');
    assert.equal(judgeInterval(0.318, 0.001, [0.3, 0.33]).verdict, 'holds');
    assert.equal(judgeInterval(0.2, 0.001, [0.3, 0.33]).verdict, 'fails');
    assert.equal(judgeInterval(0.3, 0.01, [0.3, 0.33]).verdict, 'inconclusive');
    const dec = [{ x: 1, estimate: 5, se: 0.1 }, { x: 2, estimate: 3, se: 0.1 }, { x: 3, estimate: 1, se: 0.1 }];
    assert.equal(judgeOrdering(dec, 'decreasing').verdict, 'holds');
    assert.equal(judgeOrdering(dec, 'increasing').verdict, 'fails');
    assert.equal(judgeOrdering([{ x: 1, estimate: 1, se: 1 }, { x: 2, estimate: 1.5, se: 1 }], 'increasing').verdict, 'inconclusive');
    assert.equal(judgeOrdering([{ x: 1, estimate: 1, se: 1 }], 'increasing').verdict, 'inconclusive');
  });
});

describe('claim statistic helpers', () => {
  it('meanWithSe: the mean and the sample standard deviation over √n', () => {
    const { mean, se } = meanWithSe([1, 2, 3, 4]);
    assert.equal(mean, 2.5);
    assert.ok(Math.abs(se - Math.sqrt(5 / 3) / 2) < 1e-15, `se ${se}`);
  });
  it('combineVerdicts: holds only if all hold, fails if any fails, inconclusive otherwise', () => {
    const j = (verdict: Judgement['verdict']): Judgement => ({ verdict, value: null, reason: '' });
    assert.equal(combineVerdicts(j('holds'), j('holds')), 'holds');
    assert.equal(combineVerdicts(j('holds'), j('inconclusive')), 'inconclusive');
    assert.equal(combineVerdicts(j('inconclusive'), j('fails'), j('holds')), 'fails');
  });
});
