/**
 * Power tests of the law comparisons (src/experiments/laws.ts): data drawn from the predicted law must
 * give "holds", data from a plausible wrong law "fails" — or "inconclusive" where the sizes cannot
 * separate them, which the test then says. Rates are over R simulated data sets; a rate r has binomial
 * standard error √(r(1 − r)/R) ≤ 0.05 at R = 100, so "≥ 0.8" is asserted of rates measured near 0.95.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_CLAIMS } from '../../src/experiments/claims/index.js';
import { judgeGrowthLaw, judgePlateau, plateau, type PlateauPoint } from '../../src/experiments/laws.js';
import type { ScalingPoint } from '../../src/experiments/statistics.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { lackOfFit } from '../../src/stats/lackOfFit.js';
import { rates, type Rates } from './power.js';

/** value(m)·e^(cv·z) at each width and seed: multiplicative seed noise. */
function plateauData(value: (m: number) => number, widths: readonly number[], seeds: number, cv: number, rng: Rng): PlateauPoint[] {
  return widths.flatMap((m) => Array.from({ length: seeds }, (_, s) => ({ width: m, seed: s, value: value(m) * Math.exp(cv * rng.normal()) })));
}

describe('lack-of-fit F test', () => {
  it('matches the hand computation on a small design', () => {
    // x = 1, 2, 3 with two replicates each.
    const xs = [1, 1, 2, 2, 3, 3];
    const ys = [1, 3, 4, 6, 4, 6]; // means 2, 5, 5; pure error SS = 2 + 2 + 2 = 6 on 3 df
    const l = lackOfFit(xs, ys)!;
    // Line through the means (equal replicates): slope 1.5, intercept 1; fitted 2.5, 4, 5.5; lack SS = 2·(0.25 + 1 + 0.25) = 3 on 1 df.
    assert.ok(Math.abs(l.slope - 1.5) < 1e-12 && Math.abs(l.intercept - 1) < 1e-12);
    assert.ok(Math.abs(l.ssPure - 6) < 1e-12 && Math.abs(l.ssLack - 3) < 1e-12);
    assert.equal(l.dfLack, 1);
    assert.equal(l.dfPure, 3);
    assert.ok(Math.abs(l.F - 1.5) < 1e-12);
    // P(F(1,3) ≥ 1.5) = P(|t_3| ≥ √1.5) = 0.30807... (t distribution, closed form for 3 df)
    const t = Math.sqrt(1.5);
    const tail = 1 - (2 / Math.PI) * (Math.atan(t / Math.sqrt(3)) + (t * Math.sqrt(3)) / (3 + t * t));
    assert.ok(Math.abs(l.p - tail) < 1e-10, `p ${l.p} against ${tail}`);
  });
  it('is null without replicates or with two x; exact lines have p = 1, exact curves p = 0', () => {
    assert.equal(lackOfFit([1, 2, 3], [1, 2, 3]), null);
    assert.equal(lackOfFit([1, 1, 2, 2], [1, 2, 3, 4]), null);
    assert.equal(lackOfFit([1, 1, 2, 2, 3, 3], [1, 1, 2, 2, 3, 3])!.p, 1);
    assert.equal(lackOfFit([1, 1, 2, 2, 3, 3], [1, 1, 4, 4, 9, 9])!.p, 0);
  });
  it('rejects a true line at its level: about 1% of 2000 noisy lines at p < 0.01 (SE 0.22%)', () => {
    const rng = Rng.fromSeed(11);
    let rejected = 0;
    const R = 2000;
    for (let r = 0; r < R; r++) {
      const xs = [1, 2, 3, 4, 5].flatMap((x) => [x, x, x]);
      const ys = xs.map((x) => 2 + 0.5 * x + 0.3 * rng.normal());
      if (lackOfFit(xs, ys)!.p < 0.01) rejected++;
    }
    assert.ok(rejected / R > 0.002 && rejected / R < 0.02, `${rejected}/${R}`);
  });
});

describe('plateau against a vanishing power law (liu2020 Sec 4 controls)', () => {
  const WIDE = [64, 256, 1024, 4096, 16384, 65536];
  it('recovers c∞ exactly without noise, with a zero-width interval', () => {
    const p = plateau(plateauData((m) => 0.06 + 0.4 / Math.sqrt(m), WIDE, 3, 0, Rng.fromSeed(1)), Rng.fromSeed(2), 200);
    assert.ok(Math.abs(p.c - 0.06) < 1e-14, `c ${p.c}`);
    assert.ok(Math.abs(p.interval[0] - 0.06) < 1e-14 && Math.abs(p.interval[1] - 0.06) < 1e-14);
  });
  it('widths 64 … 65536, 3 seeds, 3% seed noise: plateaus hold; m^−1/2, m^−0.35, m^−0.25 and m^−0.15 fail', () => {
    const run = (v: (m: number) => number): Rates => rates(100, 3, (rng) => judgePlateau(plateauData(v, WIDE, 3, 0.03, rng.fold('d')), rng.fold('j')));
    for (const [c, a] of [[0.06, 0.48], [0.01, 1.2]]) {
      const r = run((m) => c + a / Math.sqrt(m));
      assert.ok(r.holds >= 0.8 && r.fails <= 0.03, `plateau ${c} + ${a}/√m: ${JSON.stringify(r)}`);
    }
    for (const alpha of [0.5, 0.35, 0.25, 0.15]) {
      const r = run((m) => 0.12 * (m / 64) ** -alpha);
      assert.ok(r.fails >= 0.8 && r.holds <= 0.03, `m^−${alpha}: ${JSON.stringify(r)}`);
    }
  });
  it('a flat quantity with 30% seed noise holds; a slow m^−0.25 with that noise is never called a plateau (it is inconclusive: these sizes cannot separate them)', () => {
    const flat = rates(100, 4, (rng) => judgePlateau(plateauData(() => 0.17, WIDE, 6, 0.3, rng.fold('d')), rng.fold('j')));
    assert.ok(flat.holds >= 0.8, JSON.stringify(flat));
    const slow = rates(100, 5, (rng) => judgePlateau(plateauData((m) => 0.12 * (m / 64) ** -0.25, WIDE, 6, 0.3, rng.fold('d')), rng.fold('j')));
    assert.ok(slow.holds <= 0.03 && slow.inconclusive >= 0.5, JSON.stringify(slow));
  });
  it('over widths 64 … 1024 only, even 3% noise cannot separate m^−0.25 from a plateau: never "holds"', () => {
    const r = rates(100, 6, (rng) => judgePlateau(plateauData((m) => 0.12 * (m / 64) ** -0.25, [64, 128, 256, 512, 1024], 3, 0.03, rng.fold('d')), rng.fold('j')));
    assert.ok(r.holds <= 0.03, JSON.stringify(r));
  });
});

describe('polynomial against exponential growth in the horizon (allenzhu2019 Thm 1)', () => {
  const data = (y: (L: number) => number, Ls: readonly number[], seeds: number, sd: number, rng: Rng): ScalingPoint[] =>
    Ls.flatMap((L) => Array.from({ length: seeds }, (_, s) => ({ x: L, y: y(L) * Math.exp(sd * rng.normal()), group: s })));
  const LS = [2, 4, 8, 16, 32];
  it('L = 2 … 32, 3 seeds, log-noise 0.3: L^1.3 and L^2.5 hold, a mild e^{0.2L} fails', () => {
    const run = (y: (L: number) => number): Rates => rates(100, 7, (rng) => judgeGrowthLaw(data(y, LS, 3, 0.3, rng.fold('d')), { rng: rng.fold('j') }));
    for (const p of [1.3, 2.5]) {
      const r = run((L) => 10 * L ** p);
      assert.ok(r.holds >= 0.8 && r.fails <= 0.03, `L^${p}: ${JSON.stringify(r)}`);
    }
    const e = run((L) => 10 * Math.exp(0.2 * L));
    assert.ok(e.fails >= 0.9 && e.holds <= 0.03, `e^0.2L: ${JSON.stringify(e)}`);
  });
  it('at the quick sizes of allenzhu2019.horizon-polynomial, log-noise 0.3: L^1.5 holds, e^{0.2L} fails', () => {
    const s = ALL_CLAIMS.find((c) => c.id === 'allenzhu2019.horizon-polynomial')!.sizes!.quick as { Ls: number[]; seeds: number };
    const run = (y: (L: number) => number): Rates => rates(100, 13, (rng) => judgeGrowthLaw(data(y, s.Ls, s.seeds, 0.3, rng.fold('d')), { rng: rng.fold('j') }));
    const p = run((L) => 10 * L ** 1.5);
    const e = run((L) => 10 * Math.exp(0.2 * L));
    assert.ok(p.holds >= 0.8 && p.fails <= 0.03, `L^1.5: ${JSON.stringify(p)}`);
    assert.ok(e.fails >= 0.8 && e.holds <= 0.03, `e^0.2L: ${JSON.stringify(e)}`);
  });
  it('to L = 16 only, the same laws are mostly inconclusive, and a slow e^{0.05L} stays inconclusive even to 32: the horizon must be long', () => {
    const short = rates(100, 8, (rng) => judgeGrowthLaw(data((L) => 10 * Math.exp(0.2 * L), [2, 4, 8, 16], 3, 0.5, rng.fold('d')), { rng: rng.fold('j') }));
    assert.ok(short.fails < 0.5 && short.holds <= 0.03, JSON.stringify(short));
    const slow = rates(100, 9, (rng) => judgeGrowthLaw(data((L) => 10 * Math.exp(0.05 * L), LS, 3, 0.5, rng.fold('d')), { rng: rng.fold('j') }));
    assert.ok(slow.holds <= 0.03, JSON.stringify(slow));
  });
  it('a run that never trained (no finite value) fails the claim and is named', () => {
    const pts = data((L) => 10 * L ** 1.3, LS, 3, 0.1, Rng.fromSeed(10));
    pts[pts.length - 1] = { x: 32, y: Infinity, group: 2 };
    const j = judgeGrowthLaw(pts, { rng: Rng.fromSeed(12) });
    assert.equal(j.verdict, 'fails');
    assert.match(j.reason, /L = 32 \(seed 2\)/);
  });
});
