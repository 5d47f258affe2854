import assert from 'node:assert/strict';
import { it } from 'node:test';
import { NonFiniteError } from '../../src/errors.js';
import { lanczos } from '../../src/linalg/lanczos.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { differenceNorm, frobeniusNorm, spectralNorm } from '../../src/linalg/norms.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { forEachBackend, naiveMatmul, randomOrthogonal, withSpectrum } from '../helpers.js';

/** U·diag(σ)·Vᵀ with the given singular values (m×n, m ≥ n). */
function withSingularValues(rng: Rng, m: number, n: number, sigma: number[]): Matrix {
  const u = randomOrthogonal(rng, m);
  const v = randomOrthogonal(rng, n);
  const s = new Matrix(m, n);
  sigma.forEach((x, i) => s.set(i, i, x));
  return naiveMatmul(naiveMatmul(u, s), v, false, true);
}

forEachBackend('norms', () => {
  const rng = Rng.fromSeed(9).fold('norms');

  it('Frobenius norm: closed form and no overflow', () => {
    assert.equal(frobeniusNorm(Matrix.from([[3, 4], [0, 12]])), 13);
    assert.equal(frobeniusNorm(Matrix.from([[3e300, 4e300]])), 5e300);
    assert.equal(frobeniusNorm(Matrix.from([[3e-300, 4e-300]])), 5e-300);
    assert.equal(frobeniusNorm(new Matrix(0, 4)), 0);
  });

  it('difference norm: closed form, no overflow, only the first n entries, and frobeniusNorm of a − b bit for bit', () => {
    assert.equal(differenceNorm(Float64Array.of(4, 6, 12, 99), Float64Array.of(1, 2, 0, 0), 3), 13);
    assert.equal(differenceNorm(Float64Array.of(3e300, -4e300), Float64Array.of(0, 0), 2), 5e300);
    assert.equal(differenceNorm(Float64Array.of(1, 2), Float64Array.of(1, 2), 2), 0);
    const a = new Float64Array(1000);
    const b = new Float64Array(1000);
    rng.fillNormal(a);
    rng.fillNormal(b);
    assert.equal(differenceNorm(a, b, 1000), frobeniusNorm(a.map((v, i) => v - b[i])));
  });

  it('Frobenius norm within (n + 1)·ε of the exact √Σx² at every scale, through both of its sums', () => {
    const n = 1000;
    const base = new Float64Array(n);
    rng.fillNormal(base);
    // 1: the plain sum; 1e±200: squares overflow or underflow, so the scaled sum must serve; 1e−310: subnormal entries.
    for (const scale of [1, 1e-150, 1e150, 1e-200, 1e200, 1e-310, 1e305]) {
      const a = base.map((x) => x * scale);
      const exact = exactNorm(a);
      assert.ok(exact > 0 && Number.isFinite(exact), `reference at scale ${scale}`);
      const got = frobeniusNorm(a);
      assert.ok(Math.abs(got - exact) <= (n + 1) * 2 ** -52 * exact, `scale ${scale}: ${got} against ${exact}`);
      const b = base.map((x) => -0.5 * x * scale);
      assert.equal(differenceNorm(a, b, n), frobeniusNorm(a.map((v, i) => v - b[i])), `difference at scale ${scale}`);
    }
    // One huge entry among ordinary ones, one tiny among ordinary ones (its square underflows, harmlessly).
    const mixed = Float64Array.of(1e300, 1, 2, 3);
    assert.equal(frobeniusNorm(mixed), 1e300);
    const tiny = Float64Array.of(3, 4, 1e-320);
    assert.equal(frobeniusNorm(tiny), 5);
    assert.equal(frobeniusNorm(Float64Array.of(0, -0, 0)), 0);
    assert.equal(frobeniusNorm(Float64Array.of(1, Infinity, 2)), Infinity);
    assert.equal(frobeniusNorm(Float64Array.of(1, -Infinity)), Infinity);
    assert.ok(Number.isNaN(frobeniusNorm(Float64Array.of(1, NaN, 2))));
    assert.ok(Number.isNaN(differenceNorm(Float64Array.of(Infinity), Float64Array.of(Infinity), 1)));
  });

  it('spectral norm of matrices past the dense limit (Lanczos on the portable backend): the largest singular value to 1e-12, even with a tight top cluster', () => {
    for (const [gap, label] of [[0.05, 'gap 1%'], [1e-9, 'gap 2e-10'], [0, 'double']] as const) {
      const sigma = Array.from({ length: 120 }, (_, i) => (i === 0 ? 5 : i === 1 ? 5 - gap : 4 * Math.exp(-i / 30)));
      const a = withSingularValues(rng, 160, 120, sigma);
      for (const m of [a, a.transpose()]) {
        const got = spectralNorm(m);
        assert.ok(Math.abs(got - 5) <= 2e-12 * 5, `${label}, ${m.shapeString}: ${got}`);
      }
    }
  });

  it('spectral norm equals the largest singular value (tall, wide, symmetric)', () => {
    const sigma = [5, 3, 2.5, 0.1];
    const a = withSingularValues(rng, 9, 4, sigma);
    assert.ok(Math.abs(spectralNorm(a) - 5) < 1e-13);
    assert.ok(Math.abs(spectralNorm(a.transpose()) - 5) < 1e-13);
    const s = withSpectrum(randomOrthogonal(rng, 6), [-7, 1, 2, 3, 4, 6.5]);
    assert.ok(Math.abs(spectralNorm(s, { symmetric: true }) - 7) < 1e-13);
    assert.ok(Math.abs(spectralNorm(s) - 7) < 1e-13);
    assert.equal(spectralNorm(new Matrix(0, 3)), 0);
    assert.throws(() => spectralNorm(Matrix.from([[Infinity]])), NonFiniteError);
  });
});

it('Lanczos finds the extreme eigenvalues of an operator given as a function', () => {
  const rng = Rng.fromSeed(10).fold('lanczos');
  const n = 120;
  const lambda = Float64Array.from({ length: n }, (_, i) => (i === 0 ? -9 : i === n - 1 ? 12 : Math.sin(i)));
  const a = withSpectrum(randomOrthogonal(rng, n), lambda);
  const op = (v: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a.get(i, j) * v[j];
      out[i] = s;
    }
  };
  const top = lanczos(op, n, { which: 'largest', vectors: true });
  assert.ok(top.converged);
  assert.ok(Math.abs(top.values[0] - 12) < 1e-9, `λ_max ${top.values[0]}`);
  const v = top.vectors![0];
  const av = new Float64Array(n);
  op(v, av);
  let res = 0;
  for (let i = 0; i < n; i++) res = Math.max(res, Math.abs(av[i] - 12 * v[i]));
  assert.ok(res < 1e-6, `Ritz vector residual ${res}`);
  const bottom = lanczos(op, n, { which: 'smallest' });
  assert.ok(Math.abs(bottom.values[0] + 9) < 1e-9);
  const mag = lanczos(op, n, { which: 'magnitude', count: 2 });
  assert.ok(Math.abs(mag.values[0] - 12) < 1e-9 && Math.abs(mag.values[1] + 9) < 1e-9);
  // An operator of rank 2 is exhausted after two steps (invariant subspace): the result is exact.
  const small = lanczos((x, out) => { out.fill(0); out[0] = 3 * x[0]; out[1] = -x[1]; }, 50, { which: 'magnitude' });
  assert.ok(small.converged && Math.abs(small.values[0] - 3) < 1e-12 && small.iterations <= 3);
});

it('Lanczos works on large operators (n = 300 000, a diagonal one)', () => {
  const n = 300000;
  const d = Float64Array.from({ length: n }, (_, i) => (i === 17 ? 5 : Math.sin(i)));
  const res = lanczos((v, out) => { for (let i = 0; i < n; i++) out[i] = d[i] * v[i]; }, n, { which: 'magnitude', maxIterations: 60, tolerance: 1e-8 });
  assert.ok(Math.abs(res.values[0] - 5) < 1e-6, `${res.values[0]}`);
});

/** √Σx², correctly rounded up to the last bit: the squares summed exactly as integers (BigInt) at 2^−2148. */
function exactNorm(a: Float64Array): number {
  let sum = 0n;
  const view = new DataView(new ArrayBuffer(8));
  for (const x of a) {
    view.setFloat64(0, Math.abs(x));
    const bits = view.getBigUint64(0);
    const exp = Number(bits >> 52n);
    const frac = bits & ((1n << 52n) - 1n);
    // |x| = m·2^(e − 1074) with m an integer: normal m = 2^52 + frac, e = exp − 1; subnormal m = frac, e = 0.
    const [m, e] = exp === 0 ? [frac, 0n] : [frac | (1n << 52n), BigInt(exp - 1)];
    sum += (m * m) << (2n * e); // x² = m²·2^(2e − 2148)
  }
  if (sum === 0n) return 0;
  // √(sum·2^−2148) = √(sum·2^−2k)·2^(k − 1074): keep about 120 bits under the root.
  const k = Math.max(0, Math.ceil((sum.toString(2).length - 120) / 2));
  const s = sum >> BigInt(2 * k);
  let r = BigInt(Math.floor(Math.sqrt(Number(s))));
  for (let i = 0; i < 8; i++) r = (r + s / r) >> 1n;
  return Number(r) * 2 ** (k - 1074);
}

