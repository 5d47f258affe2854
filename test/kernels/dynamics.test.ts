import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, NotPositiveDefiniteError } from '../../src/errors.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { linearizedDynamics } from '../../src/kernels/dynamics.js';
import { kernelSpectrum } from '../../src/kernels/spectrum.js';
import { naiveMatmul, randomMatrix, randomOrthogonal, relMaxDiff, withSpectrum } from '../helpers.js';

/** Explicit GD on the linear model: f ← f − ηcΘ(f − y), f_test ← f_test − ηcΘ_te(f − y). */
function iterate(k: Matrix, kt: Matrix, f0: Matrix, ft0: Matrix, y: Matrix, eta: number, c: number, steps: number): { f: Matrix; ft: Matrix } {
  let f = f0.clone();
  let ft = ft0.clone();
  for (let s = 0; s < steps; s++) {
    const r = new Matrix(f.rows, f.cols, f.data.map((v, i) => v - y.data[i]));
    const kr = naiveMatmul(k, r);
    const ktr = naiveMatmul(kt, r);
    f = new Matrix(f.rows, f.cols, f.data.map((v, i) => v - eta * c * kr.data[i]));
    ft = new Matrix(ft.rows, ft.cols, ft.data.map((v, i) => v - eta * c * ktr.data[i]));
  }
  return { f, ft };
}

describe('closed-form linearized dynamics (kernels.md)', () => {
  const rng = Rng.fromSeed(21);
  const N = 6;
  const M = 4;
  const C = 2;
  // A PSD training kernel with one exactly zero eigenvalue (a direction GD never moves).
  const lambda = [0, 0.3, 0.9, 1.5, 2.2, 4];
  const K = withSpectrum(randomOrthogonal(rng, N), lambda);
  const Kt = randomMatrix(rng, M, N);
  const f0 = randomMatrix(rng, N, C);
  const ft0 = randomMatrix(rng, M, C);
  const y = randomMatrix(rng, N, C);
  const c = 1 / (N * C);

  it('GD predictions equal explicit iteration to round-off, train and test', () => {
    const eta = 0.9 * (2 / (c * 4));
    const dyn = linearizedDynamics({ kernel: K, f0, y, learningRate: eta, testKernel: Kt, f0Test: ft0 });
    assert.ok(Math.abs(dyn.maxStableLearningRate - 2 / (c * 4)) < 1e-12 * dyn.maxStableLearningRate);
    for (const t of [0, 1, 7, 40]) {
      const ref = iterate(K, Kt, f0, ft0, y, eta, c, t);
      assert.ok(relMaxDiff(dyn.train(t), ref.f) < 1e-12, `train t=${t}: ${relMaxDiff(dyn.train(t), ref.f)}`);
      assert.ok(relMaxDiff(dyn.test(t), ref.ft) < 1e-12, `test t=${t}: ${relMaxDiff(dyn.test(t), ref.ft)}`);
    }
  });

  it('the full (N·C)×(N·C) kernel Θ ⊗ I gives the same dynamics as the per-output kernel', () => {
    const big = new Matrix(N * C, N * C);
    const bigT = new Matrix(M * C, N * C);
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) for (let o = 0; o < C; o++) big.set(i * C + o, j * C + o, K.get(i, j));
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) for (let o = 0; o < C; o++) bigT.set(i * C + o, j * C + o, Kt.get(i, j));
    const a = linearizedDynamics({ kernel: K, f0, y, learningRate: 3, testKernel: Kt, f0Test: ft0 });
    const b = linearizedDynamics({ kernel: big, f0, y, learningRate: 3, testKernel: bigT, f0Test: ft0 });
    for (const t of [5, 50]) {
      assert.ok(relMaxDiff(a.train(t), b.train(t)) < 1e-12);
      assert.ok(relMaxDiff(a.test(t), b.test(t)) < 1e-12);
    }
  });

  it('gradient flow solves df/dt = −ηcΘ(f − y) (central difference in t) and converges except along the null space', () => {
    const eta = 2;
    const dyn = linearizedDynamics({ kernel: K, f0, y, learningRate: eta, lossScale: 1 });
    const t = 0.7;
    const h = 1e-5;
    const dfdt = new Matrix(N, C, dyn.train(t + h, 'flow').data.map((v, i) => (v - dyn.train(t - h, 'flow').data[i]) / (2 * h)));
    const f = dyn.train(t, 'flow');
    const r = new Matrix(N, C, f.data.map((v, i) => v - y.data[i]));
    const rhs = naiveMatmul(K, r);
    assert.ok(relMaxDiff(dfdt, new Matrix(N, C, rhs.data.map((v) => -eta * v))) < 1e-8);
    // At t → ∞ only the null-space component of the residual remains: the loss stays positive.
    assert.ok(dyn.loss(1e6, 'flow') > 1e-6 && dyn.loss(1e6, 'flow') < dyn.loss(0, 'flow'));
  });

  it('rejects bad step counts and shapes', () => {
    const dyn = linearizedDynamics({ kernel: K, f0, y, learningRate: 1 });
    assert.throws(() => dyn.train(1.5), ConfigError);
    assert.throws(() => dyn.test(1), ConfigError);
    assert.throws(() => linearizedDynamics({ kernel: K, f0, y, learningRate: 0 }), ConfigError);
  });
});

describe('kernel spectra', () => {
  const rng = Rng.fromSeed(22);
  it('λ_min, λ_max, condition and trace of a known spectrum', () => {
    const k = withSpectrum(randomOrthogonal(rng, 5), [0.5, 1, 2, 3, 8]);
    const s = kernelSpectrum(k);
    assert.ok(Math.abs(s.lambdaMin - 0.5) < 1e-13 && Math.abs(s.lambdaMax - 8) < 1e-13);
    assert.ok(Math.abs(s.condition - 16) < 1e-11 && Math.abs(s.trace - 14.5) < 1e-12);
    assert.equal(s.singular, false);
  });
  it('a kernel singular to working precision reports condition ∞ (no NaN); a clearly indefinite one is an error', () => {
    const x = randomMatrix(rng, 6, 3);
    const gram = naiveMatmul(x, x, false, true); // rank 3
    const s = kernelSpectrum(gram);
    assert.equal(s.singular, true);
    assert.equal(s.condition, Infinity);
    assert.ok(!Number.isNaN(s.lambdaMin));
    const bad = withSpectrum(randomOrthogonal(rng, 4), [-0.1, 1, 2, 3]);
    assert.throws(() => kernelSpectrum(bad, 'G(0)'), (e: unknown) => e instanceof NotPositiveDefiniteError && /G\(0\) is not positive semi-definite/.test((e as Error).message));
  });
});
