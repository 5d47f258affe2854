import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { empiricalKernel, jacobianKernel } from '../../src/kernels/empirical.js';
import type { Network } from '../../src/nn/network.js';
import { featureSize } from '../../src/nn/shape.js';
import { allenZhu2019 } from '../../src/models/allenzhu2019.js';
import { du2019CNN, du2019ResNet } from '../../src/models/du2019.js';
import { liu2020CNN, liu2020FC, liu2020TwoLayer } from '../../src/models/liu2020.js';
import { zou2018 } from '../../src/models/zou2018.js';
import { buildModel } from '../../src/models/spec.js';
import { forEachBackend } from '../helpers.js';

function relFrob(a: Matrix, b: Matrix): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.data.length; i++) {
    num += (a.data[i] - b.data[i]) ** 2;
    den += b.data[i] ** 2;
  }
  return Math.sqrt(num / den);
}

function inputs(net: Network, n: number, seed: number): Matrix {
  const d = featureSize(net.inShape);
  return new Matrix(n, d, Rng.fromSeed(seed).fillNormal(new Float64Array(n * d), 0, 0.6));
}

/** The trace-over-outputs and single-output kernels from the reference Jacobian kernel ((N·C)² layout). */
function fromFull(full: Matrix, C: number, sel: 'trace' | number): Matrix {
  const n = full.rows / C;
  const k = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let c = 0; c < C; c++) if (sel === 'trace' || sel === c) s += full.get(i * C + c, j * C + c);
    k.set(i, j, s);
  }
  return k;
}

const NETS: [string, () => Network][] = [
  ['du2019 ResNet', () => du2019ResNet({ inputDim: 3, width: 7, depth: 3 })],
  ['du2019 CNN (R = pixels rows per example)', () => du2019CNN({ inputDim: 2, width: 3, depth: 2, pixels: 5 })],
  ['liu2020 CNN, 3 outputs', () => liu2020CNN({ inputDim: 2, width: 3, depth: 2, pixels: 4, outputs: 3 })],
  ['liu2020 two-layer with bias, 3 outputs', () => liu2020TwoLayer({ width: 9 })],
  ['liu2020 FC softmax head', () => liu2020FC({ inputDim: 3, width: 5, depth: 2, outputs: 3, head: 'softmax' })],
  ['zou2018 (frozen output)', () => zou2018({ inputDim: 4, width: 6, depth: 2 })],
  ['allenzhu2019 RNN (L rows per example)', () => allenZhu2019({ inputDim: 3, length: 4, width: 5, outputs: 2 })],
  ['2-D conv with bias, pooled', () => buildModel({ input: { channels: 2, spatial: [3, 3] }, layers: [
    { type: 'conv', channels: 3, kernel: 3, bias: true }, { type: 'activation', activation: { name: 'tanh' } },
    { type: 'globalAvgPool' }, { type: 'dense', width: 2 }] })],
  // Many channels, few pixels: the R×R block-sum path rather than per-example gradient matrices.
  ['wide conv on 2 pixels (block-sum path)', () => buildModel({ input: { channels: 8, spatial: [2] }, layers: [
    { type: 'conv', channels: 20, kernel: 3 }, { type: 'activation', activation: { name: 'tanh' } },
    { type: 'flatten' }, { type: 'dense', width: 1 }] })],
];

forEachBackend('empirical NTK from factors = Jacobian contraction (relative Frobenius ≤ 1e-10)', () => {
  for (const [name, make] of NETS) {
    it(name, () => {
      const net = make();
      const params = net.init(Rng.fromSeed(1).fold(name));
      const x = inputs(net, 5, 2);
      const xt = inputs(net, 3, 3);
      const C = net.outputs;
      const ref = jacobianKernel(net, params, x);
      const refCross = jacobianKernel(net, params, xt, x);
      const full = empiricalKernel(net, params, x, undefined, { outputs: 'full', perParam: true });
      assert.ok(relFrob(full.kernel, ref) < 1e-10, `full: ${relFrob(full.kernel, ref)}`);
      // The per-tensor decomposition sums to the kernel, and each part is PSD-symmetric.
      const sum = new Matrix(ref.rows, ref.cols);
      for (const m of full.byParam!.values()) for (let i = 0; i < sum.data.length; i++) sum.data[i] += m.data[i];
      assert.ok(relFrob(sum, full.kernel) < 1e-13);
      assert.equal(full.byParam!.size, net.paramRefs.filter((r) => r.trainable).length);
      const trace = empiricalKernel(net, params, x, undefined, { outputs: 'trace' });
      assert.ok(relFrob(trace.kernel, fromFull(ref, C, 'trace')) < 1e-10);
      const last = empiricalKernel(net, params, x, undefined, { outputs: C - 1 });
      assert.ok(relFrob(last.kernel, fromFull(ref, C, C - 1)) < 1e-10);
      // test × train block
      const cross = empiricalKernel(net, params, xt, x, { outputs: 'full' });
      assert.deepEqual(cross.kernel.shape, [3 * C, 5 * C]);
      assert.ok(relFrob(cross.kernel, refCross) < 1e-10, `cross: ${relFrob(cross.kernel, refCross)}`);
    });
  }
});

describe('tiling', () => {
  it('tiles of 2 examples (with a budget that forces recomputation) give the untiled kernel', () => {
    const net = liu2020FC({ inputDim: 3, width: 6, depth: 2, outputs: 2 });
    const params = net.init(Rng.fromSeed(4));
    const x = inputs(net, 7, 5);
    const whole = empiricalKernel(net, params, x, undefined, { outputs: 'full' });
    const tiled = empiricalKernel(net, params, x, undefined, { outputs: 'full', tileSize: 2, memoryBudget: 1 });
    assert.equal(tiled.tiles.size, 2);
    assert.ok(tiled.tiles.factorPasses > 4, 'a tiny budget must force tile factors to be recomputed');
    assert.ok(relFrob(tiled.kernel, whole.kernel) < 1e-14);
    const xt = inputs(net, 5, 6);
    const crossWhole = empiricalKernel(net, params, xt, x);
    const crossTiled = empiricalKernel(net, params, xt, x, { tileSize: 3 });
    assert.ok(relFrob(crossTiled.kernel, crossWhole.kernel) < 1e-14);
    for (let i = 0; i < whole.kernel.rows; i++) for (let j = 0; j < i; j++) assert.equal(whole.kernel.get(i, j), whole.kernel.get(j, i));
  });

  it('tiles of one output, with per-tensor parts, give the Jacobian kernel (diagonal tiles accumulate one triangle)', () => {
    const net = liu2020FC({ inputDim: 3, width: 6, depth: 2, outputs: 2 });
    const params = net.init(Rng.fromSeed(5));
    const x = inputs(net, 7, 7);
    const ref = fromFull(jacobianKernel(net, params, x), 2, 1);
    for (const tileSize of [3, 7]) {
      const k = empiricalKernel(net, params, x, undefined, { outputs: 1, perParam: true, tileSize });
      assert.ok(relFrob(k.kernel, ref) < 1e-12, `tile ${tileSize}: ${relFrob(k.kernel, ref)}`);
      const sum = new Matrix(ref.rows, ref.cols);
      for (const m of k.byParam!.values()) {
        for (let i = 0; i < m.rows; i++) for (let j = 0; j < i; j++) assert.equal(m.get(i, j), m.get(j, i));
        for (let i = 0; i < sum.data.length; i++) sum.data[i] += m.data[i];
      }
      assert.ok(relFrob(sum, ref) < 1e-12);
    }
  });
});
