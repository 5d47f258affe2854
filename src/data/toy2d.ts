/**
 * 2-D toy sets for the browser playground (after tensorflow/playground and scikit-learn): two moons, XOR
 * and concentric circles, with ±1 labels, balanced classes in random order. Angles come from
 * normalized Gaussian pairs rather than sin/cos, so the sets are bit-identical on every engine.
 *
 * The papers' theorems want unit-norm inputs (and zou2018 a fixed last coordinate μ): the `sphere`
 * option maps the points with `embedOnSphere` — (x, lift)/‖(x, lift)‖, one-to-one, so the classes stay
 * apart — and, given μ, scales by √(1 − μ²) and appends μ.
 */
import { Matrix } from '../linalg/matrix.js';
import type { Rng } from '../linalg/random/rng.js';
import { requireCount, requireNumber } from './checks.js';
import type { Dataset } from './dataset.js';
import { embedOnSphere, type SphereEmbedding } from './geometry.js';

export interface ToyOptions {
  n: number;
  rng: Rng;
  /** Standard deviation of Gaussian noise added to both coordinates. */
  noise?: number;
  /** Map the points onto the unit sphere (see `embedOnSphere`), e.g. `{ mu: 0.5 }`. Default: raw 2-D points. */
  sphere?: SphereEmbedding;
}

export interface CirclesOptions extends ToyOptions {
  /** Radius of the inner circle (label +1); the outer circle (label −1) has radius 1. Default 0.5. */
  factor?: number;
}

export interface XorOptions extends ToyOptions {
  /** Points keep at least this distance from both axes (a margin around the decision boundary). Default 0. */
  margin?: number;
}

/** Label +1 for the first ⌈n/2⌉ slots and −1 for the rest, in a random order. */
function balancedLabels(n: number, rng: Rng): Float64Array {
  const labels = new Float64Array(n);
  const perm = rng.permutation(n);
  const half = Math.ceil(n / 2);
  for (let k = 0; k < n; k++) labels[perm[k]] = k < half ? 1 : -1;
  return labels;
}

/** A uniform point on the unit circle (upper half when `upper`), as [cos t, sin t]. */
function circlePoint(rng: Rng, upper: boolean): [number, number] {
  for (;;) {
    const a = rng.normal();
    const b = rng.normal();
    const r = Math.sqrt(a * a + b * b);
    if (r > 0) return [a / r, upper ? Math.abs(b) / r : b / r];
  }
}

function finish(name: string, x: Matrix, labels: Float64Array, opts: ToyOptions, extra: Dataset['meta']): Dataset {
  const noise = opts.noise ?? 0;
  if (noise > 0) for (let k = 0; k < x.data.length; k++) x.data[k] += noise * opts.rng.normal();
  const out = opts.sphere === undefined ? x : embedOnSphere(x, opts.sphere);
  const meta: Dataset['meta'] = { name, n: x.rows, noise, d: out.cols, ...extra };
  if (opts.sphere !== undefined) {
    meta['sphereLift'] = opts.sphere.lift ?? 1;
    if (opts.sphere.mu !== undefined) meta['mu'] = opts.sphere.mu;
  }
  return { name, x: out, y: new Matrix(x.rows, 1, labels), meta };
}

function checkCommon(fn: string, opts: ToyOptions, defaultNoise: number): void {
  requireCount(fn, 'n', opts.n, 1);
  requireNumber(fn, 'noise', opts.noise ?? defaultNoise, 0, Infinity);
}

/**
 * Two interleaving half circles (scikit-learn's make_moons, centred): label +1 on
 * (cos t − ½, sin t − ¼), label −1 on its point reflection (½ − cos t, ¼ − sin t), t uniform on [0, π].
 * Default noise 0.1. Draw order: labels, angles, noise.
 */
export function twoMoons(opts: ToyOptions): Dataset {
  checkCommon('twoMoons', opts, 0.1);
  const { n, rng } = opts;
  const labels = balancedLabels(n, rng);
  const x = new Matrix(n, 2);
  for (let i = 0; i < n; i++) {
    const [c, s] = circlePoint(rng, true);
    x.data[2 * i] = labels[i] * (c - 0.5);
    x.data[2 * i + 1] = labels[i] * (s - 0.25);
  }
  return finish('two-moons', x, labels, { ...opts, noise: opts.noise ?? 0.1 }, {});
}

/**
 * Two concentric circles (scikit-learn's make_circles): label +1 on radius `factor`, −1 on radius 1.
 * Default noise 0.05. Draw order: labels, angles, noise.
 */
export function circles(opts: CirclesOptions): Dataset {
  checkCommon('circles', opts, 0.05);
  const factor = opts.factor ?? 0.5;
  requireNumber('circles', 'factor', factor, 0, 1, true, true);
  const { n, rng } = opts;
  const labels = balancedLabels(n, rng);
  const x = new Matrix(n, 2);
  for (let i = 0; i < n; i++) {
    const [c, s] = circlePoint(rng, false);
    const r = labels[i] > 0 ? factor : 1;
    x.data[2 * i] = r * c;
    x.data[2 * i + 1] = r * s;
  }
  return finish('circles', x, labels, { ...opts, noise: opts.noise ?? 0.05 }, { factor });
}

/**
 * XOR: points uniform on [−1, 1]² minus a band of width `margin` around both axes, label
 * sign(x₁·x₂). Default noise 0 (noise is added after labelling). Draw order: labels, then per point a
 * quadrant sign and two magnitudes, then noise.
 */
export function xor(opts: XorOptions): Dataset {
  checkCommon('xor', opts, 0);
  const margin = opts.margin ?? 0;
  requireNumber('xor', 'margin', margin, 0, 1, false, true);
  const { n, rng } = opts;
  const labels = balancedLabels(n, rng);
  const x = new Matrix(n, 2);
  for (let i = 0; i < n; i++) {
    const a = rng.sign();
    x.data[2 * i] = a * (margin + (1 - margin) * rng.uniform());
    x.data[2 * i + 1] = a * labels[i] * (margin + (1 - margin) * rng.uniform());
  }
  return finish('xor', x, labels, { ...opts, noise: opts.noise ?? 0 }, { margin });
}
