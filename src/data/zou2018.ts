/**
 * zou2018 (Zou, Cao, Zhou, Gu 2018, "Stochastic gradient descent optimizes over-parameterized deep ReLU
 * networks"), Sec 3 assumptions: A3.4 ‖x_i‖₂ = 1 with last coordinate (x_i)_d = μ ∈ (0, 1) (a bias), and
 * A3.5 ‖x_i − x_j‖₂ ≥ φ whenever y_i ≠ y_j, labels y_i ∈ {−1, +1}. The construction follows the theory
 * note's suggested settings: z ~ N(0, I_{d−1}), normalized, scaled by √(1 − μ²), μ appended; labels by a
 * rule; candidates closer than φ to an opposite-label point are rejected. The 'xor' rule gives labels no
 * linear classifier separates, with the separation met exactly (zou2018Xor.ts).
 */
import { ConfigError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';
import type { Rng } from '../linalg/random/rng.js';
import { requireCount, requireNumber } from './checks.js';
import type { Dataset } from './dataset.js';
import { minOppositeLabelDistance, randomDirection, rowDistance, scaleToNorm } from './geometry.js';
import { xorLabel, xorPlantedPoints } from './zou2018Xor.js';

/**
 * How labels relate to z. 'sign' and 'clusters': y_i = ±1 with equal probability, drawn before its point.
 * 'sign': y = sign(z_1), i.e. z ~ N(0, I) conditioned on sign(z_1) = y. 'clusters':
 * z = y·clusterShift·u + g with g ~ N(0, I_{d−1}) and u a random unit direction (drawn once), so the two
 * classes are two Gaussian clusters before normalization. A point whose candidate is too close to an
 * opposite-label point is re-drawn with the same label. 'xor': y = sign(z_1·z_2) (XOR of two
 * coordinates' signs), the first six points planted (zou2018Xor.ts): an XOR quadruple whose two classes
 * share a midpoint, so no linear classifier separates the set, and an opposite-label pair at distance
 * exactly φ, so the empirical separation is the requested one; the other points are drawn as z ~ N(0, I)
 * and labelled by the rule (a rejected candidate is re-drawn whole, its label with it: the rule is symmetric
 * in the sign of z_1, so the classes stay balanced).
 */
export type Zou2018Rule = 'sign' | 'clusters' | 'xor';

export interface Zou2018Options {
  n: number;
  /** Input dimension, including the μ coordinate (d ≥ 2). */
  d: number;
  rng: Rng;
  /** The last coordinate of every input (A3.4), in [0, 1). Default 0.5. */
  mu?: number;
  /** Required separation between opposite labels (A3.5). Default 0 (no rejection). */
  phi?: number;
  rule?: Zou2018Rule;
  /** Distance of each cluster centre from the origin in z-space ('clusters' rule). Default 2. */
  clusterShift?: number;
  /** Draws allowed per point before giving up. Default 10000. */
  maxTries?: number;
}

/**
 * n inputs on the unit sphere of R^d with last coordinate μ and ±1 labels, opposite labels at least φ
 * apart (zou2018 Sec 3, A3.4–A3.5). y is n×1. meta.phi is the empirical separation
 * min_{y_i≠y_j}‖x_i − x_j‖ (Infinity if only one class occurs).
 */
export function zou2018Data(opts: Zou2018Options): Dataset {
  const { n, d, rng } = opts;
  const fn = 'zou2018Data';
  const mu = opts.mu ?? 0.5;
  const phi = opts.phi ?? 0;
  const rule = opts.rule ?? 'sign';
  const shift = opts.clusterShift ?? 2;
  const maxTries = opts.maxTries ?? 10000;
  requireCount(fn, 'n', n, 1);
  requireCount(fn, 'd', d, 2);
  requireNumber(fn, 'mu', mu, 0, 1, false, true);
  requireNumber(fn, 'phi', phi, 0, Infinity);
  requireNumber(fn, 'clusterShift', shift, 0, Infinity);
  requireCount(fn, 'maxTries', maxTries, 1);
  if (rule !== 'sign' && rule !== 'clusters' && rule !== 'xor') throw new ConfigError(`${fn}: rule must be 'sign', 'clusters' or 'xor'; got ${String(rule)}`);
  const r = Math.sqrt(1 - mu * mu);
  // Two points with the same last coordinate μ are at most 2√(1 − μ²) apart.
  if (phi > 2 * r) {
    throw new ConfigError(
      `${fn}: φ = ${phi} is impossible: inputs with last coordinate μ = ${mu} are at most 2√(1 − μ²) = ${2 * r} apart`,
    );
  }

  const m = d - 1;
  const planted = rule === 'xor' ? xorPlantedPoints({ n, d, mu, phi, rng }) : [];
  const centre = new Float64Array(m);
  if (rule === 'clusters') randomDirection(rng, centre);
  const x = new Matrix(n, d);
  const labels = new Float64Array(n);
  const cand = new Matrix(1, d);
  const z = cand.data.subarray(0, m);
  for (let i = 0; i < n; i++) {
    // The label is drawn first and kept through the retries, so rejection cannot tilt the class
    // balance (re-drawing both would let the first class crowd out the other).
    const plant = planted[i];
    const label = plant ? plant.label : rule === 'xor' ? 0 : rng.sign();
    let placed = false;
    for (let t = 0; t < maxTries && !placed; t++) {
      let y = label;
      if (plant) {
        cand.data.set(plant.x);
      } else if (rule === 'xor') {
        do rng.fillNormal(z);
        while (z[0] * z[1] === 0);
        y = xorLabel(z);
      } else if (rule === 'sign') {
        // z conditioned on sign(z_1) = label (z_1's sign flipped: the law of z is symmetric)
        do rng.fillNormal(z);
        while (z[0] === 0);
        z[0] = label * Math.abs(z[0]);
      } else {
        rng.fillNormal(z);
        for (let k = 0; k < m; k++) z[k] += label * shift * centre[k];
      }
      if (!plant && !scaleToNorm(z, r)) continue;
      cand.data[m] = mu;
      placed = true;
      for (let j = 0; j < i && placed; j++) if (labels[j] !== y && rowDistance(cand, 0, x, j) < phi) placed = false;
      if (placed) {
        x.data.set(cand.data, i * d);
        labels[i] = y;
      }
      if (plant && !placed) break;
    }
    if (!placed) {
      throw new ConfigError(
        `${fn}: could not place point ${i + 1} of ${n} at least φ = ${phi} from every opposite-label point after ` +
          `${maxTries} draws (d = ${d}, μ = ${mu}, rule '${rule}'); lower φ or n`,
      );
    }
  }
  let positives = 0;
  for (let i = 0; i < n; i++) if (labels[i] > 0) positives++;
  return {
    name: 'zou2018',
    x,
    y: new Matrix(n, 1, labels),
    meta: {
      paper: 'zou2018',
      section: 'Sec 3, A3.4 (unit norm, last coordinate mu) and A3.5 (phi-separation)',
      n,
      d,
      mu,
      rule,
      phiRequested: phi,
      phi: minOppositeLabelDistance(x, labels),
      positives,
      negatives: n - positives,
      planted: planted.length,
    },
  };
}
