import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { log } from '../../src/linalg/random/log.js';
import { normalQuantile } from '../../src/linalg/random/normalQuantile.js';
import { mulhi32, philox4x32 } from '../../src/linalg/random/philox.js';
import { Rng } from '../../src/linalg/random/rng.js';

/** Distance in units in the last place between two finite doubles of the same sign. */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const buf = new DataView(new ArrayBuffer(16));
  buf.setFloat64(0, a);
  buf.setFloat64(8, b);
  return Number(buf.getBigInt64(0) - buf.getBigInt64(8) < 0n ? buf.getBigInt64(8) - buf.getBigInt64(0) : buf.getBigInt64(0) - buf.getBigInt64(8));
}

describe('Philox4x32-10', () => {
  it('matches the Random123 known-answer vectors (Salmon et al. 2011)', () => {
    const out = new Uint32Array(4);
    philox4x32(0, 0, 0, 0, 0, 0, out);
    assert.deepEqual(Array.from(out), [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    philox4x32(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, out);
    assert.deepEqual(Array.from(out), [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
    philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
    assert.deepEqual(Array.from(out), [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
  });

  it('mulhi32 equals the high word of the exact 64-bit product', () => {
    const rng = Rng.fromSeed(1);
    const cases = [[0, 0], [1, 1], [0xffffffff, 0xffffffff], [0xd2511f53, 0xffffffff], [0x10000, 0x10000]];
    for (let i = 0; i < 2000; i++) cases.push([rng.nextUint32(), rng.nextUint32()]);
    for (const [a, b] of cases) assert.equal(mulhi32(a, b), Number((BigInt(a) * BigInt(b)) >> 32n));
  });
});

describe('portable log (fdlibm port)', () => {
  it('agrees with high-precision references to within 1 ulp', () => {
    // ln x computed to 60 digits (mpmath) and rounded to double.
    const ref: [number, number][] = [
      [0.5, -0.6931471805599453], [1e-300, -690.7755278982137], [5e-324, -744.4400719213812],
      [123456.789, 11.723646487185881], [1.0000001, 9.999999505838704e-8], [0.999999, -1.000000500029089e-6],
      [2, 0.6931471805599453], [1, 0],
    ];
    for (const [x, y] of ref) assert.ok(ulps(log(x), y) <= 1, `log(${x}) = ${log(x)}, expected ${y}`);
  });

  it('is within 1 ulp of Math.log over many magnitudes, and handles special values', () => {
    const rng = Rng.fromSeed(2);
    let worst = 0;
    for (let i = 0; i < 50000; i++) {
      const x = rng.uniform() * 2 ** (Math.floor(rng.uniform() * 200) - 100);
      worst = Math.max(worst, ulps(log(x), Math.log(x)));
    }
    assert.ok(worst <= 1, `worst ${worst} ulp`);
    assert.equal(log(0), -Infinity);
    assert.ok(Number.isNaN(log(-1)));
    assert.equal(log(Infinity), Infinity);
    assert.ok(Number.isNaN(log(NaN)));
  });
});

describe('normal quantile (AS 241)', () => {
  it('matches high-precision quantiles in all three regions', () => {
    // Φ⁻¹(p) for the double p, solved to 50 digits with mpmath.
    const ref: [number, number][] = [
      [0.5, 0], [0.975, 1.9599639845400538], [0.995, 2.5758293035489004], [0.9, 1.2815515655446006],
      [0.3, -0.5244005127080408], [0.02, -2.053748910631823], [1e-10, -6.361340902404057],
      [2.866515718791939e-7, -5.0], [7.619853024160525e-24, -10.0], [1e-20, -9.262340089798407],
      [1e-300, -37.0470962993612], [0.999999, 4.753424308817087],
    ];
    for (const [p, z] of ref) {
      const got = normalQuantile(p);
      assert.ok(Math.abs(got - z) <= 4e-16 * Math.max(1, Math.abs(z)), `Φ⁻¹(${p}) = ${got}, expected ${z}`);
    }
    assert.equal(normalQuantile(0), -Infinity);
    assert.equal(normalQuantile(1), Infinity);
    assert.ok(Number.isNaN(normalQuantile(1.5)));
  });
});

describe('Rng streams', () => {
  it('the same seed gives bit-identical draws; another seed gives others', () => {
    const a = Rng.fromSeed(42).fillNormal(new Float64Array(1000));
    const b = Rng.fromSeed(42).fillNormal(new Float64Array(1000));
    const c = Rng.fromSeed(43).fillNormal(new Float64Array(1000));
    assert.deepEqual(a, b);
    assert.ok(a.some((v, i) => v !== c[i]));
  });

  it('folded streams depend on labels only, not on what the parent drew', () => {
    const root = Rng.fromSeed(7);
    const x = root.fold('layer', 2).fillNormal(new Float64Array(10));
    root.fillNormal(new Float64Array(123));
    const y = root.fold('layer', 2).fillNormal(new Float64Array(10));
    assert.deepEqual(x, y);
    const streams = [root.fold('layer', 1), root.fold('layer', 3), root.fold('layer2'), root.fold('layer'), root.fold(2, 'layer'), Rng.fromSeed(8).fold('layer', 2)];
    for (const s of streams) assert.notDeepEqual(s.fillNormal(new Float64Array(10)), x);
    // Labels that differ only by string boundaries are different streams.
    assert.notDeepEqual(root.fold('ab', 'c').key, root.fold('a', 'bc').key);
  });

  it('state() and fromState() resume a stream exactly, mid-block', () => {
    const r = Rng.fromSeed(3).fold('resume');
    r.nextUint32();
    r.uniform();
    const saved = JSON.parse(JSON.stringify(r.state()));
    const rest = r.fillNormal(new Float64Array(17));
    assert.deepEqual(Rng.fromState(saved).fillNormal(new Float64Array(17)), rest);
  });

  it('fillNormal equals repeated normal() from any position in the stream, and leaves it at the same place', () => {
    for (const skip of [0, 1, 2, 3, 5]) {
      for (const n of [0, 1, 2, 3, 7, 100, 1001]) {
        const a = Rng.fromSeed(3);
        const b = Rng.fromSeed(3);
        for (let s = 0; s < skip; s++) {
          a.nextUint32();
          b.nextUint32();
        }
        const x = a.fillNormal(new Float64Array(n));
        const y = Float64Array.from({ length: n }, () => b.normal());
        assert.deepEqual(x, y, `skip ${skip}, n ${n}`);
        assert.equal(a.nextUint32(), b.nextUint32(), `position after skip ${skip}, n ${n}`);
      }
    }
  });

  it('seeds are validated', () => {
    assert.throws(() => Rng.fromSeed(-1), ConfigError);
    assert.throws(() => Rng.fromSeed(1.5), ConfigError);
    assert.throws(() => Rng.fromSeed(2 ** 53), ConfigError);
    assert.throws(() => Rng.fromSeed(0).int(0), ConfigError);
  });
});

describe('Rng distributions (Monte Carlo, bounds at ≥ 4.5 standard errors)', () => {
  const N = 200000;
  it('uniform: mean 1/2, variance 1/12, inside (0, 1), Kolmogorov–Smirnov', () => {
    const u = Rng.fromSeed(100).fillUniform(new Float64Array(N));
    let m = 0;
    for (const x of u) {
      assert.ok(x > 0 && x < 1);
      m += x;
    }
    m /= N;
    let v = 0;
    for (const x of u) v += (x - m) ** 2;
    v /= N - 1;
    assert.ok(Math.abs(m - 0.5) < 4.5 * Math.sqrt(1 / 12 / N), `mean ${m}`);
    // Var of the sample variance of U(0,1): (1/80 − 1/144)/N.
    assert.ok(Math.abs(v - 1 / 12) < 4.5 * Math.sqrt((1 / 80 - 1 / 144) / N), `variance ${v}`);
    const s = u.slice().sort();
    let d = 0;
    for (let i = 0; i < N; i++) d = Math.max(d, Math.abs(s[i] - (i + 0.5) / N));
    // KS critical value at level 1e-4 is about 2.0/√N.
    assert.ok(d < 2.0 / Math.sqrt(N), `KS D = ${d}`);
  });

  it('normal: mean 0, variance 1, kurtosis 3, tail mass P(|Z| > 1.96) = 0.05', () => {
    const z = Rng.fromSeed(101).fillNormal(new Float64Array(N));
    let m1 = 0, m2 = 0, m4 = 0, tail = 0;
    for (const x of z) {
      m1 += x;
      m2 += x * x;
      m4 += x ** 4;
      if (Math.abs(x) > 1.959963984540054) tail++;
    }
    m1 /= N; m2 /= N; m4 /= N;
    assert.ok(Math.abs(m1) < 4.5 / Math.sqrt(N), `mean ${m1}`);
    assert.ok(Math.abs(m2 - 1) < 4.5 * Math.sqrt(2 / N), `E z² ${m2}`);
    assert.ok(Math.abs(m4 - 3) < 4.5 * Math.sqrt(96 / N), `E z⁴ ${m4}`); // Var z⁴ = 105 − 9
    assert.ok(Math.abs(tail / N - 0.05) < 4.5 * Math.sqrt(0.05 * 0.95 / N), `tail ${tail / N}`);
  });

  it('int(n) is uniform (χ² over 7 cells) and permutations are permutations', () => {
    const r = Rng.fromSeed(102);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70000; i++) counts[r.int(7)]++;
    const chi2 = counts.reduce((s, c) => s + (c - 10000) ** 2 / 10000, 0);
    assert.ok(chi2 < 27.9, `χ² = ${chi2} (6 d.o.f., p = 1e-4 at 27.9)`);
    const p = r.permutation(50);
    assert.deepEqual(Array.from(p).sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
    const s = r.sampleWithoutReplacement(20, 8);
    assert.equal(new Set(s).size, 8);
    assert.ok(Array.from(s).every((i) => i >= 0 && i < 20));
  });
});
