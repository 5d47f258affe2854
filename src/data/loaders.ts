/**
 * Loading user data sets from files: CSV/TSV (header row optional), JSON (`{"x": ..., "y": ...}`) and
 * NumPy .npy (one file with the label columns, or two files: x and y). `loadDataset` dispatches on the
 * extension. Every problem is a DataFormatError naming the file and, for text files, the line (and the
 * column where there is one); bad options are ConfigErrors.
 */
import { readFileSync, statSync, type Stats } from 'node:fs';
import { basename, extname } from 'node:path';
import { ConfigError } from '../errors.js';
import { formatBytes, fsProblem, MAX_TEXT_INPUT_BYTES } from '../io/files.js';
import { Matrix } from '../linalg/matrix.js';
import { parseCsv } from './csv.js';
import { oneHot, type Dataset, type DatasetMeta } from './dataset.js';
import { DataFormatError, type DataLocation } from './errors.js';
import { parseJsonDataset } from './jsonData.js';
import { decodeNpy } from './npy.js';

/** A column chosen by 0-based index (negative: from the end, −1 = last) or by header name. */
export type ColumnRef = number | string;

export interface LoadOptions {
  /**
   * Which columns are targets (the rest are inputs): indices, header names, or a `--label-columns`
   * string such as "-1", "0,3", "2:5" (half-open range) or "price,label". Default: the last column.
   * For JSON it applies only when there is no "y" key; for two files (`labelsPath`) it must be unset.
   */
  labelColumns?: readonly ColumnRef[] | string;
  /** A second file holding the targets; then every column of the first file is an input. */
  labelsPath?: string;
  /** CSV: whether the first line is a header ('auto' detects; default). */
  header?: boolean | 'auto';
  /** CSV: the field separator. Default ',' (tab for .tsv). */
  delimiter?: string;
  /** Turn a single column of integer class labels 0..C−1 into n×C one-hot targets. */
  oneHot?: boolean;
  /** The data set's name. Default: the file name without its extension. */
  name?: string;
}

/** A table read from one file, with what is needed to point at a row in messages. */
export interface LoadedTable {
  file: string;
  format: 'csv' | 'json' | 'npy';
  matrix: Matrix;
  columns: string[] | null;
  /** Where row i came from (line for text files; nothing for .npy). */
  locate: (row: number) => DataLocation;
  /** Where the column layout is defined (the header or the first row), for column errors. */
  layoutLocation: DataLocation;
}

/**
 * Parses a `--label-columns` value: comma-separated items, each an integer (negative counts from the
 * end), a half-open range `a:b` of non-negative integers, or a column name.
 */
export function parseLabelColumns(spec: string): ColumnRef[] {
  const out: ColumnRef[] = [];
  if (spec.trim() === '') return out;
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '') throw new ConfigError(`label columns "${spec}": empty item`);
    const range = /^(\d+):(\d+)$/.exec(item);
    if (range !== null) {
      const a = Number(range[1]);
      const b = Number(range[2]);
      if (b <= a) throw new ConfigError(`label columns "${spec}": range ${item} is empty`);
      for (let k = a; k < b; k++) out.push(k);
    } else if (/^[+-]?\d+$/.test(item)) {
      out.push(Number(item));
    } else {
      out.push(item);
    }
  }
  return out;
}

/** The largest binary data file read whole (Node reads at most 2 GiB into one buffer). */
export const MAX_BINARY_INPUT_BYTES = 2 ** 31 - 1;

/** Refuses, as a DataFormatError naming the file, a path that is a folder, missing, or too large. */
function checkDataFile(path: string, maxBytes = MAX_BINARY_INPUT_BYTES): void {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw new DataFormatError(path, `cannot read the file (${fsProblem(e) ?? (e as Error).message})`);
  }
  if (st.isDirectory()) throw new DataFormatError(path, 'is a folder; give a data file');
  if (!st.isFile()) throw new DataFormatError(path, 'is not a regular file');
  if (st.size > maxBytes) throw new DataFormatError(path, `is ${formatBytes(st.size)}, more than the ${formatBytes(maxBytes)} a data file may have`);
}

/** A data file's bytes; a folder, a missing file or one too large is refused by name, not by errno. */
function readBytes(path: string, maxBytes = MAX_BINARY_INPUT_BYTES): Uint8Array {
  checkDataFile(path, maxBytes);
  try {
    return readFileSync(path);
  } catch (e) {
    throw new DataFormatError(path, `cannot read the file (${fsProblem(e) ?? (e as Error).message})`);
  }
}

function readText(path: string): string {
  const bytes = readBytes(path, MAX_TEXT_INPUT_BYTES);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DataFormatError(path, 'the file is not valid UTF-8 text');
  }
}

type Format = 'csv' | 'tsv' | 'json' | 'npy';

function formatOf(path: string): Format {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.tsv') return 'tsv';
  if (ext === '.json') return 'json';
  if (ext === '.npy') return 'npy';
  throw new DataFormatError(path, `unsupported file type "${ext || '(none)'}" (expected .csv, .tsv, .txt, .json or .npy)`);
}

/** Reads one CSV/TSV or .npy file as a numeric table (a 1-D .npy array becomes one column). */
export function loadTable(path: string, opts: Pick<LoadOptions, 'header' | 'delimiter'> = {}): LoadedTable {
  checkDataFile(path);
  const format = formatOf(path);
  if (format === 'json') throw new ConfigError(`${path}: a JSON file holds a whole data set ({"x", "y"}); load it with loadDataset`);
  if (format === 'npy') {
    const arr = decodeNpy(readBytes(path), path);
    if (arr.shape.length === 0 || arr.shape.length > 2) {
      throw new DataFormatError(path, `wrong shape (${arr.shape.join(', ')}): expected a 1-D or 2-D array`);
    }
    const rows = arr.shape[0];
    const cols = arr.shape.length === 2 ? arr.shape[1] : 1;
    if (rows === 0) throw new DataFormatError(path, `empty array of shape (${arr.shape.join(', ')})`);
    return { file: path, format: 'npy', matrix: new Matrix(rows, cols, arr.data), columns: null, locate: () => ({}), layoutLocation: {} };
  }
  const delimiter = opts.delimiter ?? (format === 'tsv' ? '\t' : ',');
  const t = parseCsv(readText(path), path, { delimiter, header: opts.header ?? 'auto' });
  return {
    file: path,
    format: 'csv',
    matrix: new Matrix(t.rows, t.cols, t.data),
    columns: t.columns,
    locate: (row) => ({ line: t.lines[row] }),
    layoutLocation: { line: t.columns !== null ? t.headerLine : t.lines[0] },
  };
}

/** Resolves column references against a table of `cols` columns; errors point at the layout line. */
function resolveColumns(refs: readonly ColumnRef[], cols: number, names: string[] | null, file: string, where: DataLocation): number[] {
  const out: number[] = [];
  for (const ref of refs) {
    let k: number;
    if (typeof ref === 'number') {
      if (!Number.isInteger(ref) || ref >= cols || ref < -cols) {
        throw new DataFormatError(file, `label column ${ref} is out of range: the data has ${cols} column${cols === 1 ? '' : 's'}`, where);
      }
      k = ref < 0 ? cols + ref : ref;
    } else {
      if (names === null) throw new DataFormatError(file, `label column "${ref}" is a name, but the data has no header row`, where);
      k = names.indexOf(ref);
      if (k < 0) throw new DataFormatError(file, `no column named "${ref}" (columns: ${names.map((s) => `"${s}"`).join(', ')})`, where);
    }
    if (out.includes(k)) throw new DataFormatError(file, `label column ${JSON.stringify(ref)} is chosen twice`, where);
    out.push(k);
  }
  return out;
}

/** Splits a table into inputs (the other columns, in order) and targets (the label columns, in the order given). */
function splitColumns(t: LoadedTable, refs: readonly ColumnRef[]): { x: Matrix; y: Matrix; labelNames: string } {
  const m = t.matrix;
  const labels = resolveColumns(refs, m.cols, t.columns, t.file, t.layoutLocation);
  const inputs: number[] = [];
  for (let k = 0; k < m.cols; k++) if (!labels.includes(k)) inputs.push(k);
  if (inputs.length === 0) throw new DataFormatError(t.file, 'every column is a label column; no input columns are left', t.layoutLocation);
  const x = new Matrix(m.rows, inputs.length);
  const y = new Matrix(m.rows, labels.length);
  for (let i = 0; i < m.rows; i++) {
    for (let a = 0; a < inputs.length; a++) x.data[i * inputs.length + a] = m.data[i * m.cols + inputs[a]];
    for (let b = 0; b < labels.length; b++) y.data[i * labels.length + b] = m.data[i * m.cols + labels[b]];
  }
  const labelNames = labels.map((k) => (t.columns !== null ? t.columns[k] : String(k))).join(',');
  return { x, y, labelNames };
}

/** One-hot targets from a single column of integer class labels; errors name the row's location. */
function toOneHot(y: Matrix, file: string, locate: (row: number) => DataLocation): Matrix {
  if (y.cols !== 1) throw new DataFormatError(file, `oneHot needs exactly one label column; there are ${y.cols}`);
  let classes = 0;
  for (let i = 0; i < y.rows; i++) {
    const v = y.data[i];
    if (!Number.isInteger(v) || v < 0 || v > 1e6) {
      throw new DataFormatError(file, `class label ${v} in row ${i + 1} is not a non-negative integer`, locate(i));
    }
    classes = Math.max(classes, v + 1);
  }
  return oneHot(y.data, classes);
}

function refsOf(spec: LoadOptions['labelColumns']): readonly ColumnRef[] | undefined {
  return typeof spec === 'string' ? parseLabelColumns(spec) : spec;
}

/**
 * Loads a data set from a .csv/.tsv/.txt, .json or .npy file (by extension). With `labelsPath`, x is the
 * whole first file and y the whole second one (any of the table formats); otherwise the label columns
 * (default: the last) are split off. meta records the source(s), format and label columns.
 */
export function loadDataset(path: string, opts: LoadOptions = {}): Dataset {
  checkDataFile(path);
  const name = opts.name ?? basename(path, extname(path));
  const refs = refsOf(opts.labelColumns);
  const meta: DatasetMeta = { source: path };
  let x: Matrix;
  let y: Matrix;
  let yFile = path;
  let locateY: (row: number) => DataLocation;

  if (formatOf(path) === 'json') {
    if (opts.labelsPath !== undefined) throw new ConfigError(`${path}: a JSON data set carries its own "y"; labelsPath does not apply`);
    const j = parseJsonDataset(readText(path), path);
    meta['format'] = 'json';
    const xm = new Matrix(j.x.rows, j.x.cols, j.x.data);
    if (j.y !== null) {
      // An empty list (no label columns) asks for nothing a "y" key contradicts.
      if (refs !== undefined && refs.length > 0) throw new ConfigError(`${path}: the file has a "y" key; label columns do not apply`);
      if (j.y.rows !== j.x.rows) {
        const problem = `"y" has ${j.y.rows} rows but "x" (line ${j.x.line}) has ${j.x.rows}`;
        throw new DataFormatError(path, problem, { line: j.y.line, column: j.y.column });
      }
      x = xm;
      y = new Matrix(j.y.rows, j.y.cols, j.y.data);
      const lines = j.y.lines;
      locateY = (row) => ({ line: lines[row] });
    } else {
      if (refs === undefined) {
        const problem = 'no "y" key: give the targets as "y", or choose label columns of "x" (labelColumns)';
        throw new DataFormatError(path, problem, { line: j.x.line, column: j.x.column });
      }
      const lines = j.x.lines;
      const table: LoadedTable = {
        file: path,
        format: 'json',
        matrix: xm,
        columns: null,
        locate: (row) => ({ line: lines[row] }),
        layoutLocation: { line: j.x.line, column: j.x.column },
      };
      const s = splitColumns(table, refs);
      x = s.x;
      y = s.y;
      meta['labelColumns'] = s.labelNames;
      locateY = table.locate;
    }
  } else if (opts.labelsPath !== undefined) {
    if (refs !== undefined) throw new ConfigError('give either labelColumns or labelsPath, not both');
    const tx = loadTable(path, opts);
    const ty = loadTable(opts.labelsPath, { header: opts.header, delimiter: opts.delimiter });
    if (ty.matrix.rows !== tx.matrix.rows) {
      throw new DataFormatError(ty.file, `has ${ty.matrix.rows} rows of targets, but ${tx.file} has ${tx.matrix.rows} rows of inputs`);
    }
    meta['format'] = tx.format;
    meta['labelsSource'] = ty.file;
    x = tx.matrix;
    y = ty.matrix;
    yFile = ty.file;
    locateY = ty.locate;
  } else {
    const t = loadTable(path, opts);
    if (t.format === 'npy' && t.matrix.cols === 1 && refs === undefined) {
      throw new DataFormatError(path, 'a 1-D array holds only one column; give the targets in a second file (labelsPath)');
    }
    const s = splitColumns(t, refs ?? [-1]);
    meta['format'] = t.format;
    meta['labelColumns'] = s.labelNames;
    if (t.columns !== null) meta['header'] = true;
    x = s.x;
    y = s.y;
    locateY = t.locate;
  }
  if (opts.oneHot) {
    y = toOneHot(y, yFile, locateY);
    meta['classes'] = y.cols;
  }
  meta['n'] = x.rows;
  meta['d'] = x.cols;
  meta['targets'] = y.cols;
  return { name, x, y, meta };
}
