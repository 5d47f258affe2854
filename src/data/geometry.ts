/**
 * Geometry shared by the synthetic data sets: unit vectors, pairwise separations (the papers' φ and δ),
 * and the embedding of arbitrary inputs onto the unit sphere with a fixed last coordinate (zou2018 A3.4).
 */
import { ConfigError, ShapeError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';
import type { Rng } from '../linalg/random/rng.js';

function sumSquares(v: Float64Array, start: number, end: number): number {
  let s = 0;
  for (let k = start; k < end; k++) s += v[k] * v[k];
  return s;
}

/**
 * Scales v[start, end) to Euclidean norm r. Two passes: the second removes the rounding left by the
 * first, so the norm recomputed by a plain sum is r to within a few ulps. Returns false (and leaves v
 * untouched) when the segment is zero.
 */
export function scaleToNorm(v: Float64Array, r: number, start = 0, end = v.length): boolean {
  for (let pass = 0; pass < 2; pass++) {
    const s = sumSquares(v, start, end);
    if (!(s > 0) || !Number.isFinite(s)) return false;
    const f = r / Math.sqrt(s);
    for (let k = start; k < end; k++) v[k] *= f;
  }
  return true;
}

/** Fills out[start, end) with a uniformly random vector of norm r (a normalized Gaussian). */
export function randomDirection(rng: Rng, out: Float64Array, r = 1, start = 0, end = out.length): void {
  const seg = out.subarray(start, end);
  if (seg.length === 0) return;
  for (;;) {
    rng.fillNormal(seg);
    if (scaleToNorm(seg, r)) return;
  }
}

/** ‖a_i − b_j‖ for rows i of a and j of b (computed from differences, no cancellation). */
export function rowDistance(a: Matrix, i: number, b: Matrix, j: number): number {
  let s = 0;
  const ai = i * a.cols;
  const bj = j * b.cols;
  for (let k = 0; k < a.cols; k++) {
    const t = a.data[ai + k] - b.data[bj + k];
    s += t * t;
  }
  return Math.sqrt(s);
}

/** min_{i≠j} ‖x_i − x_j‖ over the rows of x (Infinity for fewer than two rows). */
export function minPairwiseDistance(x: Matrix): number {
  let best = Infinity;
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < i; j++) best = Math.min(best, rowDistance(x, i, x, j));
  return best;
}

/** max_{i≠j} |cos∠(x_i, x_j)| over the rows of x (0 for fewer than two rows); 1 means two parallel rows. */
export function maxAbsCosine(x: Matrix): number {
  const norms = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) norms[i] = Math.sqrt(sumSquares(x.data, i * x.cols, (i + 1) * x.cols));
  let best = 0;
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < i; j++) {
      let dot = 0;
      for (let k = 0; k < x.cols; k++) dot += x.data[i * x.cols + k] * x.data[j * x.cols + k];
      best = Math.max(best, Math.abs(dot) / (norms[i] * norms[j]));
    }
  }
  return best;
}

/**
 * min ‖x_i − x_j‖ over pairs with different labels (zou2018 A3.5's φ); Infinity when all labels agree.
 * `labels[i]` is any per-example class value (±1, or a class index).
 */
export function minOppositeLabelDistance(x: Matrix, labels: ArrayLike<number>): number {
  if (labels.length !== x.rows) throw new ShapeError(`${labels.length} labels for ${x.rows} inputs`);
  let best = Infinity;
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < i; j++) if (labels[i] !== labels[j]) best = Math.min(best, rowDistance(x, i, x, j));
  }
  return best;
}

/** How `embedOnSphere` lifts inputs onto the unit sphere. */
export interface SphereEmbedding {
  /**
   * Append this constant as the last coordinate after scaling the rest to norm √(1 − μ²), so every row
   * has unit norm and last coordinate μ (zou2018 A3.4: it acts as a bias). μ ∈ [0, 1). Default: none.
   */
  mu?: number;
  /**
   * A constant appended before normalizing: x ↦ (x, lift)/‖(x, lift)‖, the central projection onto the
   * upper hemisphere, which is one-to-one, so radius information survives (concentric circles stay
   * apart). 0 means plain radial normalization x/‖x‖, which keeps only directions. Default 1.
   */
  lift?: number;
}

/**
 * Rows of x mapped onto the unit sphere: (x_i, lift) normalized (dimension d+1; d when lift = 0), then,
 * if μ is given, scaled by √(1 − μ²) with μ appended (dimension one more). Every row has unit norm to
 * within a few ulps and the appended coordinate is exactly μ.
 */
export function embedOnSphere(x: Matrix, opts: SphereEmbedding = {}): Matrix {
  const lift = opts.lift ?? 1;
  const mu = opts.mu;
  if (!Number.isFinite(lift)) throw new ConfigError(`embedOnSphere: lift must be finite; got ${lift}`);
  if (mu !== undefined && !(mu >= 0 && mu < 1)) throw new ConfigError(`embedOnSphere: μ must be in [0, 1); got ${mu}`);
  const base = lift === 0 ? x.cols : x.cols + 1;
  const cols = mu === undefined ? base : base + 1;
  const out = new Matrix(x.rows, cols);
  const r = mu === undefined ? 1 : Math.sqrt(1 - mu * mu);
  for (let i = 0; i < x.rows; i++) {
    const o = i * cols;
    out.data.set(x.row(i), o);
    if (lift !== 0) out.data[o + x.cols] = lift;
    if (!scaleToNorm(out.data, r, o, o + base)) {
      throw new ConfigError(`embedOnSphere: row ${i} is zero (or not finite) and has no direction; use lift ≠ 0`);
    }
    if (mu !== undefined) out.data[o + base] = mu;
  }
  return out;
}
