import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ConfigError, NonFiniteError, OverparamError, ShapeError } from '../../src/errors.js';
import { eigh, eigvalsh, extremeEigen, lambdaMax, lambdaMin } from '../../src/linalg/eigen.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { forEachBackend, naiveMatmul, randomOrthogonal, relMaxDiff, withSpectrum } from '../helpers.js';

const EPS = Number.EPSILON;

/** ‖A·V − V·Λ‖_max / ‖A‖ and ‖VᵀV − I‖_max. */
function residuals(a: Matrix, values: Float64Array, v: Matrix): { eig: number; orth: number } {
  const av = naiveMatmul(a, v);
  let eig = 0;
  let scale = 0;
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < v.cols; j++) {
    eig = Math.max(eig, Math.abs(av.get(i, j) - v.get(i, j) * values[j]));
  }
  for (const x of a.data) scale = Math.max(scale, Math.abs(x));
  const vtv = naiveMatmul(v, v, true, false);
  let orth = 0;
  for (let i = 0; i < vtv.rows; i++) for (let j = 0; j < vtv.cols; j++) {
    orth = Math.max(orth, Math.abs(vtv.get(i, j) - (i === j ? 1 : 0)));
  }
  return { eig: eig / Math.max(scale, 1e-300), orth };
}

forEachBackend('symmetric eigen', () => {
  const rng = Rng.fromSeed(5).fold('eigen');

  for (const n of [1, 2, 3, 10, 57]) {
    it(`recovers a known spectrum (n = ${n}) with orthonormal vectors`, () => {
      const lambda = Float64Array.from({ length: n }, (_, i) => (i - n / 3) * 0.7 + rng.uniform() * 0.1);
      const sorted = lambda.slice().sort();
      const a = withSpectrum(randomOrthogonal(rng, n), lambda);
      const { values, vectors } = eigh(a);
      assert.ok(relMaxDiff(values, sorted) < 100 * n * EPS, `values off by ${relMaxDiff(values, sorted)}`);
      const r = residuals(a, values, vectors);
      assert.ok(r.eig < 100 * n * EPS, `residual ${r.eig}`);
      assert.ok(r.orth < 100 * n * EPS, `orthogonality ${r.orth}`);
      assert.ok(relMaxDiff(eigvalsh(a), sorted) < 100 * n * EPS);
    });
  }

  it('near-degenerate spectrum (clusters 1e-12 apart, exact repeats) keeps orthonormal vectors', () => {
    const n = 40;
    const lambda = Float64Array.from({ length: n }, (_, i) => (i < 10 ? 1 : i < 20 ? 1 + (i - 10) * 1e-12 : i < 30 ? -2 : 3 + i));
    const a = withSpectrum(randomOrthogonal(rng, n), lambda);
    const { values, vectors } = eigh(a);
    const sorted = lambda.slice().sort();
    assert.ok(relMaxDiff(values, sorted) < 1000 * EPS);
    const r = residuals(a, values, vectors);
    assert.ok(r.eig < 1000 * EPS && r.orth < 1000 * EPS, `residual ${r.eig}, orthogonality ${r.orth}`);
  });

  it('diagonal and zero matrices', () => {
    const d = Matrix.diagonal([3, -1, 2, 0]);
    assert.deepEqual(Array.from(eigvalsh(d)), [-1, 0, 2, 3]);
    assert.deepEqual(Array.from(eigvalsh(Matrix.zeros(3, 3))), [0, 0, 0]);
    assert.equal(eigvalsh(Matrix.zeros(0, 0)).length, 0);
  });

  it('the 2×2 closed form', () => {
    // [[a, b], [b, c]]: λ = (a + c)/2 ∓ √(((a − c)/2)² + b²)
    const [a, b, c] = [2.5, -1.25, 0.5];
    const m = Matrix.from([[a, b], [b, c]]);
    const r = Math.sqrt(((a - c) / 2) ** 2 + b * b);
    const v = eigvalsh(m);
    assert.ok(Math.abs(v[0] - ((a + c) / 2 - r)) < 4 * EPS * 3);
    assert.ok(Math.abs(v[1] - ((a + c) / 2 + r)) < 4 * EPS * 3);
  });

  it('extreme eigenpairs agree with the full decomposition', () => {
    const n = 30;
    const lambda = Float64Array.from({ length: n }, (_, i) => i * i * 0.01 - 1);
    const a = withSpectrum(randomOrthogonal(rng, n), lambda);
    const lo = extremeEigen(a, { count: 3, which: 'smallest', vectors: true });
    const hi = extremeEigen(a, { count: 2, which: 'largest', vectors: true });
    assert.ok(relMaxDiff(lo.values, lambda.subarray(0, 3)) < 1e-13);
    assert.ok(relMaxDiff(hi.values, lambda.subarray(n - 2)) < 1e-13);
    assert.ok(lo.vectors !== null && hi.vectors !== null);
    assert.ok(residuals(a, lo.values, lo.vectors).eig < 1e-12);
    assert.ok(residuals(a, hi.values, hi.vectors).eig < 1e-12);
    assert.ok(Math.abs(lambdaMin(a) - lambda[0]) < 1e-13);
    assert.ok(Math.abs(lambdaMax(a) - lambda[n - 1]) < 1e-13);
    assert.throws(() => extremeEigen(a, { count: n + 1 }), ConfigError);
  });

  it('refuses non-square, non-symmetric and non-finite input with clear errors', () => {
    assert.throws(() => eigh(new Matrix(2, 3)), (e: unknown) => e instanceof ShapeError && /2×3/.test(e.message));
    assert.throws(() => eigh(Matrix.from([[1, 2], [0, 1]])), (e: unknown) => e instanceof OverparamError && /not symmetric/.test(e.message));
    assert.throws(() => eigvalsh(Matrix.from([[1, NaN], [NaN, 1]])), (e: unknown) => e instanceof NonFiniteError && /NaN/.test(e.message));
  });
});
