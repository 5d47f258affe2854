/**
 * liu2020 (Liu, Zhu, Belkin 2020, "On the linearity of large non-linear models: when and why the tangent
 * kernel is constant"), Appendix C experiments: N = 60 points, C = 3 classes, y uniform on {0, 1, 2};
 * scalar x ~ N(0, 1) if y = 0, N(10, 1) if y = 1, N(−10, 1) if y = 2; one-hot targets.
 */
import { ConfigError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';
import type { Rng } from '../linalg/random/rng.js';
import { requireCount, requireNumber } from './checks.js';
import { oneHot, type Dataset } from './dataset.js';

export interface ThreeClustersOptions {
  /** Number of points. Default 60 (App. C). */
  n?: number;
  rng: Rng;
  /** Class means, class c at means[c]. Default [0, 10, −10] (App. C). */
  means?: readonly number[];
  /** Within-class standard deviation. Default 1. */
  std?: number;
}

/**
 * The three-class 1-D set of liu2020 App. C: each point draws its class uniformly (one `rng.int`),
 * then x = means[class] + std·N(0, 1). x is n×1, y the n×C one-hot targets; meta counts each class.
 */
export function threeClusters(opts: ThreeClustersOptions): Dataset {
  const fn = 'threeClusters';
  const n = opts.n ?? 60;
  const means = opts.means ?? [0, 10, -10];
  const std = opts.std ?? 1;
  const { rng } = opts;
  requireCount(fn, 'n', n, 1);
  requireNumber(fn, 'std', std, 0, Infinity);
  if (means.length < 1 || !means.every(Number.isFinite)) throw new ConfigError(`${fn}: means must be finite numbers, one per class`);
  const c = means.length;
  const x = new Matrix(n, 1);
  const labels = new Int32Array(n);
  const counts = new Array<number>(c).fill(0);
  for (let i = 0; i < n; i++) {
    const k = rng.int(c);
    labels[i] = k;
    counts[k]++;
    x.data[i] = means[k] + std * rng.normal();
  }
  const meta: Dataset['meta'] = { paper: 'liu2020', section: 'App. C (3 classes, scalar Gaussian inputs)', n, classes: c, std };
  for (let k = 0; k < c; k++) {
    meta[`mean${k}`] = means[k];
    meta[`count${k}`] = counts[k];
  }
  return { name: 'liu2020-three-clusters', x, y: oneHot(labels, c), meta };
}
