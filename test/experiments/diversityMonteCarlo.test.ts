/**
 * The gradient-diversity Monte Carlo (src/experiments/diversity/): the ziggurat normals it draws with, the
 * closed-form linear path against the generic per-example-gradient path draw by draw, Theorems 6–10
 * against Monte Carlo (within 3 standard errors, several K including K_ℓ = 1), the ratio of means against
 * the mean of ratios, the delta-method SE against the spread of replicates, and the independence of the
 * result from the number of worker threads. Cost on 2 cores: ≈ 10 s.
 *
 * The per-draw sums are products of Gaussian chains, heavy-tailed for deep nets with width-1 layers: for
 * K = (4,1,2,2) the SEs at 10⁵ draws are too unreliable for a 3-SE test (about 1% of the |z| exceed 3
 * over seeds), while 4·10⁶ draws (`overparam diversity mc -K 4,1,2,2 -n 3 --draws 4000000`) agree with
 * every exact value within 1.2 SE. The cases below were checked over 10 seeds each: no |z| above 3.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { normalCdf } from '../../src/linalg/special/erf.js';
import { philox4x32 } from '../../src/linalg/random/philox.js';
import { philoxBlockInt } from '../../src/linalg/random/ziggurat.js';
import { compareWithExact, exactDiversity } from '../../src/experiments/diversity/exact.js';
import { estimateDiversity } from '../../src/experiments/diversity/monteCarlo.js';
import { estimateDiversityParallel } from '../../src/experiments/diversity/monteCarloParallel.js';
import { resolveProblem, type DiversityProblem } from '../../src/experiments/diversity/problem.js';
import { genericSampler, linearFastSampler, makeSampler } from '../../src/experiments/diversity/samplers.js';
import { chen2018BatchBound } from '../../src/theory/chen2018.js';

describe('Rng.fillNormalZiggurat', () => {
  const N = 4_000_000;
  const z = Rng.fromSeed(11).fillNormalZiggurat(new Float64Array(N));

  it('moments of N(0,1): E z = 0, E z² = 1, E z⁴ = 3, E z⁶ = 15 within 4 SE; tails beyond r = 3.654', () => {
    const m = [0, 0, 0, 0];
    let tail = 0;
    for (const v of z) {
      const v2 = v * v;
      m[0] += v;
      m[1] += v2;
      m[2] += v2 * v2;
      m[3] += v2 * v2 * v2;
      if (Math.abs(v) > 4) tail++;
    }
    const se = [1, Math.sqrt(2), Math.sqrt(96), Math.sqrt(10395 - 225)].map((s) => s / Math.sqrt(N));
    [0, 1, 3, 15].forEach((want, k) => assert.ok(Math.abs(m[k] / N - want) < 4 * se[k], `moment ${k}: ${m[k] / N}`));
    const p4 = 2 * (1 - normalCdf(4)); // 6.33e-5
    assert.ok(Math.abs(tail / N - p4) < 4 * Math.sqrt(p4 / N), `P(|z| > 4) = ${tail / N}`);
  });

  it('Kolmogorov–Smirnov distance to Φ below 1e-3 (critical value 6.8e-4 at 5%)', () => {
    const s = Float64Array.from(z).sort();
    let dmax = 0;
    for (let i = 0; i < N; i += 97) dmax = Math.max(dmax, Math.abs(normalCdf(s[i]) - (i + 0.5) / N));
    assert.ok(dmax < 1e-3, `${dmax}`);
  });

  it('its int32 Philox blocks are philox4x32\'s words exactly', () => {
    const a = new Uint32Array(4);
    const b = new Int32Array(4);
    for (let k = 0; k < 20000; k++) {
      const block = k < 10000 ? k : 2 ** 32 - 5000 + k * 7919;
      const k0 = (k * 2654435761) >>> 0;
      const k1 = (k * 40503 + 12345) >>> 0;
      philox4x32(block % 2 ** 32, Math.floor(block / 2 ** 32), 0, 0, k0, k1, a);
      philoxBlockInt(block, k0, k1, b);
      for (let j = 0; j < 4; j++) assert.equal(b[j] >>> 0, a[j], `block ${block}`);
    }
  });

  it('is deterministic and continues the stream: two fills equal one, mean and std apply', () => {
    const a = Rng.fromSeed(3).fillNormalZiggurat(new Float64Array(1001));
    const r = Rng.fromSeed(3);
    const b1 = r.fillNormalZiggurat(new Float64Array(400));
    const b2 = r.fillNormalZiggurat(new Float64Array(601));
    assert.deepEqual([...b1, ...b2], [...a]);
    const c = Rng.fromSeed(3).fillNormalZiggurat(new Float64Array(1001), 2, 3);
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(c[i] - (2 + 3 * a[i])) < 1e-12);
    assert.notDeepEqual([...Rng.fromSeed(4).fillNormalZiggurat(new Float64Array(10))], [...a.subarray(0, 10)]);
  });
});

describe('diversity Monte Carlo: the closed form for linear nets equals the generic path', () => {
  const cases: DiversityProblem[] = [
    { model: { kind: 'linear', widths: [3, 4] }, n: 10 },
    { model: { kind: 'linear', widths: [2, 1, 3, 1] }, n: 7 },
    { model: { kind: 'linear', widths: [1, 1, 1] }, n: 3 },
    { model: { kind: 'linear', widths: [5, 20, 3] }, n: 4 },
    { model: { kind: 'linear', widths: [4, 6] }, n: 9, student: [{ distribution: 'uniform' }, { distribution: 'laplace', std: 0.5 }], teacher: { distribution: 'rademacher' }, data: { distribution: 'laplace' } },
  ];
  for (const p of cases) {
    it(`K = (${p.model.kind === 'linear' ? p.model.widths.join(',') : ''}), n = ${p.n}: per draw and per layer to 1e-12, both routes`, () => {
      const { net, student, teacher, data, d } = resolveProblem(p);
      const K = p.model.kind === 'linear' ? p.model.widths : [];
      const g = genericSampler(net, p.n, student, teacher, data, d);
      const routes = [linearFastSampler(K, p.n, student, teacher, data, 'rows'), linearFastSampler(K, p.n, student, teacher, data, 'gram')];
      const T = K.length;
      for (let k = 0; k < 30; k++) {
        const draw = Rng.fromSeed(8).fold(k);
        const g1 = new Float64Array(T);
        const g2 = new Float64Array(T);
        g.draw(draw, g1, g2);
        const scale = g1.reduce((a, b) => a + b, 0) + g2.reduce((a, b) => a + b, 0);
        for (const s of routes) {
          const s1 = new Float64Array(T);
          const s2 = new Float64Array(T);
          s.draw(draw, s1, s2);
          for (let t = 0; t < T; t++) {
            assert.ok(Math.abs(s1[t] - g1[t]) <= 1e-12 * scale, `${s.path} draw ${k} layer ${t}: ${s1[t]} vs ${g1[t]}`);
            assert.ok(Math.abs(s2[t] - g2[t]) <= 1e-12 * scale, `${s.path} draw ${k} layer ${t}: ${s2[t]} vs ${g2[t]}`);
          }
        }
      }
    });
  }
});

describe('diversity Monte Carlo against chen2018 Theorems 6–10 (Gaussian, within 3 SE)', () => {
  const cases: [number[], number, number][] = [
    [[3, 4], 10, 100_000],
    [[2, 3, 4], 5, 100_000],
    [[1, 1, 1], 4, 200_000],
    [[2, 1, 3], 6, 100_000],
    [[6, 1, 3], 5, 100_000],
    [[3, 3, 3, 3], 3, 100_000],
    [[10, 10, 10], 20, 20_000],
  ];
  for (const [K, n, draws] of cases) {
    it(`K = (${K.join(',')}), n = ${n}, ${draws} draws: R, E‖∇f_i‖², E⟨∇f_i,∇f_j⟩ in total and per layer`, () => {
      const p: DiversityProblem = { model: { kind: 'linear', widths: K }, n };
      const est = estimateDiversity(makeSampler(p), { draws, rng: Rng.fromSeed(21).fold(K.join(',')), keepValues: false });
      const exact = exactDiversity(p);
      assert.ok(exact);
      const rows = compareWithExact(est, exact);
      assert.equal(rows.length, 3 + 2 * K.length);
      for (const r of rows) assert.ok(Math.abs(r.z) < 3, `${r.quantity}: MC ${r.estimate} ± ${r.se}, exact ${r.exact} (z = ${r.z.toFixed(2)})`);
      // the SEs are a few per cent at most: the test has power
      assert.ok(est.normSquared.se < 0.05 * exact.normSquared && est.ratio.se < 0.05 * exact.ratio);
    });
  }

  it('the comparison has power: an E⟨∇f_i,∇f_j⟩ 20% off is rejected by more than 5 SE', () => {
    const p: DiversityProblem = { model: { kind: 'linear', widths: [2, 3, 4] }, n: 5 };
    const est = estimateDiversity(makeSampler(p), { draws: 100_000, rng: Rng.fromSeed(21).fold('2,3,4'), keepValues: false });
    const e = exactDiversity(p)!;
    const wrongInner = e.innerProduct * 0.8;
    assert.ok(Math.abs((est.innerProduct!.estimate - wrongInner) / est.innerProduct!.se) > 5);
  });
});

describe('ratio of means vs mean of ratios; standard errors; threads', () => {
  it('K = (3,4), n = 10: ratio of means 3.356 (Thm 6), mean of per-draw B_S ≈ 4.0', () => {
    const p: DiversityProblem = { model: { kind: 'linear', widths: [3, 4] }, n: 10 };
    const est = estimateDiversity(makeSampler(p), { draws: 200_000, rng: Rng.fromSeed(5) });
    const R = chen2018BatchBound([3, 4], 10).ratio;
    assert.ok(Math.abs(est.ratio.estimate - R) < 3 * est.ratio.se, `${est.ratio.estimate} ± ${est.ratio.se}`);
    assert.ok(Math.abs(est.perDraw.mean.estimate - 4.0) < 0.05, `${est.perDraw.mean.estimate}`);
    assert.ok(est.perDraw.mean.estimate - est.ratio.estimate > 20 * Math.hypot(est.perDraw.mean.se, est.ratio.se));
    const q = est.perDraw.quantiles;
    assert.ok(est.perDraw.min >= 1 - 1e-12); // Cauchy–Schwarz; no upper bound n: cancelling gradients give B_S > n
    assert.ok(est.perDraw.max > 10);
    assert.ok(q['0.01'] < q['0.25'] && q['0.25'] < q['0.5'] && q['0.5'] < q['0.75'] && q['0.75'] < q['0.99']);
  });

  it('the delta-method SE of the ratio matches the spread of 40 independent replicates (within a factor 1.4)', () => {
    const s = makeSampler({ model: { kind: 'linear', widths: [3, 4] }, n: 10 });
    const reps = Array.from({ length: 40 }, (_, k) => estimateDiversity(s, { draws: 2000, rng: Rng.fromSeed(100 + k), keepValues: false }));
    const mean = reps.reduce((a, r) => a + r.ratio.estimate, 0) / reps.length;
    const sd = Math.sqrt(reps.reduce((a, r) => a + (r.ratio.estimate - mean) ** 2, 0) / (reps.length - 1));
    const se = reps.reduce((a, r) => a + r.ratio.se, 0) / reps.length;
    assert.ok(sd / se > 1 / 1.4 && sd / se < 1.4, `replicate SD ${sd}, mean delta-method SE ${se}`);
  });

  it('two worker threads give the single-thread result bit for bit; blocks may be uneven', async () => {
    const p: DiversityProblem = { model: { kind: 'linear', widths: [3, 1, 2] }, n: 6 };
    const o = { draws: 2500, rng: Rng.fromSeed(9), blockSize: 700 };
    const a = await estimateDiversityParallel(p, { ...o, workers: 0 });
    const b = await estimateDiversityParallel(p, { ...o, workers: 2 });
    const c = estimateDiversity(makeSampler(p), o);
    assert.equal(b.workers, 2);
    for (const e of [b, c]) {
      assert.deepEqual(e.ratio, a.ratio);
      assert.deepEqual(e.perTensor, a.perTensor);
      assert.deepEqual(e.perDraw, a.perDraw);
    }
    assert.equal(a.draws, 2500);
  });

  it('errors: too few draws, a fast path for a nonlinear net, bad entry specs', async () => {
    const s = makeSampler({ model: { kind: 'linear', widths: [3, 4] }, n: 10 });
    assert.throws(() => estimateDiversity(s, { draws: 1, rng: Rng.fromSeed(1) }), ConfigError);
    await assert.rejects(estimateDiversityParallel({ model: { kind: 'two-layer', inputDim: 3, width: 4 }, n: 5, path: 'fast' }, { draws: 10, rng: Rng.fromSeed(1) }), /linear model/);
    assert.throws(() => makeSampler({ model: { kind: 'linear', widths: [3, 4] }, n: 5, student: [{ distribution: 'uniform' }] }), /2 entry specs/);
    assert.throws(() => makeSampler({ model: { kind: 'linear', widths: [3, 4] }, n: 0 }), /positive integer/);
  });
});
