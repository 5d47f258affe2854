/**
 * The synthetic data sets of the source papers, each drawn from an explicit seeded `Rng` (the same seed
 * gives bit-identical data on every platform), documented with its paper key and section. Generators
 * draw from the generator they are given, in a fixed order; pass `rng.fold('train')`-style child
 * streams for independent sets.
 *
 * - `unitSphere`                      — inputs uniform on S^{d−1}
 * - `du2019Data`            (du2019.ts) — unit-norm inputs, no two parallel, Gaussian labels
 * - `zou2018Data`           (zou2018.ts) — ‖x‖ = 1, last coordinate μ, opposite labels ≥ φ apart
 * - `teacherStudentData`    (chen2018.ts) — iid unit-variance inputs labelled by a teacher network
 * - `threeClusters`         (liu2020.ts) — the three 1-D Gaussian classes of Appendix C
 * - `rnnSequences`          (allenzhu2019.ts) — sequences with δ-separated first tokens
 * - `twoMoons`, `xor`, `circles` (toy2d.ts) — 2-D toy sets for the playground, optionally on the sphere
 */
import { Matrix } from '../linalg/matrix.js';
import type { Rng } from '../linalg/random/rng.js';
import { requireCount } from './checks.js';
import { randomDirection } from './geometry.js';

export interface UnitSphereOptions {
  n: number;
  d: number;
  rng: Rng;
}

/** n points uniform on the unit sphere S^{d−1} ⊂ R^d (normalized Gaussians), as an n×d matrix. */
export function unitSphere(opts: UnitSphereOptions): Matrix {
  const { n, d, rng } = opts;
  requireCount('unitSphere', 'n', n, 0);
  requireCount('unitSphere', 'd', d, 1);
  const x = new Matrix(n, d);
  for (let i = 0; i < n; i++) randomDirection(rng, x.data, 1, i * d, (i + 1) * d);
  return x;
}

export { du2019Data } from './du2019.js';
export type { Du2019Options } from './du2019.js';
export { zou2018Data } from './zou2018.js';
export type { Zou2018Options, Zou2018Rule } from './zou2018.js';
export { teacherStudentData, fillUnitVariance, fourthMoment } from './chen2018.js';
export type { EntryDistribution, TeacherStudentOptions } from './chen2018.js';
export { threeClusters } from './liu2020.js';
export type { ThreeClustersOptions } from './liu2020.js';
export { rnnSequences } from './allenzhu2019.js';
export type { RnnSequencesOptions } from './allenzhu2019.js';
export { twoMoons, xor, circles } from './toy2d.js';
export type { ToyOptions, XorOptions, CirclesOptions } from './toy2d.js';
export { embedOnSphere, minPairwiseDistance, maxAbsCosine, minOppositeLabelDistance } from './geometry.js';
export type { SphereEmbedding } from './geometry.js';
