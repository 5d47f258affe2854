/**
 * Adaptive quadrature of the activation maps (nn/infiniteWidth/adaptiveQuadrature.ts) against
 * high-precision references: E[φ(u)φ(v)], E[φ'(u)φ'(v)] and E[φ(u)] for (u, v) ~ N(0, [[q1, c], [c, q2]]),
 * c = ρ√(q1q2), at large and small variances and near-degenerate correlations. The references were computed
 * with mpmath 1.2.1 at 20 significant digits (nested tanh-sinh quadrature over ℝ² split at z = 0, ±3, in
 * the Cholesky parameterization; 1-D where ρ = 1); erf's closed forms check every other regime.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { analyticKernel } from '../../src/kernels/analytic/index.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { activation, type Activation, type ActivationSpec, type Reflection } from '../../src/nn/activations.js';
import { AdaptiveQuadratureKernel } from '../../src/nn/infiniteWidth/adaptiveQuadrature.js';
import { dualKernel } from '../../src/nn/infiniteWidth/pointwise.js';
import { liu2020FC } from '../../src/models/liu2020.js';

/** [activation, q1, q2, ρ, E[φφ], E[φ'φ'], E[φ(u)]] */
const REFERENCES: [string, number, number, number, number, number, number][] = [
  ['tanh', 6, 6, 1, 0.69392229106037421123, 0.21158614327925210909, 0],
  ['tanh', 6, 6, 0.5, 0.29117969626476077788, 0.10452226716361164049, 0],
  ['tanh', 25, 25, 0.9, 0.67415400735421943449, 0.0504839677171054919, 0],
  ['tanh', 0.01, 0.01, 0.3, 0.0029414722744510675797, 0.9805018553312056596, 0],
  ['tanh', 1, 1, 0.999999, 0.39429402599508881453, 0.46440260224497417033, 0],
  ['tanh', 1, 4, -0.7, -0.32385996316494952187, 0.25525939783094243358, 0],
  ['tanh', 2, 0.5, 0.999999, 0.37202693485986619825, 0.43042668987570470946, 0],
  ['softplus', 1, 1, 0.5, 0.78007816520694351557, 0.27142832563170528031, 0.80605918334743978453],
  ['softplus', 9, 9, 0.95, 4.5883811243530689216, 0.37616528208865665325, 1.3940780431585996378],
  ['softplus', 0.04, 0.04, -0.2, 0.48537699576578456476, 0.2495097561621773284, 0.6981225070092635416],
  ['sigmoid', 4, 1, 0.3, 0.26882421704008757279, 0.031546886389373763896, 0.5],
  ['swish', 2, 2, 0.8, 0.63685702295282624784, 0.38556619525786755823, 0.36316184603163054549],
  ['gelu', 3, 3, 0.6, 0.91253306780422971919, 0.3706725224540616228, 0.59841342060214901691],
];

const spec = (name: string): ActivationSpec => ({ name }) as ActivationSpec;
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('adaptive quadrature of the activation maps', () => {
  it('meets 1e-10 relative to the value on every high-precision reference, and its own estimate is honest', () => {
    for (const [name, q1, q2, rho, ee, eeDot, mean] of REFERENCES) {
      const k = new AdaptiveQuadratureKernel(activation(spec(name)), 1e-10);
      const out = new Float64Array(2);
      k.pair(q1, q2, rho * Math.sqrt(q1 * q2), out, true);
      const what = `${name} (${q1}, ${q2}, ρ = ${rho})`;
      assert.ok(rel(out[0], ee) <= 1e-10, `${what}: E[φφ] ${out[0]} against ${ee}`);
      assert.ok(rel(out[1], eeDot) <= 1e-10, `${what}: E[φ'φ'] ${out[1]} against ${eeDot}`);
      const m = k.mean(q1);
      assert.ok(Math.abs(m - mean) <= 1e-10 * Math.max(Math.abs(mean), 1e-5), `${what}: E[φ] ${m} against ${mean}`);
      assert.equal(k.achieved.unconverged, 0, what);
      assert.ok(k.achieved.maxRelativeError <= 1e-10, `${what}: estimate ${k.achieved.maxRelativeError}`);
    }
  });

  it('where a fixed 60-node Gauss–Hermite rule is off by more than 1e-3 (tanh at variance 6 and 25), the references tell', () => {
    const out = new Float64Array(2);
    for (const [q, rho, eeDot] of [[6, 1, 0.21158614327925210909], [25, 0.9, 0.0504839677171054919]]) {
      dualKernel(activation(spec('tanh')), { quadratureNodes: 60 }).pair(q, q, rho * q, out, true);
      assert.ok(rel(out[1], eeDot) > 1e-3, `GH60 at q = ${q}: ${out[1]} against ${eeDot}`);
    }
  });

  it('meets the tolerance across correlations and variances against a fixed fine trapezoid (no chance agreement of coarse levels passes)', () => {
    // The reference: the trapezoid at step 1/(4√q) over the square |z| ≤ 10, finer than any level the
    // tolerance needs (its error ≈ e^{−2π·(π/2)·4} ≈ 1e-17 for tanh, the narrowest strip here), written
    // out independently. Coarse levels agree by chance at particular correlations (tanh, q = 1 near
    // ρ = ±0.237), so the correlations are dense: every odd thousandth.
    const reference = (fn: Activation, q: number, rho: number, dot: boolean): [number, number] => {
      const h = 1 / (4 * Math.sqrt(Math.max(q, 1)));
      const K = Math.ceil(10 / h);
      const a = Math.sqrt(q);
      const f = (t: number): number => (dot ? fn.d1(t) : fn.value(t));
      let s = 0;
      let sAbs = 0;
      for (let i = -K; i <= K; i++) {
        const zi = i * h;
        const wi = (h / Math.sqrt(2 * Math.PI)) * Math.exp(-0.5 * zi * zi);
        const fi = f(a * zi);
        for (let j = -K; j <= K; j++) {
          const zj = j * h;
          const t = wi * (h / Math.sqrt(2 * Math.PI)) * Math.exp(-0.5 * zj * zj) * fi * f(a * (rho * zi + Math.sqrt(1 - rho * rho) * zj));
          s += t;
          sAbs += Math.abs(t);
        }
      }
      return [s, sAbs];
    };
    for (const [name, step] of [['tanh', 2], ['softplus', 20], ['gelu', 20]] as const) {
      const fn = activation(spec(name));
      const k = new AdaptiveQuadratureKernel(fn, 1e-10);
      const out = new Float64Array(2);
      for (const q of [0.3, 1, 6]) {
        for (let t = -999; t <= 999; t += step) {
          const rho = t / 1000;
          k.pair(q, q, rho * q, out, true);
          for (const dot of [false, true]) {
            const [ref, scale] = reference(fn, q, rho, dot);
            const got = out[dot ? 1 : 0];
            assert.ok(Math.abs(got - ref) <= 1e-10 * scale, `${name} q = ${q}, ρ = ${rho}: ${dot ? "E[φ'φ']" : 'E[φφ]'} ${got} against ${ref} (scale ${scale})`);
          }
        }
      }
      assert.ok(k.achieved.maxRelativeError <= 1e-10);
    }
  });

  it('a looser tolerance is met with fewer nodes; the estimate bounds the error actually made', () => {
    const fn = activation(spec('tanh'));
    const [, q1, q2, rho, ee, eeDot] = REFERENCES[1];
    const nodes: number[] = [];
    for (const tol of [1e-4, 1e-7, 1e-12]) {
      const k = new AdaptiveQuadratureKernel(fn, tol);
      const out = new Float64Array(2);
      k.pair(q1, q2, rho * Math.sqrt(q1 * q2), out, true);
      // The error made is within ten times the estimate (the estimate is relative to ∫|integrand|, here ≤ 2|value|).
      const bound = 2 * Math.max(10 * k.achieved.maxRelativeError, 1e-14);
      assert.ok(rel(out[0], ee) <= bound, `tol ${tol}: E[φφ] ${out[0]} against ${ee}`);
      assert.ok(rel(out[1], eeDot) <= bound, `tol ${tol}: E[φ'φ'] ${out[1]} against ${eeDot}`);
      assert.ok(k.achieved.maxRelativeError <= tol);
      nodes.push(k.achieved.maxNodes);
    }
    assert.ok(nodes[0] < nodes[2], `nodes ${nodes.join(', ')}`);
  });

  it('equals erf\'s closed forms at large and small variances, opposite signs and near-degenerate correlations', () => {
    const fn = activation(spec('erf'));
    const closed = dualKernel(fn);
    // The same function under another name, so dualKernel cannot pick the closed form.
    const twin: Activation = { ...fn, spec: spec('tanh'), name: 'erf-by-quadrature', value: fn.value.bind(fn), d1: fn.d1.bind(fn), d2: fn.d2.bind(fn), apply: fn.apply.bind(fn), applyD1: fn.applyD1.bind(fn), applyD2: fn.applyD2.bind(fn) };
    const k = new AdaptiveQuadratureKernel(twin, 1e-10);
    const a = new Float64Array(2);
    const b = new Float64Array(2);
    for (const q1 of [1e-4, 0.3, 1, 7, 50]) {
      for (const q2 of [q1, 2.5 * q1]) {
        for (const rho of [-1, -0.999999999, -0.4, 0, 0.3, 0.999999, 1]) {
          const c = rho * Math.sqrt(q1 * q2);
          // Scales: ∫|integrand| ≤ √(E φ(u)²·E φ(v)²) (Cauchy–Schwarz), likewise for φ'.
          closed.pair(q1, q1, q1, a, true);
          const s1 = a.slice();
          closed.pair(q2, q2, q2, a, true);
          const s2 = a.slice();
          closed.pair(q1, q2, c, a, true);
          k.pair(q1, q2, c, b, true);
          const what = `(${q1}, ${q2}, ρ = ${rho})`;
          assert.ok(Math.abs(a[0] - b[0]) <= 1e-10 * Math.sqrt(s1[0] * s2[0]), `${what}: E[φφ] ${b[0]} against ${a[0]}`);
          assert.ok(Math.abs(a[1] - b[1]) <= 1e-10 * Math.sqrt(s1[1] * s2[1]), `${what}: E[φ'φ'] ${b[1]} against ${a[1]}`);
        }
      }
    }
    assert.equal(k.achieved.unconverged, 0);
  });

  it('an expectation is a function of (q1, q2, c) alone: whatever else was asked and in whatever order', () => {
    const fn = activation(spec('softplus'));
    const one = new AdaptiveQuadratureKernel(fn, 1e-10);
    const other = new AdaptiveQuadratureKernel(fn, 1e-10);
    const x = new Float64Array(2);
    const y = new Float64Array(2);
    other.pair(30, 0.1, 0.5, y, true); // a different pair first
    one.pair(1.3, 0.7, 0.4, x, false);
    other.pair(1.3, 0.7, 0.4, y, true);
    assert.equal(x[0], y[0]);
  });

  it('the analytic kernel reports what its quadrature achieved, and none for closed forms; tolerances are checked', () => {
    const x = new Matrix(6, 3, Rng.fromSeed(2).fillNormal(new Float64Array(18)));
    const tanh = analyticKernel(liu2020FC({ inputDim: 3, width: 8, depth: 2, activation: spec('tanh') }), x, undefined, { quadratureTol: 1e-9 });
    assert.ok(tanh.quadrature !== null);
    assert.equal(tanh.quadrature.tolerance, 1e-9);
    assert.ok(tanh.quadrature.maxRelativeError <= 1e-9 && tanh.quadrature.unconverged === 0);
    // 21 pairs (i ≤ j) and 6 means per layer, 2 layers; the diagonal pairs are the self entries.
    assert.ok(tanh.quadrature.expectations >= 2 * 21);
    const relu = analyticKernel(liu2020FC({ inputDim: 3, width: 8, depth: 2, activation: spec('relu') }), x);
    assert.equal(relu.quadrature, null);
    for (const bad of [0, -1, 1e-20, 0.5, NaN]) {
      assert.throws(() => analyticKernel(liu2020FC({ inputDim: 3, width: 8, depth: 1, activation: spec('tanh') }), x, undefined, { quadratureTol: bad }), ConfigError);
    }
  });

  it('the half-grid evaluation by the reflection law gives the full grid\'s sums, with half the evaluations; a wrong law shows', () => {
    /** The activation with its reflection law replaced (undefined: none), counting the points it is evaluated at. */
    const twin = (fn: Activation, law: Reflection | undefined): { act: Activation; points: () => number } => {
      let points = 0;
      const act: Activation = {
        spec: fn.spec, name: fn.name, piecewiseLinear: fn.piecewiseLinear, reflection: law,
        value: (z) => fn.value(z), d1: (z) => fn.d1(z), d2: (z) => fn.d2(z),
        apply: (z, o) => { points += z.length; fn.apply(z, o); },
        applyD1: (z, o) => { points += z.length; fn.applyD1(z, o); },
        applyD2: (z, o) => fn.applyD2(z, o),
      };
      const withD1 = fn.applyWithD1?.bind(fn);
      if (withD1) act.applyWithD1 = (z, o, d) => { points += z.length; withD1(z, o, d); };
      return { act, points: () => points };
    };
    const a = new Float64Array(2);
    const b = new Float64Array(2);
    for (const name of ['tanh', 'softplus', 'sigmoid', 'swish', 'gelu', 'erf']) {
      const fn = activation(spec(name));
      const full = twin(fn, undefined);
      const halfGrid = twin(fn, fn.reflection);
      const kFull = new AdaptiveQuadratureKernel(full.act, 1e-10);
      const kHalf = new AdaptiveQuadratureKernel(halfGrid.act, 1e-10);
      for (const [q1, q2] of [[0.04, 0.04], [1, 1], [9, 4], [30, 30]]) {
        for (const rho of [-1, -0.6, 0, 0.35, 0.999999, 1]) {
          const c = rho * Math.sqrt(q1 * q2);
          kFull.pair(q1, q2, c, a, true);
          kHalf.pair(q1, q2, c, b, true);
          // Scales (Cauchy–Schwarz): ∫|φφ| ≤ √(E φ(u)² E φ(v)²).
          const s = new Float64Array(2);
          kFull.pair(q1, q1, q1, s, true);
          const s1 = s.slice();
          kFull.pair(q2, q2, q2, s, true);
          const what = `${name} (${q1}, ${q2}, ρ = ${rho})`;
          assert.ok(Math.abs(a[0] - b[0]) <= 1e-13 * Math.sqrt(s1[0] * s[0]), `${what}: E[φφ] ${b[0]} against ${a[0]}`);
          assert.ok(Math.abs(a[1] - b[1]) <= 1e-13 * Math.sqrt(s1[1] * s[1]), `${what}: E[φ'φ'] ${b[1]} against ${a[1]}`);
        }
      }
      const ratio = halfGrid.points() / full.points();
      assert.ok(ratio < 0.52, `${name}: ${halfGrid.points()} points evaluated against ${full.points()} (×${ratio.toFixed(3)})`);
      // A law the activation does not obey gives a wrong expectation: the sums do use the law.
      const wrong = twin(fn, fn.reflection?.s === 1 ? { s: -1, beta: 0, gamma: 0 } : { s: 1, beta: 0, gamma: -1 });
      new AdaptiveQuadratureKernel(wrong.act, 1e-10).pair(1, 1, 0.3, b, true);
      new AdaptiveQuadratureKernel(full.act, 1e-10).pair(1, 1, 0.3, a, true);
      assert.ok(Math.abs(a[0] - b[0]) > 1e-3 * Math.abs(a[0]), `${name} under a wrong law: ${b[0]} against ${a[0]}`);
    }
  });
});
