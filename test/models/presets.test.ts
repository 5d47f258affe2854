import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import type { Network } from '../../src/nn/network.js';
import { featureSize } from '../../src/nn/shape.js';
import { allenZhu2019 } from '../../src/models/allenzhu2019.js';
import { chen2018Linear, chen2018TwoLayer } from '../../src/models/chen2018.js';
import { du2019CNN, du2019FC, du2019ResNet } from '../../src/models/du2019.js';
import { liu2020Bottleneck, liu2020CNN, liu2020FC, liu2020ResNet, liu2020TwoLayer } from '../../src/models/liu2020.js';
import { zou2018 } from '../../src/models/zou2018.js';
import { forEachBackend, relMaxDiff } from '../helpers.js';
import { relErr } from '../nn/finiteDifferences.js';

/** Small instances of every preset (the FD checks cost O(P) forward passes). */
const PRESETS: { name: string; net: () => Network; h?: number }[] = [
  { name: 'du2019 FC (softplus, H=3)', net: () => du2019FC({ inputDim: 3, width: 5, depth: 3 }) },
  { name: 'du2019 ResNet (H=3)', net: () => du2019ResNet({ inputDim: 3, width: 4, depth: 3, cRes: 0.5 }) },
  { name: 'du2019 CNN (H=2, p=4, q=3)', net: () => du2019CNN({ inputDim: 2, width: 3, depth: 2, pixels: 4 }) },
  { name: 'zou2018 (L=2, ReLU)', net: () => zou2018({ inputDim: 3, width: 6, depth: 2 }), h: 1e-7 },
  { name: 'allenzhu2019 RNN (L=3)', net: () => allenZhu2019({ inputDim: 3, length: 3, width: 6, outputs: 2 }), h: 1e-7 },
  { name: 'chen2018 linear K=(3,4,2)', net: () => chen2018Linear([3, 4, 2]) },
  { name: 'chen2018 two-layer tanh', net: () => chen2018TwoLayer({ inputDim: 3, width: 4 }) },
  { name: 'liu2020 FC, linear head, C=2', net: () => liu2020FC({ inputDim: 3, width: 5, depth: 2, outputs: 2 }) },
  { name: 'liu2020 FC, softmax head', net: () => liu2020FC({ inputDim: 2, width: 4, depth: 1, outputs: 3, head: 'softmax' }) },
  { name: 'liu2020 FC, swish head', net: () => liu2020FC({ inputDim: 2, width: 4, depth: 1, outputs: 2, head: 'swish' }) },
  { name: 'liu2020 ResNet', net: () => liu2020ResNet({ inputDim: 3, width: 4, depth: 3 }) },
  { name: 'liu2020 CNN', net: () => liu2020CNN({ inputDim: 2, width: 3, depth: 2, pixels: 4 }) },
  { name: 'liu2020 bottleneck', net: () => liu2020Bottleneck({ width: 5, bottleneck: 2 }), h: 1e-7 },
  { name: 'liu2020 two-layer, softmax', net: () => liu2020TwoLayer({ width: 6, head: 'softmax' }), h: 1e-7 },
];

function axpy(x: Float64Array, s: number, d: Float64Array): Float64Array {
  const out = x.slice();
  for (let i = 0; i < d.length; i++) out[i] += s * d[i];
  return out;
}

forEachBackend('presets: gradients, JVPs and exact HVPs vs central differences', () => {
  for (const p of PRESETS) {
    describe(p.name, () => {
      const net = p.net();
      const rng = Rng.fromSeed(3).fold(p.name);
      const n = 3;
      const C = net.outputs;
      const x = new Matrix(n, featureSize(net.inShape), rng.fillNormal(new Float64Array(n * featureSize(net.inShape)), 0, 0.7));
      const params = net.init(rng.fold('init'));
      const P = net.trainableSize;
      const h = p.h ?? 1e-5;
      const G = new Matrix(n, C, rng.fillNormal(new Float64Array(n * C)));
      const v = rng.fillNormal(new Float64Array(P));
      const y = new Matrix(n, C, rng.fillNormal(new Float64Array(n * C)));
      const phi = (th: Float64Array): number => {
        const f = net.forward(th, x);
        let s = 0;
        for (let i = 0; i < f.data.length; i++) s += G.data[i] * f.data[i];
        return s;
      };

      it('gradient of Σ G·f, coordinate by coordinate', () => {
        const g = net.gradient(params, x, G);
        const fd = new Float64Array(P);
        for (let k = 0; k < P; k++) {
          const e = new Float64Array(P);
          e[k] = 1;
          fd[k] = (phi(axpy(params, h, e)) - phi(axpy(params, -h, e))) / (2 * h);
        }
        assert.ok(relErr(g, fd) <= 1e-6, `gradient rel err ${relErr(g, fd)}`);
      });

      it('JVP', () => {
        const jv = net.jvp(params, x, v);
        const fp = net.forward(axpy(params, h, v), x);
        const fm = net.forward(axpy(params, -h, v), x);
        const fd = fp.data.map((a, i) => (a - fm.data[i]) / (2 * h));
        assert.ok(relErr(jv.data, fd) <= 1e-6, `JVP rel err ${relErr(jv.data, fd)}`);
      });

      it('HVP of the outputs (Σ G_ic ∇²f_ic v) and of the square loss', () => {
        const hv = net.hvp(params, x, v, G);
        const gp = net.gradient(axpy(params, h, v), x, G);
        const gm = net.gradient(axpy(params, -h, v), x, G);
        const fd = gp.map((a, i) => (a - gm[i]) / (2 * h));
        assert.ok(relErr(hv, fd) <= 1e-6, `output HVP rel err ${relErr(hv, fd)}`);
        // Square loss L = ½‖f − y‖²: G = f − y, Ġ = ḟ.
        const lossGrad = (th: Float64Array): Float64Array => {
          const f = net.forward(th, x);
          return net.gradient(th, x, new Matrix(n, C, f.data.map((a, i) => a - y.data[i])));
        };
        const f0 = net.forward(params, x);
        const lv = net.hvp(params, x, v, new Matrix(n, C, f0.data.map((a, i) => a - y.data[i])), (fDot) => fDot);
        const lp = lossGrad(axpy(params, h, v));
        const lm = lossGrad(axpy(params, -h, v));
        const lfd = lp.map((a, i) => (a - lm[i]) / (2 * h));
        assert.ok(relErr(lv, lfd) <= 1e-6, `loss HVP rel err ${relErr(lv, lfd)}`);
      });

      it('per-example gradients from factors equal the reference Jacobian', () => {
        const jac = net.jacobian(params, x);
        for (let c = 0; c < C; c++) {
          const pe = net.perExampleGradients(params, x, c);
          for (let i = 0; i < n; i++) {
            const e = relMaxDiff(pe.row(i), jac.row(i * C + c));
            assert.ok(e < 1e-12, `example ${i}, output ${c}: ${e}`);
          }
        }
      });
    });
  }
});

describe('full Hessian (small P)', () => {
  it('is symmetric and its action equals the HVP', () => {
    const net = du2019ResNet({ inputDim: 2, width: 3, depth: 2 });
    const rng = Rng.fromSeed(4);
    const params = net.init(rng);
    const x = new Matrix(2, 2, rng.fillNormal(new Float64Array(4)));
    const G = new Matrix(2, 1, new Float64Array([1, -0.5]));
    const H = net.hessian(params, x, G);
    for (let i = 0; i < H.rows; i++) for (let j = 0; j < i; j++) assert.ok(Math.abs(H.get(i, j) - H.get(j, i)) < 1e-12 * (1 + Math.abs(H.get(i, j))));
    const v = rng.fillNormal(new Float64Array(net.trainableSize));
    const hv = net.hvp(params, x, v, G);
    const Hv = new Float64Array(H.rows);
    for (let i = 0; i < H.rows; i++) for (let j = 0; j < H.cols; j++) Hv[i] += H.get(i, j) * v[j];
    assert.ok(relErr(Hv, hv) < 1e-12);
  });
});
