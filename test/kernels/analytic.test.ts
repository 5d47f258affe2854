/**
 * Infinite-width NNGP/NTK through the layers' kernel maps (src/kernels/analytic, src/nn/infiniteWidth).
 *
 * Costs on a 2-core machine (native BLAS), measured when written: the Monte-Carlo suite ≈ 10.5 s in all
 * (each FC/ResNet NTK ≈ 1.2 s, the 1-D CNN ≈ 1.3 s, the 2-D CNN ≈ 1.5 s, each NNGP ≈ 1.45 s); the rest < 0.5 s.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, ShapeError } from '../../src/errors.js';
import { empiricalKernel } from '../../src/kernels/empirical.js';
import { analyticKernel, outputKernelState } from '../../src/kernels/analytic/index.js';
import { lambdaMax, lambdaMin } from '../../src/linalg/eigen.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { normalCdf, normalPdf } from '../../src/linalg/special/erf.js';
import { activation, type ActivationSpec } from '../../src/nn/activations.js';
import { dualKernel } from '../../src/nn/infiniteWidth/pointwise.js';
import { act } from '../../src/nn/layers/activation.js';
import { conv } from '../../src/nn/layers/conv.js';
import { dense } from '../../src/nn/layers/dense.js';
import { flatten, globalAvgPool } from '../../src/nn/layers/reshape.js';
import { scale } from '../../src/nn/layers/scale.js';
import { recurrent } from '../../src/nn/combinators/recurrent.js';
import { residual } from '../../src/nn/combinators/residual.js';
import { serial } from '../../src/nn/combinators/serial.js';
import { Network } from '../../src/nn/network.js';
import { vectorShape, type FeatureShape } from '../../src/nn/shape.js';
import { du2019CNN, du2019FC, du2019ResNet } from '../../src/models/du2019.js';
import { liu2020Bottleneck, liu2020CNN, liu2020FC, liu2020ResNet, liu2020TwoLayer } from '../../src/models/liu2020.js';
import { chen2018Linear, chen2018TwoLayer } from '../../src/models/chen2018.js';
import { zou2018 } from '../../src/models/zou2018.js';
import { relMaxDiff } from '../helpers.js';

function randomInputs(rng: Rng, n: number, d: number, unit = false): Matrix {
  const x = new Matrix(n, d, rng.fillNormal(new Float64Array(n * d)));
  if (unit) {
    for (let i = 0; i < n; i++) {
      const r = x.row(i);
      const s = Math.hypot(...r);
      for (let k = 0; k < d; k++) r[k] /= s;
    }
  }
  return x;
}

function relFro(a: Float64Array, ref: Float64Array): number {
  let d = 0;
  let s = 0;
  for (let k = 0; k < a.length; k++) {
    d += (a[k] - ref[k]) ** 2;
    s += ref[k] ** 2;
  }
  return Math.sqrt(d / s);
}

/** The average over seeds of the empirical NTK J·Jᵀ (J from perExampleGradients, the reference path). */
function monteCarloNtk(net: Network, x: Matrix, seeds: number): Float64Array {
  const acc = new Float64Array(x.rows * x.rows);
  for (let s = 0; s < seeds; s++) {
    // Structured empirical kernel (equal to J·Jᵀ to 1e-10: test/kernels/empirical.test.ts).
    const k = empiricalKernel(net, net.init(Rng.fromSeed(9000 + s)), x).kernel;
    for (let e = 0; e < acc.length; e++) acc[e] += k.data[e] / seeds;
  }
  return acc;
}

/** The average over seeds and outputs of f_c(x_i)·f_c(x_j) at initialization. */
function monteCarloNngp(net: Network, x: Matrix, seeds: number): Float64Array {
  const n = x.rows;
  const C = net.outputs;
  const acc = new Float64Array(n * n);
  for (let s = 0; s < seeds; s++) {
    const f = net.forward(net.init(Rng.fromSeed(7000 + s)), x);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let t = 0;
        for (let c = 0; c < C; c++) t += f.data[i * C + c] * f.data[j * C + c];
        acc[i * n + j] += t / (C * seeds);
      }
    }
  }
  return acc;
}

describe('analytic kernels: closed forms', () => {
  // kernels.md / du2019: one hidden ReLU layer trained in its first layer, unit inputs:
  // H∞_ij = x_i·x_j·(π − arccos(x_i·x_j))/2π. The W^(1) NTK term must equal it times the preset's constant.
  const rng = Rng.fromSeed(11);
  const n = 7;
  const d = 4;
  const x = randomInputs(rng, n, d, true);
  const hInf = new Float64Array(n * n);
  const dot = (i: number, j: number): number => {
    let c = 0;
    for (let k = 0; k < d; k++) c += x.get(i, k) * x.get(j, k);
    return c;
  };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      // arccos of the correlation c/(‖x_i‖‖x_j‖), not of c: ‖x_i‖² is 1 only to an ulp, and arccos near 1
      // turns an ulp into 2e-8.
      const c = dot(i, j);
      const rho = Math.max(-1, Math.min(1, c / Math.sqrt(dot(i, i) * dot(j, j))));
      hInf[i * n + j] = (c * (Math.PI - Math.acos(rho))) / (2 * Math.PI);
    }
  }
  const scaled = (s: number): Float64Array => hInf.map((v) => s * v);

  it('H∞ (ReLU): NTK-parameterized two-layer net (liu2020 App. C.1 without bias) has W^(1) term = H∞', () => {
    const net = new Network(serial(dense({ width: 64, scale: 1 }), act({ name: 'relu' }), dense({ width: 1, scale: 'ntk' })), vectorShape(d));
    const k = analyticKernel(net, x);
    assert.ok(relMaxDiff(k.ntkByParam.get('layers.0.W')!, hInf) <= 1e-14);
  });
  it('H∞ (ReLU): du2019FC with relu, H = 1, gives c_σ·H∞ = 2·H∞ (the limit K^(1) of Def 5.1)', () => {
    const k = analyticKernel(du2019FC({ inputDim: d, width: 32, depth: 1, activation: { name: 'relu' } }), x);
    assert.ok(relMaxDiff(k.ntkByParam.get('layers.0.W')!, scaled(2)) <= 1e-13);
  });
  it('H∞ (ReLU): zou2018 depth 1 (N(0, 2/m) rows, fixed ±1 output, no 1/√m) gives m·H∞, and no term for v', () => {
    const m = 50;
    const k = analyticKernel(zou2018({ inputDim: d, width: m, depth: 1 }), x);
    assert.deepEqual([...k.ntkByParam.keys()], ['layers.0.W']);
    assert.ok(relMaxDiff(k.ntkByParam.get('layers.0.W')!, scaled(m)) <= 1e-13);
    assert.ok(relMaxDiff(k.ntk, scaled(m)) <= 1e-13);
  });

  it('piecewise-linear dual kernels equal an independent split integration (to 1e-8)', () => {
    // E[φ(u)φ(v)] = E_u[φ(u)·E[φ(v)|u]] with v|u ~ N(μ, s²): E[relu(v)|u] = μΦ(μ/s) + sφ(μ/s),
    // E[relu'(v)|u] = Φ(μ/s); the outer integral is split at the kink u = 0 (composite Simpson on each side).
    const cases: [number, number, number][] = [[1, 1, 0.3], [2, 0.5, -0.7], [1.3, 0.8, 0.95], [0.7, 1.1, 0]];
    for (const spec of [{ name: 'relu' }, { name: 'abrelu', a: -0.3, b: 1.7 }, { name: 'leaky_relu', alpha: 0.2 }, { name: 'identity' }] as ActivationSpec[]) {
      const fn = activation(spec);
      const [a, b] = spec.name === 'relu' ? [0, 1] : spec.name === 'abrelu' ? [spec.a, spec.b] : spec.name === 'leaky_relu' ? [spec.alpha, 1] : [1, 1];
      const kern = dualKernel(fn);
      const out = new Float64Array(2);
      for (const [q1, q2, c] of cases) {
        const sd = Math.sqrt(q2 - (c * c) / q1);
        const inner = (u: number): [number, number] => {
          const mu = (c / q1) * u;
          const relu = mu * normalCdf(mu / sd) + sd * normalPdf(mu / sd);
          const ev = a * mu + (b - a) * relu; // φ(v) = a·v + (b − a)·relu(v)
          const edv = a + (b - a) * normalCdf(mu / sd);
          return [fn.value(u) * ev, fn.d1(u) * edv];
        };
        const L = 12 * Math.sqrt(q1);
        const N = 4000;
        let e = 0;
        let ed = 0;
        for (const sign of [-1, 1]) {
          const h = L / N;
          for (let k = 0; k <= N; k++) {
            const u = sign * k * h;
            const w = (k === 0 || k === N ? 1 : k % 2 === 1 ? 4 : 2) * (h / 3) * Math.exp((-u * u) / (2 * q1)) / Math.sqrt(2 * Math.PI * q1);
            const [f, g] = inner(u === 0 ? sign * 1e-300 : u);
            e += w * f;
            ed += w * g;
          }
        }
        kern.pair(q1, q2, c, out, true);
        assert.ok(Math.abs(out[0] - e) <= 1e-8 * Math.max(1, Math.abs(e)), `${fn.name} ${[q1, q2, c]}: E[φφ] ${out[0]} vs ${e}`);
        assert.ok(Math.abs(out[1] - ed) <= 1e-8 * Math.max(1, Math.abs(ed)), `${fn.name} ${[q1, q2, c]}: E[φ'φ'] ${out[1]} vs ${ed}`);
        assert.ok(Math.abs(kern.mean(q1) - (b - a) * Math.sqrt(q1 / (2 * Math.PI))) <= 1e-15);
      }
    }
  });

  it('the erf closed form equals its 2-D quadrature (smooth: 60 nodes agree to 1e-9, 120 to 1e-13)', () => {
    const fn = activation({ name: 'erf' });
    const closed = dualKernel(fn);
    // A quadrature twin of erf: same function, but named so dualKernel cannot pick the closed form.
    const twin = { ...fn, spec: { name: 'tanh' } as ActivationSpec, name: 'erf-by-quadrature', value: fn.value.bind(fn), d1: fn.d1.bind(fn), d2: fn.d2.bind(fn), apply: fn.apply.bind(fn), applyD1: fn.applyD1.bind(fn), applyD2: fn.applyD2.bind(fn) };
    const a = new Float64Array(2);
    const b = new Float64Array(2);
    for (const [nodes, tol] of [[60, 1e-9], [120, 1e-13]]) {
      const quad = dualKernel(twin, { quadratureNodes: nodes });
      for (const [q1, q2, c] of [[1, 1, 0.3], [2, 0.5, -0.7], [0.3, 0.4, 0.34], [1, 1, 1]]) {
        closed.pair(q1, q2, c, a, true);
        quad.pair(q1, q2, c, b, true);
        assert.ok(Math.abs(a[0] - b[0]) <= tol && Math.abs(a[1] - b[1]) <= tol, `${nodes} nodes, ${[q1, q2, c]}: ${[...a]} vs ${[...b]}`);
      }
    }
  });
});

describe('analytic kernels: structure and errors', () => {
  const rng = Rng.fromSeed(5);
  const cnn = (): Network => new Network(
    serial(conv({ channels: 8, kernel: 3, bias: true }), act({ name: 'softplus' }), scale(0.8),
      residual(serial(conv({ channels: 8, kernel: 3 }), act({ name: 'relu' })), 0.5), globalAvgPool(), dense({ width: 2 })),
    { channels: 2, spatial: [5] },
  );

  it('a cross kernel K(x1, x2) is the off-diagonal block of K([x1; x2]) (the non-symmetric path), for NNGP and NTK', () => {
    const net = cnn();
    const x1 = randomInputs(rng, 3, 10);
    const x2 = randomInputs(rng, 2, 10);
    const both = new Matrix(5, 10);
    both.data.set(x1.data);
    both.data.set(x2.data, x1.data.length);
    const full = analyticKernel(net, both);
    const cross = analyticKernel(net, x1, x2);
    const block = (m: Matrix): Float64Array => {
      const out = new Float64Array(6);
      for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) out[i * 2 + j] = m.get(i, 3 + j);
      return out;
    };
    assert.ok(relMaxDiff(cross.nngp.data, block(full.nngp)) <= 1e-13);
    assert.ok(relMaxDiff(cross.ntk.data, block(full.ntk)) <= 1e-13);
    for (const [name, t] of full.ntkByParam) assert.ok(relMaxDiff(cross.ntkByParam.get(name)!.data, block(t)) <= 1e-13, name);
    // The symmetric path is exactly symmetric, and K(x, x) by the general path agrees with it. Only to
    // ~1e-12 (measured 2e-12): on the diagonal the general path computes Σ_ii[l, l] twice (as a cross and a
    // self entry), so the ReLU correlation may be 1 − ulp, and arccos turns that into θ ≈ 1e-8.
    const again = analyticKernel(net, x1, x1);
    const sym = analyticKernel(net, x1);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) assert.equal(sym.ntk.get(i, j), sym.ntk.get(j, i));
    assert.ok(relMaxDiff(again.ntk, sym.ntk) <= 1e-10 && relMaxDiff(again.nngp, sym.nngp) <= 1e-10);
    assert.deepEqual([...sym.ntkByParam.keys()], ['layers.0.W', 'layers.0.b', 'layers.3.branch.0.W', 'layers.5.W']);
  });

  it('2-D convolution: the pixel-pair state equals a brute-force T(Σ) over 3×3 taps with zero padding', () => {
    const shape: FeatureShape = { channels: 2, spatial: [3, 4] };
    const [S0, S1, C, P] = [3, 4, 2, 12];
    const n = 2;
    const x = randomInputs(rng, n, P * C);
    const s = 0.7;
    const sigma = 1.3;
    const net = new Network(serial(conv({ channels: 5, kernel: 3, scale: s, weightStd: sigma, bias: { std: 0.4, scale: 0.5 } })), shape);
    const st = outputKernelState(net, x);
    const px = (i: number, a: number, b: number, c: number): number => (a < 0 || a >= S0 || b < 0 || b >= S1 ? 0 : x.get(i, (a * S1 + b) * C + c));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        for (let l = 0; l < P; l++) {
          for (let r = 0; r < P; r++) {
            let t = 0;
            for (let da = -1; da <= 1; da++) {
              for (let db = -1; db <= 1; db++) {
                for (let c = 0; c < C; c++) t += px(i, Math.floor(l / S1) + da, (l % S1) + db, c) * px(j, Math.floor(r / S1) + da, (r % S1) + db, c);
              }
            }
            // Σ⁰ = (1/C)·x·x, so s²σ²·C·T(Σ⁰) = s²σ²·t; bias (s_b σ_b)² = 0.04; W term s²·t; b term s_b².
            const k = ((i * n + j) * P + l) * P + r;
            assert.ok(Math.abs(st.cov[k] - (s * s * sigma * sigma * t + 0.04)) <= 1e-13 * (1 + Math.abs(t)));
            assert.ok(Math.abs(st.ntk.get('layers.0.W')![k] - s * s * t) <= 1e-13 * (1 + Math.abs(t)));
            assert.equal(st.ntk.get('layers.0.b')![k], 0.25);
          }
        }
      }
    }
    assert.ok(st.gaussian);
    assert.equal(st.channels, 5);
  });

  it('throws ConfigError for softmax, recurrent, an activation on raw inputs and a residual branch without fresh weights', () => {
    const x = randomInputs(rng, 3, 4);
    const withHead = liu2020TwoLayer({ width: 8, outputs: 3, head: 'softmax' });
    assert.throws(() => analyticKernel(withHead, randomInputs(rng, 3, 1)), (e: unknown) => e instanceof ConfigError && /softmax has no infinite-width kernel map/.test(e.message));
    const rnn = new Network(serial(recurrent({ width: 4, outputs: 2 }), flatten()), { channels: 4, spatial: [3] });
    assert.throws(() => analyticKernel(rnn, randomInputs(rng, 2, 12)), (e: unknown) => e instanceof ConfigError && /recurrent has no infinite-width kernel map/.test(e.message));
    const raw = new Network(serial(act({ name: 'tanh' }), dense({ width: 1 })), vectorShape(4));
    assert.throws(() => analyticKernel(raw, x), (e: unknown) => e instanceof ConfigError && /centered Gaussian/.test(e.message));
    const bareBranch = new Network(serial(dense({ width: 5 }), residual(act({ name: 'relu' })), dense({ width: 1 })), vectorShape(4));
    assert.throws(() => analyticKernel(bareBranch, x), (e: unknown) => e instanceof ConfigError && /starts with a layer of kind "activation"/.test(e.message));
  });

  it('runs on every non-recurrent preset: finite, exactly symmetric, positive semi-definite NNGP and NTK', () => {
    const presets: [Network, number][] = [
      [liu2020FC({ inputDim: 3, width: 8, depth: 2, outputs: 2, head: 'swish' }), 3],
      [liu2020ResNet({ inputDim: 3, width: 8, depth: 3 }), 3],
      [liu2020CNN({ inputDim: 2, width: 8, depth: 2, pixels: 4 }), 8],
      [liu2020Bottleneck({ width: 8, bottleneck: 2 }), 1],
      [chen2018Linear([3, 4, 2]), 3],
      [chen2018TwoLayer({ inputDim: 3, width: 4 }), 3],
      [du2019ResNet({ inputDim: 3, width: 8, depth: 3, activation: { name: 'gelu' } }), 3],
    ];
    for (const [net, d] of presets) {
      const k = analyticKernel(net, randomInputs(rng, 4, d));
      for (const m of [k.nngp, k.ntk]) {
        assert.ok(m.isFinite(), net.name);
        for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) assert.equal(m.get(i, j), m.get(j, i), net.name);
        assert.ok(lambdaMin(m) >= -1e-12 * lambdaMax(m), `${net.name}: λ_min ${lambdaMin(m)}`);
      }
    }
  });

  it('validates inputs, outputs and the quadrature option', () => {
    const net = liu2020FC({ inputDim: 4, width: 8, depth: 1, activation: { name: 'softplus' } });
    assert.throws(() => analyticKernel(net, randomInputs(rng, 3, 5)), ShapeError);
    assert.throws(() => analyticKernel(net, randomInputs(rng, 3, 4), randomInputs(rng, 2, 3)), ShapeError);
    assert.throws(() => analyticKernel(net, randomInputs(rng, 3, 4), undefined, { quadratureNodes: 20 }), ConfigError);
    const mapOut = new Network(serial(conv({ channels: 3, kernel: 3 })), { channels: 1, spatial: [4] });
    assert.throws(() => analyticKernel(mapOut, randomInputs(rng, 2, 4)), ShapeError);
    // A smooth kernel converges fast in the node count: against 120 nodes, measured over four input draws,
    // 40 nodes are within 6e-10 and 60 (the default) within 3e-12 (relative to the largest entry).
    const x = randomInputs(rng, 3, 4);
    const ref = analyticKernel(net, x, undefined, { quadratureNodes: 120 }).ntk;
    assert.ok(relMaxDiff(analyticKernel(net, x, undefined, { quadratureNodes: 40 }).ntk, ref) <= 1e-8);
    assert.ok(relMaxDiff(analyticKernel(net, x).ntk, ref) <= 1e-10);
  });
});

describe('analytic vs Monte Carlo (neural-tangents acceptance: relative Frobenius error ≤ 0.041)', () => {
  // Each empirical kernel is averaged over S seeds at width m. Its relative fluctuation per seed is
  // O(1/√m) and the finite-width bias O(1/m), so the expected error is O(1/√(m·S)) + O(1/m): with
  // m·S = 20480 the NTK errors measured when written are 0.5–1.3 % (2-D CNN at m = 128: 2.0 %, mostly the
  // O(1/m) bias), 2–8× below the bound; the NNGP errors (sampling √(2/(S·C)) ≈ 1.4 %) are 1.1 % and 2.2 %.
  // Dropping the residual mean cross terms raises the ResNet / du2019 ResNet / CNN NTK errors to 19 / 15 /
  // 16 % (checked by hand), so the bound catches a wrong map. The dense networks use neural-tangents' own
  // setting m = 1024, S = 100; the CNNs fewer channels (their parameter count grows with the kernel taps)
  // with the same 100 seeds, to fit 2 cores. Seeds are fixed: the test is deterministic.
  const rng = Rng.fromSeed(21);
  const n = 5;
  const d = 4;
  const x = randomInputs(rng, n, d);
  const TOL = 0.041;

  const check = (name: string, net: () => Network, xs: Matrix, seeds: number): void => {
    it(name, (t) => {
      const nt = net();
      const mc = monteCarloNtk(nt, xs, seeds);
      const err = relFro(analyticKernel(nt, xs).ntk.data, mc);
      t.diagnostic(`relative Frobenius error ${err.toFixed(4)}`);
      assert.ok(err <= TOL, `error ${err}`);
    });
  };
  for (const a of ['relu', 'erf', 'softplus'] as const) {
    check(`FC depth 2, NTK parameterization, ${a} (m = 1024, 100 seeds)`, () => liu2020FC({ inputDim: d, width: 1024, depth: 2, activation: { name: a } }), x, 100);
  }
  check('ResNet: dense, relu, x + relu(dense x), dense (β = 1, so the mean cross terms matter; m = 1024, 100 seeds)', () => new Network(
    serial(dense({ width: 1024 }), act({ name: 'relu' }), residual(serial(dense({ width: 1024 }), act({ name: 'relu' })), 1), dense({ width: 1 })),
    vectorShape(d),
  ), x, 100);
  const xc = randomInputs(rng, n, 4 * 3);
  check('du2019 CNN, H = 2, softplus, c_res = 0.5, p = 4, d0 = 3 (m = 512, 100 seeds)', () => du2019CNN({ inputDim: 3, width: 512, depth: 2, pixels: 4, cRes: 0.5 }), xc, 100);
  const x2d = randomInputs(rng, n, 9 * 2);
  check('2-D CNN 3×3×2: conv, relu, conv, erf, global average pool, dense (m = 128, 100 seeds)', () => new Network(
    serial(conv({ channels: 128, kernel: 3 }), act({ name: 'relu' }), conv({ channels: 128, kernel: 3 }), act({ name: 'erf' }), globalAvgPool(), dense({ width: 1 })),
    { channels: 2, spatial: [3, 3] },
  ), x2d, 100);

  const checkNngp = (name: string, net: () => Network, seeds: number): void => {
    it(name, (t) => {
      const nt = net();
      const mc = monteCarloNngp(nt, x, seeds);
      const err = relFro(analyticKernel(nt, x).nngp.data, mc);
      t.diagnostic(`relative Frobenius error ${err.toFixed(4)}`);
      assert.ok(err <= TOL, `error ${err}`);
    });
  };
  // NNGP: S seeds × C = 256 iid outputs; sampling error ≈ √(2/(S·C)) ≈ 1.4 % plus the hidden layer's O(1/√(mS)).
  checkNngp('NNGP, FC depth 2 relu (m = 512, 256 outputs, 40 seeds)', () => liu2020FC({ inputDim: d, width: 512, depth: 2, outputs: 256, activation: { name: 'relu' } }), 40);
  checkNngp('NNGP, ResNet relu β = 1 (mean cross terms; m = 512, 256 outputs, 40 seeds)', () => new Network(
    serial(dense({ width: 512 }), act({ name: 'relu' }), residual(serial(dense({ width: 512 }), act({ name: 'relu' })), 1), dense({ width: 256 })),
    vectorShape(d),
  ), 40);
});
