/**
 * Data sets: inputs and targets as float64 matrices with one row per example, plus a flat record of
 * facts about how they were made (paper, parameters, empirical separation …) that reports can print.
 */
import { NonFiniteError, ShapeError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';

/** Facts about a data set: generator parameters and measured properties (JSON-serializable scalars). */
export type DatasetMeta = Record<string, number | string | boolean>;

/** n examples: inputs x (n×d) and targets y (n×c), row i of each belonging to example i. */
export interface Dataset {
  name: string;
  /** n×d inputs, one example per row. */
  x: Matrix;
  /** n×c targets (c = 1 for scalar regression or ±1 labels; one-hot rows for classes). */
  y: Matrix;
  meta: DatasetMeta;
}

/**
 * n sequences of length L (allenzhu2019 Sec 2): x[l] is the n×d_x matrix of token l+1 of every sequence,
 * y[l] the n×d matrix of its labels; row i of every matrix belongs to sequence i.
 */
export interface SequenceDataset {
  name: string;
  /** L matrices n×d_x: x[l] holds token l (0-based) of every sequence. */
  x: Matrix[];
  /** L matrices n×d: y[l] holds the labels of token l of every sequence. */
  y: Matrix[];
  meta: DatasetMeta;
}

/** Number of examples n. */
export function sampleCount(ds: Dataset): number {
  return ds.x.rows;
}

/** Input dimension d. */
export function inputDim(ds: Dataset): number {
  return ds.x.cols;
}

/** Target dimension c. */
export function targetDim(ds: Dataset): number {
  return ds.y.cols;
}

/** Checks that x and y have the same number of rows and (unless allowed) finite entries. */
export function validateDataset(ds: Dataset, opts: { allowNonFinite?: boolean } = {}): void {
  if (ds.x.rows !== ds.y.rows) {
    throw new ShapeError(`data set "${ds.name}": x is ${ds.x.shapeString} but y is ${ds.y.shapeString}; their rows must match`);
  }
  if (!opts.allowNonFinite) {
    requireFiniteEntries(ds.name, 'x', ds.x);
    requireFiniteEntries(ds.name, 'y', ds.y);
  }
}

function requireFiniteEntries(name: string, which: string, m: Matrix): void {
  const d = m.data;
  for (let k = 0; k < d.length; k++) {
    if (!Number.isFinite(d[k])) {
      const i = Math.floor(k / Math.max(1, m.cols));
      throw new NonFiniteError(`data set "${name}": ${which}[${i}, ${k - i * m.cols}] is ${d[k]}`);
    }
  }
}

/** A validated data set. */
export function makeDataset(name: string, x: Matrix, y: Matrix, meta: DatasetMeta = {}): Dataset {
  const ds: Dataset = { name, x, y, meta };
  validateDataset(ds);
  return ds;
}

/** Number of sequences n. */
export function sequenceCount(ds: SequenceDataset): number {
  return ds.x.length === 0 ? 0 : ds.x[0].rows;
}

/** Sequence length L. */
export function sequenceLength(ds: SequenceDataset): number {
  return ds.x.length;
}

/**
 * Checks that x and y have the same length L ≥ 1, that every token matrix has n rows, every x[l] the
 * same width d_x, every y[l] the same width d, and (unless allowed) finite entries.
 */
export function validateSequenceDataset(ds: SequenceDataset, opts: { allowNonFinite?: boolean } = {}): void {
  const where = `sequence data set "${ds.name}"`;
  if (ds.x.length === 0) throw new ShapeError(`${where}: needs at least one token (L ≥ 1)`);
  if (ds.x.length !== ds.y.length) throw new ShapeError(`${where}: x has ${ds.x.length} tokens but y has ${ds.y.length}`);
  const n = ds.x[0].rows;
  const dx = ds.x[0].cols;
  const d = ds.y[0].cols;
  for (let l = 0; l < ds.x.length; l++) {
    const x = ds.x[l];
    const y = ds.y[l];
    if (x.rows !== n || x.cols !== dx) throw new ShapeError(`${where}: x[${l}] is ${x.shapeString}; expected ${n}×${dx}`);
    if (y.rows !== n || y.cols !== d) throw new ShapeError(`${where}: y[${l}] is ${y.shapeString}; expected ${n}×${d}`);
    if (!opts.allowNonFinite) {
      requireFiniteEntries(ds.name, `x[${l}]`, x);
      requireFiniteEntries(ds.name, `y[${l}]`, y);
    }
  }
}

/** The examples at the given row indices (copies), e.g. a minibatch or a train/test split. */
export function subset(ds: Dataset, indices: ArrayLike<number>, name = ds.name): Dataset {
  return { name, x: takeRows(ds.x, indices), y: takeRows(ds.y, indices), meta: { ...ds.meta } };
}

/** Rows of m at the given indices, as a new matrix. */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Matrix(indices.length, m.cols);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= m.rows) {
      throw new ShapeError(`row index ${i} is outside a ${m.shapeString} matrix`);
    }
    out.data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), k * m.cols);
  }
  return out;
}

/** One-hot rows (n×classes) for integer class labels in [0, classes). */
export function oneHot(labels: ArrayLike<number>, classes: number): Matrix {
  if (!Number.isInteger(classes) || classes < 1) throw new ShapeError(`oneHot: classes must be a positive integer; got ${classes}`);
  const out = new Matrix(labels.length, classes);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0 || c >= classes) {
      throw new ShapeError(`oneHot: label ${c} of example ${i} is not an integer in [0, ${classes})`);
    }
    out.data[i * classes + c] = 1;
  }
  return out;
}

/** The class index of each row (the arg-max; the first one on ties), e.g. of one-hot targets. */
export function classIndices(y: Matrix): Int32Array {
  const out = new Int32Array(y.rows);
  for (let i = 0; i < y.rows; i++) {
    let best = 0;
    for (let j = 1; j < y.cols; j++) if (y.data[i * y.cols + j] > y.data[i * y.cols + best]) best = j;
    out[i] = best;
  }
  return out;
}
