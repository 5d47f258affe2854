import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, ShapeError } from '../../src/errors.js';
import { gaussianExpectation } from '../../src/linalg/quadrature.js';
import { Rng } from '../../src/linalg/random/rng.js';
import {
  ACTIVATION_NAMES,
  activation,
  cSigma,
  parseActivationSpec,
  type Activation,
  type ActivationSpec,
  type Reflection,
} from '../../src/nn/activations.js';

/** The activations under test, with the points where σ′ jumps. */
const CASES: { spec: ActivationSpec; kinks: number[] }[] = [
  { spec: { name: 'relu' }, kinks: [0] },
  { spec: { name: 'relu', derivativeAtZero: 1 }, kinks: [0] },
  { spec: { name: 'abrelu', a: -0.3, b: 2 }, kinks: [0] },
  { spec: { name: 'leaky_relu', alpha: 0.1 }, kinks: [0] },
  { spec: { name: 'softplus' }, kinks: [] },
  { spec: { name: 'sigmoid' }, kinks: [] },
  { spec: { name: 'tanh' }, kinks: [] },
  { spec: { name: 'erf' }, kinks: [] },
  { spec: { name: 'swish' }, kinks: [] },
  { spec: { name: 'swish', beta: 0.1 }, kinks: [] },
  { spec: { name: 'swish', beta: -2.5 }, kinks: [] },
  { spec: { name: 'gelu' }, kinks: [] },
  { spec: { name: 'identity' }, kinks: [] },
];

/** Sample points: a grid over [−12, 12] that avoids round numbers, random normals, and a few far ones. */
function samplePoints(): Float64Array {
  const pts: number[] = [];
  for (let k = 0; k <= 480; k++) pts.push(-12 + k * 0.05 + 0.0123456789);
  const rng = Rng.fromSeed(7).fold('activations');
  for (let k = 0; k < 200; k++) pts.push(3 * rng.normal());
  pts.push(-40, -25.5, 25.5, 40, 1e-3, -1e-3, 0.5, -0.5);
  return Float64Array.from(pts);
}

/**
 * f′(z) by the 5-point central difference (error ~(h·rate)⁴/30 for a local e^{rate·z}) with h = 1e-3/max(1, |z|):
 * the tails decay like e^{−cz} or e^{−cz²}, whose rate grows with |z|. h is shrunk to a quarter of the
 * distance to the nearest kink so the stencil never straddles one.
 */
function fd(f: (z: number) => number, z: number, kinks: number[]): { value: number; floor: number } {
  let h = 1e-3 / Math.max(1, Math.abs(z));
  for (const k of kinks) h = Math.min(h, Math.abs(z - k) / 4);
  const fm2 = f(z - 2 * h);
  const fm1 = f(z - h);
  const fp1 = f(z + h);
  const fp2 = f(z + 2 * h);
  const value = (fm2 - 8 * fm1 + 8 * fp1 - fp2) / (12 * h);
  // The stencil's own rounding floor: ~18 roundings of the largest |f| over 12h (times a safety factor 4).
  const big = Math.max(Math.abs(fm2), Math.abs(fm1), Math.abs(fp1), Math.abs(fp2));
  return { value, floor: (4 * 18 * Number.EPSILON * big) / (12 * h) };
}

describe('activations: derivatives against finite differences', () => {
  const pts = samplePoints();
  for (const { spec, kinks } of CASES) {
    const a = activation(spec);
    it(`${a.name}: σ′ and σ″ match 5-point differences to 1e-6 relatively`, () => {
      let checked = 0;
      for (const z of pts) {
        if (kinks.some((k) => Math.abs(z - k) < 1e-4)) continue;
        const d1 = a.d1(z);
        const d2 = a.d2(z);
        const f1 = fd((t) => a.value(t), z, kinks);
        const f2 = fd((t) => a.d1(t), z, kinks);
        assert.ok(
          Math.abs(f1.value - d1) <= 1e-6 * Math.abs(d1) + f1.floor,
          `${a.name}: σ′(${z}) = ${d1}, finite difference ${f1.value}`,
        );
        assert.ok(
          Math.abs(f2.value - d2) <= 1e-6 * Math.abs(d2) + f2.floor,
          `${a.name}: σ″(${z}) = ${d2}, finite difference ${f2.value}`,
        );
        if (f1.floor < 1e-8 * Math.abs(d1) || (d1 === 0 && f1.value === 0)) checked++;
        if (f2.floor < 1e-8 * Math.abs(d2) || (d2 === 0 && f2.value === 0)) checked++;
      }
      // Most checks must be resolved well above the stencil's rounding floor, or the test is vacuous. (Where
      // σ saturates, σ′ ≪ σ is below the floor of differencing σ, but σ″ vs differences of σ′ still bites.)
      assert.ok(checked > pts.length, `${a.name}: only ${checked} of ${2 * pts.length} checks resolved`);
    });
  }
});

describe('activations: vectorized = scalar, bit for bit', () => {
  const pts = samplePoints();
  for (const { spec } of CASES) {
    const a = activation(spec);
    it(`${a.name}`, () => {
      const z = Float64Array.from([...pts, 0, -0, 1e-300, -1e-300, 800, -800]);
      const out = new Float64Array(z.length);
      const faces: [(x: Float64Array, o: Float64Array) => void, (x: number) => number][] = [
        [(x, o) => a.apply(x, o), (x) => a.value(x)],
        [(x, o) => a.applyD1(x, o), (x) => a.d1(x)],
        [(x, o) => a.applyD2(x, o), (x) => a.d2(x)],
      ];
      for (const [vec, scalar] of faces) {
        vec(z, out);
        for (let i = 0; i < z.length; i++) assert.ok(Object.is(out[i], scalar(z[i])), `${a.name} at ${z[i]}: ${out[i]} vs ${scalar(z[i])}`);
        const alias = z.slice();
        vec(alias, alias); // out may alias z
        assert.deepEqual(alias, out);
      }
      assert.throws(() => a.apply(z, new Float64Array(3)), ShapeError);
    });
  }
});

describe('activations: applyWithD1 (the kernel maps\' quadrature) gives apply\'s values and σ′', () => {
  const pts = samplePoints();
  for (const { spec } of CASES) {
    const a = activation(spec);
    if (!a.applyWithD1) continue;
    it(`${a.name}: values bit for bit, σ′ within 4 ulps of 1`, () => {
      const z = Float64Array.from([...pts, 0, -0, 1e-300, -1e-300, 800, -800]);
      const f = new Float64Array(z.length);
      const d = new Float64Array(z.length);
      a.applyWithD1?.(z, f, d);
      for (let i = 0; i < z.length; i++) {
        assert.ok(Object.is(f[i], a.value(z[i])), `${a.name} at ${z[i]}: ${f[i]} vs ${a.value(z[i])}`);
        assert.ok(Math.abs(d[i] - a.d1(z[i])) <= 4 * Number.EPSILON, `${a.name}′ at ${z[i]}: ${d[i]} vs ${a.d1(z[i])}`);
        // Declared exact: a training forward pass takes this σ′ in place of applyD1's, so it must be its bits.
        if (a.applyWithD1Exact) assert.ok(Object.is(d[i], a.d1(z[i])), `${a.name}′ at ${z[i]} (declared exact): ${d[i]} vs ${a.d1(z[i])}`);
      }
      assert.throws(() => a.applyWithD1?.(z, f, new Float64Array(3)), ShapeError);
    });
  }
});

/** The largest violation of σ(−z) = s·σ(z) + β + γz and σ′(−z) = −s·σ′(z) − γ, in units of ε·(1 + |z| + |σ(z)|). */
function reflectionViolation(a: Activation, law: Reflection, z: Float64Array): number {
  let worst = 0;
  for (const x of z) {
    const f = law.s * a.value(x) + law.beta + law.gamma * x;
    const d = -law.s * a.d1(x) - law.gamma;
    worst = Math.max(
      worst,
      Math.abs(a.value(-x) - f) / (Number.EPSILON * (1 + Math.abs(x) + Math.abs(a.value(x)))),
      Math.abs(a.d1(-x) - d) / (Number.EPSILON * (1 + Math.abs(a.d1(x)))),
    );
  }
  return worst;
}

describe('activations: the reflection law σ(−z) = s·σ(z) + β + γz (the kernel maps\' half-grid quadrature)', () => {
  const pts = Float64Array.from([...samplePoints(), 0, 1e-300, 800]);
  const LAWS: Reflection[] = [{ s: -1, beta: 0, gamma: 0 }, { s: -1, beta: 1, gamma: 0 }, { s: 1, beta: 0, gamma: -1 }];
  for (const { spec } of CASES) {
    const a = activation(spec);
    const law = a.reflection;
    if (!law) continue;
    it(`${a.name}: σ and σ′ obey (s, β, γ) = (${law.s}, ${law.beta}, ${law.gamma}) to 8 ulps, and no other law`, () => {
      const v = reflectionViolation(a, law, pts);
      assert.ok(v <= 8, `${a.name}: violation ${v} ulps`);
      for (const other of LAWS) {
        if (other.s === law.s && other.beta === law.beta && other.gamma === law.gamma) continue;
        assert.ok(reflectionViolation(a, other, pts) > 1e12, `${a.name} also obeys (${other.s}, ${other.beta}, ${other.gamma})`);
      }
    });
  }
  it('every smooth activation declares one (the piecewise-linear ones have closed-form maps)', () => {
    for (const { spec } of CASES) {
      const a = activation(spec);
      assert.equal(a.reflection !== undefined, !a.piecewiseLinear, a.name);
    }
  });
});

describe('activations: applyD1Times (the backward pass) is applyD1 then ⊙ g, bit for bit', () => {
  const pts = samplePoints();
  for (const { spec } of CASES) {
    const a = activation(spec);
    if (!a.applyD1Times) continue;
    it(`${a.name}: the same bits as σ′(z)·g, g of every sign, zero, ∞ and NaN`, () => {
      const z = Float64Array.from([...pts, 0, -0, 1e-300, -1e-300, NaN, Infinity, -Infinity]);
      const gs = [-2.5, -0, 0, 3, Infinity, -Infinity, NaN];
      const g = Float64Array.from(z, (_, i) => gs[i % gs.length] * (1 + i / z.length));
      const d = new Float64Array(z.length);
      a.applyD1(z, d);
      const out = new Float64Array(z.length);
      a.applyD1Times!(z, g, out);
      for (let i = 0; i < z.length; i++) assert.ok(Object.is(out[i], d[i] * g[i]), `${a.name} at z = ${z[i]}, g = ${g[i]}: ${out[i]} vs ${d[i] * g[i]}`);
      const alias = g.slice();
      a.applyD1Times!(z, alias, alias); // out may alias g
      assert.deepEqual(alias, out);
      assert.throws(() => a.applyD1Times!(z, g, new Float64Array(3)), ShapeError);
      assert.throws(() => a.applyD1Times!(z, new Float64Array(3), out), ShapeError);
    });
  }
});

// [activation name, z, σ(z), σ′(z), σ″(z)]: mpmath at 50 digits (σ′, σ″ by mpmath.diff), rounded to double.
const TAIL_REFS: readonly [string, number, number, number, number][] = [
  ['softplus', -30, 9.357622968839737e-14, 9.357622968839299e-14, 9.357622968838423e-14],
  ['softplus', -700, 9.85967654375977e-305, 9.85967654375977e-305, 9.85967654375977e-305],
  ['softplus', 3, 3.048587351573742, 0.9525741268224333, 0.04517665973091213],
  ['softplus', 40, 40.0, 1.0, 4.248354255291589e-18],
  ['sigmoid', -40, 4.248354255291589e-18, 4.248354255291589e-18, 4.248354255291589e-18],
  ['sigmoid', 30, 0.9999999999999064, 9.357622968838423e-14, -9.357622968836672e-14],
  ['sigmoid', 0.3, 0.574442516811659, 0.24445831169074586, -0.03639618395557624],
  ['sigmoid', -5, 0.0066928509242848554, 0.006648056670790155, 0.006559067766322563],
  ['tanh', 15, 0.9999999999998128, 3.743049187535369e-13, -7.486098375069338e-13],
  ['tanh', -0.01, -0.00999966667999946, 0.9999000066662889, 0.019997333559984256],
  ['tanh', 2, 0.9640275800758169, 0.07065082485316447, -0.13621868742711304],
  ['erf', -5, -0.9999999999984626, 1.5670866531017336e-11, 1.5670866531017336e-10],
  ['erf', 0.7, 0.6778011938374184, 0.6912748604105386, -0.967784804574754],
  ['swish', -30, -2.8072868906517896e-12, -2.713710660963134e-12, -2.620134431274233e-12],
  ['swish', 0.5, 0.3112296656009273, 0.7399611873026518, 0.4412290269770286],
  ['swish', 12, 11.999926269904773, 1.0000675854676138, -6.144046249774149e-05],
  ['swish(beta=0.1)', -200, -4.122307236380403e-07, -3.916191866064674e-08, -3.7100764881019083e-09],
  ['swish(beta=0.1)', 7, 4.677314405177163, 0.8233867834733425, 0.039122059467797884],
  ['gelu', -10, -7.619853024160526e-23, -7.618400096464814e-22, -7.540706654172292e-21],
  ['gelu', -30, -1.472014178144456e-196, -4.416031690708495e-195, -1.3233342291209357e-193],
  ['gelu', 1.5, 1.399789198096713, 1.1274691922299795, -0.03237939891647293],
  ['gelu', 0.2, 0.11585194188782061, 0.6574682482341943, 0.7664436801918936],
];

describe('activations: accuracy in the tails and saturation', () => {
  it('σ, σ′, σ″ match 50-digit references to 1e-14 relatively, tails included', () => {
    const byName = new Map<string, Activation>();
    for (const { spec } of CASES) byName.set(activation(spec).name, activation(spec));
    for (const [name, z, v, d1, d2] of TAIL_REFS) {
      const a = byName.get(name);
      assert.ok(a !== undefined, name);
      for (const [got, ref, face] of [[a.value(z), v, 'σ'], [a.d1(z), d1, 'σ′'], [a.d2(z), d2, 'σ″']] as const) {
        assert.ok(Math.abs(got - ref) <= 1e-14 * Math.abs(ref), `${name} ${face}(${z}) = ${got}, reference ${ref}`);
      }
    }
  });

  it('softplus: softplus(1000) = 1000, softplus(−1000) ≈ e^{−1000} (underflows to 0), no NaN', () => {
    const sp = activation({ name: 'softplus' });
    assert.equal(sp.value(1000), 1000);
    assert.equal(sp.value(-1000), 0);
    assert.equal(sp.value(-745), Math.exp(-745)); // last subnormal before underflow: still the right value
    assert.equal(sp.d1(1000), 1);
    assert.equal(sp.d1(-1000), 0);
    assert.equal(sp.d2(1000), 0);
    assert.equal(sp.d2(-1000), 0);
    assert.equal(sp.value(Infinity), Infinity);
    assert.equal(sp.value(-Infinity), 0);
  });

  it('sigmoid, tanh, erf, swish and gelu saturate without NaN', () => {
    const far = [1000, -1000, 1e300, -1e300, Infinity, -Infinity];
    for (const spec of [{ name: 'sigmoid' }, { name: 'tanh' }, { name: 'erf' }, { name: 'swish' }, { name: 'gelu' }] as ActivationSpec[]) {
      const a = activation(spec);
      for (const z of far) {
        for (const v of [a.d1(z), a.d2(z)]) assert.ok(!Number.isNaN(v), `${a.name} derivative at ${z} is NaN`);
        assert.ok(!Number.isNaN(a.value(z)), `${a.name}(${z}) is NaN`);
      }
    }
    const s = activation({ name: 'sigmoid' });
    assert.equal(s.value(1000), 1);
    assert.equal(s.value(-1000), 0);
    assert.equal(s.d1(1000), 0);
    const t = activation({ name: 'tanh' });
    assert.equal(t.d1(400), 0);
    assert.equal(t.value(-400), -1);
  });

  it('relu honours derivativeAtZero (zou2018: 0, the default; allenzhu2019: 1) and passes NaN', () => {
    const r0 = activation({ name: 'relu' });
    const r1 = activation({ name: 'relu', derivativeAtZero: 1 });
    assert.equal(r0.d1(0), 0);
    assert.equal(r1.d1(0), 1);
    assert.equal(r0.d1(-0), 0);
    assert.equal(r1.d1(-0), 1);
    const out = new Float64Array(3);
    r1.applyD1(Float64Array.from([-1, 0, 2]), out);
    assert.deepEqual([...out], [0, 1, 1]);
    r0.applyD1(Float64Array.from([-1, 0, 2]), out);
    assert.deepEqual([...out], [0, 0, 1]);
    assert.ok(Number.isNaN(r0.value(NaN)));
    assert.ok(Number.isNaN(r0.d1(NaN)));
    assert.ok(r0.value(-3) === 0, 'relu(−3) is (negative) zero'); // −0 by the branch-free form; === treats it as 0
    assert.equal(r0.value(3), 3);
  });

  it('abrelu is a·z below 0 and b·z above; leaky_relu(α) = abrelu(α, 1)', () => {
    const ab = activation({ name: 'abrelu', a: -0.3, b: 2 });
    assert.equal(ab.value(-2), 0.6);
    assert.equal(ab.value(3), 6);
    assert.equal(ab.d1(-1), -0.3);
    assert.equal(ab.d1(0), 2);
    const lr = activation({ name: 'leaky_relu', alpha: 0.1 });
    const eq = activation({ name: 'abrelu', a: 0.1, b: 1 });
    for (const z of samplePoints()) {
      assert.equal(lr.value(z), eq.value(z));
      assert.equal(lr.d1(z), eq.d1(z));
    }
  });

  it('flags piecewise-linear activations (σ″ = 0 a.e.)', () => {
    const linear = new Set(['relu', 'abrelu', 'leaky_relu', 'identity']);
    for (const { spec } of CASES) assert.equal(activation(spec).piecewiseLinear, linear.has(spec.name), spec.name);
  });
});

describe('cSigma (du2019: c_σ = 1/E[σ(z)²])', () => {
  // du2019's notes print c_σ for softplus and sigmoid, E[softplus(z)], and c_σ·E[softplus′(z)²] to 6
  // decimals; mpmath (50 digits, adaptive quadrature) gives 1.0854865029883434, 3.408559841623103,
  // 0.8060591833474398 and 0.3184589836836931.
  it('matches the printed softplus and sigmoid constants', () => {
    const sp = activation({ name: 'softplus' });
    const sg = activation({ name: 'sigmoid' });
    assert.ok(Math.abs(cSigma(sp) - 1.085487) < 1e-6, `${cSigma(sp)}`);
    assert.ok(Math.abs(cSigma(sg) - 3.40856) < 1e-6, `${cSigma(sg)}`);
    assert.ok(Math.abs(gaussianExpectation((z) => sp.value(z)) - 0.806059) < 1e-6);
    const cE = cSigma(sp) * gaussianExpectation((z) => sp.d1(z) ** 2);
    assert.ok(Math.abs(cE - 0.318459) < 1e-6, `${cE}`);
    // and, beyond the printed digits, to quadrature accuracy (measured error ≤ 3e-16 from 40 nodes on)
    assert.ok(Math.abs(cSigma(sp) - 1.0854865029883434) < 1e-14);
    assert.ok(Math.abs(cSigma(sg) - 3.408559841623103) < 1e-14);
    assert.ok(Math.abs(cE - 0.3184589836836931) < 1e-14);
  });

  it('relu: c_σ = 2 (E[relu(z)²] = 1/2), exact at any node count', () => {
    // A kink would normally cost Gauss–Hermite accuracy, but the rule is exactly symmetric and
    // relu(z)² + relu(−z)² = z² is a polynomial, so the sum is (1/2)·E_rule[z²] = 1/2 up to round-off.
    // Hence a round-off tolerance, not the 1e-3 a generic kink would need.
    const relu = activation({ name: 'relu' });
    for (const n of [5, 20, 80, 200]) assert.ok(Math.abs(cSigma(relu, n) - 2) < 1e-13, `${n}: ${cSigma(relu, n)}`);
    assert.ok(Math.abs(cSigma(activation({ name: 'abrelu', a: 0.5, b: 2 })) - 2 / (0.25 + 4)) < 1e-13);
    assert.ok(Math.abs(cSigma(activation({ name: 'identity' })) - 1) < 1e-13);
  });

  it('erf: c_σ = 1/((2/π)·arcsin(2/3)) (Williams 1997)', () => {
    // mpmath: 2.1525788606075986
    assert.ok(Math.abs(cSigma(activation({ name: 'erf' })) - 2.1525788606075986) < 1e-14);
  });

  it('throws for an activation that vanishes on the Gaussian', () => {
    assert.throws(() => cSigma(activation({ name: 'abrelu', a: 0, b: 0 })), ConfigError);
  });
});

describe('parseActivationSpec', () => {
  const where = 'model.layers[2].activation';

  it('accepts every activation, normalizing away nothing it needs', () => {
    for (const { spec } of CASES) assert.deepEqual(parseActivationSpec(JSON.parse(JSON.stringify(spec)), where), spec);
    assert.deepEqual(parseActivationSpec('tanh', where), { name: 'tanh' });
    assert.deepEqual(parseActivationSpec('swish', where), { name: 'swish' });
  });

  it('rejects an unknown name, naming where and listing the allowed names', () => {
    for (const bad of [{ name: 'rellu' }, 'rellu']) {
      assert.throws(
        () => parseActivationSpec(bad, where),
        (e: unknown) => {
          assert.ok(e instanceof ConfigError);
          assert.ok(e.message.includes(where), e.message);
          assert.ok(e.message.includes('rellu'), e.message);
          for (const n of ACTIVATION_NAMES) assert.ok(e.message.includes(n), `${n} missing from: ${e.message}`);
          return true;
        },
      );
    }
  });

  it('rejects a missing name, non-objects, missing and invalid parameters and unknown fields', () => {
    const cases: [unknown, RegExp][] = [
      [{}, /model\.layers\[2\]\.activation\.name: missing; allowed: relu, abrelu/],
      [null, /model\.layers\[2\]\.activation: an activation must be an object/],
      [42, /activation must be an object/],
      [[], /activation must be an object/],
      [{ name: 7 }, /\.name: unknown activation 7; allowed:/],
      [{ name: 'abrelu', a: 0.1 }, /\.b: missing; abrelu needs a and b/],
      [{ name: 'abrelu', a: 0.1, b: '1' }, /\.b: abrelu needs a finite number for b; got "1"/],
      [{ name: 'leaky_relu' }, /\.alpha: missing; leaky_relu needs alpha/],
      [{ name: 'leaky_relu', alpha: null }, /\.alpha: leaky_relu needs a finite number for alpha; got null/],
      ['leaky_relu', /needs parameters \(alpha\)/],
      [{ name: 'relu', derivativeAtZero: 0.5 }, /\.derivativeAtZero: must be 0 or 1.*got 0\.5/],
      [{ name: 'swish', beta: Number.POSITIVE_INFINITY }, /\.beta: swish needs a finite number for beta/],
      [{ name: 'leaky_relu', aplha: 0.1 }, /\.aplha: leaky_relu has no parameter "aplha"; its parameters are: alpha/],
      [{ name: 'tanh', beta: 1 }, /\.beta: tanh has no parameter "beta"; tanh takes no parameters/],
    ];
    for (const [value, re] of cases) {
      assert.throws(() => parseActivationSpec(value, where), (e: unknown) => e instanceof ConfigError && re.test(e.message) && e.message.startsWith(where), `${JSON.stringify(value)}`);
    }
  });

  it('activation() applies the same validation to TypeScript callers', () => {
    assert.throws(() => activation({ name: 'leaky_relu', alpha: NaN }), ConfigError);
    assert.throws(() => activation({ name: 'nope' } as unknown as ActivationSpec), ConfigError);
    assert.equal(activation({ name: 'swish', beta: 0.1 }).name, 'swish(beta=0.1)');
    assert.ok(Object.isFrozen(activation({ name: 'relu' }).spec));
  });
});
