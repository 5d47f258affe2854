/**
 * The portable gemv takes rows four (or two) at a time, yet sums every entry of y in index order: the
 * same bits as the plain one-row loop, for every row count around the blocking, both transposes, zeros
 * in x (rows skipped), α/β, a leading dimension past the columns, and NaN in y for β = 0.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { gemv } from '../../src/linalg/backends/portable/gemm.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { sameBits } from './gemmCheck.js';

function oneRowAtATime(
  trans: boolean, m: number, n: number, alpha: number, a: Float64Array, lda: number, x: Float64Array, beta: number, y: Float64Array,
): void {
  const rows = trans ? n : m;
  for (let i = 0; i < rows; i++) y[i] = beta === 0 ? 0 : beta * y[i];
  if (alpha === 0) return;
  for (let i = 0; i < m; i++) {
    if (!trans) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * lda + j] * x[j];
      y[i] += alpha * s;
    } else {
      const xi = alpha * x[i];
      if (xi === 0) continue;
      for (let j = 0; j < n; j++) y[j] += a[i * lda + j] * xi;
    }
  }
}

it('gemv equals the one-row loop bit for bit', () => {
  const rng = Rng.fromSeed(9).fold('gemv');
  for (const trans of [false, true]) {
    for (const m of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 37]) {
      for (const n of [1, 5, 33]) {
        for (const [alpha, beta] of [[1, 0], [-0.5, 2], [0, 1]]) {
          const lda = n + 2;
          const a = rng.fillNormal(new Float64Array(Math.max(1, m * lda)));
          const x = rng.fillNormal(new Float64Array(trans ? m : n));
          if (x.length > 2) x[1] = 0;
          const y0 = beta === 0 ? new Float64Array(trans ? n : m).fill(NaN) : rng.fillNormal(new Float64Array(trans ? n : m));
          const [got, want] = [y0.slice(), y0.slice()];
          gemv(trans, m, n, alpha, a, lda, x, beta, got);
          oneRowAtATime(trans, m, n, alpha, a, lda, x, beta, want);
          assert.ok(sameBits(got, want), `trans=${trans} m=${m} n=${n} α=${alpha} β=${beta}`);
        }
      }
    }
  }
});
