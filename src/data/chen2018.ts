/**
 * chen2018 (Chen, Wang, Zhao, Papailiopoulos, Koutris 2018, "The effect of network width on the performance of
 * large-batch training"), setup of Appendices A–C: n inputs with iid zero-mean, unit-variance entries,
 * labelled without noise by a teacher network of the student's architecture, y_i = teacher(x_i). Prop
 * A.1 and Lemmas 2–5 hold for general entry distributions; the note asks for uniform, Rademacher and
 * Laplace beside the Gaussian, so all four are here, each scaled to unit variance.
 */
import { ConfigError, NonFiniteError, ShapeError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';
import { log } from '../linalg/random/log.js';
import type { Rng } from '../linalg/random/rng.js';
import { requireCount } from './checks.js';
import type { Dataset } from './dataset.js';

/** Zero-mean, unit-variance entry distributions. */
export type EntryDistribution = 'gaussian' | 'uniform' | 'rademacher' | 'laplace';

const SQRT3 = Math.sqrt(3);
const LAPLACE_SCALE = Math.SQRT1_2; // variance 2b² = 1

/**
 * Fills `out` with iid draws of zero mean and unit variance: N(0, 1); U(−√3, √3); ±1; or Laplace with
 * scale 1/√2 (by inverse CDF with the portable logarithm, so bit-identical everywhere).
 */
export function fillUnitVariance(rng: Rng, dist: EntryDistribution, out: Float64Array): Float64Array {
  switch (dist) {
    case 'gaussian':
      return rng.fillNormal(out);
    case 'uniform':
      for (let i = 0; i < out.length; i++) out[i] = SQRT3 * (2 * rng.uniform() - 1);
      return out;
    case 'rademacher':
      for (let i = 0; i < out.length; i++) out[i] = rng.sign();
      return out;
    case 'laplace':
      for (let i = 0; i < out.length; i++) {
        const u = rng.uniform(); // in (0, 1); 2u and 2(1 − u) are exact
        out[i] = u < 0.5 ? LAPLACE_SCALE * log(2 * u) : -LAPLACE_SCALE * log(2 * (1 - u));
      }
      return out;
    default:
      throw new ConfigError(`unknown entry distribution ${String(dist)}; use gaussian, uniform, rademacher or laplace`);
  }
}

/** E[z⁴] of the unit-variance distribution (M_{·,4} in chen2018 Prop A.1): 3, 9/5, 1, 6. */
export function fourthMoment(dist: EntryDistribution): number {
  switch (dist) {
    case 'gaussian':
      return 3;
    case 'uniform':
      return 9 / 5;
    case 'rademacher':
      return 1;
    case 'laplace':
      return 6;
    default:
      throw new ConfigError(`unknown entry distribution ${String(dist)}`);
  }
}

export interface TeacherStudentOptions {
  n: number;
  d: number;
  rng: Rng;
  /** The labelling network: maps the n×d inputs to n×c targets (c = 1 in chen2018). */
  teacher: (x: Matrix) => Matrix;
  /** Distribution of the input entries. Default 'gaussian'. */
  distribution?: EntryDistribution;
  name?: string;
}

/**
 * A teacher–student regression set (chen2018 App. A–C setup): x_{iq} iid with zero mean and unit
 * variance, y = teacher(x), no noise. The teacher must return finite n×c targets.
 */
export function teacherStudentData(opts: TeacherStudentOptions): Dataset {
  const { n, d, rng, teacher } = opts;
  const fn = 'teacherStudentData';
  const dist = opts.distribution ?? 'gaussian';
  requireCount(fn, 'n', n, 1);
  requireCount(fn, 'd', d, 1);
  const x = new Matrix(n, d, fillUnitVariance(rng, dist, new Float64Array(n * d)));
  const y = teacher(x);
  if (!(y instanceof Matrix) || y.rows !== n) {
    const got = y instanceof Matrix ? y.shapeString : typeof y;
    throw new ShapeError(`${fn}: the teacher must return an n×c matrix with n = ${n} rows; got ${got}`);
  }
  if (!y.isFinite()) throw new NonFiniteError(`${fn}: the teacher returned non-finite targets`);
  return {
    name: opts.name ?? 'teacher-student',
    x,
    y,
    meta: { paper: 'chen2018', section: 'App. A-C setup (teacher labels, no noise)', n, d, outputs: y.cols, distribution: dist },
  };
}
