/**
 * Checking a GEMM routine against the naive triple loop, entry by entry, within the forward error bound
 * of a dot product (Higham, Accuracy and Stability, §3.1): each of two computations of
 * α·Σₚ aᵢₚbₚⱼ + β·cᵢⱼ is within γ_{k+2}·Sᵢⱼ of the exact value, Sᵢⱼ = |α|·Σₚ|aᵢₚ||bₚⱼ| + |β·cᵢⱼ|, so
 * they differ by at most 2·(k+2)·ε·Sᵢⱼ (to first order). Operands are stored with leading dimensions
 * larger than their rows and as subarray views at an offset, every unused entry NaN, so reading outside
 * an operand poisons the result, and the unused entries of C must come back untouched.
 */
import type { LinalgBackend } from '../../src/linalg/backend.js';
import { Rng } from '../../src/linalg/random/rng.js';

const EPS = 2 ** -52;

/** A rows×cols operand stored at row stride ld inside a larger NaN-filled buffer (a view at an offset). */
export interface Stored {
  data: Float64Array;
  ld: number;
  rows: number;
  cols: number;
}

export function storedRandom(rng: Rng, rows: number, cols: number, pad = 3, offset = 5): Stored {
  const ld = cols + pad;
  const buffer = new Float64Array(offset + rows * ld + pad).fill(NaN);
  const data = buffer.subarray(offset, offset + rows * ld + pad);
  const values = rng.fillNormal(new Float64Array(rows * cols));
  for (let i = 0; i < rows; i++) data.set(values.subarray(i * cols, (i + 1) * cols), i * ld);
  return { data, ld, rows, cols };
}

/** An all-NaN operand of the same shape (C for β = 0), also a view at an offset. */
export function nanLike(s: Stored): Stored {
  return { ...s, data: new Float64Array(s.data.length + 3).fill(NaN).subarray(3) };
}

export function cloneStored(s: Stored): Stored {
  return { ...s, data: s.data.slice() };
}

export interface GemmCase {
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  alpha: number;
  beta: number;
}

/**
 * The operands of a case: A and B stored as the transposes say, C random (or NaN for β = 0), C's rows
 * cPad entries apart beyond n (0: stored contiguously, leading dimension n).
 */
export function operands(rng: Rng, cs: GemmCase, cPad = 2): { a: Stored; b: Stored; c: Stored } {
  const a = cs.transA ? storedRandom(rng, cs.k, cs.m) : storedRandom(rng, cs.m, cs.k);
  const b = cs.transB ? storedRandom(rng, cs.n, cs.k) : storedRandom(rng, cs.k, cs.n);
  const c0 = storedRandom(rng, cs.m, cs.n, cPad, 7);
  return { a, b, c: cs.beta === 0 ? nanLike(c0) : c0 };
}

/** The naive value of every entry of α·op(A)·op(B) + β·C and its error scale Sᵢⱼ (row-major m×n). */
export function naiveGemm(cs: GemmCase, a: Stored, b: Stored, c: Stored, dropLastTerm = false): { value: Float64Array; scale: Float64Array } {
  const { m, n, k, alpha, beta } = cs;
  const value = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let t = 0;
      for (let p = 0; p < (dropLastTerm ? k - 1 : k); p++) {
        const x = cs.transA ? a.data[p * a.ld + i] : a.data[i * a.ld + p];
        const y = cs.transB ? b.data[j * b.ld + p] : b.data[p * b.ld + j];
        s += x * y;
        t += Math.abs(x * y);
      }
      const cij = beta === 0 ? 0 : beta * c.data[i * c.ld + j];
      value[i * n + j] = alpha * s + cij;
      scale[i * n + j] = Math.abs(alpha) * t + Math.abs(cij);
    }
  }
  return { value, scale };
}

/** The first entry outside the bound (or a changed unused entry of C), described; null if all hold. */
export function gemmMismatch(cs: GemmCase, result: Stored, before: Stored, ref: { value: Float64Array; scale: Float64Array }): string | null {
  const bound = 2 * (cs.k + 2) * EPS;
  for (let i = 0; i < cs.m; i++) {
    for (let j = 0; j < cs.n; j++) {
      const got = result.data[i * result.ld + j];
      const want = ref.value[i * cs.n + j];
      const tol = bound * ref.scale[i * cs.n + j];
      if (!(Math.abs(got - want) <= tol)) return `C[${i},${j}] = ${got}, naive ${want}, |Δ| ${Math.abs(got - want)} > ${tol}`;
    }
  }
  for (let x = 0; x < result.data.length; x++) {
    const i = Math.floor(x / result.ld);
    const inside = i < cs.m && x % result.ld < cs.n;
    if (!inside && !Object.is(result.data[x], before.data[x])) return `entry ${x} outside C changed to ${result.data[x]}`;
  }
  return null;
}

/** Runs a dgemm-shaped routine on the case's stored operands, in place on c. */
export function runGemm(dgemm: LinalgBackend['dgemm'], cs: GemmCase, a: Stored, b: Stored, c: Stored): void {
  dgemm(cs.transA, cs.transB, cs.m, cs.n, cs.k, cs.alpha, a.data, a.ld, b.data, b.ld, cs.beta, c.data, c.ld);
}

/** Whether two arrays hold the same float64 bits everywhere. */
export function sameBits(x: Float64Array, y: Float64Array): boolean {
  if (x.length !== y.length) return false;
  const u = new BigUint64Array(x.buffer, x.byteOffset, x.length);
  const v = new BigUint64Array(y.buffer, y.byteOffset, y.length);
  for (let i = 0; i < u.length; i++) if (u[i] !== v[i]) return false;
  return true;
}
