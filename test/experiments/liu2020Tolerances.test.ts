/**
 * The ‖b‖_∞ statistic of liu2020.backward-vectors (src/experiments/claims/liu2020Init.ts): one-sided at −½ with the
 * tolerance of a factor ln m over the widths measured. Laws Thm 3.1 (b) allows hold — √(2 ln m)/√m (a Gaussian max),
 * a bare m^−1/2 — the note's ln(m)/√m sits on the edge, and a plausible wrong law, ‖b‖_∞ ∝ m^−1/4, fails.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../src/linalg/random/rng.js';
import { judgeBackwardSup, logFactorSlope } from '../../src/experiments/claims/liu2020Init.js';
import type { ScalingPoint } from '../../src/experiments/statistics.js';

const widths = [64, 128, 256, 512, 1024, 2048];

function points(rng: Rng, law: (m: number) => number, noise = 0.04, seeds = 3): ScalingPoint[] {
  return widths.flatMap((m) => Array.from({ length: seeds }, (_, s) => ({ x: m, y: law(m) * Math.exp(noise * rng.normal()), group: s })));
}

describe('liu2020 ‖b‖_∞ against Õ(m^−1/2)', () => {
  it('the slope a factor ln m adds: 0.184 over 64…1024, 0.174 over 64…2048', () => {
    assert.ok(Math.abs(logFactorSlope([64, 128, 256, 512, 1024]) - 0.18365) < 1e-4);
    assert.ok(Math.abs(logFactorSlope(widths) - 0.17389) < 1e-4);
  });

  it('holds for √(2 ln m)/√m and m^−1/2; ln(m)/√m, the edge itself, is not a failure', () => {
    const rng = Rng.fromSeed(5);
    for (const [name, law] of [['√(2 ln m)/√m', (m: number) => Math.sqrt((2 * Math.log(m)) / m)], ['m^−1/2', (m: number) => m ** -0.5]] as const) {
      const j = judgeBackwardSup(points(rng.fold(name), law), widths, rng.fold('boot', name));
      assert.equal(j.verdict, 'holds', `${name}: ${j.reason}`);
    }
    // ln(m)/√m has the fitted slope −½ + logFactorSlope exactly: its interval straddles the edge (inconclusive).
    const edge = judgeBackwardSup(points(rng.fold('ln'), (m) => Math.log(m) / Math.sqrt(m), 0), widths, rng.fold('boot ln'));
    assert.equal(edge.verdict, 'inconclusive', edge.reason);
    assert.ok(Math.abs((edge.value ?? NaN) - (-0.5 + logFactorSlope(widths))) < 1e-12);
  });

  it('fails for ‖b‖_∞ ∝ m^−1/4 (entries not spread over the layer)', () => {
    const rng = Rng.fromSeed(6);
    const j = judgeBackwardSup(points(rng, (m) => m ** -0.25), widths, rng.fold('boot'));
    assert.equal(j.verdict, 'fails', j.reason);
  });
});
