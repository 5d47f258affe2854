/**
 * Seeded randomness for overparam. An `Rng` is a keyed Philox4x32-10 stream: the key comes from the
 * seed, and `fold(label)` derives an independent child stream (JAX's fold_in), so each layer, seed and
 * sweep point can have its own stream whose numbers do not depend on execution order.
 *
 * Draws use only integer operations, exact arithmetic, sqrt and the portable log, so the same seed gives
 * bit-identical numbers on every backend, platform and JavaScript engine.
 */
import { ConfigError } from '../../errors.js';
import { accelerators } from '../accelerators.js';
import { log } from './log.js';
import { normalQuantile } from './normalQuantile.js';
import { philox4x32 } from './philox.js';
import { philoxBlockInt, ZIG_R, zigguratTables } from './ziggurat.js';

const TWO26 = 67108864;
const TWO32 = 4294967296;
const TWO52 = 4503599627370496;
const TWO28 = 268435456;
const TWO51 = 2251799813685248;
const ZIG_BLOCK = new Int32Array(4);
/** From this many whole blocks on, fillNormal hands them to the backend's fillNormalBlocks if it has one. */
const FAST_PAIRS = 32;
const TAG_NUMBER = 0x6e756d62; // 'numb'
const TAG_STRING = 0x73747269; // 'stri'

/** A serializable position of a stream, for resumable runs. */
export interface RngState {
  key: [number, number];
  /** Index of the next 4-word block, and the next word within it. */
  block: number;
  word: number;
}

export type StreamLabel = string | number;

const encoder = new TextEncoder();

function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new ConfigError(`a seed must be a non-negative integer below 2^53; got ${seed}`);
  }
}

export class Rng {
  private readonly k0: number;
  private readonly k1: number;
  private block = 0; // 64-bit block counter held as a double (< 2^53 blocks)
  private readonly buf = new Uint32Array(4);
  private word = 4; // next unread word in buf; 4 = buffer empty

  private constructor(k0: number, k1: number) {
    this.k0 = k0 >>> 0;
    this.k1 = k1 >>> 0;
  }

  /** The root stream of a seed (a non-negative integer below 2^53). */
  static fromSeed(seed: number): Rng {
    checkSeed(seed);
    return new Rng(seed % TWO32, Math.floor(seed / TWO32));
  }

  /** Restores a stream at a saved position. */
  static fromState(state: RngState): Rng {
    const r = new Rng(state.key[0], state.key[1]);
    r.block = state.block;
    if (state.word < 4) {
      r.refill(state.block - 1);
      r.word = state.word;
    }
    return r;
  }

  /** The current position, to resume the stream later with `Rng.fromState`. */
  state(): RngState {
    return { key: [this.k0, this.k1], block: this.block, word: this.word };
  }

  /** The stream's key as two uint32 words (identifies the stream). */
  get key(): readonly [number, number] {
    return [this.k0, this.k1];
  }

  /**
   * An independent child stream named by the labels, e.g. `rng.fold('layer', 2)`. The child depends only
   * on this stream's key and the labels, not on how many numbers were drawn from this stream.
   */
  fold(...labels: StreamLabel[]): Rng {
    let k0 = this.k0;
    let k1 = this.k1;
    const out = new Uint32Array(4);
    for (const label of labels) {
      if (typeof label === 'number') {
        checkSeed(label);
        philox4x32(label % TWO32, Math.floor(label / TWO32), 0, TAG_NUMBER, k0, k1, out);
        k0 = out[0];
        k1 = out[1];
      } else {
        const bytes = encoder.encode(label);
        const words = new Uint32Array(Math.ceil(bytes.length / 8) * 2 + 2);
        for (let i = 0; i < bytes.length; i++) words[i >>> 2] |= bytes[i] << ((i & 3) * 8);
        words[words.length - 2] = bytes.length;
        for (let i = 0; i < words.length; i += 2) {
          philox4x32(words[i], words[i + 1], i, TAG_STRING, k0, k1, out);
          k0 = out[0];
          k1 = out[1];
        }
      }
    }
    return new Rng(k0, k1);
  }

  private refill(blockIndex: number): void {
    philox4x32(blockIndex % TWO32, Math.floor(blockIndex / TWO32), 0, 0, this.k0, this.k1, this.buf);
    this.word = 0;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    if (this.word === 4) {
      this.refill(this.block);
      this.block += 1;
    }
    return this.buf[this.word++];
  }

  /** A uniform double in the open interval (0, 1), on the grid (k + ½)/2^52. */
  uniform(): number {
    const a = this.nextUint32() >>> 6;
    const b = this.nextUint32() >>> 6;
    return (a * TWO26 + b + 0.5) / TWO52;
  }

  /** A standard normal draw (inverse-CDF method: one uniform per draw, no rejection). */
  normal(): number {
    return normalQuantile(this.uniform());
  }

  /**
   * Fills `out` with N(mean, std²) draws and returns it: the same numbers as out.length calls of
   * normal(), generated a block (two draws) at a time — by the backend's fillNormalBlocks where it has
   * one (native: the same arithmetic in C++, on all cores, about 20× faster), else here.
   */
  fillNormal(out: Float64Array, mean = 0, std = 1): Float64Array {
    const n = out.length;
    let i = 0;
    if (this.word % 2 === 1) {
      // An odd word position never meets a block boundary between draws: one draw at a time.
      for (; i < n; i++) out[i] = mean + std * normalQuantile(this.uniform());
      return out;
    }
    // Use up the current block (0 or 1 draws left, or 2 after fromState), then whole blocks.
    while (i < n && this.word !== 4) out[i++] = mean + std * normalQuantile(this.uniform());
    if (i + 1 < n) {
      const pairs = (n - i) >>> 1;
      const fast = pairs >= FAST_PAIRS ? accelerators().fillNormalBlocks : undefined;
      if (fast) {
        fast(this.k0, this.k1, this.block, out.subarray(i, i + 2 * pairs), mean, std);
        this.block += pairs;
        i += 2 * pairs;
      } else {
        const w = ZIG_BLOCK;
        let block = this.block;
        for (; i + 1 < n; i += 2) {
          philoxBlockInt(block, this.k0, this.k1, w);
          block += 1;
          out[i] = mean + std * normalQuantile(((w[0] >>> 6) * TWO26 + (w[1] >>> 6) + 0.5) / TWO52);
          out[i + 1] = mean + std * normalQuantile(((w[2] >>> 6) * TWO26 + (w[3] >>> 6) + 0.5) / TWO52);
        }
        this.block = block;
      }
      this.word = 4; // the last block is fully used
    }
    if (i < n) out[i] = mean + std * normalQuantile(this.uniform());
    return out;
  }

  /**
   * Fills `out` with N(mean, std²) draws by the ziggurat method — NOT the numbers of fillNormal: a
   * separate, faster generator (about 2× fillNormal) for hot Monte-Carlo loops such as the chen2018
   * gradient-diversity draws. Marsaglia & Tsang (J. Stat. Softw. 5(8), 2000), 256 layers, with Doornik's
   * (2005) separation of the bits: each candidate takes two words of the stream, 8 bits for the layer and
   * 52 for a uniform u ∈ (−1, 1), so layer and position are independent; ≈ 98.5% are accepted on the first
   * test |u| < x_{i+1}/x_i, the rest go through the wedge test log(y) < −x²/2 (portable log, no exp) or
   * the tail sampler beyond r. Only +, −, ×, ÷, √ and the portable log are used (the tables too), so the
   * numbers are bit-identical everywhere. Words are consumed in pairs; an odd position skips one word.
   */
  fillNormalZiggurat(out: Float64Array, mean = 0, std = 1): Float64Array {
    const { x, ratio } = zigguratTables();
    const blk = ZIG_BLOCK; // the current block as int32 words (fast to read), mirrored into this.buf
    for (let j = 0; j < 4; j++) blk[j] = this.buf[j];
    let word = this.word + (this.word % 2);
    let block = this.block;
    const n = out.length;
    for (let k = 0; k < n; ) {
      if (word === 4) {
        philoxBlockInt(block, this.k0, this.k1, blk);
        block += 1;
        word = 0;
      }
      const w0 = blk[word];
      const w1 = blk[word + 1];
      word += 2;
      const i = w0 & 0xff;
      const u = ((w0 >>> 8) * TWO28 + (w1 >>> 4) + 0.5) / TWO51 - 1;
      if (Math.abs(u) < ratio[i]) {
        out[k++] = mean + std * u * x[i];
        continue;
      }
      for (let j = 0; j < 4; j++) this.buf[j] = blk[j];
      this.word = word;
      this.block = block;
      const v = this.zigguratSlow(i, u);
      for (let j = 0; j < 4; j++) blk[j] = this.buf[j];
      word = this.word;
      block = this.block;
      if (v === v) out[k++] = mean + std * v; // NaN: rejected in the wedge, draw a new candidate
    }
    for (let j = 0; j < 4; j++) this.buf[j] = blk[j];
    this.word = word;
    this.block = block;
    return out;
  }

  /** The ziggurat's rare cases: the tail beyond r (layer 0), or the wedge test of layer i (NaN = reject). */
  private zigguratSlow(i: number, u: number): number {
    const z = zigguratTables();
    if (i === 0) {
      // Marsaglia's tail: x = −log(U₁)/r, y = −log(U₂) until 2y ≥ x²; return ±(r + x).
      let x: number;
      let y: number;
      do {
        x = -log(this.uniform()) / ZIG_R;
        y = -log(this.uniform());
      } while (y + y < x * x);
      return u < 0 ? -(ZIG_R + x) : ZIG_R + x;
    }
    const x = u * z.x[i];
    const y = z.f[i] + this.uniform() * (z.f[i + 1] - z.f[i]);
    return log(y) < -0.5 * x * x ? x : NaN;
  }

  /** Fills `out` with uniform draws on (lo, hi) and returns it. */
  fillUniform(out: Float64Array, lo = 0, hi = 1): Float64Array {
    const w = hi - lo;
    for (let i = 0; i < out.length; i++) out[i] = lo + w * this.uniform();
    return out;
  }

  /** ±1 with equal probability (a Rademacher draw). */
  sign(): number {
    return (this.nextUint32() & 1) === 0 ? 1 : -1;
  }

  /** A uniform integer in [0, n), unbiased (rejection on 32-bit words); 1 ≤ n ≤ 2^32. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO32) {
      throw new ConfigError(`Rng.int needs an integer bound in [1, 2^32]; got ${n}`);
    }
    const limit = TWO32 - (TWO32 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** k distinct indices drawn uniformly without replacement from 0..n−1 (partial Fisher–Yates). */
  sampleWithoutReplacement(n: number, k: number): Int32Array {
    if (!Number.isInteger(k) || k < 0 || k > n) {
      throw new ConfigError(`cannot draw ${k} distinct indices from ${n}`);
    }
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p.slice(0, k);
  }
}
