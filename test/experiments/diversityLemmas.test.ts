/**
 * chen2018's 2-layer results against Monte Carlo: Lemmas 2–5 (corrected) with uniform, Rademacher and
 * Laplace entries and a mix with scales ≠ 1 (each layer's E‖∇_{W_ℓ}f_i‖² and E⟨∇_{W_ℓ}f_i,∇_{W_ℓ}f_j⟩
 * within 3 SE; the SEs are 0.5–3.5% of the values at 10⁵ draws), the lemmas as printed rejected; and
 * Theorem 2's conditional expectations E A1, E A2, E B1, E B2 (tanh, fixed W_1, W*_1, X) against Monte
 * Carlo over W_2, W*_2 through the generic Network path. Calibration: over 10 seeds per case, at most 1.4%
 * of the |z| exceed 3. Cost on 2 cores: ≈ 4 s.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { activation } from '../../src/nn/activations.js';
import { chen2018TwoLayer } from '../../src/models/chen2018.js';
import { compareWithExact, exactDiversity } from '../../src/experiments/diversity/exact.js';
import { estimateDiversity, runBlock } from '../../src/experiments/diversity/monteCarlo.js';
import { perExampleGradientSums } from '../../src/experiments/diversity/gradientStats.js';
import type { DiversityProblem, EntrySpec } from '../../src/experiments/diversity/problem.js';
import { makeSampler, type DrawSampler } from '../../src/experiments/diversity/samplers.js';
import { chen2018TwoLayerConditional, chen2018TwoLayerLemmas, chen2018TwoLayerLemmasAsPrinted, entryMoments } from '../../src/theory/chen2018.js';

const all = (distribution: EntrySpec['distribution']): Pick<DiversityProblem, 'student' | 'teacher' | 'data'> => ({
  student: { distribution }, teacher: { distribution }, data: { distribution },
});

describe('chen2018 Lemmas 2–5 against Monte Carlo (general entry distributions)', () => {
  const cases: [string, DiversityProblem][] = [
    ['uniform', { model: { kind: 'linear', widths: [4, 3] }, n: 5, ...all('uniform') }],
    ['Rademacher', { model: { kind: 'linear', widths: [3, 5] }, n: 4, ...all('rademacher') }],
    ['Laplace', { model: { kind: 'linear', widths: [4, 3] }, n: 5, ...all('laplace') }],
    ['a mix with scales (W_1 Laplace·1.5, W_2 uniform·0.5, W*_1 Rademacher·0.7, W*_2 Laplace·2, x uniform·1.3)', {
      model: { kind: 'linear', widths: [3, 4] }, n: 6,
      student: [{ distribution: 'laplace', std: 1.5 }, { distribution: 'uniform', std: 0.5 }],
      teacher: [{ distribution: 'rademacher', std: 0.7 }, { distribution: 'laplace', std: 2 }],
      data: { distribution: 'uniform', std: 1.3 },
    }],
  ];
  for (const [name, p] of cases) {
    it(`${name}: Kd·Lemma 2, K·Lemma 3, Kd·Lemma 4, K·Lemma 5 and the ratio within 3 SE (10⁵ draws)`, () => {
      const exact = exactDiversity(p);
      assert.ok(exact && exact.source.startsWith('chen2018 Lemmas'));
      const est = estimateDiversity(makeSampler(p), { draws: 100_000, rng: Rng.fromSeed(31).fold(name), keepValues: false });
      for (const r of compareWithExact(est, exact)) {
        assert.ok(Math.abs(r.z) < 3, `${r.quantity}: MC ${r.estimate} ± ${r.se}, lemma ${r.exact} (z = ${r.z.toFixed(2)})`);
        assert.ok(r.se < 0.05 * Math.abs(r.exact), `${r.quantity}: SE ${r.se} too large for a meaningful test`);
      }
    });
  }

  it('the printed Lemma 3 (M_{1,2}² for M_{1,4}) and Lemma 2 (M_{2*,2}²) are rejected by Monte Carlo', () => {
    const p: DiversityProblem = {
      model: { kind: 'linear', widths: [3, 4] }, n: 4,
      student: [{ distribution: 'laplace' }, { distribution: 'gaussian' }],
      teacher: [{ distribution: 'gaussian' }, { distribution: 'gaussian', std: 2 }],
      data: { distribution: 'gaussian' },
    };
    const est = estimateDiversity(makeSampler(p), { draws: 100_000, rng: Rng.fromSeed(32), keepValues: false });
    const mo = { w1: entryMoments('laplace'), w2: entryMoments('gaussian'), teacherW1: entryMoments('gaussian'), teacherW2: entryMoments('gaussian', 2), x: entryMoments('gaussian') };
    const right = chen2018TwoLayerLemmas(3, 4, mo);
    const printed = chen2018TwoLayerLemmasAsPrinted(3, 4, mo);
    const [w1, w2] = est.perTensor;
    const z = (e: { estimate: number; se: number }, v: number) => (e.estimate - v) / e.se;
    assert.ok(Math.abs(z(w1.normSquared, 12 * right.lemma2)) < 3 && Math.abs(z(w2.normSquared, 4 * right.lemma3)) < 3);
    assert.ok(Math.abs(z(w1.normSquared, 12 * printed.lemma2)) > 5, `printed Lemma 2: z = ${z(w1.normSquared, 12 * printed.lemma2)}`);
    assert.ok(Math.abs(z(w2.normSquared, 4 * printed.lemma3)) > 5, `printed Lemma 3: z = ${z(w2.normSquared, 4 * printed.lemma3)}`);
  });
});

describe('chen2018 Theorem 2: E A1, E A2, E B1, E B2 given W_1, W*_1, X (tanh), over W_2, W*_2 ~ N(0, 1)', () => {
  it('Monte Carlo of n·Σ‖∇_{W_ℓ}f_i‖² and ‖Σ∇_{W_ℓ}f_i‖² through the Network agrees within 3 SE; so does the ratio', () => {
    const [n, d, K] = [8, 4, 3];
    const net = chen2018TwoLayer({ inputDim: d, width: K });
    const fixed = Rng.fromSeed(41);
    const w1 = new Matrix(K, d, fixed.fold('W1').fillNormal(new Float64Array(K * d)));
    const w1t = new Matrix(K, d, fixed.fold('W1*').fillNormal(new Float64Array(K * d)));
    const x = new Matrix(n, d, fixed.fold('X').fillNormal(new Float64Array(n * d)));
    const exact = chen2018TwoLayerConditional(w1, w1t, x, activation({ name: 'tanh' }));
    const ps = new Float64Array(net.size);
    const pt = new Float64Array(net.size);
    net.param(ps, 'layers.0.W').set(w1.data);
    net.param(pt, 'layers.0.W').set(w1t.data);
    const sampler: DrawSampler = {
      n, tensors: ['layers.0.W', 'layers.2.W'], path: 'generic (W_2, W*_2 only)',
      draw(rng, s1, s2) {
        rng.fold(1).fillNormal(net.param(ps, 'layers.2.W'));
        rng.fold(2).fillNormal(net.param(pt, 'layers.2.W'));
        const pass = net.forwardPass(ps, x);
        const yt = net.forward(pt, x);
        const g = new Matrix(n, 1);
        for (let i = 0; i < n; i++) g.data[i] = pass.out.data[i] - yt.data[i];
        perExampleGradientSums(net, ps, x, g, pass, s1, s2);
      },
    };
    const { moments } = runBlock(sampler, Rng.fromSeed(42), 0, 40_000, 40_000, false);
    // moments: [n·s1_{W1}, s2_{W1}, n·s1_{W2}, s2_{W2}] → A1, B1, A2, B2.
    const unit = (j: number) => Float64Array.from({ length: 4 }, (_, i) => (i === j ? 1 : 0));
    const named: [string, number, number][] = [['A1', 0, exact.A1], ['B1', 1, exact.B1], ['A2', 2, exact.A2], ['B2', 3, exact.B2]];
    for (const [name, j, want] of named) {
      const e = moments.linear(unit(j));
      assert.ok(Math.abs(e.estimate - want) < 3 * e.se, `E ${name}: MC ${e.estimate} ± ${e.se}, exact ${want}`);
      assert.ok(e.se < 0.03 * want);
    }
    const r = moments.ratio([1, 0, 1, 0], [0, 1, 0, 1]);
    assert.ok(Math.abs(r.estimate - exact.ratio) < 3 * r.se, `ratio ${r.estimate} ± ${r.se} vs ${exact.ratio}`);
    // power: dropping the 2h_ip² terms (the fourth moment of W_2) is rejected
    const a1 = moments.linear(unit(0));
    let drop = 0;
    for (let i = 0; i < n; i++) {
      let xi = 0;
      for (let q = 0; q < d; q++) xi += x.get(i, q) ** 2;
      for (let p = 0; p < K; p++) {
        let z = 0;
        for (let q = 0; q < d; q++) z += w1.get(p, q) * x.get(i, q);
        drop += xi * (1 - Math.tanh(z) ** 2) ** 2 * 2 * Math.tanh(z) ** 2;
      }
    }
    assert.ok(Math.abs(a1.estimate - (exact.A1 - n * drop)) > 5 * a1.se);
  });
});
