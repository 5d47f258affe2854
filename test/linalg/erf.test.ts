import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { erf, erfc, expNegSquare, normalCdf, normalPdf } from '../../src/linalg/special/erf.js';

/** |got − ref| / |ref|. */
function rel(got: number, ref: number): number {
  return Math.abs(got - ref) / Math.abs(ref);
}

// [x, erf(x), erfc(x)]: computed with mpmath at 50 significant digits (mp.dps = 50) from the exact binary
// value of x, then rounded to the nearest double.
const ERF_REFS: readonly [number, number, number][] = [
  [-6, -1.0, 2.0],
  [-5, -0.9999999999984626, 1.9999999999984626],
  [-4, -0.9999999845827421, 1.999999984582742],
  [-3.5, -0.9999992569016276, 1.9999992569016276],
  [-2.5, -0.999593047982555, 1.999593047982555],
  [-2, -0.9953222650189527, 1.9953222650189528],
  [-1.5, -0.9661051464753108, 1.9661051464753108],
  [-1.25, -0.9229001282564583, 1.9229001282564582],
  [-1, -0.8427007929497149, 1.8427007929497148],
  [-0.84375, -0.7672256612323416, 1.7672256612323416],
  [-0.5, -0.5204998778130465, 1.5204998778130465],
  [-0.25, -0.27632639016823696, 1.276326390168237],
  [-0.001, -0.0011283787909692365, 1.0011283787909693],
  [-1e-12, -1.1283791670955126e-12, 1.0000000000011284],
  [1e-300, 1.1283791670955126e-300, 1.0],
  [1e-12, 1.1283791670955126e-12, 0.9999999999988716],
  [0.1, 0.1124629160182849, 0.887537083981715],
  [0.2, 0.22270258921047847, 0.7772974107895215],
  [0.3, 0.3286267594591274, 0.6713732405408726],
  [0.5, 0.5204998778130465, 0.4795001221869535],
  [0.8, 0.7421009647076605, 0.2578990352923395],
  [0.84375, 0.7672256612323416, 0.23277433876765838],
  [0.9, 0.7969082124228322, 0.20309178757716786],
  [1, 0.8427007929497149, 0.15729920705028513],
  [1.2, 0.9103139782296353, 0.08968602177036464],
  [1.25, 0.9229001282564583, 0.07709987174354177],
  [1.5, 0.9661051464753108, 0.033894853524689274],
  [2, 0.9953222650189527, 0.004677734981047266],
  [2.5, 0.999593047982555, 0.0004069520174449589],
  [2.857142857142857, 0.9999466876886117, 5.3312311388322795e-5],
  [3, 0.9999779095030014, 2.209049699858544e-5],
  [3.5, 0.9999992569016276, 7.430983723414128e-7],
  [4, 0.9999999845827421, 1.541725790028002e-8],
  [5, 0.9999999999984626, 1.537459794428035e-12],
  [6, 1.0, 2.1519736712498913e-17],
  [8, 1.0, 1.1224297172982926e-29],
  [10, 1.0, 2.088487583762545e-45],
  [15, 1.0, 7.212994172451207e-100],
  [20, 1.0, 5.395865611607901e-176],
  [26, 1.0, 5.663192408856143e-296],
];

// [x, Φ(x), φ(x)]: mpmath ncdf / npdf at 50 digits, rounded to double.
const NORMAL_REFS: readonly [number, number, number][] = [
  [-37, 5.725571222524577e-300, 2.1200065515246056e-298],
  [-30, 4.906713927148187e-198, 1.4736461348785476e-196],
  [-26.5, 4.8461626603033206e-155, 1.2860566740713691e-153],
  [-20, 2.7536241186062337e-89, 5.520948362159764e-88],
  [-10, 7.619853024160525e-24, 7.694598626706419e-23],
  [-5, 2.866515718791939e-7, 1.4867195147342977e-6],
  [-3, 0.0013498980316300946, 0.0044318484119380075],
  [-2, 0.02275013194817921, 0.05399096651318805],
  [-1.7, 0.04456546275854304, 0.09404907737688693],
  [-1, 0.15865525393145705, 0.24197072451914334],
  [-0.5, 0.3085375387259869, 0.35206532676429947],
  [0, 0.5, 0.3989422804014327],
  [0.5, 0.6914624612740131, 0.35206532676429947],
  [1, 0.8413447460685429, 0.24197072451914334],
  [2, 0.9772498680518208, 0.05399096651318805],
  [3, 0.9986501019683699, 0.0044318484119380075],
  [5, 0.9999997133484281, 1.4867195147342977e-6],
  [8, 0.9999999999999993, 5.052271083536892e-15],
];

// Measured worst cases over these points and over 5,500 random points in [−6, 27] against mpmath: erf
// 2.0·2^-53, erfc 3.2·2^-53, Φ 4.0·2^-53, φ 4.0·2^-53. The bounds leave a little room, not orders of
// magnitude (the naive 0.5·erfc(−x/√2) already misses the Φ bound by ~400×, at x = −30).
const ERF_TOL = 4e-16;
const ERFC_TOL = 8e-16;
const NORMAL_TOL = 1e-15;

describe('erf / erfc (fdlibm port)', () => {
  it('erf matches 50-digit references to a couple of ulp', () => {
    for (const [x, ref] of ERF_REFS) {
      assert.ok(rel(erf(x), ref) <= ERF_TOL, `erf(${x}) = ${erf(x)}, reference ${ref}, rel ${rel(erf(x), ref)}`);
    }
  });

  it('erfc matches 50-digit references, keeping relative accuracy deep in the tail', () => {
    for (const [x, , ref] of ERF_REFS) {
      assert.ok(rel(erfc(x), ref) <= ERFC_TOL, `erfc(${x}) = ${erfc(x)}, reference ${ref}, rel ${rel(erfc(x), ref)}`);
    }
    assert.ok(rel(erfc(10), 2.088487583762545e-45) <= ERFC_TOL);
    // erfc(27) ≈ 5.237e-319 is subnormal: only absolute accuracy is possible there.
    assert.ok(Math.abs(erfc(27) - 5.23705e-319) <= 1e-323 * 50, `erfc(27) = ${erfc(27)}`);
    assert.equal(erfc(28), 0);
  });

  it('is odd (erf) and reflects (erfc) exactly where fdlibm does', () => {
    for (let x = 0.013; x < 7; x += 0.37) {
      assert.equal(erf(-x), -erf(x));
      assert.ok(Math.abs(erfc(-x) + erfc(x) - 2) <= 4e-16, `erfc(${x}) + erfc(−${x})`);
      assert.ok(Math.abs(erf(x) + erfc(x) - 1) <= 4e-16, `erf + erfc at ${x}`);
    }
    assert.ok(Object.is(erf(-0), -0));
    assert.ok(Object.is(erf(0), 0));
  });

  it('handles infinities, NaN and tiny arguments', () => {
    assert.equal(erf(Infinity), 1);
    assert.equal(erf(-Infinity), -1);
    assert.equal(erfc(Infinity), 0);
    assert.equal(erfc(-Infinity), 2);
    assert.ok(Number.isNaN(erf(NaN)));
    assert.ok(Number.isNaN(erfc(NaN)));
    assert.ok(rel(erf(1e-310), 1.1283791670955126e-310) < 1e-10); // subnormal input, no underflow to 0
    assert.equal(erfc(-30), 2);
  });
});

describe('normal pdf / cdf', () => {
  it('Φ and φ match 50-digit references, relatively, down to x = −37', () => {
    for (const [x, cdf, pdf] of NORMAL_REFS) {
      assert.ok(rel(normalCdf(x), cdf) <= NORMAL_TOL, `Φ(${x}) = ${normalCdf(x)}, reference ${cdf}, rel ${rel(normalCdf(x), cdf)}`);
      assert.ok(rel(normalPdf(x), pdf) <= NORMAL_TOL, `φ(${x}) = ${normalPdf(x)}, reference ${pdf}, rel ${rel(normalPdf(x), pdf)}`);
    }
  });

  it('Φ(x) + Φ(−x) = 1 and φ is even', () => {
    for (let x = 0; x < 9; x += 0.29) {
      assert.ok(Math.abs(normalCdf(x) + normalCdf(-x) - 1) <= 3e-16, `at ${x}`);
      assert.equal(normalPdf(x), normalPdf(-x));
    }
  });

  it('is continuous across the tail-formula switch at x = −1.25·√2', () => {
    const x0 = -1.25 * Math.SQRT2;
    const a = normalCdf(x0 * (1 - 1e-15));
    const b = normalCdf(x0 * (1 + 1e-15));
    assert.ok(Math.abs(a - b) / a < 1e-14, `${a} vs ${b}`);
  });

  it('underflows to 0 cleanly and passes NaN', () => {
    assert.equal(normalCdf(-41), 0);
    assert.equal(normalCdf(-Infinity), 0);
    assert.equal(normalCdf(Infinity), 1);
    assert.equal(normalPdf(Infinity), 0);
    assert.equal(normalPdf(50), 0);
    assert.ok(Number.isNaN(normalCdf(NaN)));
    assert.ok(Number.isNaN(normalPdf(NaN)));
  });

  it('expNegSquare keeps relative accuracy where exp(−x·x) does not', () => {
    // mpmath at 50 digits, exp(−mpf(x)²) with mpf(x) the exact double: x = 26.5 squares exactly, 26.3 does
    // not, and Math.exp(−26.3·26.3) = 4.007281139193816e-301 is off by 1.7e-14 relatively.
    assert.ok(rel(expNegSquare(26.5), 1.0392022621430825e-305) <= 4e-16, `${expNegSquare(26.5)}`);
    assert.ok(rel(expNegSquare(26.3), 4.007281139193885e-301) <= 4e-16, `${expNegSquare(26.3)}`);
    assert.ok(rel(expNegSquare(-0.7), Math.exp(-0.49)) <= 4e-16);
  });
});
