import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { eigvalsh } from '../../src/linalg/eigen.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { zou2018 } from '../../src/models/zou2018.js';
import { zou2018Probe } from '../../src/probes/zou2018.js';
import { makeLoss } from '../../src/train/losses.js';
import { entry, makeContext, num } from './context.js';

describe('zou2018 probe', () => {
  const net = zou2018({ inputDim: 4, width: 6, depth: 2 });
  const rng = Rng.fromSeed(9);
  const p = net.init(rng.fold('init'));
  const n = 5;
  const x = new Matrix(n, 4, rng.fold('x').fillNormal(new Float64Array(n * 4)));
  const y = new Matrix(n, 1, new Float64Array([1, -1, 1, 1, -1]));

  it('gradient bound ratios against a direct computation (logistic loss)', () => {
    const loss = makeLoss({ name: 'logistic' });
    const f = net.forward(p, x);
    // ℓ(z) = log(1 + e^{−z}): ℓ'(z) = −1/(1 + e^{z});  ∂L_S/∂f_i = y_i ℓ'(y_i f_i)/n
    const d = Array.from({ length: n }, (_, i) => -1 / (1 + Math.exp(y.data[i] * f.data[i])));
    const meanAbs = d.reduce((s, v) => s + Math.abs(v), 0) / n;
    const G = new Matrix(n, 1, Float64Array.from(d, (v, i) => (y.data[i] * v) / n));
    const grad = net.gradient(p, x, G);
    const slice = (name: string): Matrix => {
      const ref = net.paramRefs.find((r) => r.name === name)!;
      return new Matrix(ref.shape[0], ref.shape[1], ref.view(grad).slice());
    };
    const spec = (a: Matrix): number => {
      const ata = new Matrix(a.cols, a.cols);
      for (let i = 0; i < a.cols; i++) for (let j = 0; j < a.cols; j++) {
        let s = 0;
        for (let k = 0; k < a.rows; k++) s += a.get(k, i) * a.get(k, j);
        ata.set(i, j, s);
      }
      const ev = eigvalsh(ata);
      return Math.sqrt(ev[ev.length - 1]);
    };
    const gL = slice('layers.2.W'); // W_L (the frozen output v is layers.4.W)
    const fro2 = gL.data.reduce((s, v) => s + v * v, 0);
    const r = zou2018Probe().measure(makeContext({ net, params: p, x, y, loss }));
    const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) <= 1e-10 * Math.abs(b), `${a} vs ${b}`);
    close(num(r, 'meanAbsDerivative'), meanAbs);
    close(num(r, 'lower'), fro2 / (6 * meanAbs * meanAbs));
    const u1 = spec(slice('layers.0.W')) / (Math.sqrt(6) * meanAbs);
    const u2 = spec(gL) / (Math.sqrt(6) * meanAbs);
    close(entry(r, 'upper', 'layers.0.W'), u1);
    close(entry(r, 'upper', 'layers.2.W'), u2);
    close(num(r, 'upperMax'), Math.max(u1, u2));
    assert.deepEqual(Object.keys(r['upper'] as object), ['layers.0.W', 'layers.2.W']);
  });

  it('refuses a loss without margin derivatives', () => {
    assert.throws(
      () => zou2018Probe().measure(makeContext({ net, params: p, x, y, loss: makeLoss({ name: 'square' }) })),
      (e: unknown) => e instanceof ConfigError && /margin loss/.test(e.message) && /square/.test(e.message),
    );
  });
});
