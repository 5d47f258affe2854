import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NonFiniteError } from '../../src/errors.js';
import { firstOverflowingLayer, requireFiniteKernel } from '../../src/kernels/finite.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { buildModel } from '../../src/models/spec.js';

describe('kernels that overflow', () => {
  it('passes a finite kernel and names the first non-finite entry and part of another', () => {
    requireFiniteKernel(new Matrix(2, 2, Float64Array.from([1, 0, 0, 1])), 'k');
    const bad = new Matrix(2, 2, Float64Array.from([1, 2, Infinity, 1]));
    const parts = new Map([
      ['layers.0.W', new Matrix(2, 2, Float64Array.from([1, 1, 1, 1]))],
      ['layers.3.W', new Matrix(2, 2, Float64Array.from([0, 1, NaN, 0]))],
    ]);
    assert.throws(() => requireFiniteKernel(bad, 'the analytic kernel', parts), (e: unknown) => {
      assert.ok(e instanceof NonFiniteError);
      assert.match(e.message, /^the analytic kernel is not finite: entry \(1, 0\) = Infinity; its part from layers\.3\.W is the first not finite, at \(1, 0\) = NaN/);
      return true;
    });
  });
});

describe('where the forward pass overflows', () => {
  it('names the first top-level layer whose output is not finite, or none', () => {
    const spec = (std: number): unknown => ({
      input: 2,
      layers: [{ type: 'dense', width: 4, weightStd: std }, { type: 'activation', activation: { name: 'relu' } }, { type: 'dense', width: 1, weightStd: std }],
    });
    const x = new Matrix(2, 2, Float64Array.from([1, 0, 0, 1]));
    const huge = buildModel(spec(1e200));
    assert.match(firstOverflowingLayer(huge, huge.init(Rng.fromSeed(0)), x) ?? '', /^layer 2 \(dense\) is not finite on example 0$/);
    const fine = buildModel(spec(1));
    assert.equal(firstOverflowingLayer(fine, fine.init(Rng.fromSeed(0)), x), undefined);
  });
});
