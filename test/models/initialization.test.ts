import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { RecurrentNode } from '../../src/nn/combinators/recurrent.js';
import { allenZhu2019 } from '../../src/models/allenzhu2019.js';
import { zou2018 } from '../../src/models/zou2018.js';
import { propG3Decomposition } from '../../src/theory/allenzhu2019.js';

/** Mean and standard error of a sample. */
function meanSE(xs: number[]): { mean: number; se: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(v / n) };
}

function unitRows(rng: Rng, n: number, d: number): Matrix {
  const x = new Matrix(n, d, rng.fillNormal(new Float64Array(n * d)));
  for (let i = 0; i < n; i++) {
    const r = x.row(i);
    const s = Math.hypot(...r);
    for (let j = 0; j < d; j++) r[j] /= s;
  }
  return x;
}

describe('zou2018 initialization (Sec 3: columns ~ N(0, 2/m_l))', () => {
  it('preserves E‖x_l‖² = ‖x_{l−1}‖² layer by layer (Monte Carlo over 400 seeds, within 4 SE)', () => {
    const L = 3;
    const net = zou2018({ inputDim: 5, width: 64, depth: L });
    const x = unitRows(Rng.fromSeed(1), 1, 5);
    const norms: number[][] = Array.from({ length: L }, () => []);
    for (let s = 0; s < 400; s++) {
      const params = net.init(Rng.fromSeed(1000 + s));
      const outs = net.layerOutputs(params, x);
      for (let l = 0; l < L; l++) {
        const h = outs[2 * l + 1].out.data; // after the l-th ReLU
        norms[l].push(h.reduce((a, b) => a + b * b, 0));
      }
    }
    for (let l = 0; l < L; l++) {
      const { mean, se } = meanSE(norms[l]);
      assert.ok(Math.abs(mean - 1) < 4 * se, `layer ${l + 1}: E‖x_l‖² = ${mean.toFixed(4)} ± ${se.toFixed(4)}, expected 1`);
      assert.ok(se < 0.03, `standard error ${se} too large to test anything`);
    }
  });

  it('the output layer v is fixed ±1 with exactly half of each sign, and frozen', () => {
    const net = zou2018({ inputDim: 4, width: 10, depth: 2 });
    const params = net.init(Rng.fromSeed(5));
    const v = net.param(params, net.paramRefs.find((r) => !r.trainable)!.name);
    assert.equal(v.length, 10);
    assert.equal(v.filter((a) => a === 1).length, 5);
    assert.equal(v.filter((a) => a === -1).length, 5);
    assert.equal(net.trainableSize, 4 * 10 + 10 * 10);
  });
});

describe('allenzhu2019 initialization (Sec 2: W, A ~ N(0, 2/m), B ~ N(0, 1/d))', () => {
  it('E‖h_l‖² = l for unit-norm tokens (Monte Carlo over 200 seeds, within 4 SE)', () => {
    const L = 6;
    const net = allenZhu2019({ inputDim: 4, length: L, width: 64, outputs: 2 });
    const rng = Rng.fromSeed(2);
    const tokens = unitRows(rng, L, 4);
    const x = new Matrix(1, L * 4, tokens.data.slice());
    const node = net.root as RecurrentNode;
    const norms: number[][] = Array.from({ length: L }, () => []);
    for (let s = 0; s < 200; s++) {
      const hs = node.hiddenStates(net.init(Rng.fromSeed(2000 + s)), x);
      hs.forEach((h, l) => norms[l].push(h.data.reduce((a, b) => a + b * b, 0)));
    }
    for (let l = 0; l < L; l++) {
      const { mean, se } = meanSE(norms[l]);
      assert.ok(Math.abs(mean - (l + 1)) < 4 * se, `step ${l + 1}: E‖h_l‖² = ${mean.toFixed(3)} ± ${se.toFixed(3)}, expected ${l + 1}`);
    }
  });

  it('trains W only', () => {
    const net = allenZhu2019({ inputDim: 3, length: 2, width: 8, outputs: 2 });
    assert.equal(net.trainableSize, 64);
    assert.deepEqual(net.paramRefs.filter((r) => r.trainable).map((r) => r.name), ['layers.W']);
  });

  it('Prop G.3: φ(a) − φ(b) = D(a − b) + D″(a − b) with D″ in the stated ranges', () => {
    const rng = Rng.fromSeed(3);
    const n = 5000;
    const a = rng.fillNormal(new Float64Array(n));
    const b = rng.fillNormal(new Float64Array(n));
    a[0] = 0; b[0] = -1; // a ≥ 0 > b at the boundary
    a[1] = -1; b[1] = 0; // a < 0 ≤ b at the boundary
    a[2] = 0; b[2] = 0;
    const { d, dpp } = propG3Decomposition(a, b);
    const relu = (z: number): number => (z > 0 ? z : 0);
    let crossings = 0;
    for (let k = 0; k < n; k++) {
      const lhs = relu(a[k]) - relu(b[k]);
      const rhs = d[k] * (a[k] - b[k]) + dpp[k] * (a[k] - b[k]);
      assert.ok(Math.abs(lhs - rhs) <= 2 * Number.EPSILON * Math.abs(a[k] - b[k]), `k=${k}: ${lhs} vs ${rhs}`);
      if (a[k] >= 0 && b[k] < 0) { assert.ok(dpp[k] >= -1 && dpp[k] <= 0); crossings++; }
      else if (a[k] < 0 && b[k] >= 0) { assert.ok(dpp[k] >= 0 && dpp[k] <= 1); crossings++; }
      else assert.equal(dpp[k], 0);
    }
    assert.ok(crossings > 1000, 'the sample must exercise sign changes');
  });
});
