/**
 * The trainer's non-finite handling. nonFinite: 'rollback' (what the CLI uses): the first non-finite
 * value — the loss, a parameter, or a probe's value — stops the run at the step before, with exactly
 * the parameters of a run asked to stop there, a record at that step, and no record holding a
 * non-finite value. The default keeps the experiments' behaviour: a probe's non-finite value does not
 * stop the run, and a record showing a non-finite loss is kept.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { liu2020FC } from '../../src/models/liu2020.js';
import type { Probe } from '../../src/probes/probe.js';
import { makeLoss } from '../../src/train/losses.js';
import { nonFiniteFields, train, type TrainRecord } from '../../src/train/trainer.js';

/** A probe whose value overflows from step `from` on. */
function overflowingAt(from: number): Probe {
  return { name: 'boom', measure: (ctx) => ({ x: ctx.step >= from ? Infinity : ctx.step }) };
}

function setup() {
  const net = liu2020FC({ inputDim: 2, width: 16, depth: 1, activation: { name: 'tanh' } });
  const rng = Rng.fromSeed(5);
  const x = new Matrix(6, 2, rng.fold('x').fillNormal(new Float64Array(12)));
  const y = new Matrix(6, 1, rng.fold('y').fillNormal(new Float64Array(6)));
  return { net, x, y, p0: net.init(rng.fold('init')), rng, loss: makeLoss({ name: 'square' }) };
}

const finite = (records: TrainRecord[]): boolean => records.every((r) => nonFiniteFields(r).length === 0);

describe('the trainer on non-finite values', () => {
  it('rollback: a probe overflowing at step 8 stops at step 7 with the parameters of a 7-step run', () => {
    const { net, x, y, p0, rng, loss } = setup();
    const base = { loss, optimizer: { kind: 'gd' } as const, learningRate: 0.05, every: 4, rng };
    const res = train(net, p0, x, y, { ...base, steps: 20, probes: [overflowingAt(8)], nonFinite: 'rollback' });
    assert.equal(res.stop, 'nonfinite');
    assert.equal(res.steps, 7);
    assert.match(res.message, /at step 8 boom\.x became Infinity.*stopped at step 7/);
    assert.deepEqual(res.records.map((r) => r.step), [0, 4, 7]);
    assert.ok(finite(res.records));
    const ref = train(net, p0, x, y, { ...base, steps: 7 });
    assert.deepEqual(res.params, ref.params);
  });

  it('rollback: a divergence (huge learning rate) ends on finite parameters and records', () => {
    const { net, x, y, p0, rng, loss } = setup();
    const res = train(net, p0, x, y, { loss, optimizer: { kind: 'gd' }, learningRate: 1e12, steps: 50, every: 1, rng, nonFinite: 'rollback' });
    assert.equal(res.stop, 'nonfinite');
    assert.match(res.message, /at step (\d+) .* became .*stopped at step \d+, the last finite one/);
    assert.ok(res.params.every(Number.isFinite));
    assert.ok(finite(res.records));
    assert.equal(res.records[res.records.length - 1].step, res.steps);
    const ref = train(net, p0, x, y, { loss, optimizer: { kind: 'gd' }, learningRate: 1e12, steps: res.steps, every: 1, rng });
    assert.deepEqual(res.params, ref.params);
  });

  it('default: a probe value that is not finite does not stop the run', () => {
    const { net, x, y, p0, rng, loss } = setup();
    const res = train(net, p0, x, y, { loss, optimizer: { kind: 'gd' }, learningRate: 0.05, steps: 12, every: 4, rng, probes: [overflowingAt(8)] });
    assert.equal(res.stop, 'steps');
    assert.equal(res.records[res.records.length - 1]['boom.x'], Infinity);
  });

  it('afterStep sees every finite step once, after its record', () => {
    const { net, x, y, p0, rng, loss } = setup();
    const seen: [number, number][] = [];
    const res0: number[] = [];
    train(net, p0, x, y, {
      loss, optimizer: { kind: 'gd' }, learningRate: 0.05, steps: 9, every: 3, rng,
      afterStep: (step) => seen.push([step, res0.length]),
      onRecord: (r) => res0.push(r.step),
    });
    assert.deepEqual(seen.map(([s]) => s), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(seen.filter(([s]) => s % 3 === 0).map(([, k]) => k), [2, 3, 4], 'the record of step 3k is out before afterStep(3k)');
  });
});
