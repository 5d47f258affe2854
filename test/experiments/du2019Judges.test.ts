/**
 * Power tests of the du2019 training statistics (src/experiments/claims/du2019Judges.ts) at the claims' quick sizes
 * and noise: data from the predicted law holds, data from a plausible wrong law fails, in ≥ 80% of 50 simulated runs.
 * Noise levels are at or above those of the measured runs (log-scatter between seeds at seeds 0–2): drift 0.25–0.6
 * (simulated 0.4, and 0.5 for the predicted law), movement 0.1–0.3 (simulated 0.25), depth rate ≈ 0.15 (FC) and
 * ≈ 0.1 (ResNet) (simulated 0.2 and 0.15, doubled where said).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../src/linalg/random/rng.js';
import { judgeDepthContrast, judgeDrift, judgeMovement, judgeRateBound, judgeZeroLoss, stepsToLevel, type LossRun } from '../../src/experiments/claims/du2019Judges.js';
import { ALL_CLAIMS } from '../../src/experiments/claims/index.js';
import type { ScalingPoint, Verdict } from '../../src/experiments/statistics.js';

const R = 50;

function quick<S>(id: string): S {
  const c = ALL_CLAIMS.find((k) => k.id === id);
  assert.ok(c?.sizes !== undefined, id);
  return c.sizes.quick as S;
}

const stability = quick<{ widths: number[]; seeds: number }>('du2019.gram-stability');
const depth = quick<{ depths: number[]; seeds: number }>('du2019.fc-vs-resnet-depth');

function points(rng: Rng, xs: number[], seeds: number, law: (x: number) => number, noise: number): ScalingPoint[] {
  return xs.flatMap((x) => Array.from({ length: seeds }, (_, s) => ({ x, y: law(x) * Math.exp(noise * rng.normal()), group: s })));
}

function share(verdicts: Verdict[], v: Verdict): number {
  return verdicts.filter((x) => x === v).length / verdicts.length;
}

function simulate(seed: number, judge: (rng: Rng) => Verdict): Verdict[] {
  const rng = Rng.fromSeed(seed);
  return Array.from({ length: R }, (_, i) => judge(rng.fold(i)));
}

describe('du2019.gram-stability: drift exponent at most −½', () => {
  const sim = (seed: number, alpha: number, noise: number): Verdict[] =>
    simulate(seed, (rng) => judgeDrift(points(rng.fold('pts'), stability.widths, stability.seeds, (m) => 3 * m ** alpha, noise), rng.fold('boot')).verdict);
  it('a drift ∝ m^−0.9 (the reference runs) holds', () => {
    assert.ok(share(sim(1, -0.9, 0.5), 'holds') >= 0.8);
  });
  it('a drift ∝ m^−1/4 fails', () => {
    const v = sim(2, -0.25, 0.4);
    assert.ok(share(v, 'fails') >= 0.8, `${share(v, 'fails')}`);
  });
  it('a drift exactly at the bound, m^−1/2, is not called a failure', () => {
    assert.ok(share(sim(3, -0.5, 0.4), 'fails') <= 0.1);
  });
  it('a diverged run fails the claim and is named', () => {
    const rng = Rng.fromSeed(4);
    const pts = points(rng, stability.widths, stability.seeds, (m) => m ** -0.9, 0.4);
    pts[3] = { ...pts[3], y: NaN };
    const j = judgeDrift(pts, rng.fold('boot'));
    assert.equal(j.verdict, 'fails');
    assert.match(j.reason, /non-finite/);
  });
});

describe('du2019.weight-movement: movement exponent at most 0 (tolerance ¼)', () => {
  const sim = (seed: number, alpha: number, noise: number): Verdict[] =>
    simulate(seed, (rng) => judgeMovement(points(rng.fold('pts'), stability.widths, stability.seeds, (m) => 2 * m ** alpha, noise), rng.fold('boot')).verdict);
  it('a flat movement holds', () => {
    assert.ok(share(sim(5, 0, 0.25), 'holds') >= 0.8);
  });
  it('a movement ∝ √m fails', () => {
    assert.ok(share(sim(6, 0.5, 0.25), 'fails') >= 0.8);
  });
});

describe('du2019.fc-vs-resnet-depth: FC exponent in H at most −2, ResNet at least −2', () => {
  const fcLaw = (h: number): number => 1e-3 * 0.318 ** h;
  const run = (seed: number, fc: (h: number) => number, res: (h: number) => number, noise = 1): Verdict[] =>
    simulate(seed, (rng) => {
      const j = judgeDepthContrast(points(rng.fold('fc'), depth.depths, depth.seeds, fc, 0.2 * noise), points(rng.fold('res'), depth.depths, depth.seeds, res, 0.15 * noise), rng.fold('boot'));
      return j.fc.verdict === 'holds' && j.resnet.verdict === 'holds' ? 'holds' : j.fc.verdict === 'fails' || j.resnet.verdict === 'fails' ? 'fails' : 'inconclusive';
    });
  it('an FC collapsing like 0.318^H beside a flat ResNet holds, even at twice the measured scatter', () => {
    assert.ok(share(run(7, fcLaw, () => 7e-4, 2), 'holds') >= 0.8);
  });
  it('a ResNet at the edge of Prop F.2, ∝ H^−2, is not called a failure', () => {
    assert.ok(share(run(8, fcLaw, (h) => 7e-4 * h ** -2), 'fails') <= 0.1);
  });
  it('a ResNet that degrades like the FC fails', () => {
    assert.ok(share(run(9, fcLaw, (h) => 7e-4 * 0.318 ** h), 'fails') >= 0.8);
  });
  it('a ResNet degrading exponentially at half the FC\'s rate in log (0.56^H) fails', () => {
    assert.ok(share(run(10, fcLaw, (h) => 7e-4 * Math.sqrt(0.318) ** h), 'fails') >= 0.8);
  });
  it('an FC as flat as the ResNet fails', () => {
    assert.ok(share(run(11, () => 3e-4, () => 7e-4), 'fails') >= 0.8);
  });
});

/** A run of the convergence experiment: η = 1/5, λ0 as the ResNet's (6e-3), recorded 100 times to the bound's 0.1. */
function lossRun(label: string, law: (k: number) => number, rng: Rng, eta = 0.2, lambda0 = 6e-3): LossRun {
  const K = stepsToLevel(eta, lambda0, 0.1);
  const every = Math.ceil(K / 100);
  const losses: { step: number; loss: number }[] = [];
  // Recorded every `every` steps and at K itself, as the trainer records the last step of a run.
  const steps = [...new Set([...Array.from({ length: Math.floor((3 * K) / every) + 1 }, (_, i) => i * every), K])].sort((a, b) => a - b);
  for (const k of steps) losses.push({ step: k, loss: law(k) * (k === 0 ? 1 : Math.exp(0.05 * rng.normal())) });
  return { label, losses, eta, lambda0 };
}

describe('du2019.linear-rate-bound and gd-reaches-zero-loss on loss curves', () => {
  const eta = 0.2;
  const lambda0 = 6e-3;
  const upTo = (r: LossRun): LossRun => ({ ...r, losses: r.losses.filter((p) => p.step <= stepsToLevel(eta, lambda0, 0.1)) });
  it('a loss decaying at the linearized rate (faster than the bound) holds both claims', () => {
    const rng = Rng.fromSeed(12);
    const runs = [0, 1, 2].map((i) => lossRun(`run ${i}`, (k) => 2 * Math.max(1e-30, (1 - eta * 0.3) ** (2 * k)), rng.fold(i)));
    assert.equal(judgeRateBound(runs.map(upTo), 0.1).verdict, 'holds');
    assert.equal(judgeZeroLoss(runs, 1e-6).verdict, 'holds');
  });
  it('a loss decaying at half the bound\'s rate violates the bound', () => {
    const rng = Rng.fromSeed(13);
    const runs = [0, 1, 2].map((i) => lossRun(`run ${i}`, (k) => 2 * (1 - (eta * lambda0) / 4) ** k, rng.fold(i)));
    assert.equal(judgeRateBound(runs.map(upTo), 0.1).verdict, 'fails');
  });
  it('a run too short for the bound to reach 0.1·L(0) is inconclusive, not a pass', () => {
    const rng = Rng.fromSeed(14);
    const r = lossRun('short', (k) => 2 * (1 - eta * 0.3) ** (2 * k), rng);
    const short = { ...r, losses: r.losses.filter((p) => p.step <= 100) };
    const j = judgeRateBound([short], 0.1);
    assert.equal(j.verdict, 'inconclusive');
    assert.match(j.reason, /short/);
  });
  it('a loss that stalls above 10^−6·L(0) fails the zero-loss claim, named', () => {
    const rng = Rng.fromSeed(15);
    const good = lossRun('good', (k) => 2 * Math.max(1e-30, (1 - eta * 0.3) ** (2 * k)), rng.fold('g'));
    const stall = lossRun('stalled', (k) => 2 * (1e-3 + (1 - 1e-3) * (1 - eta * 0.3) ** (2 * k)), rng.fold('s'));
    const j = judgeZeroLoss([good, stall], 1e-6);
    assert.equal(j.verdict, 'fails');
    assert.match(j.reason, /stalled/);
  });
  it('a diverged run fails both claims, named', () => {
    const rng = Rng.fromSeed(16);
    const good = lossRun('good', (k) => 2 * (1 - eta * 0.3) ** (2 * k), rng.fold('g'));
    const bad = lossRun('diverged', (k) => 2 * (1 - eta * 0.3) ** (2 * k), rng.fold('d'));
    bad.losses.push({ step: bad.losses[bad.losses.length - 1].step + 1, loss: NaN });
    for (const j of [judgeRateBound([good, bad], 0.1), judgeZeroLoss([good, bad], 1e-6)]) {
      assert.equal(j.verdict, 'fails');
      assert.match(j.reason, /diverged/);
    }
  });
});
