/**
 * Power of zou2018.flip-law-tight (src/experiments/claims/zou2018Init.ts) at its quick and full sizes. The
 * predicted law is simulated by its own mechanism (zou2018 Thm 5.3): per input, z_j ~ N(0, 2/m)·‖x‖² i.i.d. over the
 * m neurons of layer L, the rank-one budget τ²‖x‖² spent on the smallest |z_j| — the count then has the order
 * statistics' scatter the claim sees. A wrong law is the same draws times its ratio to the prediction, so it
 * keeps that scatter: √τ (slope 1/2), a linear law (slope 1), a fraction vanishing like m^−1/4, and a level off
 * by a quarter. Rates over 40 replicates (measured: 40 of 40 in every case): a true rate below 0.8 gives 40 of 40
 * with probability 0.8^40 ≈ 10⁻⁴, so an assertion of ≥ 0.8 that passes is not a fluke. At full sizes (one width
 * more) only the predicted law and the nearest wrong one, √τ, are run: more data cannot lose power against the rest.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FLIP_LAW_INPUTS, FLIP_LAW_SIZES, judgeFlipLaw, type FlipPoint } from '../../src/experiments/claims/zou2018Init.js';
import { combineVerdicts, type Judgement } from '../../src/experiments/statistics.js';
import type { Scale } from '../../src/experiments/claims/claim.js';
import { rankOneFlipPerturbation } from '../../src/probes/zou2018Init.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { rates } from './power.js';

const RUNS = 40;

/** The mechanism's flipped fractions at the claim's sizes, each multiplied by wrong(τ, m) (1: the predicted law). */
function simulate(rng: Rng, scale: Scale, wrong: (tau: number, m: number) => number): FlipPoint[] {
  const { widths, taus } = FLIP_LAW_SIZES[scale];
  const pts: FlipPoint[] = [];
  for (const m of widths) {
    for (let i = 0; i < FLIP_LAW_INPUTS; i++) {
      const g = rng.fold('input', m, i);
      const z = Float64Array.from({ length: m }, () => Math.sqrt(2 / m) * g.normal());
      for (const tau of taus) pts.push({ m, tau, input: i, fraction: (rankOneFlipPerturbation(z, 1, tau).flipped.length / m) * wrong(tau, m) });
    }
  }
  return pts;
}

const judge = (scale: Scale, wrong: (tau: number, m: number) => number) => (rng: Rng): Judgement => {
  const j = judgeFlipLaw(simulate(rng.fold('data'), scale, wrong), rng.fold('judge'));
  return { verdict: combineVerdicts(j.tau, j.width, j.level), value: j.tau.value, reason: '' };
};

const WRONG: { name: string; law: (tau: number, m: number) => number }[] = [
  { name: '√τ (slope 1/2)', law: (tau) => (tau / 0.01) ** (-1 / 6) },
  { name: 'linear in τ (slope 1)', law: (tau) => (tau / 0.01) ** (1 / 3) },
  { name: 'vanishing like m^−1/4', law: (_tau, m) => (m / 512) ** -0.25 },
  { name: 'level × 0.75', law: () => 0.75 },
  { name: 'level × 1.3', law: () => 1.3 },
];

for (const scale of ['quick', 'full'] as const) {
  describe(`zou2018.flip-law-tight at ${scale} sizes (${FLIP_LAW_SIZES[scale].widths.join(', ')})`, () => {
    it('the mechanism itself: slope in τ near 2/3, flat in m, level near 1 — and the claim holds in ≥ 90% of runs', () => {
      const j = judgeFlipLaw(simulate(Rng.fromSeed(1), scale, () => 1), Rng.fromSeed(2));
      assert.ok(Math.abs((j.tau.value ?? NaN) - 2 / 3) < 0.03, `slope in τ ${j.tau.value}`);
      assert.ok(Math.abs(j.width.value ?? NaN) < 0.05, `slope in m ${j.width.value}`);
      assert.ok(Math.abs(j.ratio.mean - 1) < 0.05, `level ${j.ratio.mean}`);
      const r = rates(RUNS, 3, judge(scale, () => 1));
      assert.ok(r.holds >= 0.9, JSON.stringify(r));
    });
    for (const [k, w] of WRONG.entries()) {
      if (scale === 'full' && k > 0) continue;
      it(`${w.name} fails in ≥ 80% of runs`, () => {
        const r = rates(RUNS, 10 + k, judge(scale, w.law));
        assert.ok(r.fails >= 0.8, JSON.stringify(r));
      });
    }
  });
}

describe('zou2018.flip-law-tight: a lost point', () => {
  it('a non-finite fraction fails the claim', () => {
    const pts = simulate(Rng.fromSeed(4), 'quick', () => 1);
    pts[7] = { ...pts[7], fraction: NaN };
    const j = judgeFlipLaw(pts, Rng.fromSeed(5));
    assert.equal(combineVerdicts(j.tau, j.width, j.level), 'fails');
  });
});
