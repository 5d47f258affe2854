/**
 * Moving operands between the caller's Float64Arrays (any leading dimension, subarray views included)
 * and the GEMM's memory, where they are stored compactly.
 */

/** dst[at…] ← the rows×cols block of src at (row0, col0), src's row stride ld; dst's row stride cols. */
export function copyBlockIn(
  src: Float64Array, ld: number, row0: number, col0: number, rows: number, cols: number, dst: Float64Array, at: number,
): void {
  if (cols === ld) {
    const start = row0 * ld + col0;
    dst.set(src.subarray(start, start + rows * cols), at);
    return;
  }
  for (let i = 0; i < rows; i++) {
    const start = (row0 + i) * ld + col0;
    dst.set(src.subarray(start, start + cols), at + i * cols);
  }
}

/**
 * The rows×cols block of C at (row0, col0) (row stride ldc) into the memory at row stride ldw, times β;
 * β = 0 writes zeros without reading C, so NaN there does not propagate (BLAS semantics).
 */
export function loadC(
  c: Float64Array, ldc: number, row0: number, col0: number, rows: number, cols: number, beta: number, dst: Float64Array, at: number, ldw: number,
): void {
  if (beta === 0) {
    dst.fill(0, at, at + rows * ldw);
    return;
  }
  if (cols === ldc && cols === ldw) {
    const start = row0 * ldc;
    dst.set(c.subarray(start, start + rows * cols), at);
    if (beta !== 1) for (let j = at; j < at + rows * cols; j++) dst[j] *= beta;
    return;
  }
  for (let i = 0; i < rows; i++) {
    const start = (row0 + i) * ldc + col0;
    const d = at + i * ldw;
    dst.set(c.subarray(start, start + cols), d);
    if (beta !== 1) for (let j = 0; j < cols; j++) dst[d + j] *= beta;
  }
}

/** The block back from the memory (row stride ldw) into C. */
export function storeC(
  src: Float64Array, at: number, ldw: number, c: Float64Array, ldc: number, row0: number, col0: number, rows: number, cols: number,
): void {
  if (cols === ldc && cols === ldw) {
    c.set(src.subarray(at, at + rows * cols), row0 * ldc);
    return;
  }
  for (let i = 0; i < rows; i++) {
    const d = (row0 + i) * ldc + col0;
    c.set(src.subarray(at + i * ldw, at + i * ldw + cols), d);
  }
}
