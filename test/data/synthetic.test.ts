import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classIndices } from '../../src/data/dataset.js';
import {
  circles,
  du2019Data,
  embedOnSphere,
  fillUnitVariance,
  fourthMoment,
  rnnSequences,
  teacherStudentData,
  threeClusters,
  twoMoons,
  unitSphere,
  xor,
  zou2018Data,
  type EntryDistribution,
} from '../../src/data/synthetic.js';
import { ConfigError, NonFiniteError, ShapeError } from '../../src/errors.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';

/** Plain Euclidean norm of row i (the test's own computation). */
function rowNorm(m: Matrix, i: number): number {
  let s = 0;
  for (let k = 0; k < m.cols; k++) s += m.get(i, k) ** 2;
  return Math.sqrt(s);
}

function dist(a: Matrix, i: number, j: number): number {
  let s = 0;
  for (let k = 0; k < a.cols; k++) s += (a.get(i, k) - a.get(j, k)) ** 2;
  return Math.sqrt(s);
}

function assertUnitRows(m: Matrix, tol = 1e-15): void {
  for (let i = 0; i < m.rows; i++) {
    const e = Math.abs(rowNorm(m, i) - 1);
    assert.ok(e <= tol, `row ${i} has norm 1 ${e >= 0 ? '+' : ''}${e}`);
  }
}

function bits(m: Matrix | Matrix[]): Buffer {
  const list = Array.isArray(m) ? m : [m];
  return Buffer.concat(list.map((a) => Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength)));
}

/** mean and standard error of the mean. */
function meanSe(v: ArrayLike<number>): { mean: number; se: number; variance: number } {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  const mean = s / v.length;
  let q = 0;
  for (let i = 0; i < v.length; i++) q += (v[i] - mean) ** 2;
  const variance = q / (v.length - 1);
  return { mean, se: Math.sqrt(variance / v.length), variance };
}

function within(value: number, expected: number, se: number, z = 4, what = ''): void {
  assert.ok(Math.abs(value - expected) <= z * se, `${what} ${value} is more than ${z} standard errors (${se}) from ${expected}`);
}

describe('unitSphere', () => {
  it('draws unit vectors with the uniform distribution’s moments', () => {
    const n = 20000;
    const d = 5;
    const x = unitSphere({ n, d, rng: Rng.fromSeed(1) });
    assert.deepEqual(x.shape, [n, d]);
    assertUnitRows(x);
    for (let k = 0; k < d; k++) {
      const c = x.col(k);
      within(meanSe(c).mean, 0, Math.sqrt(1 / (d * n)), 4, `mean of coordinate ${k}`);
      // E x_k² = 1/d, Var x_k² = 3/(d(d+2)) − 1/d²
      within(meanSe(c.map((v) => v * v)).mean, 1 / d, Math.sqrt((3 / (d * (d + 2)) - 1 / d ** 2) / n), 4, `E x_${k}²`);
    }
  });

  it('reproduces bit for bit per seed and differs across seeds', () => {
    const a = unitSphere({ n: 50, d: 7, rng: Rng.fromSeed(3) });
    const b = unitSphere({ n: 50, d: 7, rng: Rng.fromSeed(3) });
    const c = unitSphere({ n: 50, d: 7, rng: Rng.fromSeed(4) });
    assert.ok(bits(a).equals(bits(b)));
    assert.ok(!bits(a).equals(bits(c)));
  });
});

describe('du2019Data (unit-norm, non-parallel inputs)', () => {
  it('has unit rows, Gaussian n×1 targets and the separation it promises', () => {
    const s = 0.15;
    const ds = du2019Data({ n: 10, d: 2, rng: Rng.fromSeed(5), minSeparation: s }); // d = 2 forces rejections
    assert.deepEqual(ds.x.shape, [10, 2]);
    assert.deepEqual(ds.y.shape, [10, 1]);
    assertUnitRows(ds.x);
    let maxCos = 0;
    let minDist = Infinity;
    let fromParallel = Infinity;
    for (let i = 0; i < 10; i++) {
      for (let j = 0; j < i; j++) {
        let dot = 0;
        for (let k = 0; k < 2; k++) dot += ds.x.get(i, k) * ds.x.get(j, k);
        maxCos = Math.max(maxCos, Math.abs(dot));
        minDist = Math.min(minDist, dist(ds.x, i, j));
        fromParallel = Math.min(fromParallel, Math.sqrt(Math.max(0, 2 - 2 * Math.abs(dot))));
      }
    }
    assert.ok(maxCos <= 1 - (s * s) / 2 + 1e-15, `max |cos| ${maxCos}`);
    assert.ok(fromParallel >= s - 1e-12);
    assert.ok(Math.abs((ds.meta['maxAbsCosine'] as number) - maxCos) < 1e-14);
    assert.ok(Math.abs((ds.meta['minDistance'] as number) - minDist) < 1e-14);
    assert.ok(Math.abs((ds.meta['minDistanceFromParallel'] as number) - fromParallel) < 1e-7);
    assert.equal(ds.meta['paper'], 'du2019');
  });

  it('uses given targets, reproduces per seed, and refuses what cannot be done', () => {
    const y = Float64Array.from({ length: 6 }, (_, i) => i);
    const ds = du2019Data({ n: 6, d: 4, rng: Rng.fromSeed(1), y });
    assert.deepEqual(Array.from(ds.y.data), Array.from(y));
    const a = du2019Data({ n: 30, d: 8, rng: Rng.fromSeed(9) });
    const b = du2019Data({ n: 30, d: 8, rng: Rng.fromSeed(9) });
    const c = du2019Data({ n: 30, d: 8, rng: Rng.fromSeed(10) });
    assert.ok(bits([a.x, a.y]).equals(bits([b.x, b.y])));
    assert.ok(!bits(a.x).equals(bits(c.x)));
    // Gaussian targets: mean 0, variance 1
    const big = du2019Data({ n: 1000, d: 10, rng: Rng.fromSeed(2), minSeparation: 0 });
    const st = meanSe(big.y.data);
    within(st.mean, 0, st.se, 4, 'mean of y');
    within(st.variance, 1, Math.sqrt(2 / 1000), 4, 'variance of y');
    assert.throws(() => du2019Data({ n: 3, d: 1, rng: Rng.fromSeed(1) }), ConfigError);
    // |cos| ≤ 0.5 leaves room for at most 3 lines through the origin in the plane
    assert.throws(() => du2019Data({ n: 4, d: 2, rng: Rng.fromSeed(1), minSeparation: 1, maxTries: 200 }), /could not place point [34] of 4/);
    assert.throws(() => du2019Data({ n: 3, d: 4, rng: Rng.fromSeed(1), y: [1, 2] }), ShapeError);
  });
});

describe('zou2018Data (A3.4 unit norm and last coordinate μ, A3.5 φ-separation)', () => {
  for (const rule of ['sign', 'clusters'] as const) {
    it(`rule '${rule}': unit rows, exact μ, ±1 labels, opposite labels ≥ φ apart (recomputed)`, () => {
      const mu = 0.5;
      const phi = 0.3;
      const n = 60;
      const d = 5;
      const ds = zou2018Data({ n, d, mu, phi, rule, rng: Rng.fromSeed(11) });
      assert.deepEqual(ds.x.shape, [n, d]);
      assert.deepEqual(ds.y.shape, [n, 1]);
      assertUnitRows(ds.x);
      for (let i = 0; i < n; i++) assert.equal(ds.x.get(i, d - 1), mu);
      assert.ok(ds.y.data.every((v) => v === 1 || v === -1));
      let phiHat = Infinity;
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) if (ds.y.data[i] !== ds.y.data[j]) phiHat = Math.min(phiHat, dist(ds.x, i, j));
      assert.ok(phiHat >= phi, `empirical φ ${phiHat} < ${phi}`);
      assert.equal(ds.meta['phi'], phiHat);
      assert.equal((ds.meta['positives'] as number) + (ds.meta['negatives'] as number), n);
      if (rule === 'sign') {
        // the rule: y = sign(z_1), and z_1 is the first coordinate up to a positive factor
        for (let i = 0; i < n; i++) assert.equal(Math.sign(ds.x.get(i, 0)), ds.y.data[i]);
      }
    });
  }

  it('labels are balanced in expectation and seeds reproduce', () => {
    const n = 4000;
    const ds = zou2018Data({ n, d: 10, rng: Rng.fromSeed(12) });
    within(ds.meta['positives'] as number, n / 2, Math.sqrt(n / 4), 4, 'positives');
    const a = zou2018Data({ n: 40, d: 6, phi: 0.4, rule: 'clusters', rng: Rng.fromSeed(13) });
    const b = zou2018Data({ n: 40, d: 6, phi: 0.4, rule: 'clusters', rng: Rng.fromSeed(13) });
    const c = zou2018Data({ n: 40, d: 6, phi: 0.4, rule: 'clusters', rng: Rng.fromSeed(14) });
    assert.ok(bits([a.x, a.y]).equals(bits([b.x, b.y])));
    assert.ok(!bits(a.x).equals(bits(c.x)));
  });

  it('refuses impossible and infeasible separations clearly', () => {
    assert.throws(() => zou2018Data({ n: 10, d: 4, mu: 0.5, phi: 1.8, rng: Rng.fromSeed(1) }), /impossible.*2√\(1 − μ²\)/);
    assert.throws(
      () => zou2018Data({ n: 400, d: 3, mu: 0.5, phi: 1.7, maxTries: 50, rng: Rng.fromSeed(1) }),
      (e: unknown) => e instanceof ConfigError && /could not place point \d+ of 400.*lower φ or n/.test(e.message),
    );
    assert.throws(() => zou2018Data({ n: 10, d: 1, rng: Rng.fromSeed(1) }), ConfigError);
    assert.throws(() => zou2018Data({ n: 10, d: 4, mu: 1, rng: Rng.fromSeed(1) }), ConfigError);
  });
});

describe('teacherStudentData (chen2018)', () => {
  const dists: EntryDistribution[] = ['gaussian', 'uniform', 'rademacher', 'laplace'];
  for (const dist of dists) {
    it(`'${dist}' entries have mean 0, variance 1 and the stated fourth moment`, () => {
      const v = fillUnitVariance(Rng.fromSeed(21), dist, new Float64Array(200000));
      const st = meanSe(v);
      within(st.mean, 0, st.se, 4, 'mean');
      const sq = meanSe(v.map((t) => t * t));
      within(sq.mean, 1, sq.se, 4, 'E z²');
      const q = meanSe(v.map((t) => t ** 4));
      within(q.mean, fourthMoment(dist), q.se, 5, 'E z⁴');
    });
  }

  it('labels with the teacher and checks what it returns', () => {
    const teacher = (x: Matrix): Matrix => {
      const y = new Matrix(x.rows, 1);
      for (let i = 0; i < x.rows; i++) y.data[i] = Math.tanh(x.get(i, 0) - 2 * x.get(i, 1));
      return y;
    };
    const ds = teacherStudentData({ n: 25, d: 3, rng: Rng.fromSeed(4), teacher, distribution: 'rademacher' });
    assert.deepEqual(ds.x.shape, [25, 3]);
    assert.ok(ds.x.data.every((v) => v === 1 || v === -1));
    assert.deepEqual(Array.from(ds.y.data), Array.from(teacher(ds.x).data));
    const again = teacherStudentData({ n: 25, d: 3, rng: Rng.fromSeed(4), teacher, distribution: 'rademacher' });
    assert.ok(bits(ds.x).equals(bits(again.x)));
    assert.throws(() => teacherStudentData({ n: 5, d: 2, rng: Rng.fromSeed(1), teacher: () => new Matrix(4, 1) }), ShapeError);
    assert.throws(() => teacherStudentData({ n: 2, d: 2, rng: Rng.fromSeed(1), teacher: () => Matrix.from([[NaN], [1]]) }), NonFiniteError);
  });
});

describe('threeClusters (liu2020 App. C)', () => {
  it('has the paper’s default size and one-hot targets', () => {
    const ds = threeClusters({ rng: Rng.fromSeed(1) });
    assert.deepEqual(ds.x.shape, [60, 1]);
    assert.deepEqual(ds.y.shape, [60, 3]);
    for (let i = 0; i < 60; i++) assert.equal(ds.y.row(i).reduce((a, b) => a + b, 0), 1);
    assert.equal((ds.meta['count0'] as number) + (ds.meta['count1'] as number) + (ds.meta['count2'] as number), 60);
  });

  it('class frequencies, means and variances agree with the stated distribution (Monte Carlo)', () => {
    const n = 30000;
    const ds = threeClusters({ n, rng: Rng.fromSeed(2) });
    const cls = classIndices(ds.y);
    const expectedMean = [0, 10, -10];
    for (let c = 0; c < 3; c++) {
      const xs = ds.x.data.filter((_, i) => cls[i] === c);
      within(xs.length, n / 3, Math.sqrt((n * (1 / 3) * 2) / 3), 4, `count of class ${c}`);
      const st = meanSe(xs);
      within(st.mean, expectedMean[c], 1 / Math.sqrt(xs.length), 4, `mean of class ${c}`);
      within(st.variance, 1, Math.sqrt(2 / xs.length), 4, `variance of class ${c}`);
      assert.equal(ds.meta[`count${c}`], xs.length);
    }
    const a = threeClusters({ rng: Rng.fromSeed(3) });
    const b = threeClusters({ rng: Rng.fromSeed(3) });
    const c = threeClusters({ rng: Rng.fromSeed(4) });
    assert.ok(bits([a.x, a.y]).equals(bits([b.x, b.y])));
    assert.ok(!bits(a.x).equals(bits(c.x)));
  });
});

describe('rnnSequences (allenzhu2019 Sec 2)', () => {
  it('first tokens: unit norm, last coordinate exactly 1/√2; later tokens unit or zero; δ recomputed', () => {
    for (const laterTokens of ['random', 'zero'] as const) {
      const n = 12;
      const L = 5;
      const dx = 6;
      const ds = rnnSequences({ n, L, dx, d: 2, rng: Rng.fromSeed(31), laterTokens, minDelta: 0.5 });
      assert.equal(ds.x.length, L);
      assert.equal(ds.y.length, L);
      for (const m of ds.x) assert.deepEqual(m.shape, [n, dx]);
      for (const m of ds.y) assert.deepEqual(m.shape, [n, 2]);
      assertUnitRows(ds.x[0]);
      for (let i = 0; i < n; i++) assert.equal(ds.x[0].get(i, dx - 1), Math.SQRT1_2);
      for (let l = 1; l < L; l++) {
        if (laterTokens === 'random') assertUnitRows(ds.x[l]);
        else assert.ok(ds.x[l].data.every((v) => v === 0));
      }
      let delta = Infinity;
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) delta = Math.min(delta, dist(ds.x[0], i, j));
      assert.equal(ds.meta['delta'], delta);
      assert.ok(delta >= 0.5);
    }
  });

  it('labels ~ N(0, I/d), and seeds reproduce', () => {
    const d = 4;
    const ds = rnnSequences({ n: 500, L: 10, dx: 5, d, rng: Rng.fromSeed(32) });
    const all = Float64Array.from(ds.y.flatMap((m) => Array.from(m.data)));
    const st = meanSe(all);
    within(st.mean, 0, st.se, 4, 'label mean');
    within(st.variance, 1 / d, Math.sqrt(2 / all.length) / d, 4, 'label variance');
    const a = rnnSequences({ n: 8, L: 3, dx: 4, d: 1, rng: Rng.fromSeed(33) });
    const b = rnnSequences({ n: 8, L: 3, dx: 4, d: 1, rng: Rng.fromSeed(33) });
    const c = rnnSequences({ n: 8, L: 3, dx: 4, d: 1, rng: Rng.fromSeed(34) });
    assert.ok(bits([...a.x, ...a.y]).equals(bits([...b.x, ...b.y])));
    assert.ok(!bits(a.x).equals(bits(c.x)));
    assert.throws(() => rnnSequences({ n: 3, L: 2, dx: 2, d: 1, rng: Rng.fromSeed(1), minDelta: 1 }), /could not place first token 3/);
  });
});

describe('2-D toy sets', () => {
  it('twoMoons without noise lies exactly on the two centred half circles, balanced', () => {
    const ds = twoMoons({ n: 101, rng: Rng.fromSeed(41), noise: 0 });
    assert.deepEqual(ds.x.shape, [101, 2]);
    assert.equal(ds.y.data.filter((v) => v === 1).length, 51);
    for (let i = 0; i < 101; i++) {
      const s = ds.y.data[i];
      const u = s * ds.x.get(i, 0) + 0.5; // cos t
      const v = s * ds.x.get(i, 1) + 0.25; // sin t ≥ 0
      assert.ok(Math.abs(u * u + v * v - 1) < 1e-14);
      assert.ok(v >= 0);
    }
  });

  it('circles: radii by label; xor: label = sign(x₁x₂) with the margin', () => {
    const c = circles({ n: 50, rng: Rng.fromSeed(42), noise: 0, factor: 0.3 });
    for (let i = 0; i < 50; i++) assert.ok(Math.abs(rowNorm(c.x, i) - (c.y.data[i] > 0 ? 0.3 : 1)) < 1e-15);
    const x = xor({ n: 200, rng: Rng.fromSeed(43), margin: 0.1 });
    for (let i = 0; i < 200; i++) {
      assert.equal(Math.sign(x.x.get(i, 0) * x.x.get(i, 1)), x.y.data[i]);
      assert.ok(Math.abs(x.x.get(i, 0)) >= 0.1 && Math.abs(x.x.get(i, 1)) >= 0.1);
      assert.ok(Math.abs(x.x.get(i, 0)) <= 1 && Math.abs(x.x.get(i, 1)) <= 1);
    }
    assert.equal(x.y.data.filter((v) => v === 1).length, 100);
  });

  it('the sphere option gives unit rows with last coordinate exactly μ and keeps the classes apart', () => {
    const mu = 0.5;
    for (const make of [twoMoons, circles, xor]) {
      const ds = make({ n: 80, rng: Rng.fromSeed(44), noise: 0, sphere: { mu } });
      assert.deepEqual(ds.x.shape, [80, 4]);
      assertUnitRows(ds.x);
      for (let i = 0; i < 80; i++) assert.equal(ds.x.get(i, 3), mu);
      let phi = Infinity;
      for (let i = 0; i < 80; i++) for (let j = 0; j < i; j++) if (ds.y.data[i] !== ds.y.data[j]) phi = Math.min(phi, dist(ds.x, i, j));
      assert.ok(phi > 1e-3, `${ds.name}: opposite labels ${phi} apart`);
    }
    const raw = xor({ n: 30, rng: Rng.fromSeed(45), sphere: { lift: 0 } });
    assert.deepEqual(raw.x.shape, [30, 2]);
    assertUnitRows(raw.x);
  });

  it('noise is Gaussian with the given standard deviation, and seeds reproduce', () => {
    const clean = circles({ n: 4000, rng: Rng.fromSeed(46), noise: 0 });
    const noisy = circles({ n: 4000, rng: Rng.fromSeed(46), noise: 0.05 });
    const diff = noisy.x.data.map((v, k) => v - clean.x.data[k]);
    const st = meanSe(diff);
    within(st.mean, 0, st.se, 4, 'noise mean');
    within(Math.sqrt(st.variance), 0.05, 0.05 / Math.sqrt(2 * diff.length), 4, 'noise std');
    const a = twoMoons({ n: 30, rng: Rng.fromSeed(47) });
    const b = twoMoons({ n: 30, rng: Rng.fromSeed(47) });
    const c = twoMoons({ n: 30, rng: Rng.fromSeed(48) });
    assert.ok(bits([a.x, a.y]).equals(bits([b.x, b.y])));
    assert.ok(!bits(a.x).equals(bits(c.x)));
  });

  it('embedOnSphere refuses zero rows under radial normalization', () => {
    assert.throws(() => embedOnSphere(Matrix.from([[0, 0]]), { lift: 0 }), ConfigError);
    const e = embedOnSphere(Matrix.from([[3, 4]]), { lift: 0 });
    assert.ok(Math.abs(e.get(0, 0) - 0.6) < 1e-15 && Math.abs(e.get(0, 1) - 0.8) < 1e-15);
    const l = embedOnSphere(Matrix.from([[3, 4]]), { lift: 12 }); // (3, 4, 12)/13
    assert.ok(Math.abs(l.get(0, 2) - 12 / 13) < 1e-15);
  });
});
