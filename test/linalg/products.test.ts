import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ShapeError } from '../../src/errors.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { gemm, gram, matmul, matvec } from '../../src/linalg/products.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { forEachBackend, naiveMatmul, randomMatrix, relMaxDiff } from '../helpers.js';

// Shapes (m, k, n) covering vectors, empty operands, non-square and block-boundary sizes of the
// portable GEMM (MC = 96, KC = 256, micro-tile 4×4).
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [1, 7, 1], [1, 9, 13], [13, 9, 1], [7, 1, 5], [0, 3, 4], [3, 0, 4], [3, 4, 0], [0, 0, 0],
  [5, 3, 2], [17, 33, 9], [97, 257, 5], [100, 300, 101], [129, 64, 130],
];

forEachBackend('GEMM', () => {
  const rng = Rng.fromSeed(11).fold('gemm');
  for (const [m, k, n] of SHAPES) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`op(A)·op(B) for ${m}×${k}·${k}×${n}, transA=${transA}, transB=${transB}`, () => {
          const a = transA ? randomMatrix(rng, k, m) : randomMatrix(rng, m, k);
          const b = transB ? randomMatrix(rng, n, k) : randomMatrix(rng, k, n);
          const ref = naiveMatmul(a, b, transA, transB);
          const c = matmul(a, b, { transA, transB });
          assert.deepEqual(c.shape, [m, n]);
          assert.ok(relMaxDiff(c, ref) < 1e-13 * Math.max(1, k), `rel diff ${relMaxDiff(c, ref)}`);
        });
      }
    }
  }

  it('applies α and β: C ← α·A·B + β·C', () => {
    const a = randomMatrix(rng, 6, 4);
    const b = randomMatrix(rng, 4, 5);
    const c0 = randomMatrix(rng, 6, 5);
    const c = c0.clone();
    gemm(-0.5, a, b, 2, c);
    const ab = naiveMatmul(a, b);
    const ref = new Matrix(6, 5, ab.data.map((v, i) => -0.5 * v + 2 * c0.data[i]));
    assert.ok(relMaxDiff(c, ref) < 1e-14);
  });

  it('β = 0 ignores NaN already in C (BLAS semantics)', () => {
    const a = randomMatrix(rng, 3, 3);
    const c = Matrix.filled(3, 3, NaN);
    gemm(1, a, Matrix.identity(3), 0, c);
    assert.ok(relMaxDiff(c, a) < 1e-15);
  });

  it('k = 0 gives β·C', () => {
    const c = Matrix.filled(2, 3, 4);
    gemm(1, new Matrix(2, 0), new Matrix(0, 3), 0.5, c);
    assert.deepEqual(Array.from(c.data), [2, 2, 2, 2, 2, 2]);
  });

  it('a shape mismatch names both shapes', () => {
    const a = new Matrix(3, 4);
    const b = new Matrix(5, 2);
    assert.throws(() => matmul(a, b), (e: unknown) => e instanceof ShapeError && /3×4/.test(e.message) && /5×2/.test(e.message));
    assert.throws(() => matmul(a, b, { transA: true }), (e: unknown) => e instanceof ShapeError && /Aᵀ is 4×3/.test(e.message));
    assert.throws(() => gemm(1, a, new Matrix(4, 2), 0, new Matrix(2, 2)), (e: unknown) => e instanceof ShapeError && /3×2/.test(e.message) && /2×2/.test(e.message));
  });

  for (const [m, n] of [[1, 5], [5, 1], [0, 3], [3, 0], [37, 23]] as const) {
    it(`matvec on ${m}×${n}, plain and transposed`, () => {
      const a = randomMatrix(rng, m, n);
      const x = rng.fillNormal(new Float64Array(n));
      const xt = rng.fillNormal(new Float64Array(m));
      assert.ok(relMaxDiff(matvec(a, x), naiveMatmul(a, Matrix.column(x)).data) < 1e-14);
      assert.ok(relMaxDiff(matvec(a, xt, { trans: true }), naiveMatmul(a, Matrix.column(xt), true).data) < 1e-14);
      assert.throws(() => matvec(a, new Float64Array(n + 1)), ShapeError);
    });
  }

  for (const [r, c] of [[1, 4], [4, 1], [0, 3], [3, 0], [25, 40], [40, 25]] as const) {
    it(`gram of a ${r}×${c} matrix (rows and columns) is exact and symmetric`, () => {
      const a = randomMatrix(rng, r, c);
      const g = gram(a);
      const gc = gram(a, { of: 'columns' });
      assert.ok(relMaxDiff(g, naiveMatmul(a, a, false, true)) < 1e-14);
      assert.ok(relMaxDiff(gc, naiveMatmul(a, a, true, false)) < 1e-14);
      for (const m of [g, gc]) {
        for (let i = 0; i < m.rows; i++) for (let j = 0; j < i; j++) assert.equal(m.get(i, j), m.get(j, i));
      }
    });
  }
});
