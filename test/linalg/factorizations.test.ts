import assert from 'node:assert/strict';
import { it } from 'node:test';
import { NotPositiveDefiniteError, ShapeError } from '../../src/errors.js';
import { cholesky, choleskySolve, qr, solveSPD } from '../../src/linalg/factorizations.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { forEachBackend, naiveMatmul, randomMatrix, randomOrthogonal, relMaxDiff, withSpectrum } from '../helpers.js';

forEachBackend('Cholesky', () => {
  const rng = Rng.fromSeed(7).fold('cholesky');

  for (const n of [1, 2, 9, 64]) {
    it(`factors and solves an SPD matrix (n = ${n})`, () => {
      const lambda = Float64Array.from({ length: n }, () => 0.5 + rng.uniform() * 4);
      const a = withSpectrum(randomOrthogonal(rng, n), lambda);
      const l = cholesky(a);
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) assert.equal(l.get(i, j), 0);
      assert.ok(relMaxDiff(naiveMatmul(l, l, false, true), a) < 1e-13);
      const xTrue = randomMatrix(rng, n, 3);
      const b = naiveMatmul(a, xTrue);
      assert.ok(relMaxDiff(choleskySolve(l, b), xTrue) < 1e-11);
      assert.ok(relMaxDiff(solveSPD(a, b), xTrue) < 1e-11);
      const v = b.col(0);
      assert.ok(relMaxDiff(choleskySolve(l, v), xTrue.col(0)) < 1e-11);
    });
  }

  it('refuses a nearly singular matrix with a clear error, accepts it with a ridge', () => {
    // Gram matrix of points with an exact duplicate: rank-deficient, PSD.
    const x = randomMatrix(rng, 6, 3);
    x.row(5).set(x.row(2));
    const g = naiveMatmul(x, x, false, true);
    assert.throws(() => cholesky(g), (e: unknown) => e instanceof NotPositiveDefiniteError && /singular|not positive definite/.test(e.message) && /6×6/.test(e.message));
    const l = cholesky(g, { jitter: 1e-6 });
    assert.ok(Number.isFinite(l.get(5, 5)) && l.get(5, 5) > 0);
  });

  it('refuses an indefinite matrix naming the failing pivot', () => {
    const a = Matrix.from([[1, 2], [2, 1]]);
    assert.throws(() => cholesky(a), (e: unknown) => e instanceof NotPositiveDefiniteError && /pivot 2/.test(e.message));
  });

  it('refuses a spectrum at the round-off level (λ_min / λ_max = 1e-18)', () => {
    const n = 8;
    const lambda = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 1e-18 : 1 + i));
    const a = withSpectrum(randomOrthogonal(rng, n), lambda);
    assert.throws(() => cholesky(a), NotPositiveDefiniteError);
  });

  it('shape errors name the shapes', () => {
    assert.throws(() => cholesky(new Matrix(2, 3)), (e: unknown) => e instanceof ShapeError && /2×3/.test(e.message));
    assert.throws(() => choleskySolve(Matrix.identity(3), new Matrix(4, 1)), (e: unknown) => e instanceof ShapeError && /3×3/.test(e.message) && /4×1/.test(e.message));
  });
});

forEachBackend('QR', () => {
  const rng = Rng.fromSeed(8).fold('qr');
  for (const [m, n] of [[1, 1], [1, 4], [4, 1], [6, 6], [40, 7], [7, 40], [0, 3], [3, 0]] as const) {
    it(`thin QR of a ${m}×${n} matrix`, () => {
      const a = randomMatrix(rng, m, n);
      const { q, r } = qr(a);
      const p = Math.min(m, n);
      assert.deepEqual(q.shape, [m, p]);
      assert.deepEqual(r.shape, [p, n]);
      for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) assert.equal(r.get(i, j), 0);
      assert.ok(relMaxDiff(naiveMatmul(q, r), a) < 1e-13);
      assert.ok(relMaxDiff(naiveMatmul(q, q, true, false), Matrix.identity(p)) < 1e-13);
    });
  }

  it('rank-deficient input still gives orthonormal Q and Q·R = A', () => {
    const b = randomMatrix(rng, 12, 2);
    const a = naiveMatmul(b, randomMatrix(rng, 2, 5)); // rank 2
    const { q, r } = qr(a);
    assert.ok(relMaxDiff(naiveMatmul(q, r), a) < 1e-13);
    assert.ok(relMaxDiff(naiveMatmul(q, q, true, false), Matrix.identity(5)) < 1e-12);
  });

  it('a known orthogonal matrix factors as itself up to column signs', () => {
    const o = randomOrthogonal(rng, 5);
    const { r } = qr(o);
    for (let i = 0; i < 5; i++) assert.ok(Math.abs(Math.abs(r.get(i, i)) - 1) < 1e-14);
  });
});
