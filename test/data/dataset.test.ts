import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  classIndices,
  inputDim,
  makeDataset,
  oneHot,
  sampleCount,
  sequenceCount,
  sequenceLength,
  subset,
  takeRows,
  targetDim,
  validateSequenceDataset,
  type SequenceDataset,
} from '../../src/data/dataset.js';
import { NonFiniteError, ShapeError } from '../../src/errors.js';
import { Matrix } from '../../src/linalg/matrix.js';

describe('Dataset helpers', () => {
  it('reports n, d, c and validates that rows match and entries are finite', () => {
    const ds = makeDataset('t', Matrix.from([[1, 2, 3], [4, 5, 6]]), Matrix.from([[1], [0]]), { k: 1 });
    assert.equal(sampleCount(ds), 2);
    assert.equal(inputDim(ds), 3);
    assert.equal(targetDim(ds), 1);
    assert.throws(() => makeDataset('bad', new Matrix(3, 2), new Matrix(2, 1)), (e: unknown) => {
      assert.ok(e instanceof ShapeError);
      assert.match(e.message, /"bad".*3×2.*2×1/);
      return true;
    });
    assert.throws(() => makeDataset('nan', Matrix.from([[1, NaN]]), new Matrix(1, 1)), (e: unknown) => {
      assert.ok(e instanceof NonFiniteError);
      assert.match(e.message, /x\[0, 1\] is NaN/);
      return true;
    });
  });

  it('takes subsets by row index and refuses out-of-range rows', () => {
    const ds = makeDataset('t', Matrix.from([[1, 2], [3, 4], [5, 6]]), Matrix.from([[10], [20], [30]]));
    const s = subset(ds, [2, 0]);
    assert.deepEqual(s.x.toArray(), [[5, 6], [1, 2]]);
    assert.deepEqual(s.y.toArray(), [[30], [10]]);
    s.x.data[0] = 99;
    assert.equal(ds.x.data[4], 5, 'subset copies');
    assert.throws(() => takeRows(ds.x, [3]), ShapeError);
  });

  it('one-hot encodes and decodes class labels', () => {
    const y = oneHot([2, 0, 1, 2], 3);
    assert.deepEqual(y.toArray(), [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    assert.deepEqual(Array.from(classIndices(y)), [2, 0, 1, 2]);
    assert.throws(() => oneHot([3], 3), ShapeError);
    assert.throws(() => oneHot([0.5], 3), ShapeError);
  });

  it('validates sequence data sets', () => {
    const ok: SequenceDataset = {
      name: 's',
      x: [new Matrix(4, 3), new Matrix(4, 3)],
      y: [new Matrix(4, 2), new Matrix(4, 2)],
      meta: {},
    };
    validateSequenceDataset(ok);
    assert.equal(sequenceCount(ok), 4);
    assert.equal(sequenceLength(ok), 2);
    assert.throws(() => validateSequenceDataset({ ...ok, y: [new Matrix(4, 2)] }), /2 tokens but y has 1/);
    assert.throws(() => validateSequenceDataset({ ...ok, x: [new Matrix(4, 3), new Matrix(5, 3)] }), /x\[1\] is 5×3; expected 4×3/);
    assert.throws(() => validateSequenceDataset({ ...ok, x: [], y: [] }), /at least one token/);
  });
});
