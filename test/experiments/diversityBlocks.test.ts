import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFloats, encodeFloats } from '../../src/experiments/diversity/blockPoints.js';

describe('Monte Carlo blocks on the runner pool: their arrays travel bit for bit', () => {
  it('NaN, ±Infinity, −0, subnormals and ordinary values come back with the same bytes', () => {
    const a = new Float64Array([NaN, Infinity, -Infinity, -0, 5e-324, 1 / 3, -2.5e300, 0]);
    const b = decodeFloats(encodeFloats(a));
    assert.equal(b.length, a.length);
    assert.deepEqual(new Uint8Array(b.buffer), new Uint8Array(a.buffer));
    assert.ok(Object.is(b[3], -0));
    assert.equal(decodeFloats(encodeFloats(new Float64Array(0))).length, 0);
  });

  it('a view into a larger buffer encodes only its own values', () => {
    const big = new Float64Array([1, 2, 3, 4]);
    assert.deepEqual([...decodeFloats(encodeFloats(big.subarray(1, 3)))], [2, 3]);
  });
});
