import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataFormatError } from '../../src/data/errors.js';
import { decodeNpy, encodeNpy, MAX_HEADER_DEPTH } from '../../src/data/npy.js';

function withShapeText(shape: string): Uint8Array {
  const header = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shape}, }\n`;
  const b = Buffer.alloc(12 + header.length);
  b.write('\x93NUMPY', 'latin1');
  b[6] = 2;
  b.writeUInt32LE(header.length, 8);
  b.write(header, 12, 'latin1');
  return b;
}

describe('.npy header nesting', () => {
  it('reads an ordinary header', () => {
    const a = decodeNpy(encodeNpy([2, 1], Float64Array.from([1, 2])), 'ok.npy');
    assert.deepEqual(a.shape, [2, 1]);
  });

  it(`refuses brackets nested deeper than ${MAX_HEADER_DEPTH} (100 000 parentheses: no stack overflow)`, () => {
    for (const depth of [MAX_HEADER_DEPTH + 1, 100_000]) {
      assert.throws(() => decodeNpy(withShapeText(`${'('.repeat(depth)}${')'.repeat(depth)}`), 'deep.npy'), (e: unknown) => {
        assert.ok(e instanceof DataFormatError);
        assert.match(e.message, /^deep\.npy: byte 12: malformed header: brackets nest deeper than 32/);
        return true;
      });
    }
  });

  it('nesting within the limit is only a wrong shape, not a depth error', () => {
    assert.throws(() => decodeNpy(withShapeText('((2,),)'), 'x.npy'), /'shape' must be a tuple of non-negative integers/);
  });
});
