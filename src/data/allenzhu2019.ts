/**
 * allenzhu2019 (Allen-Zhu, Li, Song 2019, "On the convergence rate of training recurrent neural
 * networks"), Sec 2: n sequences of L tokens x_{i,l} ∈ R^{d_x} with ‖x_{i,l}‖ ≤ 1; the first token has
 * unit norm and last coordinate 1/√2 (a first-layer bias), and first tokens are δ-separated
 * (Assumption 2.1: ‖x_{i,1} − x_{j,1}‖ ≥ δ); labels y*_{i,l} ∈ R^d.
 */
import { ConfigError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';
import type { Rng } from '../linalg/random/rng.js';
import { requireCount, requireNumber } from './checks.js';
import type { SequenceDataset } from './dataset.js';
import { minPairwiseDistance, randomDirection, rowDistance } from './geometry.js';

export interface RnnSequencesOptions {
  n: number;
  /** Sequence length L ≥ 1. */
  L: number;
  /** Token dimension d_x ≥ 2 (the last coordinate of the first token is the bias 1/√2). */
  dx: number;
  /** Label dimension d ≥ 1. */
  d: number;
  rng: Rng;
  /** Tokens 2..L: uniform random unit vectors, or zero. Default 'random'. */
  laterTokens?: 'random' | 'zero';
  /** Reject first tokens closer than this to an earlier one (Assumption 2.1's δ). Default 0. */
  minDelta?: number;
  /** Draws allowed per first token before giving up. Default 1000. */
  maxTries?: number;
}

/**
 * Sequences as in allenzhu2019 Sec 2: x_{i,1} = (v/(√2‖v‖), 1/√2) with v ~ N(0, I_{d_x−1}); later tokens
 * random unit vectors or zero; labels y*_{i,l} ~ N(0, I/d) (for every l, although the objective uses
 * l ≥ 2). Draw order: first tokens, later tokens, labels. meta.delta is the empirical
 * δ = min_{i≠j}‖x_{i,1} − x_{j,1}‖ (Infinity for n = 1).
 */
export function rnnSequences(opts: RnnSequencesOptions): SequenceDataset {
  const { n, L, dx, d, rng } = opts;
  const fn = 'rnnSequences';
  const later = opts.laterTokens ?? 'random';
  const minDelta = opts.minDelta ?? 0;
  const maxTries = opts.maxTries ?? 1000;
  requireCount(fn, 'n', n, 1);
  requireCount(fn, 'L', L, 1);
  requireCount(fn, 'dx', dx, 2);
  requireCount(fn, 'd', d, 1);
  requireNumber(fn, 'minDelta', minDelta, 0, Math.SQRT2);
  requireCount(fn, 'maxTries', maxTries, 1);
  if (later !== 'random' && later !== 'zero') throw new ConfigError(`${fn}: laterTokens must be 'random' or 'zero'; got ${String(later)}`);

  const first = new Matrix(n, dx);
  const bias = Math.SQRT1_2;
  for (let i = 0; i < n; i++) {
    let placed = false;
    for (let t = 0; t < maxTries && !placed; t++) {
      randomDirection(rng, first.data, bias, i * dx, (i + 1) * dx - 1);
      first.data[(i + 1) * dx - 1] = bias;
      placed = true;
      for (let j = 0; j < i && placed; j++) if (rowDistance(first, i, first, j) < minDelta) placed = false;
    }
    if (!placed) {
      throw new ConfigError(
        `${fn}: could not place first token ${i + 1} of ${n} at least δ = ${minDelta} from the others after ${maxTries} draws ` +
          `(d_x = ${dx}); lower minDelta or n, or raise dx`,
      );
    }
  }
  const x: Matrix[] = [first];
  for (let l = 1; l < L; l++) {
    const tok = new Matrix(n, dx);
    if (later === 'random') for (let i = 0; i < n; i++) randomDirection(rng, tok.data, 1, i * dx, (i + 1) * dx);
    x.push(tok);
  }
  const std = 1 / Math.sqrt(d);
  const y: Matrix[] = [];
  for (let l = 0; l < L; l++) y.push(new Matrix(n, d, rng.fillNormal(new Float64Array(n * d), 0, std)));
  return {
    name: 'allenzhu2019-sequences',
    x,
    y,
    meta: {
      paper: 'allenzhu2019',
      section: 'Sec 2, Assumption 2.1 (delta-separated first tokens, last coordinate 1/sqrt 2)',
      n,
      L,
      dx,
      d,
      laterTokens: later,
      minDelta,
      delta: minPairwiseDistance(first),
    },
  };
}

/**
 * The sequences as the recurrent network reads them: row i of x holds x_{i,1}, …, x_{i,L} one after the
 * other (n × L·d_x), and row i of y the labels y*_{i,1}, …, y*_{i,L} (n × L·d).
 */
export function flattenSequences(ds: SequenceDataset): { x: Matrix; y: Matrix } {
  const L = ds.x.length;
  const n = ds.x[0].rows;
  const dx = ds.x[0].cols;
  const d = ds.y[0].cols;
  const x = new Matrix(n, L * dx);
  const y = new Matrix(n, L * d);
  for (let l = 0; l < L; l++) for (let i = 0; i < n; i++) {
    x.data.set(ds.x[l].row(i), i * L * dx + l * dx);
    y.data.set(ds.y[l].row(i), i * L * d + l * d);
  }
  return { x, y };
}
