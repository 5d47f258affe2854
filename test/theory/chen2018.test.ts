/**
 * chen2018's exact formulas (src/theory/chen2018*.ts) against every reference value of
 * shared/theory/chen2018-width-and-large-batch.md, and their internal identities: Theorem 7 summed over
 * entries is the per-layer share of Theorem 8, Theorem 9 summed is Theorem 10, Theorem 6 is their ratio,
 * the 2-layer Gaussian special case is both the theorems at L = 2 and Lemmas 2–5 with Gaussian moments.
 * Monte-Carlo checks live in test/experiments/diversity*.test.ts. Cost: milliseconds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { activation } from '../../src/nn/activations.js';
import { ConfigError } from '../../src/errors.js';
import {
  batchBoundFromMoments, chen2018BatchBound, chen2018BatchBoundLimit, chen2018Constants, chen2018LinearMoments,
  chen2018LinearParameterCount, chen2018TwoLayerConditional, chen2018TwoLayerGaussian, chen2018TwoLayerLemmas,
  chen2018TwoLayerLemmasAsPrinted, entryMoments, gaussianMoments,
} from '../../src/theory/chen2018.js';

const close = (a: number, b: number, rel = 1e-12): boolean => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

describe('chen2018 Theorems 6–10: reference values of the theory note', () => {
  for (const [K, norm, inner] of [[[3, 4], 1200, 264], [[2, 3, 4], 12096, 3360], [[1, 1, 1], 90, 30]] as [number[], number, number][]) {
    it(`K = (${K.join(',')}): E‖∇f_i‖² = ${norm} (Thm 8), E⟨∇f_i,∇f_j⟩ = ${inner} (Thm 10)`, () => {
      const m = chen2018LinearMoments(K);
      assert.ok(close(m.normSquared, norm), `${m.normSquared}`);
      assert.ok(close(m.innerProduct, inner), `${m.innerProduct}`);
    });
  }

  it('R(n;K): (3,4), n=2 → 1.63934; (3,4), n=10 → 3.3557; (10,10), n=100 → 64/7', () => {
    assert.ok(Math.abs(chen2018BatchBound([3, 4], 2).ratio - 1.63934) < 5e-6);
    assert.ok(Math.abs(chen2018BatchBound([3, 4], 10).ratio - 3.3557) < 5e-5);
    assert.ok(close(chen2018BatchBound([10, 10], 100).ratio, 64 / 7));
  });

  it('n = 1000: K = (16,64) has R = 16.75 with 1088 weights; K = (16,26,26) R ≈ 13.9 with 1118 (deeper, lower)', () => {
    const wide = chen2018BatchBound([16, 64], 1000).ratio;
    const deep = chen2018BatchBound([16, 26, 26], 1000).ratio;
    assert.ok(Math.abs(wide - 16.75) < 0.005, `${wide}`);
    assert.ok(Math.abs(deep - 13.9) < 0.05, `${deep}`);
    assert.equal(chen2018LinearParameterCount([16, 64]), 1088);
    assert.equal(chen2018LinearParameterCount([16, 26, 26]), 1118);
    assert.ok(deep < wide);
  });
});

describe('chen2018 Theorems 6–10: identities', () => {
  const cases = [[3, 4], [2, 3, 4], [1, 1, 1], [5, 1, 7], [1, 4], [4, 1], [2, 1, 3, 1], [6, 5, 4, 3, 2], [10, 10, 10]];

  it('Thm 7 × entries is the same in every layer and sums to Thm 8; Thm 9 × entries sums to Thm 10', () => {
    for (const K of cases) {
      const m = chen2018LinearMoments(K);
      const Kx = [...K, 1];
      let norm = 0;
      let inner = 0;
      for (let a = 0; a < m.layers; a++) {
        const entries = Kx[a + 1] * Kx[a];
        assert.ok(close(m.entryNormSquared[a] * entries, m.layerNormSquared[0]));
        norm += m.entryNormSquared[a] * entries;
        inner += m.entryInnerProduct[a] * entries;
      }
      assert.ok(close(norm, m.normSquared), `${K}`);
      assert.ok(close(inner, m.innerProduct), `${K}`);
      // Thm 8 printed form: L·K_0(K_0+2)·[∏K_ℓ(K_ℓ+2) + ∏K_ℓ²] over ℓ = 1…L−1.
      let a = 1;
      let b = 1;
      for (let l = 1; l < K.length; l++) {
        a *= K[l] * (K[l] + 2);
        b *= K[l] * K[l];
      }
      assert.ok(close(m.normSquared, K.length * K[0] * (K[0] + 2) * (a + b)), `${K}`);
    }
  });

  it('Thm 6: numerator/denominator = R, R(1) = 1, R increases in n towards L(1+P)/S', () => {
    for (const K of cases) {
      const limit = chen2018BatchBoundLimit(K);
      let prev = 0;
      for (const n of [1, 2, 10, 100, 1e4, 1e7]) {
        const b = chen2018BatchBound(K, n);
        assert.ok(close(b.numerator / b.denominator, b.ratio, 1e-10), `${K}, n=${n}`);
        assert.ok(b.ratio > prev && b.ratio <= limit * (1 + 1e-12));
        prev = b.ratio;
      }
      assert.ok(close(chen2018BatchBound(K, 1).ratio, 1));
      assert.ok(Math.abs(chen2018BatchBound(K, 1e7).ratio - limit) < 1e-5 * limit);
    }
  });

  it('g(φ) in the cancelled form is finite when a width is 1, and vanishes past K_0 = 1', () => {
    const c = chen2018Constants([1, 5, 1]);
    assert.deepEqual(c.g.map((g) => Number.isFinite(g)), [true, true, true]);
    assert.equal(c.g[1], 0);
    assert.equal(c.g[2], 0);
    const c2 = chen2018Constants([3, 1, 4]);
    assert.ok(close(c2.g[2], (1 / 6) * (2 / 5) * 0));
    assert.ok(close(c2.g[1], (1 / 3) * (2 / 5)));
  });

  it('R stays finite for nets whose Π overflows', () => {
    const K = Array.from({ length: 60 }, () => 1000);
    assert.ok(!Number.isFinite(chen2018LinearMoments(K).Pi));
    const r = chen2018BatchBound(K, 100).ratio;
    assert.ok(Number.isFinite(r) && r > 1 && r < 100);
  });

  it('bad widths are ConfigErrors', () => {
    assert.throws(() => chen2018LinearMoments([3]), ConfigError);
    assert.throws(() => chen2018LinearMoments([3, 0]), /positive integers/);
    assert.throws(() => chen2018BatchBound([3, 2.5], 4), /positive integers/);
    assert.throws(() => chen2018BatchBound([3, 4], 0), /positive integer/);
  });
});

describe('chen2018 Lemmas 2–5 and the 2-layer Gaussian special case', () => {
  it('Gaussian lemmas = Theorems 8, 10 at L = 2 = the closed form 4Kd(d+2)(K+1), Kd(4K+d+3)', () => {
    for (const [d, K] of [[1, 1], [3, 4], [10, 10], [7, 2], [16, 64]]) {
      const lem = chen2018TwoLayerLemmas(d, K, gaussianMoments());
      const thm = chen2018LinearMoments([d, K]);
      const special = chen2018TwoLayerGaussian(d, K, 37);
      assert.ok(close(lem.normSquared, thm.normSquared) && close(lem.normSquared, special.normSquared), `${d},${K}`);
      assert.ok(close(lem.innerProduct, thm.innerProduct) && close(lem.innerProduct, special.innerProduct), `${d},${K}`);
      assert.ok(close(lem.layerNormSquared[0], thm.layerNormSquared[0]) && close(lem.layerInnerProduct[1], thm.layerInnerProduct[1]));
      assert.ok(close(special.ratio, chen2018BatchBound([d, K], 37).ratio));
      assert.ok(close(batchBoundFromMoments(lem.normSquared, lem.innerProduct, 37), special.ratio));
    }
  });

  it('Prop A.1 orders: E‖∇f_i‖² = Θ(K²d²), E⟨∇f_i,∇f_j⟩ = Θ(Kd(K+d)) for a non-Gaussian mix', () => {
    const m = { w1: entryMoments('uniform'), w2: entryMoments('laplace'), teacherW1: entryMoments('rademacher'), teacherW2: entryMoments('gaussian'), x: entryMoments('laplace') };
    for (const [d, K] of [[10, 10], [100, 10], [10, 100], [300, 300]]) {
      const lem = chen2018TwoLayerLemmas(d, K, m);
      const a = lem.normSquared / (K * K * d * d);
      const b = lem.innerProduct / (K * d * (K + d));
      assert.ok(a > 0.5 && a < 40 && b > 0.2 && b < 40, `${d},${K}: ${a}, ${b}`);
    }
  });

  it('the printed lemmas differ from the corrected ones exactly where the note says', () => {
    const unit = { w1: entryMoments('laplace'), w2: entryMoments('gaussian'), teacherW1: entryMoments('gaussian'), teacherW2: entryMoments('gaussian'), x: entryMoments('uniform') };
    const p = chen2018TwoLayerLemmasAsPrinted(4, 3, unit);
    const c = chen2018TwoLayerLemmas(4, 3, unit);
    assert.ok(close(p.lemma2, c.lemma2)); // M_{2*,2} = 1: squaring it changes nothing
    assert.ok(p.lemma3 < c.lemma3); // M_{1,2}² = 1 < M_{1,4} = 6 (Laplace)
    const scaled = { ...unit, teacherW2: entryMoments('gaussian', 2) };
    assert.ok(chen2018TwoLayerLemmasAsPrinted(4, 3, scaled).lemma2 > chen2018TwoLayerLemmas(4, 3, scaled).lemma2);
  });
});

describe('chen2018 Theorem 2: conditional expectations of the nonlinear 2-layer net', () => {
  it('tanh: finite, positive, ratio ≥ 1; identity σ recovers the linear net given W_1 (E over W_2 only)', () => {
    const rng = Rng.fromSeed(4);
    const [n, d, K] = [6, 3, 5];
    const w1 = new Matrix(K, d, rng.fillNormal(new Float64Array(K * d)));
    const w1t = new Matrix(K, d, rng.fillNormal(new Float64Array(K * d)));
    const x = new Matrix(n, d, rng.fillNormal(new Float64Array(n * d)));
    const t = chen2018TwoLayerConditional(w1, w1t, x, activation({ name: 'tanh' }));
    for (const v of [t.A1, t.A2, t.B1, t.B2]) assert.ok(v > 0 && Number.isFinite(v));
    assert.ok(t.ratio >= 1 && t.ratio <= n);
    // σ = identity, D = 1: E A2 = nΣ_i(‖W_1x_i‖² + ‖W*_1x_i‖²)‖W_1x_i‖², computed directly.
    const id = chen2018TwoLayerConditional(w1, w1t, x, activation({ name: 'identity' }));
    let a2 = 0;
    for (let i = 0; i < n; i++) {
      let h = 0;
      let hs = 0;
      for (let p = 0; p < K; p++) {
        let z = 0;
        let zs = 0;
        for (let q = 0; q < d; q++) {
          z += w1.get(p, q) * x.get(i, q);
          zs += w1t.get(p, q) * x.get(i, q);
        }
        h += z * z;
        hs += zs * zs;
      }
      a2 += (h + hs) * h;
    }
    assert.ok(close(id.A2, n * a2, 1e-12));
  });
});
