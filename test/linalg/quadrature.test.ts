import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, NonFiniteError, NotPositiveDefiniteError } from '../../src/errors.js';
import { bivariateGaussianExpectation, gaussHermite, gaussianExpectation } from '../../src/linalg/quadrature.js';
import { erf } from '../../src/linalg/special/erf.js';

const relu = (z: number): number => (z > 0 ? z : 0);

/** E[relu(u)relu(v)] for (u, v) ~ N(0, [[q1, c], [c, q2]]): the degree-1 arc-cosine kernel (Cho & Saul 2009). */
function arcCosine1(q1: number, q2: number, c: number): number {
  const theta = Math.acos(Math.max(-1, Math.min(1, c / Math.sqrt(q1 * q2))));
  return (Math.sqrt(q1 * q2) / (2 * Math.PI)) * (Math.sin(theta) + (Math.PI - theta) * Math.cos(theta));
}

/** E[erf(u)erf(v)] = (2/π)·arcsin(2c/√((1 + 2q1)(1 + 2q2))) (Williams 1997). */
function erfKernel(q1: number, q2: number, c: number): number {
  return (2 / Math.PI) * Math.asin((2 * c) / Math.sqrt((1 + 2 * q1) * (1 + 2 * q2)));
}

describe('Gauss–Hermite rule (probabilists\')', () => {
  it('has ascending, exactly symmetric nodes and positive weights summing to 1', () => {
    for (const n of [1, 2, 3, 4, 7, 20, 81, 200, 400]) {
      const { x, w } = gaussHermite(n);
      assert.equal(x.length, n);
      assert.equal(w.length, n);
      let s = 0;
      for (let k = 0; k < n; k++) {
        s += w[k];
        assert.ok(w[k] >= 0, `n = ${n}: weight ${k} = ${w[k]}`);
        assert.ok(x[k] === -x[n - 1 - k], `n = ${n}: node ${k} = ${x[k]} not mirrored`);
        assert.equal(w[k], w[n - 1 - k]);
        if (k > 0) assert.ok(x[k] > x[k - 1], `n = ${n}: nodes not ascending at ${k}`);
      }
      assert.ok(Math.abs(s - 1) <= 4 * n * Number.EPSILON, `n = ${n}: Σw − 1 = ${s - 1}`);
    }
  });

  it('knows the small rules in closed form', () => {
    assert.deepEqual([...gaussHermite(1).x], [0]);
    assert.deepEqual([...gaussHermite(1).w], [1]);
    const r2 = gaussHermite(2); // He_2 = z² − 1: nodes ±1, weights 1/2
    assert.ok(Math.abs(r2.x[1] - 1) <= 2 * Number.EPSILON && Math.abs(r2.w[0] - 0.5) <= 2 * Number.EPSILON);
    const r3 = gaussHermite(3); // He_3 = z³ − 3z: nodes 0, ±√3, weights 2/3, 1/6
    assert.ok(Math.abs(r3.x[2] - Math.sqrt(3)) <= 4 * Number.EPSILON);
    assert.ok(Math.abs(r3.w[1] - 2 / 3) <= 2 * Number.EPSILON && Math.abs(r3.w[0] - 1 / 6) <= 2 * Number.EPSILON);
  });

  it('integrates z^{2k} to (2k−1)!! for every 2k < 2n, to 1e-13 relatively', () => {
    // Measured worst over these n: 1.4e-15 (E[z^78] with 80 nodes). The outer weights are ~e^{−x²/2}
    // small and carry the high moments, which is why they are taken from the Christoffel function.
    for (const n of [2, 5, 10, 20, 40, 80]) {
      const { x, w } = gaussHermite(n);
      let df = 1;
      for (let k = 1; 2 * k < 2 * n; k++) {
        df *= 2 * k - 1;
        let m = 0;
        for (let i = 0; i < n; i++) m += w[i] * x[i] ** (2 * k);
        assert.ok(Math.abs(m - df) <= 1e-13 * df, `n = ${n}: E[z^${2 * k}] = ${m}, exact ${df}`);
        let odd = 0;
        for (let i = 0; i < n; i++) odd += w[i] * x[i] ** (2 * k - 1);
        assert.ok(Math.abs(odd) <= 1e-13 * df, `n = ${n}: E[z^${2 * k - 1}] = ${odd}`);
      }
    }
  });

  it('misses z^{2n} by exactly n! (the rule is Gaussian, not better)', () => {
    // z^{2n} = He_n(z)² + (lower degree), E[He_n²] = n!, and the rule gives He_n² = 0 at its nodes, so the
    // rule returns (2n−1)!! − n!. n ≤ 20 keeps n!/(2n−1)!! ≥ 1e-5, far above round-off.
    for (const n of [1, 2, 5, 10, 20]) {
      const { x, w } = gaussHermite(n);
      let df = 1;
      let fact = 1;
      for (let k = 1; k <= n; k++) {
        df *= 2 * k - 1;
        fact *= k;
      }
      let m = 0;
      for (let i = 0; i < n; i++) m += w[i] * x[i] ** (2 * n);
      assert.ok(Math.abs(m - (df - fact)) <= 1e-13 * df, `n = ${n}: rule gives ${m}, expected ${df - fact}`);
    }
  });

  it('E[cos z] = e^{−1/2} and E[e^z] = e^{1/2} at the default 80 nodes', () => {
    // Measured: 4.4e-16 and 1.3e-16 relative (sums of 80 rounded terms).
    assert.ok(Math.abs(gaussianExpectation(Math.cos) - Math.exp(-0.5)) <= 1e-15);
    assert.ok(Math.abs(gaussianExpectation(Math.exp) - Math.exp(0.5)) <= 4e-16 * Math.exp(0.5));
    // and too few nodes visibly miss it
    assert.ok(Math.abs(gaussianExpectation(Math.cos, 3) - Math.exp(-0.5)) > 1e-3);
  });

  it('caches rules per node count', () => {
    assert.equal(gaussHermite(33), gaussHermite(33));
  });

  it('rejects node counts outside 1..400 with ConfigError', () => {
    for (const n of [0, -1, 401, 2.5, NaN, Infinity]) {
      assert.throws(() => gaussHermite(n), ConfigError, `n = ${n}`);
      assert.throws(() => gaussianExpectation(Math.cos, n), ConfigError);
      assert.throws(() => bivariateGaussianExpectation((u, v) => u * v, 1, 1, 0, n), ConfigError);
    }
    assert.throws(() => gaussHermite(0), /integer from 1 to 400; got 0/);
  });
});

describe('bivariate Gaussian expectation', () => {
  const covs: [number, number, number][] = [
    [1, 1, 0.5],
    [2, 0.5, -0.3],
    [1.3, 0.7, 0.9],
    [0.2, 3, 0.1],
    [1, 1, 0.999],
    [1, 1, 1],
    [1, 1, -1],
  ];

  it('reproduces E[uv] = c and E[u²v²] = q1·q2 + 2c² (polynomials: exact)', () => {
    for (const [q1, q2, c] of covs) {
      const e1 = bivariateGaussianExpectation((u, v) => u * v, q1, q2, c, 5);
      const e2 = bivariateGaussianExpectation((u, v) => u * u * v * v, q1, q2, c, 5);
      assert.ok(Math.abs(e1 - c) <= 1e-14, `E[uv] = ${e1} for ${[q1, q2, c]}`);
      assert.ok(Math.abs(e2 - (q1 * q2 + 2 * c * c)) <= 1e-14 * (q1 * q2 + 2 * c * c), `E[u²v²] = ${e2}`);
      const eu2 = bivariateGaussianExpectation((u) => u * u, q1, q2, c, 5);
      const ev2 = bivariateGaussianExpectation((_u, v) => v * v, q1, q2, c, 5);
      assert.ok(Math.abs(eu2 - q1) <= 1e-14 * q1 && Math.abs(ev2 - q2) <= 1e-14 * q2, `${eu2}, ${ev2}`);
    }
  });

  it('matches the erf kernel (2/π)·arcsin(2c/√((1+2q1)(1+2q2))) tightly (smooth integrand)', () => {
    // Measured errors: ≤ 4.5e-10 at the default 60 nodes (worst: q2 = 3, where erf(v) saturates sharply;
    // ≤ 1.6e-12 for the others), ≤ 1.6e-15 at 100 nodes.
    for (const [q1, q2, c] of covs) {
      const ref = erfKernel(q1, q2, c);
      const f = (u: number, v: number): number => erf(u) * erf(v);
      const e60 = bivariateGaussianExpectation(f, q1, q2, c);
      const e100 = bivariateGaussianExpectation(f, q1, q2, c, 100);
      assert.ok(Math.abs(e60 - ref) <= 1e-9, `60 nodes: ${e60} vs ${ref} for ${[q1, q2, c]}`);
      assert.ok(Math.abs(e100 - ref) <= 5e-15, `100 nodes: ${e100} vs ${ref} for ${[q1, q2, c]}`);
    }
  });

  it('converges to the ReLU arc-cosine kernel at the algebraic rate a kink allows', () => {
    // The kink of relu(u) at z1 = 0 and of relu(v) on a slanted line make the error decay only like
    // ~1/nodes (measured relative errors at 200 nodes: 9e-4, 3.5e-3, 2.3e-4, 7.6e-6 for the first four
    // covariances below). So: a 5e-3 bound at 200 nodes, plus a check that doubling the nodes at least
    // nearly halves the error, which an integrand or rule bug would not do.
    for (const [q1, q2, c] of covs.slice(0, 4)) {
      const ref = arcCosine1(q1, q2, c);
      const f = (u: number, v: number): number => relu(u) * relu(v);
      const err100 = Math.abs(bivariateGaussianExpectation(f, q1, q2, c, 100) - ref) / ref;
      const err200 = Math.abs(bivariateGaussianExpectation(f, q1, q2, c, 200) - ref) / ref;
      assert.ok(err200 <= 5e-3, `relative error ${err200} at 200 nodes for ${[q1, q2, c]}`);
      assert.ok(err200 <= 0.6 * err100, `no convergence: ${err100} → ${err200} for ${[q1, q2, c]}`);
    }
    // At perfect correlation relu(u)relu(v) = relu(u)², symmetric-even: the rule is exact.
    const ref = arcCosine1(1, 1, 1);
    assert.ok(Math.abs(bivariateGaussianExpectation((u, v) => relu(u) * relu(v), 1, 1, 1) - ref) <= 1e-15);
  });

  it('clamps round-off above perfect correlation instead of producing NaN', () => {
    const q1 = 0.1;
    const q2 = 0.3;
    let c = Math.sqrt(q1 * q2);
    while (c * c <= q1 * q2) c *= 1 + Number.EPSILON; // c² just above q1·q2, by round-off only
    assert.ok(q2 - (c / q1) * c < 0, 'the test should exercise the clamp');
    const e = bivariateGaussianExpectation((u, v) => u * v, q1, q2, c, 8);
    assert.ok(Number.isFinite(e));
    assert.ok(Math.abs(e - c) <= 1e-15);
    const r = bivariateGaussianExpectation((u, v) => Math.sqrt(Math.abs(u * v)), q1, q2, c, 8);
    assert.ok(Number.isFinite(r), `E[√|uv|] = ${r}`);
  });

  it('handles a zero variance', () => {
    const e = bivariateGaussianExpectation((u, v) => u * u + v * v, 0, 2, 0, 4);
    assert.ok(Math.abs(e - 2) <= 1e-15);
    const e2 = bivariateGaussianExpectation((u, v) => u * u + v * v, 2, 0, 0, 4);
    assert.ok(Math.abs(e2 - 2) <= 1e-15);
    assert.equal(bivariateGaussianExpectation((u, v) => u + v + 1, 0, 0, 0, 4), 1);
  });

  it('rejects a covariance that is not PSD beyond round-off, and non-finite entries', () => {
    assert.throws(() => bivariateGaussianExpectation((u, v) => u * v, 1, 1, 1.001), NotPositiveDefiniteError);
    assert.throws(() => bivariateGaussianExpectation((u, v) => u * v, -1, 1, 0), NotPositiveDefiniteError);
    assert.throws(() => bivariateGaussianExpectation((u, v) => u * v, 0, 1, 0.1), NotPositiveDefiniteError);
    assert.throws(() => bivariateGaussianExpectation((u, v) => u * v, NaN, 1, 0), NonFiniteError);
  });
});
