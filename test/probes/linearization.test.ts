import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { act } from '../../src/nn/layers/activation.js';
import { dense } from '../../src/nn/layers/dense.js';
import { serial } from '../../src/nn/combinators/serial.js';
import { Network } from '../../src/nn/network.js';
import { vectorShape } from '../../src/nn/shape.js';
import { liu2020FC } from '../../src/models/liu2020.js';
import { linearizationProbe } from '../../src/probes/linearization.js';
import { makeLoss, type LossSpec } from '../../src/train/losses.js';
import { train, type TrainRecord } from '../../src/train/trainer.js';
import { makeContext } from './context.js';

/** Random features: only the output layer is trained, so f is linear in the parameters. */
function randomFeatures(outputs: number): Network {
  return new Network(serial(dense({ width: 8, trainable: false }), act({ name: 'relu' }), dense({ width: outputs })), vectorShape(3));
}

/** Outputs coupled through shared trainable weights: f = B·(w·relu(V x)), V and B frozen (Θ_full has cross terms). */
function coupledRandomFeatures(outputs: number): Network {
  return new Network(serial(dense({ width: 8, trainable: false }), act({ name: 'relu' }), dense({ width: 2 }), dense({ width: outputs, trainable: false })), vectorShape(3));
}

function run(net: Network, spec: LossSpec, eta: number, steps: number): TrainRecord[] {
  const rng = Rng.fromSeed(17);
  const n = 6;
  const x = new Matrix(n, 3, rng.fold('x').fillNormal(new Float64Array(n * 3)));
  const y = new Matrix(n, net.outputs, rng.fold('y').fillNormal(new Float64Array(n * net.outputs)));
  const res = train(net, net.init(rng.fold('init')), x, y, {
    loss: makeLoss(spec), optimizer: { kind: 'gd' }, learningRate: eta, steps, rng: rng.fold('train'),
    probes: [linearizationProbe({ gd: true })],
  });
  assert.equal(res.stop, 'steps');
  return res.records;
}

const value = (r: TrainRecord, k: string): number => {
  const v = r[`linearization.${k}`];
  if (typeof v !== 'number') throw new Error(`${k} = ${JSON.stringify(v)}`);
  return v;
};

describe('linearization probe', () => {
  const linearCases: [string, number, LossSpec, number][] = [
    ['one output, square sum', 1, { name: 'square' }, 0.05],
    ['two outputs (full kernel), square mean', 2, { name: 'square', reduction: 'mean' }, 0.3],
    ['two outputs, weights (1, 0.25)', 2, { name: 'square', weights: [1, 0.25] }, 0.05],
    ['three outputs, weights (1, 0, 2)', 3, { name: 'square', weights: [1, 0, 2] }, 0.03],
  ];
  const coupled: [string, number, LossSpec, number][] = [
    ['coupled outputs, square sum', 3, { name: 'square' }, 0.02],
    ['coupled outputs, weights (0.5, 0, 1) (the zero-weight output moves through the shared weights)', 3, { name: 'square', weights: [0.5, 0, 1] }, 0.02],
  ];
  for (const [name, C, spec, eta] of [...linearCases, ...coupled]) {
    it(`is 0 (to ~1e-12) for a model linear in its parameters trained by GD: ${name}`, () => {
      const records = run(name.startsWith('coupled') ? coupledRandomFeatures(C) : randomFeatures(C), spec, eta, 6);
      assert.equal(records.length, 7);
      for (const r of records) assert.ok(value(r, 'relativeToResidual') < 1e-12, `step ${r.step}: ${value(r, 'relativeToResidual')}`);
      // training moved the outputs, and the linearized loss is the training loss
      assert.ok(records[6].loss < 0.99 * records[0].loss, `loss ${records[0].loss} → ${records[6].loss}`);
      assert.ok(Math.abs(value(records[6], 'linearLoss') - records[6].loss) < 1e-10 * records[0].loss);
    });
  }

  it('is 0 at step 0 and > 0 after for a nonlinear network', () => {
    const records = run(liu2020FC({ inputDim: 3, width: 4, depth: 1, outputs: 2 }), { name: 'square' }, 0.2, 8);
    assert.ok(value(records[0], 'relativeToResidual') < 1e-12);
    const last = records[records.length - 1];
    assert.ok(value(last, 'relativeToResidual') > 1e-4, `${value(last, 'relativeToResidual')}`);
    assert.ok(value(last, 'relativeToOutput') > 1e-4);
    assert.ok(value(records[1], 'distance') > 1e-6);
  });

  it('refuses a non-square loss and a kernel larger than maxExamples', () => {
    const net = randomFeatures(1);
    const p = net.init(Rng.fromSeed(1));
    const x = new Matrix(4, 3, new Float64Array(12).fill(0.5));
    const y = new Matrix(4, 1, new Float64Array([1, -1, 1, -1]));
    assert.throws(() => linearizationProbe({ gd: true }).measure(makeContext({ net, params: p, x, y, loss: makeLoss({ name: 'logistic' }) })),
      (e: unknown) => e instanceof ConfigError && /square loss only/.test(e.message));
    assert.throws(() => linearizationProbe({ gd: true, maxExamples: 3 }).measure(makeContext({ net, params: p, x, y })),
      (e: unknown) => e instanceof ConfigError && /maxExamples is 3/.test(e.message));
  });
});
