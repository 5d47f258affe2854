import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { empiricalKernel } from '../../src/kernels/empirical.js';
import { buildModel } from '../../src/models/spec.js';
import { liu2020FC } from '../../src/models/liu2020.js';
import { relMaxDiff } from '../helpers.js';

describe('liu2020 exact identities', () => {
  it('the v–v block of the Hessian is exactly zero (f is linear in the output layer)', () => {
    const net = liu2020FC({ inputDim: 3, width: 5, depth: 2, activation: { name: 'tanh' } });
    const rng = Rng.fromSeed(1);
    const params = net.init(rng);
    const x = new Matrix(1, 3, rng.fillNormal(new Float64Array(3)));
    const H = net.hessian(params, x, Matrix.from([[1]]));
    const v = net.paramRefs.find((r) => r.name === 'layers.4.W')!;
    let vv = 0;
    let rest = 0;
    for (let i = 0; i < H.rows; i++) for (let j = 0; j < H.cols; j++) {
      const inV = i >= v.offset && i < v.offset + v.size && j >= v.offset && j < v.offset + v.size;
      if (inV) vv = Math.max(vv, Math.abs(H.get(i, j)));
      else rest = Math.max(rest, Math.abs(H.get(i, j)));
    }
    assert.equal(vv, 0);
    assert.ok(rest > 1e-3, 'the other blocks are not zero');
  });

  it('App. B: with W̄ = W/√m (LeCun form) f is unchanged, K̄ = m·K and H̄ = m·H (all fan-ins m)', () => {
    const m = 6;
    const layers = (scale: 'ntk' | 'standard') => ({
      input: m,
      layers: [
        { type: 'dense', width: m, scale }, { type: 'activation', activation: { name: 'tanh' } },
        { type: 'dense', width: m, scale }, { type: 'activation', activation: { name: 'softplus' } },
        { type: 'dense', width: 1, scale },
      ],
    });
    const ntk = buildModel(layers('ntk'));
    const lecun = buildModel(layers('standard'));
    const rng = Rng.fromSeed(2);
    const p = ntk.init(rng);
    const pBar = p.map((w) => w / Math.sqrt(m));
    const x = new Matrix(4, m, rng.fillNormal(new Float64Array(4 * m)));
    assert.ok(relMaxDiff(lecun.forward(pBar, x), ntk.forward(p, x)) < 1e-14);
    const K = empiricalKernel(ntk, p, x).kernel;
    const KBar = empiricalKernel(lecun, pBar, x).kernel;
    assert.ok(relMaxDiff(KBar, new Matrix(4, 4, K.data.map((v) => m * v))) < 1e-10);
    const g = Matrix.from([[1], [0], [0], [0]]);
    const H = ntk.hessian(p, x, g);
    const HBar = lecun.hessian(pBar, x, g);
    assert.ok(relMaxDiff(HBar, new Matrix(H.rows, H.cols, H.data.map((v) => m * v))) < 1e-10);
  });
});
