/**
 * Tangent-kernel blocks from per-layer gradient factors (kernels.md, "structured derivatives";
 * Novak et al. 2022). A parameter tensor W used as y_r = s·W·x_r over the rows r of an example has
 * per-example gradient s·Σ_r g_r x_rᵀ, so its kernel contribution between examples i and j is
 *   K_ij = s²·Σ_{p∈i, r∈j} (g_p·g_r)(x_p·x_r)
 * — for dense layers (one row per example) the Hadamard product s²(GGᵀ)⊙(XXᵀ); for convolutions and
 * recurrences (R rows per example) either the R×R block sums of that product or, when cheaper, the
 * inner products of the per-example gradient matrices Σ_p g_p x_pᵀ. A bias contributes s²(Σ_p g_p)·(Σ_r g_r).
 * du2019 Sec 4: G^(h)_ij = (δ_i·δ_j)(x_i^(h−1)·x_j^(h−1)) is exactly the dense case.
 */
import { Matrix } from '../linalg/matrix.js';
import { backend } from '../linalg/registry.js';
import type { Factor } from '../nn/sinks.js';

/**
 * Reusable scratch buffers for the n×n temporaries (GGᵀ, XXᵀ): a kernel of 1000 inputs would otherwise
 * allocate and page in tens of megabytes per tensor. Slots are distinct so two live temporaries never
 * share storage; a slot's matrix is valid until the next call for the same slot.
 */
const scratchSlots = new Map<string, Float64Array>();
function scratch(slot: string, rows: number, cols: number): Matrix {
  const n = rows * cols;
  let buf = scratchSlots.get(slot);
  if (!buf || buf.length < n) {
    buf = new Float64Array(Math.max(n, 1));
    buf.fill(0); // page the buffer in here, not inside a multithreaded BLAS call
    scratchSlots.set(slot, buf);
  }
  return new Matrix(rows, cols, buf.subarray(0, n));
}

/** A zeroed na×nb block in its own scratch slot (for accumulating one tile pair). */
export function blockScratch(rows: number, cols: number): Matrix {
  const m = scratch('block', rows, cols);
  m.data.fill(0);
  return m;
}

/** Releases the scratch buffers (after a large kernel). */
export function releaseScratch(): void {
  scratchSlots.clear();
}

/** A·Bᵀ for row blocks A (m×k), B (n×k), scaled by s; a symmetric rank-k update when A is B. */
function rowGram(a: Matrix, b: Matrix, s = 1, slot?: string): Matrix {
  const out = slot ? scratch(slot, a.rows, b.rows) : Matrix.forBlas(a.rows, b.rows);
  if (slot && (a.cols === 0 || a.rows === 0 || b.rows === 0)) out.data.fill(0);
  if (a === b && a.rows > 0 && a.cols > 0) {
    backend().dsyrk(false, a.rows, a.cols, s, a.data, a.cols, 0, out.data);
  } else if (a.rows > 0 && b.rows > 0 && a.cols > 0) {
    backend().dgemm(false, true, a.rows, b.rows, a.cols, s, a.data, a.cols, b.data, b.cols, 0, out.data, b.rows);
  }
  return out;
}

/** k += a ⊙ b (a tight loop over locals). */
function hadamardAccumulate(k: Float64Array, a: Float64Array, b: Float64Array): void {
  const n = k.length;
  for (let i = 0; i < n; i++) k[i] += a[i] * b[i];
}

/** k += a. */
function accumulate(k: Float64Array, a: Float64Array): void {
  const n = k.length;
  for (let i = 0; i < n; i++) k[i] += a[i];
}

/** The lower triangle (diagonal included) of the square n×n k += a ⊙ b; the upper one is left as it is. */
function hadamardAccumulateLower(k: Float64Array, a: Float64Array, b: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = row; j <= row + i; j++) k[j] += a[j] * b[j];
  }
}

/** Per-example sums of rows: (N·R × c) → (N × c). */
function exampleSums(g: Matrix, rowsPerExample: number): Matrix {
  const n = g.rows / rowsPerExample;
  const out = new Matrix(n, g.cols);
  const c = g.cols;
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < rowsPerExample; r++) {
      const src = (i * rowsPerExample + r) * c;
      for (let k = 0; k < c; k++) out.data[i * c + k] += g.data[src + k];
    }
  }
  return out;
}

/** Per-example gradient matrices Σ_p g_p x_pᵀ flattened: (N × out·in). */
function exampleGradients(f: Extract<Factor, { kind: 'outer' }>): Matrix {
  const R = f.rowsPerExample;
  const n = f.g.rows / R;
  const out = f.g.cols;
  const inn = f.x.cols;
  const m = Matrix.forBlas(n, out * inn);
  for (let i = 0; i < n; i++) {
    backend().dgemm(true, false, out, inn, R, 1, f.g.data.subarray(i * R * out), out, f.x.data.subarray(i * R * inn), inn, 0, m.data.subarray(i * out * inn), inn);
  }
  return m;
}

/**
 * Adds one parameter tensor's kernel block between factor sets a (rows) and b (columns) into k
 * (na×nb). The two factors must be for the same tensor. xGram, when given, is the precomputed
 * row Gram X_a·X_bᵀ (shared across outputs). With lowerOnly (a diagonal block of a symmetric kernel,
 * fa and fb for the same inputs, whose upper triangle the caller mirrors afterwards) the dense case
 * may leave k's upper triangle out: half the accumulation.
 */
export function addFactorBlock(k: Matrix, fa: Factor, fb: Factor, xGram?: Matrix, lowerOnly = false): void {
  const s2 = fa.scale * fb.scale;
  if (fa.kind === 'rowSum' || fb.kind === 'rowSum') {
    const sa = exampleSums(fa.g, fa.rowsPerExample);
    const sb = exampleSums(fb.g, fb.rowsPerExample);
    const g = rowGram(sa, sb, s2);
    accumulate(k.data, g.data);
    return;
  }
  const R = fa.rowsPerExample;
  const na = fa.g.rows / R;
  const nb = fb.g.rows / R;
  if (R === 1) {
    const gg = rowGram(fa.g, fb.g, s2, 'gg');
    const xx = xGram ?? rowGram(fa.x, fb.x, 1, 'xx');
    if (lowerOnly && na === nb && k.rows === na && k.cols === na) hadamardAccumulateLower(k.data, gg.data, xx.data, na);
    else hadamardAccumulate(k.data, gg.data, xx.data);
    return;
  }
  const out = fa.g.cols;
  const inn = fa.x.cols;
  const viaBlocks = R * R * (out + inn);
  const viaGradients = out * inn * (1 + (na * R + nb * R) / Math.max(1, na + nb));
  if (viaGradients < viaBlocks) {
    const ma = exampleGradients(fa);
    const mb = fa === fb ? ma : exampleGradients(fb);
    const g = rowGram(ma, mb, s2);
    accumulate(k.data, g.data);
    return;
  }
  const gg = rowGram(fa.g, fb.g, s2, 'gg');
  const xx = rowGram(fa.x, fb.x, 1, 'xx');
  const cols = nb * R;
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) {
      let s = 0;
      for (let p = 0; p < R; p++) {
        const row = (i * R + p) * cols + j * R;
        for (let r = 0; r < R; r++) s += gg.data[row + r] * xx.data[row + r];
      }
      k.data[i * nb + j] += s;
    }
  }
}

/**
 * The row Gram X_a·X_bᵀ of an outer factor's inputs, for reuse across outputs (valid until the next
 * inputGram call).
 */
export function inputGram(fa: Factor, fb: Factor): Matrix | undefined {
  if (fa.kind !== 'outer' || fb.kind !== 'outer' || fa.rowsPerExample !== 1) return undefined;
  return rowGram(fa.x, fb.x, 1, 'xg');
}
