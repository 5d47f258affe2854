/**
 * du2019 (Du, Lee, Li, Wang, Zhai 2019, "Gradient descent finds global minima of deep neural
 * networks"): the data assumptions shared by its FC, ResNet and CNN theorems (Secs 5–7): ‖x_i‖₂ = 1,
 * |y_i| = O(1), and no two inputs parallel — the condition under which λ0 = λ_min(K^(H)) > 0 for an
 * analytic, non-polynomial activation (Cond 3.2).
 */
import { ConfigError, ShapeError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';
import type { Rng } from '../linalg/random/rng.js';
import { requireCount, requireNumber } from './checks.js';
import type { Dataset } from './dataset.js';
import { maxAbsCosine, minPairwiseDistance, randomDirection, rowDistance } from './geometry.js';

export interface Du2019Options {
  n: number;
  d: number;
  rng: Rng;
  /**
   * Minimum distance from parallel: every pair must have min(‖x_i − x_j‖, ‖x_i + x_j‖) ≥ s, i.e.
   * |x_i·x_j| ≤ 1 − s²/2 (the brief's "reject |x_i·x_j| > 1 − ε" with ε = s²/2). In [0, √2]. Default 0.01.
   */
  minSeparation?: number;
  /** Targets: an n×c matrix or n numbers (an n×1 column). Default: y_i ~ N(0, 1), drawn after x. */
  y?: Matrix | ArrayLike<number>;
  /** Draws allowed per point before giving up. Default 1000. */
  maxTries?: number;
}

/** min over pairs of min(‖x_i − x_j‖, ‖x_i + x_j‖): how far the closest pair is from being parallel. */
function minDistanceFromParallel(x: Matrix, i: number, upTo: number): number {
  let best = Infinity;
  const neg = new Matrix(1, x.cols);
  for (let k = 0; k < x.cols; k++) neg.data[k] = -x.data[i * x.cols + k];
  for (let j = 0; j < upTo; j++) {
    if (j === i) continue;
    best = Math.min(best, rowDistance(x, i, x, j), rowDistance(neg, 0, x, j));
  }
  return best;
}

/**
 * n unit-norm inputs in R^d (uniform on the sphere, rejecting any draw that comes within
 * `minSeparation` of being parallel to an earlier one) with Gaussian or given targets (du2019 Secs 5–7
 * data assumptions). meta reports the empirical min_{i≠j}‖x_i − x_j‖, max_{i≠j}|cos∠(x_i, x_j)| and the
 * min distance from parallel.
 */
export function du2019Data(opts: Du2019Options): Dataset {
  const { n, d, rng } = opts;
  const fn = 'du2019Data';
  requireCount(fn, 'n', n, 1);
  requireCount(fn, 'd', d, 1);
  const s = opts.minSeparation ?? 0.01;
  requireNumber(fn, 'minSeparation', s, 0, Math.SQRT2);
  const maxTries = opts.maxTries ?? 1000;
  requireCount(fn, 'maxTries', maxTries, 1);
  if (d === 1 && n > 1) throw new ConfigError(`${fn}: in d = 1 every two unit vectors are parallel; use d ≥ 2`);

  let y: Matrix | undefined;
  if (opts.y !== undefined) {
    y = opts.y instanceof Matrix ? opts.y.clone() : new Matrix(opts.y.length, 1, Float64Array.from(opts.y));
    if (y.rows !== n) throw new ShapeError(`${fn}: ${y.rows} targets given for n = ${n} inputs`);
  }

  const x = new Matrix(n, d);
  for (let i = 0; i < n; i++) {
    let placed = false;
    for (let t = 0; t < maxTries && !placed; t++) {
      randomDirection(rng, x.data, 1, i * d, (i + 1) * d);
      placed = minDistanceFromParallel(x, i, i) >= s;
    }
    if (!placed) {
      throw new ConfigError(
        `${fn}: could not place point ${i + 1} of ${n} at least ${s} from parallel to the others after ${maxTries} draws ` +
          `(d = ${d}); lower minSeparation or n, or raise d`,
      );
    }
  }
  if (y === undefined) y = new Matrix(n, 1, rng.fillNormal(new Float64Array(n)));

  let fromParallel = Infinity;
  for (let i = 0; i < n; i++) fromParallel = Math.min(fromParallel, minDistanceFromParallel(x, i, i));
  return {
    name: 'du2019',
    x,
    y,
    meta: {
      paper: 'du2019',
      section: 'Secs 5-7 data assumptions: unit-norm inputs, no two parallel',
      n,
      d,
      minSeparation: s,
      minDistance: minPairwiseDistance(x),
      maxAbsCosine: maxAbsCosine(x),
      minDistanceFromParallel: fromParallel,
      labels: opts.y === undefined ? 'gaussian' : 'given',
    },
  };
}
