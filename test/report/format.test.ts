/** formatNumber (src/report/format.ts): the playground's status line and its exported report share it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatNumber } from '../../src/report/format.js';

describe('formatNumber', () => {
  it('writes plain decimals in [1e-3, 1e4), exponent notation outside, with the requested significant digits', () => {
    assert.equal(formatNumber(0.123456), '0.1235');
    assert.equal(formatNumber(1234.5, 3), '1.23e+3');
    assert.equal(formatNumber(9999.4, 5), '9999.4');
    assert.equal(formatNumber(12345), '1.235e+4');
    assert.equal(formatNumber(0.00099), '9.900e-4');
    assert.equal(formatNumber(-2.5e-7, 2), '-2.5e-7');
  });
  it('writes 0 as 0 and nothing, NaN or ±∞ as a dash', () => {
    assert.equal(formatNumber(0), '0');
    for (const v of [null, undefined, NaN, Infinity, -Infinity]) assert.equal(formatNumber(v), '—');
  });
});
