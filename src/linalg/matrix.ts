/**
 * A dense float64 matrix: row-major storage in a Float64Array, with its shape checked at construction.
 * Operations live in ops.ts (and go through the backend seam); this class only holds and addresses data.
 */
import { ShapeError } from '../errors.js';
import { allocateF64 } from './accelerators.js';

function checkDim(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) throw new ShapeError(`${name} must be a non-negative integer; got ${v}`);
}

/**
 * A zero-filled Float64Array whose pages are already touched. Large fresh buffers are mapped lazily by
 * the OS; if their first write happens inside a multithreaded BLAS call, every page fault contends
 * inside the kernel and GEMM slows several-fold. Writing the zeros here faults the pages in one thread.
 */
export function zeroed(n: number): Float64Array {
  if (n >= 1 << 18) return allocateF64(n, true);
  const a = new Float64Array(n);
  if (n >= 1 << 15) a.fill(0);
  return a;
}

export class Matrix {
  readonly rows: number;
  readonly cols: number;
  /** Row-major entries: (i, j) at data[i·cols + j]. */
  readonly data: Float64Array;

  constructor(rows: number, cols: number, data?: Float64Array) {
    checkDim('rows', rows);
    checkDim('cols', cols);
    if (data !== undefined && data.length !== rows * cols) {
      throw new ShapeError(`a ${rows}×${cols} matrix needs ${rows * cols} entries; got ${data.length}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? allocateF64(rows * cols);
  }

  /**
   * A zero matrix whose pages are already touched: use it for the output of a BLAS call (see zeroed);
   * a matrix that JavaScript loops fill can use the plain constructor.
   */
  static forBlas(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols, zeroed(rows * cols));
  }

  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols);
  }

  static identity(n: number): Matrix {
    const m = new Matrix(n, n);
    for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
    return m;
  }

  static filled(rows: number, cols: number, value: number): Matrix {
    return new Matrix(rows, cols, new Float64Array(rows * cols).fill(value));
  }

  /** From nested arrays (rows); every row must have the same length. */
  static from(rows: ArrayLike<ArrayLike<number>>): Matrix {
    const r = rows.length;
    const c = r === 0 ? 0 : rows[0].length;
    const m = new Matrix(r, c);
    for (let i = 0; i < r; i++) {
      if (rows[i].length !== c) {
        throw new ShapeError(`Matrix.from: row ${i} has ${rows[i].length} entries, row 0 has ${c}`);
      }
      for (let j = 0; j < c; j++) m.data[i * c + j] = rows[i][j];
    }
    return m;
  }

  /** A diagonal matrix with the given diagonal. */
  static diagonal(d: ArrayLike<number>): Matrix {
    const n = d.length;
    const m = new Matrix(n, n);
    for (let i = 0; i < n; i++) m.data[i * n + i] = d[i];
    return m;
  }

  /** A column vector (n×1) sharing the given data. */
  static column(v: Float64Array): Matrix {
    return new Matrix(v.length, 1, v);
  }

  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  get size(): number {
    return this.data.length;
  }

  /** "rows×cols", for messages. */
  get shapeString(): string {
    return `${this.rows}×${this.cols}`;
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j];
  }

  set(i: number, j: number, v: number): void {
    this.data[i * this.cols + j] = v;
  }

  /** Row i as a view (no copy). */
  row(i: number): Float64Array {
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  /** Column j as a copy. */
  col(j: number): Float64Array {
    const out = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) out[i] = this.data[i * this.cols + j];
    return out;
  }

  /** Rows [start, end) as a matrix sharing this one's storage. */
  rowBlock(start: number, end: number): Matrix {
    if (start < 0 || end > this.rows || start > end) {
      throw new ShapeError(`rowBlock(${start}, ${end}) is outside a ${this.shapeString} matrix`);
    }
    return new Matrix(end - start, this.cols, this.data.subarray(start * this.cols, end * this.cols));
  }

  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  transpose(): Matrix {
    const t = new Matrix(this.cols, this.rows);
    const { rows, cols, data } = this;
    const B = 32; // tiles keep both reads and writes in cache
    for (let i0 = 0; i0 < rows; i0 += B) {
      for (let j0 = 0; j0 < cols; j0 += B) {
        const iEnd = Math.min(i0 + B, rows);
        const jEnd = Math.min(j0 + B, cols);
        for (let i = i0; i < iEnd; i++) for (let j = j0; j < jEnd; j++) t.data[j * rows + i] = data[i * cols + j];
      }
    }
    return t;
  }

  diag(): Float64Array {
    const n = Math.min(this.rows, this.cols);
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = this.data[i * this.cols + i];
    return d;
  }

  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }

  /** True when every entry is finite. */
  isFinite(): boolean {
    const d = this.data;
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return false;
    return true;
  }
}
