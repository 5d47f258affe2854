import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NonFiniteError } from '../../src/errors.js';
import { requireFiniteKernel } from '../../src/kernels/finite.js';
import { Matrix } from '../../src/linalg/matrix.js';

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
