import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { jacobianKernel } from '../../src/kernels/empirical.js';
import { kernelSpectrum } from '../../src/kernels/spectrum.js';
import { eigvalsh } from '../../src/linalg/eigen.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { dense } from '../../src/nn/layers/dense.js';
import { serial } from '../../src/nn/combinators/serial.js';
import { Network } from '../../src/nn/network.js';
import { vectorShape } from '../../src/nn/shape.js';
import { du2019ResNet } from '../../src/models/du2019.js';
import { kernelProbe } from '../../src/probes/kernel.js';
import { entry, makeContext, num } from './context.js';

// f(x) = v·(w·x): ∂f/∂w = v·x, ∂f/∂v = w·x, so G^(w)_ij = v²·x_i·x_j and G^(v)_ij = (w·x_i)(w·x_j).
const net = new Network(serial(dense({ width: 1, scale: 1 }), dense({ width: 1, scale: 1 })), vectorShape(3));
const w = [1, 0, -1];
function paramsWith(v: number): Float64Array {
  const p = new Float64Array(net.size);
  net.param(p, 'layers.0.W').set(w);
  net.param(p, 'layers.1.W').set([v]);
  return p;
}
function handKernels(x: Matrix, v: number): { gw: Matrix; gv: Matrix; g: Matrix } {
  const n = x.rows;
  const gw = new Matrix(n, n);
  const gv = new Matrix(n, n);
  const g = new Matrix(n, n);
  const a = Array.from({ length: n }, (_, i) => w.reduce((s, wk, k) => s + wk * x.get(i, k), 0));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let xx = 0;
    for (let k = 0; k < 3; k++) xx += x.get(i, k) * x.get(j, k);
    gw.set(i, j, v * v * xx);
    gv.set(i, j, a[i] * a[j]);
    g.set(i, j, gw.get(i, j) + gv.get(i, j));
  }
  return { gw, gv, g };
}
const maxAbsEig = (m: Matrix): number => Math.max(...Array.from(eigvalsh(m), Math.abs));
const diff = (a: Matrix, b: Matrix): Matrix => new Matrix(a.rows, a.cols, a.data.map((t, k) => t - b.data[k]));
const frob = (m: Matrix): number => Math.hypot(...m.data);
const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

const x3 = Matrix.from([[1, 2, 0], [0, 1, 1], [2, -1, 1]]);

describe('kernel probe', () => {
  it('drift is 0 at step 0; λ_min, λ_max and the part equal the hand-built kernel', () => {
    const state = new Map<string, unknown>();
    const p0 = paramsWith(1);
    const r = kernelProbe().measure(makeContext({ net, params: p0, x: x3, state }));
    const { g, gw } = handKernels(x3, 1);
    const ev = eigvalsh(g);
    assert.equal(num(r, 'drift'), 0);
    assert.equal(num(r, 'driftFrobenius'), 0);
    close(num(r, 'lambdaMin'), ev[0]);
    close(num(r, 'lambdaMax'), ev[2]);
    assert.equal(num(r, 'singular'), 0);
    close(num(r, 'condition'), ev[2] / ev[0], 1e-9);
    // default part: the last trainable weight before the output layer (layers.1.W) is layers.0.W
    close(entry(r, 'partLambdaMin', 'layers.0.W'), eigvalsh(gw)[0]);
    assert.equal(entry(r, 'partDrift', 'layers.0.W'), 0);
    assert.equal(num(r, 'examples'), 3);
  });

  it('after a known parameter change: drift = ‖G(t) − G(0)‖₂/‖G(0)‖₂ from the hand-built kernels', () => {
    const state = new Map<string, unknown>();
    const p0 = paramsWith(1);
    const probe = kernelProbe();
    probe.measure(makeContext({ net, params: p0, x: x3, state }));
    const p1 = paramsWith(2); // v: 1 → 2, so G^(w) quadruples and G^(v) is unchanged
    const r = probe.measure(makeContext({ net, params: p1, params0: p0, x: x3, state, step: 1 }));
    const k0 = handKernels(x3, 1);
    const k1 = handKernels(x3, 2);
    close(num(r, 'drift'), maxAbsEig(diff(k1.g, k0.g)) / maxAbsEig(k0.g));
    close(num(r, 'driftFrobenius'), frob(diff(k1.g, k0.g)) / frob(k0.g));
    close(num(r, 'lambdaMin'), eigvalsh(k1.g)[0]);
    close(num(r, 'lambdaMax'), eigvalsh(k1.g)[2]);
    close(entry(r, 'partDrift', 'layers.0.W'), 3);
    close(entry(r, 'partDriftFrobenius', 'layers.0.W'), 3);
    close(entry(r, 'partLambdaMin', 'layers.0.W'), 4 * eigvalsh(k0.gw)[0]);
    close(entry(r, 'driftByParam', 'layers.1.W'), 0);
    // a chosen part
    const q = kernelProbe({ part: 'layers.1.W' });
    const s2 = new Map<string, unknown>();
    q.measure(makeContext({ net, params: p0, x: x3, state: s2 }));
    const r2 = q.measure(makeContext({ net, params: p1, params0: p0, x: x3, state: s2, step: 1 }));
    close(entry(r2, 'partLambdaMin', 'layers.1.W'), eigvalsh(k1.gv)[0]);
    assert.equal(entry(r2, 'partDrift', 'layers.1.W'), 0);
  });

  it('reports a singular kernel instead of a NaN', () => {
    // 4 examples in R³: rank(G) ≤ 3
    const x4 = Matrix.from([[1, 2, 0], [0, 1, 1], [2, -1, 1], [1, 1, 1]]);
    const r = kernelProbe().measure(makeContext({ net, params: paramsWith(1), x: x4 }));
    assert.equal(num(r, 'singular'), 1);
    assert.equal(r['condition'], null);
    assert.ok(Math.abs(num(r, 'lambdaMin')) < 1e-12 * num(r, 'lambdaMax'));
  });

  it('refuses n > maxExamples, or subsamples evenly when asked; rejects an unknown part', () => {
    const x4 = Matrix.from([[1, 2, 0], [0, 1, 1], [2, -1, 1], [1, 1, 1]]);
    const p = paramsWith(1);
    assert.throws(() => kernelProbe({ maxExamples: 3 }).measure(makeContext({ net, params: p, x: x4 })), (e: unknown) => e instanceof ConfigError && /maxExamples is 3/.test(e.message));
    const r = kernelProbe({ maxExamples: 3, subsample: true }).measure(makeContext({ net, params: p, x: x4 }));
    assert.equal(num(r, 'examples'), 3);
    close(num(r, 'lambdaMin'), eigvalsh(handKernels(x3, 1).g)[0]); // rows ⌊k·4/3⌋ = 0, 1, 2
    assert.throws(() => kernelProbe({ part: 'layers.9.W' }).measure(makeContext({ net, params: p, x: x3 })), (e: unknown) => e instanceof ConfigError && /layers\.0\.W, layers\.1\.W/.test(e.message));
  });

  it('on a du2019 ResNet: spectrum equals the Jacobian-contraction kernel; part = the last hidden W^(H)', () => {
    const res = du2019ResNet({ inputDim: 3, width: 6, depth: 3 });
    const rng = Rng.fromSeed(7);
    const p0 = res.init(rng.fold('init'));
    const x = new Matrix(5, 3, rng.fold('x').fillNormal(new Float64Array(15)));
    const r = kernelProbe().measure(makeContext({ net: res, params: p0, x }));
    const ref = kernelSpectrum(jacobianKernel(res, p0, x));
    close(num(r, 'lambdaMin'), ref.lambdaMin, 1e-9);
    close(num(r, 'lambdaMax'), ref.lambdaMax, 1e-10);
    const names = res.paramRefs.map((q) => q.name);
    const part = Object.keys(r['partLambdaMin'] as object)[0];
    assert.equal(part, names[names.length - 2]); // the last residual branch's W, before the output a
    assert.match(part, /branch/);
  });
});
