import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { fitLine, fitLogLog } from '../../src/stats/regression.js';

describe('line fits', () => {
  it('recovers an exact power law', () => {
    const xs = [64, 128, 256, 512, 1024];
    const f = fitLogLog(xs, xs.map((m) => 3 * m ** -0.5));
    assert.ok(Math.abs(f.slope + 0.5) < 1e-14 && Math.abs(f.intercept - Math.log(3)) < 1e-13 && f.r2 > 1 - 1e-14);
  });
  it('standard error of the slope matches its sampling spread (Monte Carlo, 2000 fits)', () => {
    // y = 1 − 0.5x + N(0, σ²) at fixed x: Var(slope) = σ²/Σ(x − x̄)².
    const rng = Rng.fromSeed(7);
    const xs = [0, 1, 2, 3, 4, 5];
    const sigma = 0.3;
    const sxx = xs.reduce((a, x) => a + (x - 2.5) ** 2, 0);
    const slopes: number[] = [];
    let meanSe = 0;
    for (let k = 0; k < 2000; k++) {
      const f = fitLine(xs, xs.map((x) => 1 - 0.5 * x + sigma * rng.normal()));
      slopes.push(f.slope);
      meanSe += f.slopeStdError ** 2 / 2000;
    }
    const m = slopes.reduce((a, b) => a + b, 0) / slopes.length;
    const v = slopes.reduce((a, b) => a + (b - m) ** 2, 0) / (slopes.length - 1);
    const trueSd = sigma / Math.sqrt(sxx);
    assert.ok(Math.abs(m + 0.5) < 4 * trueSd / Math.sqrt(2000), `mean slope ${m}`);
    assert.ok(Math.abs(Math.sqrt(v) / trueSd - 1) < 0.07, `sd ${Math.sqrt(v)} vs ${trueSd}`);
    assert.ok(Math.abs(Math.sqrt(meanSe) / trueSd - 1) < 0.05, `mean reported se ${Math.sqrt(meanSe)} vs ${trueSd}`);
  });
  it('refuses degenerate input', () => {
    assert.throws(() => fitLine([1], [2]), ConfigError);
    assert.throws(() => fitLine([1, 1, 1], [1, 2, 3]), ConfigError);
    assert.throws(() => fitLogLog([1, 2], [0, 1]), ConfigError);
  });
});
