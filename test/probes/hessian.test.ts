import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eigvalsh } from '../../src/linalg/eigen.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import type { Network } from '../../src/nn/network.js';
import { featureSize } from '../../src/nn/shape.js';
import { liu2020FC, liu2020ResNet } from '../../src/models/liu2020.js';
import { du2019ResNet } from '../../src/models/du2019.js';
import { hessianProbe } from '../../src/probes/hessian.js';
import { makeLoss, type Loss } from '../../src/train/losses.js';
import { makeContext, num } from './context.js';

const maxAbsEig = (m: Matrix): number => Math.max(...Array.from(eigvalsh(m), Math.abs));

function setup(net: Network, n: number, seed: number): { p: Float64Array; x: Matrix; y: Matrix } {
  const rng = Rng.fromSeed(seed);
  const d = featureSize(net.inShape);
  return {
    p: net.init(rng.fold('init')),
    x: new Matrix(n, d, rng.fold('x').fillNormal(new Float64Array(n * d))),
    y: new Matrix(n, net.outputs, rng.fold('y').fillNormal(new Float64Array(n * net.outputs))),
  };
}

/** ‖∇²L‖₂ and max_c ‖∇²f_c(x_i)‖₂ for i < k from the full Hessian (net.hessian, P HVPs) and eigvalsh. */
function reference(net: Network, p: Float64Array, x: Matrix, y: Matrix, loss: Loss, k: number): { loss: number; outputs: number[] } {
  const f = net.forward(p, x);
  const hl = net.hessian(p, x, loss.gradient(f, y), (fd) => loss.hessianVector(f, y, fd));
  const outputs: number[] = [];
  for (let i = 0; i < k; i++) {
    const xi = x.rowBlock(i, i + 1);
    let m = 0;
    for (let c = 0; c < net.outputs; c++) {
      const g = new Matrix(1, net.outputs);
      g.data[c] = 1;
      m = Math.max(m, maxAbsEig(net.hessian(p, xi, g)));
    }
    outputs.push(m);
  }
  return { loss: maxAbsEig(hl), outputs };
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('hessian probe', () => {
  const cases: [string, () => Network, Loss, number][] = [
    ['liu2020 FC, tanh, square loss (P = 16)', () => liu2020FC({ inputDim: 3, width: 4, depth: 1 }), makeLoss({ name: 'square' }), 2],
    ['liu2020 ResNet, 2 outputs, cross entropy (P = 21)', () => liu2020ResNet({ inputDim: 2, width: 3, depth: 2, outputs: 2 }), makeLoss({ name: 'cross_entropy' }), 3],
    ['du2019 ResNet, softplus, square mean (P = 60, 30 Lanczos steps)', () => du2019ResNet({ inputDim: 3, width: 5, depth: 3 }), makeLoss({ name: 'square', reduction: 'mean' }), 2],
  ];
  for (const [name, make, loss, k] of cases) {
    it(`equals the spectral norm of the full Hessian: ${name}`, () => {
      const net = make();
      const { p, x, y: y0 } = setup(net, 5, 21);
      let y = y0;
      if (loss.name === 'cross_entropy') {
        y = new Matrix(5, net.outputs);
        for (let i = 0; i < 5; i++) y.data[i * net.outputs + (i % net.outputs)] = 1;
      }
      const ref = reference(net, p, x, y, loss, k);
      const r = hessianProbe({ examples: k }).measure(makeContext({ net, params: p, x, y, loss }));
      assert.ok(rel(num(r, 'loss'), ref.loss) < 1e-8, `loss ${num(r, 'loss')} vs ${ref.loss}`);
      assert.ok(rel(num(r, 'outputMax'), Math.max(...ref.outputs)) < 1e-8, `outputMax ${num(r, 'outputMax')} vs ${Math.max(...ref.outputs)}`);
      const mean = ref.outputs.reduce((s, v) => s + v, 0) / k;
      assert.ok(rel(num(r, 'outputMean'), mean) < 1e-8);
      assert.equal(num(r, 'lossConverged'), 1);
      assert.equal(num(r, 'outputConverged'), 1);
    });
  }

  it('of: "loss" and of: "output" report only their keys; examples beyond n are clamped', () => {
    const net = liu2020FC({ inputDim: 3, width: 4, depth: 1 });
    const { p, x, y } = setup(net, 3, 4);
    const ctx = makeContext({ net, params: p, x, y });
    assert.deepEqual(Object.keys(hessianProbe({ of: 'loss' }).measure(ctx)).sort(), ['loss', 'lossConverged']);
    const r = hessianProbe({ of: 'output', examples: 10 }).measure(ctx);
    assert.deepEqual(Object.keys(r).sort(), ['outputConverged', 'outputMax', 'outputMean']);
    const ref = reference(net, p, x, y, makeLoss({ name: 'square' }), 3);
    assert.ok(rel(num(r, 'outputMean'), ref.outputs.reduce((s, v) => s + v, 0) / 3) < 1e-8);
  });
});
