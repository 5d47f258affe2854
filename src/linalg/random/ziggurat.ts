/**
 * Helpers of Rng.fillNormalZiggurat (rng.ts): Philox4x32-10 blocks in int32 arithmetic and the tables of
 * Marsaglia & Tsang's 256-layer ziggurat (J. Stat. Softw. 5(8), 2000), computed with +, −, ×, ÷, √ and
 * the portable log only, so they are bit-identical on every engine.
 */
import { log } from './log.js';

const TWO32 = 4294967296;
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const M0H = M0 >>> 16;
const M0L = M0 & 0xffff;
const M1H = M1 >>> 16;
const M1L = M1 & 0xffff;
const W0 = 0x9e3779b9 | 0;
const W1 = 0xbb67ae85 | 0;

/**
 * One Philox4x32-10 block (counter (block, 0, 0), key (k0, k1)) into out, the same words as philox.ts's
 * philox4x32 but in int32 arithmetic: lo = Math.imul, and the high word of M·c by 16-bit limbs (Hacker's
 * Delight mulhu), whose partial sums all stay below 2^32. About twice as fast.
 */
export function philoxBlockInt(block: number, k0: number, k1: number, out: Int32Array): void {
  let c0 = block % TWO32 | 0;
  let c1 = Math.floor(block / TWO32) | 0;
  let c2 = 0;
  let c3 = 0;
  for (let r = 0; r < 10; r++) {
    const rk0 = (k0 + Math.imul(r, W0)) | 0;
    const rk1 = (k1 + Math.imul(r, W1)) | 0;
    let v0 = c0 & 0xffff;
    let v1 = c0 >>> 16;
    let t = (Math.imul(M0H, v0) + (Math.imul(M0L, v0) >>> 16)) | 0;
    const hi0 = (Math.imul(M0H, v1) + (t >>> 16) + (((Math.imul(M0L, v1) + (t & 0xffff)) | 0) >>> 16)) | 0;
    const lo0 = Math.imul(M0, c0);
    v0 = c2 & 0xffff;
    v1 = c2 >>> 16;
    t = (Math.imul(M1H, v0) + (Math.imul(M1L, v0) >>> 16)) | 0;
    const hi1 = (Math.imul(M1H, v1) + (t >>> 16) + (((Math.imul(M1L, v1) + (t & 0xffff)) | 0) >>> 16)) | 0;
    const lo1 = Math.imul(M1, c2);
    c0 = hi1 ^ c1 ^ rk0;
    c2 = hi0 ^ c3 ^ rk1;
    c1 = lo1;
    c3 = lo0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/**
 * Marsaglia & Tsang's 256-layer constants: the base strip's right edge r and the common area v. With v
 * to the 12 digits published, the recurrence closes the top strip to a relative 1e-9 of v: the layer
 * probabilities are off by ~1e-12, far below any Monte-Carlo resolution.
 */
export const ZIG_R = 3.6541528853610088;
const ZIG_V = 0.00492867323399;

export interface ZigguratTables {
  /** x_0 = v/f(r), x_1 = r, …, x_256 = 0 (layer i spans |x| < x_i between heights f_i and f_{i+1}). */
  x: Float64Array;
  /** x_{i+1}/x_i: below it a candidate is inside the curve. */
  ratio: Float64Array;
  /** f_i = exp(−x_i²/2). */
  f: Float64Array;
}

let zig: ZigguratTables | null = null;

/** exp(t) for t ≤ 0 from +, ×, ÷ only (range reduction by halving, Taylor series): for the tables. */
function portableExpNeg(t: number): number {
  let halvings = 0;
  while (t < -0.125) {
    t /= 2;
    halvings += 1;
  }
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 25; k++) {
    term *= t / k;
    sum += term;
  }
  for (let h = 0; h < halvings; h++) sum *= sum;
  return sum;
}

export function zigguratTables(): ZigguratTables {
  if (zig) return zig;
  const N = 256;
  const x = new Float64Array(N + 1);
  const f = new Float64Array(N + 1);
  const fr = portableExpNeg(-0.5 * ZIG_R * ZIG_R);
  x[0] = ZIG_V / fr;
  x[1] = ZIG_R;
  for (let i = 1; i < N - 1; i++) x[i + 1] = Math.sqrt(-2 * log(ZIG_V / x[i] + portableExpNeg(-0.5 * x[i] * x[i])));
  x[N] = 0;
  const ratio = new Float64Array(N);
  for (let i = 0; i < N; i++) ratio[i] = x[i + 1] / x[i];
  for (let i = 0; i <= N; i++) f[i] = portableExpNeg(-0.5 * x[i] * x[i]);
  zig = { x, ratio, f };
  return zig;
}
