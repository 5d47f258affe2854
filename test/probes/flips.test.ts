import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { RecurrentNode } from '../../src/nn/combinators/recurrent.js';
import { act } from '../../src/nn/layers/activation.js';
import { dense } from '../../src/nn/layers/dense.js';
import { serial } from '../../src/nn/combinators/serial.js';
import { Network } from '../../src/nn/network.js';
import { vectorShape } from '../../src/nn/shape.js';
import { allenZhu2019 } from '../../src/models/allenzhu2019.js';
import { flipsProbe } from '../../src/probes/flips.js';
import { entry, makeContext } from './context.js';

describe('flips probe', () => {
  it('one ReLU layer with hand-picked weights: max, mean and union of flipped units', () => {
    const net = new Network(serial(dense({ width: 3, scale: 1 }), act({ name: 'relu' }), dense({ width: 1, scale: 1 })), vectorShape(2));
    const x = Matrix.from([[1, 0], [0, 1]]);
    const p0 = new Float64Array(net.size);
    net.param(p0, 'layers.0.W').set([1, 1, 1, -1, -1, -1]); // z(x1) = (1, 1, −1), z(x2) = (1, −1, −1)
    const p1 = p0.slice();
    net.param(p1, 'layers.0.W').set([1, 1, -1, -1, 1, 1]); // z(x1) = (1, −1, 1): 2 flips; z(x2) = (1, −1, 1): 1 flip
    const probe = flipsProbe();
    const state = new Map<string, unknown>();
    const r0 = probe.measure(makeContext({ net, params: p0, x, state }));
    assert.equal(entry(r0, 'max', 'layers.1'), 0);
    const r = probe.measure(makeContext({ net, params: p1, params0: p0, x, state, step: 5 }));
    assert.equal(entry(r, 'max', 'layers.1'), 2 / 3);
    assert.equal(entry(r, 'mean', 'layers.1'), 0.5);
    assert.equal(entry(r, 'union', 'layers.1'), 2 / 3);
    assert.deepEqual(Object.keys(r['max'] as object), ['layers.1']);
  });

  it('a recurrence: rows are (example, step) pairs over the m hidden units, checked against hiddenStates', () => {
    const net = allenZhu2019({ inputDim: 3, length: 4, width: 6, outputs: 2 });
    const rng = Rng.fromSeed(3);
    const p0 = net.init(rng.fold('init'));
    const x = new Matrix(3, 12, rng.fold('x').fillNormal(new Float64Array(36)));
    const p1 = p0.slice();
    const W = net.param(p1, 'layers.W');
    const noise = rng.fold('dW').fillNormal(new Float64Array(W.length), 0, 0.4);
    for (let k = 0; k < W.length; k++) W[k] += noise[k];
    const root = net.root as RecurrentNode;
    // g_l = W h_{l−1} + A x_l by hand from the hidden states; patterns 1{g > 0}.
    const patterns = (p: Float64Array): Uint8Array[] => {
      const hs = root.hiddenStates(p, x);
      const Wm = net.param(p, 'layers.W');
      const A = net.param(p, 'layers.A');
      const rows: Uint8Array[] = [];
      for (let i = 0; i < 3; i++) for (let l = 0; l < 4; l++) {
        const row = new Uint8Array(6);
        for (let j = 0; j < 6; j++) {
          let g = 0;
          if (l > 0) for (let k = 0; k < 6; k++) g += Wm[j * 6 + k] * hs[l - 1].get(i, k);
          for (let k = 0; k < 3; k++) g += A[j * 3 + k] * x.get(i, l * 3 + k);
          row[j] = g > 0 ? 1 : 0;
        }
        rows.push(row);
      }
      return rows;
    };
    const a = patterns(p0);
    const b = patterns(p1);
    const fr = a.map((row, r) => row.reduce((s, v, j) => s + (v !== b[r][j] ? 1 : 0), 0) / 6);
    const union = Array.from({ length: 6 }, (_, j) => (a.some((row, r) => row[j] !== b[r][j]) ? 1 : 0)).reduce((s: number, v) => s + v, 0) / 6;
    const state = new Map<string, unknown>();
    const probe = flipsProbe();
    probe.measure(makeContext({ net, params: p0, x, state }));
    const r = probe.measure(makeContext({ net, params: p1, params0: p0, x, state, step: 1 }));
    assert.ok(Math.max(...fr) > 0, 'the perturbation flips something');
    assert.ok(Math.abs(entry(r, 'max', 'layers') - Math.max(...fr)) < 1e-15);
    assert.ok(Math.abs(entry(r, 'mean', 'layers') - fr.reduce((s, v) => s + v, 0) / fr.length) < 1e-15);
    assert.ok(Math.abs(entry(r, 'union', 'layers') - union) < 1e-15);
  });
});
