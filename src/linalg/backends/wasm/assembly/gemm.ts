/**
 * float64 GEMM on WebAssembly SIMD (f64x2), AssemblyScript: C[i0:i1, j0:j1] += α·op(A)·op(B) for one
 * block of rows and columns of C, in the GotoBLAS/BLIS loop structure (goto2008, vanzee2015): jc over
 * NC-column panels → pc over KC-deep slices (pack B̃) → ic over MC-row blocks (pack Ã) → MR×NR micro-tiles.
 *
 * Every entry of C is summed in one fixed order whatever block it falls in: over the KC slices in turn,
 * each slice's products accumulated in p order in one vector lane, then C ← C + α·(slice sum). That is the
 * order of the portable TypeScript GEMM, so without FMA the two agree bit for bit, and splitting C into
 * blocks across threads never changes a result. With relaxed SIMD (built with --enable relaxed-simd) the
 * accumulation is f64x2.relaxed_madd, a fused multiply-add where the engine has one: rounded once
 * instead of twice, so the last bits differ from the plain build (still deterministic on one machine).
 *
 * Storage (all row-major, strides in elements): A is stored (transA ? k×m : m×k), B (transB ? n×k : k×n),
 * C has rows up to roundUp(m, MR) and ldc ≥ roundUp(n, NR): whole micro-tiles are written, the padding
 * included, so the kernel has no edge cases. i0 and j0 are multiples of MR and NR.
 */

const MR = 4;
const NR = 4;
/** The k-slice depth; equal to the TypeScript GEMM's, which fixes the summation order. */
const KC = 256;
const MC = 96;
const NC = 2048;

/** Bytes of the two packing buffers one thread needs (Ã then B̃). */
export function packBytes(): i32 {
  return (MC * KC + KC * NC) << 3;
}

/** The first byte free for the caller: past this module's static data. */
export function heapBase(): usize {
  return __heap_base;
}

@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(c, f64x2.mul(a, b));
}

/**
 * Packs rows [i, i+mc) × depth [p0, p0+kc) of op(A) into Ã: strip s (MR rows) holds (r, p) at
 * s·MR·kc + p·MR + r; rows at or past m are zero.
 */
function packA(transA: i32, a: usize, lda: i32, m: i32, i: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  for (let s = 0; s < mc; s += MR) {
    const base = dst + (<usize>(s * kc) << 3);
    const rows = min(MR, m - i - s);
    if (rows == MR && transA) {
      // A stored k×m: the MR entries of one p are contiguous.
      let src = a + (<usize>(p0 * lda + i + s) << 3);
      const step = <usize>lda << 3;
      for (let p = 0; p < kc; p++) {
        const d = base + (<usize>p << 5);
        v128.store(d, v128.load(src));
        v128.store(d, v128.load(src, 16), 16);
        src += step;
      }
    } else if (rows == MR) {
      // A stored m×k: four rows, transposed two depths at a time.
      const r0 = a + (<usize>((i + s) * lda + p0) << 3);
      const step = <usize>lda << 3;
      const r1 = r0 + step;
      const r2 = r1 + step;
      const r3 = r2 + step;
      let p = 0;
      for (; p + 1 < kc; p += 2) {
        const o = <usize>p << 3;
        const v0 = v128.load(r0 + o);
        const v1 = v128.load(r1 + o);
        const v2 = v128.load(r2 + o);
        const v3 = v128.load(r3 + o);
        const d = base + (<usize>p << 5);
        v128.store(d, v128.shuffle<f64>(v0, v1, 0, 2));
        v128.store(d, v128.shuffle<f64>(v2, v3, 0, 2), 16);
        v128.store(d, v128.shuffle<f64>(v0, v1, 1, 3), 32);
        v128.store(d, v128.shuffle<f64>(v2, v3, 1, 3), 48);
      }
      if (p < kc) {
        const o = <usize>p << 3;
        const d = base + (<usize>p << 5);
        store<f64>(d, load<f64>(r0 + o));
        store<f64>(d, load<f64>(r1 + o), 8);
        store<f64>(d, load<f64>(r2 + o), 16);
        store<f64>(d, load<f64>(r3 + o), 24);
      }
    } else {
      for (let r = 0; r < MR; r++) {
        for (let p = 0; p < kc; p++) {
          const d = base + (<usize>(p * MR + r) << 3);
          if (r >= rows) store<f64>(d, 0.0);
          else if (transA) store<f64>(d, load<f64>(a + (<usize>((p0 + p) * lda + i + s + r) << 3)));
          else store<f64>(d, load<f64>(a + (<usize>((i + s + r) * lda + p0 + p) << 3)));
        }
      }
    }
  }
}

/**
 * Packs depth [p0, p0+kc) × columns [j, j+nc) of op(B) into B̃: strip s (NR columns) holds (p, c) at
 * s·NR·kc + p·NR + c; columns at or past n are zero. B stored n×k is a stored m×k A, and B stored k×n a
 * stored k×m one (NR = MR), so Ã's packing does it with the transpose flag flipped.
 */
@inline function packB(transB: i32, b: usize, ldb: i32, n: i32, j: i32, nc: i32, p0: i32, kc: i32, dst: usize): void {
  packA(transB ? 0 : 1, b, ldb, n, j, nc, p0, kc, dst);
}

/** The 4×4 tile at c (row stride ldcBytes) ← tile + α·(Ã strip · B̃ strip): eight f64x2 accumulators. */
@inline function microKernel(kc: i32, pa: usize, pb: usize, alpha: v128, c: usize, ldcBytes: usize): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0);
  let c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0);
  let c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load64_splat(pa);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load64_splat(pa, 8);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load64_splat(pa, 16);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load64_splat(pa, 24);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    pa += 32;
    pb += 32;
  }
  // C ← C + α·acc, multiply then add (never fused), as the TypeScript GEMM does.
  let r = c;
  v128.store(r, f64x2.add(v128.load(r), f64x2.mul(alpha, c00)));
  v128.store(r, f64x2.add(v128.load(r, 16), f64x2.mul(alpha, c01)), 16);
  r += ldcBytes;
  v128.store(r, f64x2.add(v128.load(r), f64x2.mul(alpha, c10)));
  v128.store(r, f64x2.add(v128.load(r, 16), f64x2.mul(alpha, c11)), 16);
  r += ldcBytes;
  v128.store(r, f64x2.add(v128.load(r), f64x2.mul(alpha, c20)));
  v128.store(r, f64x2.add(v128.load(r, 16), f64x2.mul(alpha, c21)), 16);
  r += ldcBytes;
  v128.store(r, f64x2.add(v128.load(r), f64x2.mul(alpha, c30)));
  v128.store(r, f64x2.add(v128.load(r, 16), f64x2.mul(alpha, c31)), 16);
}

/**
 * C[i0:i1, j0:j1] += α·op(A)·op(B) (op(A) m×k, op(B) k×n). With lower ≠ 0 only the micro-tiles that
 * reach the diagonal of the whole product or below it are computed (a symmetric product's lower
 * triangle), where row i and column j here are row i + r and column j + s of the whole product and
 * diag = r − s. pack is this thread's packBytes() of scratch.
 */
export function gemmBlock(
  transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32,
  i0: i32, i1: i32, j0: i32, j1: i32, lower: i32, diag: i32, pack: usize,
): void {
  const pA = pack;
  const pB = pack + (<usize>(MC * KC) << 3);
  const alphaV = f64x2.splat(alpha);
  const ldcBytes = <usize>ldc << 3;
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    if (lower && jc > i1 - 1 + diag) break;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB(transB, b, ldb, n, jc, nc, pc, kc, pB);
      for (let ic = i0; ic < i1; ic += MC) {
        const mc = min(MC, i1 - ic);
        if (lower && jc > ic + mc - 1 + diag) continue;
        packA(transA, a, lda, m, ic, mc, pc, kc, pA);
        for (let jr = 0; jr < nc; jr += NR) {
          const jg = jc + jr;
          const pb = pB + (<usize>(jr * kc) << 3);
          for (let ir = 0; ir < mc; ir += MR) {
            const ig = ic + ir;
            if (lower && jg > ig + diag + MR - 1) continue;
            microKernel(kc, pA + (<usize>(ir * kc) << 3), pb, alphaV, c + (<usize>(ig * ldc + jg) << 3), ldcBytes);
          }
        }
      }
    }
  }
}
