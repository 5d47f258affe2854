/** backwardVectors (src/probes/backward.ts): closed forms for shallow nets and central differences for a deep one. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { liu2020FC } from '../../src/models/liu2020.js';
import { backwardVectors } from '../../src/probes/backward.js';

describe('backward vectors b^(l) = ∂f/∂α^(l)', () => {
  const rng = Rng.fromSeed(21);
  const x = new Matrix(2, 3, rng.fold('x').fillNormal(new Float64Array(6)));

  it('one hidden layer: b^(1) = v/√m for every input (f = vᵀα^(1)/√m)', () => {
    const m = 7;
    const net = liu2020FC({ inputDim: 3, width: m, depth: 1 });
    const p = net.init(rng.fold('p1'));
    const bs = backwardVectors(net, p, x);
    assert.deepEqual(bs.map((b) => b.kind), ['dense', 'activation', 'dense']);
    const v = net.param(p, 'layers.2.W');
    for (let i = 0; i < 2; i++) for (let j = 0; j < m; j++) assert.ok(Math.abs(bs[1].b.get(i, j) - v[j] / Math.sqrt(m)) < 1e-15);
  });

  it('two hidden tanh layers: b^(1) equals central differences of f in α^(1) (independent forward)', () => {
    const m = 5;
    const d = 3;
    const net = liu2020FC({ inputDim: d, width: m, depth: 2 });
    const p = net.init(rng.fold('p2'));
    const W2 = net.param(p, 'layers.2.W');
    const v = net.param(p, 'layers.4.W');
    const W1 = net.param(p, 'layers.0.W');
    // f from α^(1), written out: f = vᵀ tanh(W2 α/√m)/√m
    const fOf = (a: number[]): number => {
      let f = 0;
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += W2[j * m + k] * a[k];
        f += v[j] * Math.tanh(s / Math.sqrt(m));
      }
      return f / Math.sqrt(m);
    };
    const bs = backwardVectors(net, p, x);
    for (let i = 0; i < 2; i++) {
      const a = Array.from({ length: m }, (_, j) => {
        let s = 0;
        for (let k = 0; k < d; k++) s += W1[j * d + k] * x.get(i, k);
        return Math.tanh(s / Math.sqrt(d));
      });
      for (let j = 0; j < m; j++) {
        const h = 1e-6;
        const ap = a.slice();
        const am = a.slice();
        ap[j] += h;
        am[j] -= h;
        const fd = (fOf(ap) - fOf(am)) / (2 * h);
        assert.ok(Math.abs(bs[1].b.get(i, j) - fd) < 1e-8, `i = ${i}, j = ${j}: ${bs[1].b.get(i, j)} vs ${fd}`);
      }
      assert.ok(Math.abs(fOf(a) - net.forward(p, x).get(i, 0)) < 1e-12);
    }
  });
});
