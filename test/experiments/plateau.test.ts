/**
 * The plateau statistic (src/experiments/statistics.ts; liu2020's softmax, swish and bottleneck controls) on
 * synthetic Hessian norms c∞ + a·m^(−1/2) with known c∞, with and without seed noise.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgePlateau, plateau, type PlateauPoint } from '../../src/experiments/statistics.js';
import { Rng } from '../../src/linalg/random/rng.js';

const WIDTHS = [64, 128, 256, 512, 1024];

function points(c: number, a: number, noise: number, rng: Rng, seeds = 3): PlateauPoint[] {
  return WIDTHS.flatMap((m) => Array.from({ length: seeds }, (_, s) => ({ width: m, seed: s, value: c + a / Math.sqrt(m) + noise * rng.normal() })));
}

describe('liu2020 plateau statistic', () => {
  it('recovers c∞ exactly without noise, with a zero-width interval', () => {
    const p = plateau(points(0.06, 0.4, 0, Rng.fromSeed(1)), Rng.fromSeed(2), 200);
    assert.ok(Math.abs(p.c - 0.06) < 1e-14, `c ${p.c}`);
    assert.ok(Math.abs(p.interval[0] - 0.06) < 1e-14 && Math.abs(p.interval[1] - 0.06) < 1e-14);
  });
  it('holds for a plateau that dominates at the largest width, within noise', () => {
    const j = judgePlateau(points(0.06, 0.4, 0.003, Rng.fromSeed(3)), Rng.fromSeed(4));
    assert.equal(j.verdict, 'holds', j.reason);
    assert.ok(j.interval[0] < 0.06 && 0.06 < j.interval[1], `interval ${j.interval}`);
  });
  it('fails for a Hessian that vanishes like m^(−1/2) (the logits), and is inconclusive when the decaying term still dominates', () => {
    assert.equal(judgePlateau(points(0, 1.2, 0, Rng.fromSeed(5)), Rng.fromSeed(6)).verdict, 'fails');
    const j = judgePlateau(points(0.01, 1.2, 0.002, Rng.fromSeed(7)), Rng.fromSeed(8));
    assert.equal(j.verdict, 'inconclusive', j.reason);
  });
});
