import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { empiricalKernel } from '../../src/kernels/empirical.js';
import { linearizedDynamics } from '../../src/kernels/dynamics.js';
import { kernelSpectrum } from '../../src/kernels/spectrum.js';
import { act } from '../../src/nn/layers/activation.js';
import { dense } from '../../src/nn/layers/dense.js';
import { serial } from '../../src/nn/combinators/serial.js';
import { Network } from '../../src/nn/network.js';
import { vectorShape } from '../../src/nn/shape.js';
import { liu2020FC } from '../../src/models/liu2020.js';
import { zou2018 } from '../../src/models/zou2018.js';
import { makeLoss } from '../../src/train/losses.js';
import { batchSampler } from '../../src/train/schedule.js';
import { train } from '../../src/train/trainer.js';
import { fitLogLog } from '../../src/stats/regression.js';
import { relMaxDiff } from '../helpers.js';

function data(rng: Rng, n: number, d: number, c: number): { x: Matrix; y: Matrix } {
  return {
    x: new Matrix(n, d, rng.fillNormal(new Float64Array(n * d), 0, 0.7)),
    y: new Matrix(n, c, rng.fillNormal(new Float64Array(n * c))),
  };
}

describe('GD against the closed-form dynamics of the linearized model', () => {
  it('a model linear in its parameters (random features) follows the closed form to round-off', () => {
    // f = V·tanh(W x) with W frozen: f is linear in the trained V, so GD is exactly kernel regression.
    const net = new Network(serial(dense({ width: 20, trainable: false }), act({ name: 'tanh' }), dense({ width: 3 })), vectorShape(4));
    const rng = Rng.fromSeed(1);
    const params = net.init(rng);
    const { x, y } = data(rng, 8, 4, 3);
    const k = empiricalKernel(net, params, x, undefined, { outputs: 0 }).kernel; // identical for every output
    const eta = 1.5 / kernelSpectrum(k).lambdaMax;
    const res = train(net, params, x, y, { loss: makeLoss({ name: 'square', reduction: 'sum' }), optimizer: { kind: 'gd' }, learningRate: eta, steps: 30, every: 10, rng });
    const dyn = linearizedDynamics({ kernel: k, f0: net.forward(params, x), y, learningRate: eta, lossScale: 1 });
    assert.equal(res.stop, 'steps');
    for (const r of res.records) {
      const fLin = dyn.train(r.step);
      const lossLin = 0.5 * fLin.data.reduce((a, v, i) => a + (v - y.data[i]) ** 2, 0);
      assert.ok(Math.abs(r.loss - lossLin) <= 1e-10 * Math.max(1, lossLin), `step ${r.step}: loss ${r.loss} vs ${lossLin}`);
    }
    const fT = net.forward(res.params, x);
    assert.ok(relMaxDiff(fT, dyn.train(30)) < 1e-10);
  });

  it('a wide network tracks its linearization, with an error that shrinks with width (log–log slope reported)', (t) => {
    const widths = [64, 128, 256, 512, 1024];
    const errs: number[] = [];
    for (const m of widths) {
      let e = 0;
      for (let s = 0; s < 3; s++) {
        const net = liu2020FC({ inputDim: 3, width: m, depth: 2, activation: { name: 'tanh' } });
        const rng = Rng.fromSeed(100 + s);
        const params = net.init(rng.fold('init', m));
        const { x, y } = data(rng.fold('data'), 6, 3, 1);
        const k = empiricalKernel(net, params, x).kernel;
        const eta = 1 / kernelSpectrum(k).lambdaMax;
        const f0 = net.forward(params, x);
        const res = train(net, params, x, y, { loss: makeLoss({ name: 'square', reduction: 'sum' }), optimizer: { kind: 'gd' }, learningRate: eta, steps: 40, every: 40, rng });
        const dyn = linearizedDynamics({ kernel: k, f0, y, learningRate: eta, lossScale: 1 });
        const fT = net.forward(res.params, x);
        const fLin = dyn.train(40);
        let num = 0;
        let den = 0;
        for (let i = 0; i < fT.data.length; i++) {
          num += (fT.data[i] - fLin.data[i]) ** 2;
          den += (f0.data[i] - y.data[i]) ** 2;
        }
        e += Math.sqrt(num / den) / 3;
      }
      errs.push(e);
    }
    const fit = fitLogLog(widths, errs);
    t.diagnostic(`‖f − f_lin‖/‖f0 − y‖ after 40 steps: ${errs.map((e) => e.toExponential(2)).join(', ')}; slope ${fit.slope.toFixed(3)} ± ${fit.slopeStdError.toFixed(3)}`);
    // liu2020: ‖H‖ = Õ(1/√m), so the deviation from the linear model falls at least like m^(−1/2).
    assert.ok(fit.slope < -0.4 && fit.slope > -1.3, `slope ${fit.slope}`);
    assert.ok(errs[errs.length - 1] < 0.05, `at m = 1024 the network should be close to linear: ${errs[errs.length - 1]}`);
  });
});

describe('the trainer', () => {
  it('stops on a non-finite loss naming the step, keeping the records', () => {
    const net = liu2020FC({ inputDim: 2, width: 16, depth: 1, activation: { name: 'relu' } });
    const rng = Rng.fromSeed(2);
    const { x, y } = data(rng, 5, 2, 1);
    const res = train(net, net.init(rng), x, y, { loss: makeLoss({ name: 'square' }), optimizer: { kind: 'gd' }, learningRate: 1e6, steps: 50, every: 1, rng });
    assert.equal(res.stop, 'nonfinite');
    assert.match(res.message, /(at|after) step \d+/);
    assert.ok(res.records.length >= 1 && res.records.slice(0, -1).every((r) => Number.isFinite(r.loss)));
    assert.equal(res.records[res.records.length - 1].step, res.steps);
    assert.ok(res.steps < 50);
  });

  it('stops at the target loss and on an abort signal', () => {
    const net = liu2020FC({ inputDim: 2, width: 32, depth: 1, activation: { name: 'tanh' } });
    const rng = Rng.fromSeed(3);
    const { x, y } = data(rng, 4, 2, 1);
    const params = net.init(rng);
    const loss = makeLoss({ name: 'square' });
    const target = 1e-3;
    const res = train(net, params, x, y, { loss, optimizer: { kind: 'gd' }, learningRate: 0.5, steps: 5000, every: 5, targetLoss: target, rng });
    assert.equal(res.stop, 'target');
    assert.ok(res.records[res.records.length - 1].loss <= target && res.records[res.records.length - 2].loss > target);
    const ac = new AbortController();
    const stopped = train(net, params, x, y, { loss, optimizer: { kind: 'gd' }, learningRate: 0.5, steps: 100, every: 5, rng, onStep: (s) => { if (s === 7) ac.abort(); }, signal: ac.signal });
    assert.equal(stopped.stop, 'interrupted');
    assert.equal(stopped.steps, 7);
    assert.equal(stopped.records[stopped.records.length - 1].step, 7);
  });

  it('SGD batches are distinct indices drawn uniformly (zou2018: without replacement, independently each step)', () => {
    const s = batchSampler({ kind: 'sgd', batchSize: 4 }, 10, Rng.fromSeed(4));
    const counts = new Array(10).fill(0);
    const draws = 5000;
    for (let k = 0; k < draws; k++) {
      const b = s.next(k + 1);
      assert.equal(new Set(b).size, 4);
      for (const i of b) counts[i]++;
    }
    // Each index appears with probability 4/10 per draw: binomial(5000, 0.4), sd ≈ 34.6.
    for (const c of counts) assert.ok(Math.abs(c - 2000) < 4.5 * Math.sqrt(draws * 0.4 * 0.6), `count ${c}`);
    const e = batchSampler({ kind: 'sgd', batchSize: 5, sampling: 'epoch' }, 10, Rng.fromSeed(5));
    const epoch = [...e.next(1), ...e.next(2)].sort((a, b) => a - b);
    assert.deepEqual(epoch, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('the SGD gradient of a sum-reduced loss, scaled by n/|S|, is unbiased (allenzhu2019): its mean over batches is the full gradient', () => {
    const net = liu2020FC({ inputDim: 2, width: 8, depth: 1, activation: { name: 'tanh' } });
    const rng = Rng.fromSeed(6);
    const { x, y } = data(rng, 6, 2, 1);
    const params = net.init(rng);
    const loss = makeLoss({ name: 'square', reduction: 'sum' });
    // Take one SGD step with η = 1 from the same start for every 3-subset: the average move is the full gradient.
    const subsets: number[][] = [];
    for (let a = 0; a < 6; a++) for (let b = a + 1; b < 6; b++) for (let c = b + 1; c < 6; c++) subsets.push([a, b, c]);
    const mean = new Float64Array(net.trainableSize);
    for (const sub of subsets) {
      const xb = new Matrix(3, 2, Float64Array.from(sub.flatMap((i) => [...x.row(i)])));
      const yb = new Matrix(3, 1, Float64Array.from(sub.map((i) => y.data[i])));
      const g = net.gradient(params, xb, loss.gradient(net.forward(params, xb), yb));
      for (let k = 0; k < g.length; k++) mean[k] += (g[k] * (6 / 3)) / subsets.length;
    }
    const full = net.gradient(params, x, loss.gradient(net.forward(params, x), y));
    assert.ok(relMaxDiff(mean, full) < 1e-13);
    // And the trainer applies exactly that scaling: one SGD step with B = n equals one GD step.
    const one = train(net, params, x, y, { loss, optimizer: { kind: 'sgd', batchSize: 6, sampling: 'epoch' }, learningRate: 0.1, steps: 1, rng });
    const gd = train(net, params, x, y, { loss, optimizer: { kind: 'gd' }, learningRate: 0.1, steps: 1, rng });
    assert.ok(relMaxDiff(one.params, gd.params) < 1e-15);
  });

  it('a resumed run (GD and SGD) ends exactly where an uninterrupted one does', () => {
    const net = liu2020FC({ inputDim: 3, width: 16, depth: 2, activation: { name: 'tanh' } });
    const rng = Rng.fromSeed(8);
    const { x, y } = data(rng.fold('d'), 10, 3, 1);
    const p0 = net.init(rng.fold('i'));
    const loss = makeLoss({ name: 'square' });
    for (const optimizer of [{ kind: 'gd' } as const, { kind: 'sgd', batchSize: 3 } as const, { kind: 'sgd', batchSize: 3, sampling: 'epoch' } as const]) {
      const full = train(net, p0, x, y, { loss, optimizer, learningRate: 0.05, steps: 30, every: 10, rng });
      const half = train(net, p0, x, y, { loss, optimizer, learningRate: 0.05, steps: 12, every: 10, rng });
      const rest = train(net, p0, x, y, { loss, optimizer, learningRate: 0.05, steps: 30, every: 10, rng, resume: { params: half.params, step: 12 } });
      assert.deepEqual(rest.params, full.params, optimizer.kind);
      assert.deepEqual(rest.records.map((r) => r.step), [20, 30]);
      assert.equal(rest.records[1].loss, full.records[full.records.length - 1].loss);
    }
  });

  it('frozen parameters never move (zou2018 output layer)', () => {
    const net = zou2018({ inputDim: 3, width: 8, depth: 2 });
    const rng = Rng.fromSeed(7);
    const x = new Matrix(6, 3, rng.fillNormal(new Float64Array(18)));
    const y = new Matrix(6, 1, Float64Array.from({ length: 6 }, (_, i) => (i % 2 ? 1 : -1)));
    const p0 = net.init(rng);
    const res = train(net, p0, x, y, { loss: makeLoss({ name: 'logistic' }), optimizer: { kind: 'sgd', batchSize: 2 }, learningRate: 0.1, steps: 20, rng });
    assert.deepEqual(res.params.subarray(net.trainableSize), p0.subarray(net.trainableSize));
    assert.ok(res.params.subarray(0, net.trainableSize).some((v, i) => v !== p0[i]));
  });
});
