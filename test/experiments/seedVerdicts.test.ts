/** The seed-robust verdict rule (src/experiments/seedVerdicts.ts): its binomial arithmetic and its verdicts on synthetic per-seed verdicts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClaimResult } from '../../src/experiments/claims/claim.js';
import { aggregateClaim, aggregateSeedRuns, binomialTail, failsNeeded, judgeSeeds, type SeedVerdict } from '../../src/experiments/seedVerdicts.js';
import type { Verdict } from '../../src/experiments/statistics.js';
import { Rng } from '../../src/linalg/random/rng.js';

/** P(Bin(k, 1/20) ≥ f) as an exact fraction Σ C(k, j)·19^(k−j) / 20^k, in BigInt, then divided once. */
function exactTail(k: number, f: number): number {
  let num = 0n;
  let c = 1n; // C(k, j)
  for (let j = 0; j <= k; j++) {
    if (j >= f) num += c * 19n ** BigInt(k - j);
    c = (c * BigInt(k - j)) / BigInt(j + 1);
  }
  const den = 20n ** BigInt(k);
  // Scale to 1e18 before the division so that the quotient keeps 18 digits.
  return Number((num * 10n ** 18n) / den) / 1e18;
}

const letters: Record<string, Verdict> = { H: 'holds', F: 'fails', I: 'inconclusive' };
function seeds(pattern: string): SeedVerdict[] {
  return pattern.split(' ').map((l, seed) => ({ seed, verdict: letters[l] }));
}

describe('binomialTail and failsNeeded', () => {
  it('match tails worked by hand', () => {
    // k = 2: 1 − 0.95² = 0.0975; 0.05² = 0.0025.
    assert.ok(Math.abs(binomialTail(2, 1) - 0.0975) < 1e-15);
    assert.ok(Math.abs(binomialTail(2, 2) - 0.0025) < 1e-15);
    // k = 3: 1 − 0.95³ = 0.142625; 3·0.05²·0.95 + 0.05³ = 0.007125 + 0.000125 = 0.00725; 0.05³ = 0.000125.
    assert.ok(Math.abs(binomialTail(3, 1) - 0.142625) < 1e-15);
    assert.ok(Math.abs(binomialTail(3, 2) - 0.00725) < 1e-15);
    assert.ok(Math.abs(binomialTail(3, 3) - 0.000125) < 1e-15);
    // k = 4, f = 2: 1 − 0.95⁴ − 4·0.05·0.95³ = 1 − 0.81450625 − 0.171475 = 0.01401875 (above 0.01, so 2 of 4 is chance).
    assert.ok(Math.abs(binomialTail(4, 2) - 0.01401875) < 1e-15);
    // k = 5, f = 3: 10·0.05³·0.95² + 5·0.05⁴·0.95 + 0.05⁵ = 0.001128125 + 0.0000296875 + 0.0000003125.
    assert.ok(Math.abs(binomialTail(5, 3) - 0.001158125) < 1e-15);
    assert.equal(binomialTail(3, 0), 1);
    assert.equal(binomialTail(3, -1), 1);
    assert.equal(binomialTail(3, 4), 0);
    // Another rate: P(Bin(2, 0.5) ≥ 1) = 3/4.
    assert.equal(binomialTail(2, 1, 0.5), 0.75);
  });

  it('equal the exact fractions for every k ≤ 40 and f, to 1e-13 relative (1e-18 absolute)', () => {
    for (let k = 1; k <= 40; k++) {
      for (let f = 0; f <= k + 1; f++) {
        const exact = exactTail(k, f);
        const got = binomialTail(k, f);
        assert.ok(Math.abs(got - exact) <= 1e-13 * exact + 1e-18, `k = ${k}, f = ${f}: ${got} vs ${exact}`);
      }
    }
  });

  it('failsNeeded(k) is the smallest f with P(Bin(k, 0.05) ≥ f) < 0.01', () => {
    assert.equal(failsNeeded(1), 1); // one seed: its own verdict
    assert.deepEqual([2, 3, 4, 5, 9, 10, 17, 18].map(failsNeeded), [2, 2, 3, 3, 3, 4, 4, 5]);
    for (let k = 2; k <= 60; k++) {
      const f = failsNeeded(k);
      assert.ok(exactTail(k, f) < 0.01, `k = ${k}: ${f} fails is not rare enough`);
      assert.ok(exactTail(k, f - 1) >= 0.01, `k = ${k}: ${f - 1} fails would already be`);
    }
    assert.throws(() => failsNeeded(0), RangeError);
  });
});

describe('judgeSeeds: the verdict over seeds', () => {
  it('holds only when every seed holds', () => {
    assert.equal(judgeSeeds(seeds('H H H')).verdict, 'holds');
    assert.match(judgeSeeds(seeds('H H H')).reason, /all 3 seeds/);
    assert.equal(judgeSeeds(seeds('H H')).reason, 'holds at both seeds');
    assert.equal(judgeSeeds(seeds('H H I')).verdict, 'inconclusive');
    assert.match(judgeSeeds(seeds('H H I')).reason, /inconclusive at 1 of 3 seeds \(seed 2\)/);
  });

  it('one failing seed of three is what chance explains; two are not', () => {
    const one = judgeSeeds(seeds('H H F'));
    assert.equal(one.verdict, 'inconclusive');
    assert.match(one.reason, /^1 of 3 seeds fails \(seed 2\), which chance explains \(p = 0\.14; 2 of 3 would fail the claim\)/);
    const two = judgeSeeds(seeds('F H F'));
    assert.equal(two.verdict, 'fails');
    assert.match(two.reason, /2 of 3 seeds fail \(seeds 0, 2\), more than chance explains \(p = 0\.0073 < 0\.01/);
    assert.equal(judgeSeeds(seeds('F F I')).verdict, 'fails'); // an inconclusive seed does not rescue two failures
    assert.equal(judgeSeeds(seeds('F I I')).verdict, 'inconclusive');
  });

  it('two seeds: both must fail; four seeds: two failures are chance (p = 0.014), three are not', () => {
    assert.equal(judgeSeeds(seeds('F F')).verdict, 'fails');
    assert.equal(judgeSeeds(seeds('H F')).verdict, 'inconclusive');
    assert.equal(judgeSeeds(seeds('F H F H')).verdict, 'inconclusive');
    assert.match(judgeSeeds(seeds('F H F H')).reason, /p = 0\.014/);
    assert.equal(judgeSeeds(seeds('F H F F')).verdict, 'fails');
  });

  it('with one seed the verdict and reason are the seed’s own', () => {
    for (const v of ['holds', 'fails', 'inconclusive'] as const) {
      const j = judgeSeeds([{ seed: 7, verdict: v }], 'its own reason');
      assert.equal(j.verdict, v);
      assert.equal(j.reason, 'its own reason');
    }
  });

  it('a seed whose run errored counts as inconclusive and is named', () => {
    const j = judgeSeeds([{ seed: 0, verdict: 'holds' }, { seed: 4, verdict: 'inconclusive', error: 'boom' }, { seed: 9, verdict: 'holds' }]);
    assert.equal(j.verdict, 'inconclusive');
    assert.match(j.reason, /seed 4 did not run/);
  });

  it('a true claim (5% false failures a seed) fails under 1% of the time at 3 seeds; a false one (80% failures a seed) fails ≥ 80%', () => {
    // Exact rates: P(Bin(3, 0.05) ≥ 2) = 0.00725 and P(Bin(3, 0.8) ≥ 2) = 0.896; 20000 replicates give
    // standard errors 0.0006 and 0.002, so the bounds 0.01 and 0.8 sit ≥ 4 SE from the true rates.
    const rng = Rng.fromSeed(11);
    const rate = (pFail: number, trials: number): number => {
      let fails = 0;
      for (let t = 0; t < trials; t++) {
        const per: SeedVerdict[] = [0, 1, 2].map((seed) => ({ seed, verdict: rng.uniform() < pFail ? 'fails' : 'holds' }));
        if (judgeSeeds(per).verdict === 'fails') fails++;
      }
      return fails / trials;
    };
    const trueClaim = rate(0.05, 20000);
    assert.ok(trueClaim < 0.01, `true claim failed ${trueClaim}`);
    assert.ok(trueClaim > 0.004, `true claim failed ${trueClaim} (expected ≈ 0.00725)`);
    assert.ok(rate(0.8, 20000) >= 0.8);
  });
});

function fakeResult(id: string, verdict: Verdict, extra: Partial<ClaimResult> = {}): ClaimResult {
  return {
    id, paper: 'du2019', theorem: 'Thm 1', prediction: 'p', experiment: 'e', falsifier: 'f', statistic: 's', negativeControl: false, scale: 'quick',
    verdict, value: verdict === 'holds' ? 1 : 2, reason: `${verdict} here`, measured: `${id} measured ${verdict}`, data: [{ v: verdict }], seconds: 1.5, ...extra,
  };
}

describe('aggregateClaim and aggregateSeedRuns', () => {
  it('one result per claim: aggregated verdict, per-seed outcomes by increasing seed, summed seconds, data of a seed that agrees', () => {
    const r = aggregateClaim([
      { seed: 11, result: fakeResult('du2019.a', 'fails') },
      { seed: 3, result: fakeResult('du2019.a', 'holds') },
      { seed: 7, result: fakeResult('du2019.a', 'fails') },
    ]);
    assert.equal(r.verdict, 'fails');
    assert.deepEqual(r.seeds.map((s) => [s.seed, s.verdict]), [[3, 'holds'], [7, 'fails'], [11, 'fails']]);
    assert.equal(r.seconds, 4.5);
    assert.equal(r.dataSeed, 7);
    assert.equal(r.measured, 'du2019.a measured fails');
    assert.deepEqual(Object.keys(r.seeds[0]).sort(), ['measured', 'reason', 'seconds', 'seed', 'value', 'verdict']);
  });

  it('an inconclusive claim shows a failing seed, never an errored one', () => {
    const r = aggregateClaim([
      { seed: 0, result: fakeResult('du2019.a', 'inconclusive', { error: 'boom', data: [] }) },
      { seed: 1, result: fakeResult('du2019.a', 'holds') },
      { seed: 2, result: fakeResult('du2019.a', 'fails') },
    ]);
    assert.equal(r.verdict, 'inconclusive');
    assert.equal(r.dataSeed, 2);
    assert.equal(r.error, undefined);
    assert.equal(r.seeds[0].error, 'boom');
  });

  it('rejects two runs at one seed and runs of different claims; orders claims as asked', () => {
    assert.throws(() => aggregateClaim([{ seed: 1, result: fakeResult('du2019.a', 'holds') }, { seed: 1, result: fakeResult('du2019.a', 'holds') }]), /two runs at seed 1/);
    assert.throws(() => aggregateClaim([{ seed: 1, result: fakeResult('du2019.a', 'holds') }, { seed: 2, result: fakeResult('du2019.b', 'holds') }]), /mixed/);
    const runs = [0, 1].flatMap((seed) => ['du2019.a', 'du2019.b', 'du2019.c'].map((id) => ({ seed, result: fakeResult(id, 'holds') })));
    assert.deepEqual(aggregateSeedRuns(runs, ['du2019.c', 'du2019.a']).map((r) => [r.id, r.seeds.length]), [['du2019.c', 2], ['du2019.a', 2], ['du2019.b', 2]]);
  });
});
