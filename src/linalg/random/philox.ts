/**
 * Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror & Shaw, "Parallel random numbers:
 * as easy as 1, 2, 3" (SC'11) — the generator behind JAX's and PyTorch's keyed streams. A block is a pure
 * function of (counter, key), so draws depend only on the seed and the stream's key, never on the order
 * in which work runs. Only 32-bit integer operations and exact double arithmetic are used, so the output
 * is bit-identical on every platform and JavaScript engine.
 */
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const TWO16 = 65536;

/** High 32 bits of the 64-bit product of two uint32 (exact, via 16-bit limbs in doubles). */
export function mulhi32(a: number, b: number): number {
  const ah = a >>> 16;
  const al = a & 0xffff;
  const bh = b >>> 16;
  const bl = b & 0xffff;
  const lo = al * bl;
  const mid = ah * bl + al * bh + Math.floor(lo / TWO16);
  return (ah * bh + Math.floor(mid / TWO16)) >>> 0;
}

const M0H = M0 >>> 16;
const M0L = M0 & 0xffff;
const M1H = M1 >>> 16;
const M1L = M1 & 0xffff;

/**
 * One Philox4x32-10 block: out ← philox(counter (c0..c3), key (k0, k1)). All values uint32.
 * `out` receives four uint32 words at `offset`. The high words of the 32×32-bit products are formed
 * from 16-bit limbs of the counter against the constant multipliers' limbs (mulhi32, inlined).
 */
export function philox4x32(
  c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array, offset = 0,
): void {
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const a0l = c0 & 0xffff;
    const a0h = c0 >>> 16;
    const t0 = M0L * a0l;
    const hi0 = (M0H * a0h + Math.floor((M0H * a0l + M0L * a0h + (t0 >>> 16)) / TWO16)) >>> 0;
    const lo0 = Math.imul(M0, c0) >>> 0;
    const a2l = c2 & 0xffff;
    const a2h = c2 >>> 16;
    const t2 = M1L * a2l;
    const hi1 = (M1H * a2h + Math.floor((M1H * a2l + M1L * a2h + (t2 >>> 16)) / TWO16)) >>> 0;
    const lo1 = Math.imul(M1, c2) >>> 0;
    const n0 = (hi1 ^ c1 ^ k0) >>> 0;
    const n2 = (hi0 ^ c3 ^ k1) >>> 0;
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
  }
  out[offset] = c0;
  out[offset + 1] = c1;
  out[offset + 2] = c2;
  out[offset + 3] = c3;
}
