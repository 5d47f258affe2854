import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, ShapeError } from '../../src/errors.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { LOSS_NAMES, makeLoss, minMargin, trainingError, type LossSpec } from '../../src/train/losses.js';
import { relErr } from '../nn/finiteDifferences.js';

function targets(spec: LossSpec, rng: Rng, n: number, c: number): Matrix {
  if (spec.name === 'logistic' || spec.name === 'squared_hinge' || spec.name === 'exponential') {
    return new Matrix(n, 1, Float64Array.from({ length: n }, () => rng.sign()));
  }
  if (spec.name === 'cross_entropy' || spec.name === 'nll') {
    const y = new Matrix(n, c);
    for (let i = 0; i < n; i++) y.data[i * c + rng.int(c)] = 1;
    return y;
  }
  return new Matrix(n, c, rng.fillNormal(new Float64Array(n * c)));
}

function outputs(spec: LossSpec, rng: Rng, n: number, c: number): Matrix {
  const f = new Matrix(n, c, rng.fillNormal(new Float64Array(n * c)));
  if (spec.name === 'nll') {
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let k = 0; k < c; k++) z += f.data[i * c + k] = Math.exp(f.data[i * c + k]);
      for (let k = 0; k < c; k++) f.data[i * c + k] /= z;
    }
  }
  return f;
}

const SPECS: LossSpec[] = [
  { name: 'square', reduction: 'sum' }, { name: 'square', reduction: 'mean' }, { name: 'square', weights: [0, 1, 2] },
  { name: 'logistic' }, { name: 'squared_hinge' }, { name: 'exponential' }, { name: 'cross_entropy' }, { name: 'nll' },
];

describe('losses: first and second derivatives against central differences (relative error ≤ 1e-7)', () => {
  for (const spec of SPECS) {
    it(JSON.stringify(spec), () => {
      const rng = Rng.fromSeed(1).fold(JSON.stringify(spec));
      const loss = makeLoss(spec);
      const margin = loss.spec.name !== 'square' && loss.spec.name !== 'cross_entropy' && loss.spec.name !== 'nll';
      const n = 5;
      const c = margin ? 1 : 3;
      const y = targets(spec, rng, n, c);
      const f = outputs(spec, rng, n, c);
      const h = 1e-6;
      const g = loss.gradient(f, y);
      const fd = new Float64Array(f.data.length);
      for (let k = 0; k < fd.length; k++) {
        const p = f.clone();
        const m = f.clone();
        p.data[k] += h;
        m.data[k] -= h;
        fd[k] = (loss.value(p, y) - loss.value(m, y)) / (2 * h);
      }
      assert.ok(relErr(g.data, fd) < 1e-7, `gradient ${relErr(g.data, fd)}`);
      const v = new Matrix(n, c, rng.fillNormal(new Float64Array(n * c)));
      const hv = loss.hessianVector(f, y, v);
      const gp = loss.gradient(new Matrix(n, c, f.data.map((a, k) => a + h * v.data[k])), y);
      const gm = loss.gradient(new Matrix(n, c, f.data.map((a, k) => a - h * v.data[k])), y);
      const hfd = gp.data.map((a, k) => (a - gm.data[k]) / (2 * h));
      assert.ok(relErr(hv.data, hfd) < 1e-7, `Hessian-vector ${relErr(hv.data, hfd)}`);
      assert.ok(Math.abs(loss.perExample(f, y).reduce((a, b) => a + b, 0) - loss.value(f, y)) < 1e-15 * Math.max(1, loss.value(f, y)));
    });
  }
});

describe('loss conventions and values', () => {
  it('square loss: ½Σ with sum reduction (du2019), 1/N with mean; weights drop outputs (allenzhu2019)', () => {
    const f = Matrix.from([[1, 2], [3, 5]]);
    const y = Matrix.from([[0, 0], [1, 1]]);
    assert.equal(makeLoss({ name: 'square' }).value(f, y), 0.5 * (1 + 4 + 4 + 16));
    assert.equal(makeLoss({ name: 'square', reduction: 'mean' }).value(f, y), 0.25 * (1 + 4 + 4 + 16));
    assert.equal(makeLoss({ name: 'square', weights: [0, 1] }).value(f, y), 0.5 * (4 + 16));
  });
  it('margin losses at known points (zou2018 Table: logistic, squared hinge, exponential)', () => {
    const y = Matrix.from([[1], [-1]]);
    const f = Matrix.from([[2], [0.5]]); // margins 2 and −0.5
    assert.ok(Math.abs(makeLoss({ name: 'logistic' }).value(f, y) - (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(0.5))) / 2) < 1e-15);
    assert.equal(makeLoss({ name: 'squared_hinge' }).value(f, y), (0 + 1.5 ** 2) / 2);
    assert.ok(Math.abs(makeLoss({ name: 'exponential' }).value(f, y) - (Math.exp(-2) + Math.exp(0.5)) / 2) < 1e-15);
    assert.deepEqual(Array.from(makeLoss({ name: 'squared_hinge' }).marginDerivatives!(f, y)), [-0, -3]);
    assert.ok(Math.abs(makeLoss({ name: 'logistic' }).value(Matrix.from([[800]]), Matrix.from([[-1]])) - 800) < 1e-12, 'no overflow');
  });
  it('cross-entropy of uniform logits is log C', () => {
    const l = makeLoss({ name: 'cross_entropy' }).value(Matrix.from([[0.3, 0.3, 0.3]]), Matrix.from([[0, 1, 0]]));
    assert.ok(Math.abs(l - Math.log(3)) < 1e-15);
  });
  it('training error and margin', () => {
    const loss = makeLoss({ name: 'logistic' });
    assert.equal(trainingError(loss, Matrix.from([[1], [-2], [0.5]]), Matrix.from([[1], [1], [-1]])), 2 / 3);
    assert.equal(minMargin(Matrix.from([[1], [-2]]), Matrix.from([[1], [1]])), -2);
    const ce = makeLoss({ name: 'cross_entropy' });
    assert.equal(trainingError(ce, Matrix.from([[1, 2, 0], [5, 1, 1]]), Matrix.from([[0, 1, 0], [0, 0, 1]])), 0.5);
    assert.ok(Number.isNaN(trainingError(makeLoss({ name: 'square' }), Matrix.from([[1]]), Matrix.from([[1]]))));
  });
  it('bad inputs get clear errors', () => {
    assert.throws(() => makeLoss({ name: 'hinge' as never }), (e: unknown) => e instanceof ConfigError && /square, logistic/.test((e as Error).message));
    assert.throws(() => makeLoss({ name: 'logistic', reduction: 'sum' }), ConfigError);
    assert.throws(() => makeLoss({ name: 'logistic' }).value(Matrix.from([[1]]), Matrix.from([[0.5]])), (e: unknown) => e instanceof ConfigError && /±1/.test((e as Error).message));
    assert.throws(() => makeLoss({ name: 'square' }).value(Matrix.from([[1, 2]]), Matrix.from([[1]])), ShapeError);
    assert.throws(() => makeLoss({ name: 'nll' }).value(Matrix.from([[0, 1]]), Matrix.from([[1, 0]])), /positive probabilities/);
    assert.ok(LOSS_NAMES.length === 6);
  });
});
