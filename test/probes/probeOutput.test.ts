/**
 * Typed probe outputs: what probeOutput reads back from a training record equals what the probe wrote
 * under its flat keys, for every key; a record without the probe is refused; supOf reads an undefined
 * ratio as NaN (Math.max would read null as 0).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { du2019Data } from '../../src/data/du2019.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { empiricalKernel } from '../../src/kernels/empirical.js';
import { du2019FC } from '../../src/models/du2019.js';
import { distanceProbe } from '../../src/probes/distance.js';
import { kernelProbe } from '../../src/probes/kernel.js';
import { probeOutput, probeSeries } from '../../src/probes/probe.js';
import { supOf } from '../../src/probes/probe.js';
import { makeLoss } from '../../src/train/losses.js';
import { train } from '../../src/train/trainer.js';

describe('typed probe outputs', () => {
  const rng = Rng.fromSeed(3);
  const data = du2019Data({ n: 6, d: 4, rng: rng.fold('data') });
  const net = du2019FC({ inputDim: 4, width: 32, depth: 2 });
  const kernel = kernelProbe();
  const distance = distanceProbe({ spectral: false });
  const res = train(net, net.init(rng.fold('init')), data.x, data.y, {
    loss: makeLoss({ name: 'square', reduction: 'sum' }), optimizer: { kind: 'gd' }, learningRate: 0.05, steps: 6, every: 2, probes: [kernel, distance], rng: rng.fold('train'),
  });

  it('reads back every flat key of the probe, and only those', () => {
    for (const r of res.records) {
      const k = probeOutput(r, kernel);
      const flat = Object.keys(r).filter((key) => key.startsWith('kernel.'));
      assert.deepEqual(Object.keys(k).sort(), flat.map((key) => key.slice('kernel.'.length)).sort());
      for (const key of flat) assert.deepEqual(k[key.slice('kernel.'.length) as keyof typeof k], r[key]);
      assert.deepEqual(probeOutput(r, distance).frobenius, r['distance.frobenius']);
    }
    assert.deepEqual(probeSeries(res.records, kernel, 'drift'), res.records.map((r) => r['kernel.drift']));
    assert.equal(probeSeries(res.records, kernel, 'drift')[0], 0);
    assert.ok((probeSeries(res.records, kernel, 'drift').at(-1) ?? 0) > 0);
  });

  it('the matrix option returns G(t) itself: the output-traced empirical kernel at the record\'s parameters', () => {
    const withMatrix = kernelProbe({ matrix: true });
    const r = train(net, net.init(rng.fold('init')), data.x, data.y, {
      loss: makeLoss({ name: 'square', reduction: 'sum' }), optimizer: { kind: 'gd' }, learningRate: 0.05, steps: 3, every: 3, probes: [withMatrix], rng: rng.fold('train'),
    });
    const last = r.records[r.records.length - 1];
    const ref = empiricalKernel(net, r.params, data.x, undefined, { outputs: 'trace' }).kernel;
    assert.deepEqual(probeOutput(last, withMatrix).matrix, Array.from(ref.data));
    assert.equal(probeOutput(res.records[0], kernel).matrix, undefined);
  });

  it('parts: false leaves out the per-tensor quantities and keeps the others as they are', () => {
    const whole = kernelProbe({ parts: false });
    const r = train(net, net.init(rng.fold('init')), data.x, data.y, {
      loss: makeLoss({ name: 'square', reduction: 'sum' }), optimizer: { kind: 'gd' }, learningRate: 0.05, steps: 6, every: 2, probes: [whole], rng: rng.fold('train'),
    });
    assert.equal(r.records.length, res.records.length);
    r.records.forEach((rec, i) => {
      const { partLambdaMin, partDrift, partDriftFrobenius, driftByParam, ...rest } = probeOutput(res.records[i], kernel);
      assert.ok(partLambdaMin && partDrift && partDriftFrobenius && driftByParam);
      assert.deepEqual(probeOutput(rec, whole), rest);
      assert.ok(!('kernel.driftByParam' in rec));
    });
  });

  it('refuses a record that the probe did not measure', () => {
    assert.throws(() => probeOutput({ step: 4, loss: 1 }, kernel), /step 4 has no quantities of probe "kernel"/);
  });

  it('supOf: the supremum, NaN when a value is undefined or not finite', () => {
    assert.equal(supOf([0.1, 0.3, 0.2]), 0.3);
    assert.ok(Number.isNaN(supOf([0.1, null])));
    assert.equal(Math.max(...([-1, null] as number[])), 0); // what a cast would have read
    assert.ok(Number.isNaN(supOf([0.1, Infinity])));
  });
});
