/**
 * Point kind `du2019.cnn-gram-error`: for du2019's convolutional ResNet (Sec 7; q = 3, softplus, c_res
 * scaling) at m channels, the spectral error ‖G^(H)(0) − K^(H)‖₂ of the last hidden layer's Gram matrix at
 * initialization against its limit K^(H) by the P^(h) recursion (theory/du2019.ts) — what
 * du2019.cnn-gram-concentration fits against m (rate m^−1/2).
 *
 * Randomness: the claim's stream, Rng.fromSeed(seed).fold('claim', 'du2019.cnn-gram-concentration'), as the
 * claim drew when it ran whole: the n inputs (rows normalized to unit length) from 'x', the network from
 * ('init', m, replicate).
 */
import { lastHiddenWeight } from '../../kernels/lastHidden.js';
import { Matrix } from '../../linalg/matrix.js';
import { spectralNorm } from '../../linalg/norms.js';
import { Rng } from '../../linalg/random/rng.js';
import { empiricalKernel } from '../../kernels/empirical.js';
import { du2019CNN } from '../../models/du2019.js';
import { integer, number } from '../../models/specReader.js';
import { du2019CnnKernels } from '../../theory/du2019.js';
import { registerPointKind, type PointContext, type PointParams } from '../runner/registry.js';
import { finiteOrNull, knownParams, WHERE } from './params.js';

export const DU2019_CNN_GRAM_ERROR = 'du2019.cnn-gram-error';
const STREAM_CLAIM = 'du2019.cnn-gram-concentration';

export interface CnnGramParams {
  width: number;
  replicate: number;
  depth: number;
  cRes: number;
  n: number;
  channels: number;
  pixels: number;
}

function readParams(p: PointParams): CnnGramParams {
  knownParams(p, ['width', 'replicate', 'depth', 'cRes', 'n', 'channels', 'pixels']);
  const int = (k: string, min: number): number => integer(p, k, WHERE, { min });
  return {
    width: int('width', 1), replicate: int('replicate', 0), depth: int('depth', 1), cRes: number(p, 'cRes', WHERE, { optional: false, exclusiveMin: 0 }),
    n: int('n', 1), channels: int('channels', 1), pixels: int('pixels', 1),
  };
}

/**
 * The seed's inputs and their limit K^(H), which every width and draw of a seed shares: computed once per
 * worker for each of the last few (seed, sizes) asked (the recursion costs more than the Gram at small m).
 */
const limits = new Map<string, { x: Matrix; K: Matrix }>();
const KEPT_LIMITS = 8;

function inputsAndLimit(sz: CnnGramParams, rng: Rng, seed: number): { x: Matrix; K: Matrix } {
  const key = JSON.stringify([seed, sz.n, sz.channels, sz.pixels, sz.depth, sz.cRes]);
  const kept = limits.get(key);
  if (kept !== undefined) return kept;
  const n = sz.n;
  const dim = sz.channels * sz.pixels;
  const x = new Matrix(n, dim, rng.fold('x').fillNormal(new Float64Array(n * dim)));
  for (let i = 0; i < n; i++) {
    const r = x.row(i);
    const s = Math.hypot(...r);
    for (let k = 0; k < r.length; k++) r[k] /= s;
  }
  const K = du2019CnnKernels(x, { channels: sz.channels, pixels: sz.pixels }, sz.depth, { cRes: sz.cRes }).gram;
  if (limits.size >= KEPT_LIMITS) limits.delete(limits.keys().next().value!);
  limits.set(key, { x, K });
  return { x, K };
}

/** ‖G^(H)(0) − K^(H)‖₂ at m channels, draw s, from the claim's stream of `seed`. */
export function cnnGramError(sz: CnnGramParams, seed: number): number {
  const rng = Rng.fromSeed(seed).fold('claim', STREAM_CLAIM);
  const n = sz.n;
  const { x, K } = inputsAndLimit(sz, rng, seed);
  const net = du2019CNN({ inputDim: sz.channels, width: sz.width, depth: sz.depth, pixels: sz.pixels, cRes: sz.cRes });
  const G = empiricalKernel(net, net.init(rng.fold('init', sz.width, sz.replicate)), x, undefined, { perParam: true }).byParam!.get(lastHiddenWeight(net)!)!;
  return spectralNorm(new Matrix(n, n, G.data.map((g, i) => g - K.data[i])), { symmetric: true });
}

function point(p: PointParams, ctx: PointContext): Record<string, unknown> {
  return { error: finiteOrNull(cnnGramError(readParams(p), ctx.seed)) };
}

/**
 * Expected seconds on one core: per-layer Jacobian factors of n inputs through H conv layers of m×m×q
 * weights at each of the pixels; measured on the reference machine (README), 1.7e-9·n·H·pixels·m^2.3 s
 * (0.85 s at m = 1024, 3.5 s at 2048 for n = 4, H = 3, 5 pixels).
 */
function cost(p: PointParams): number {
  const s = readParams(p);
  return 0.003 + 1.7e-9 * s.n * s.depth * s.pixels * s.width ** 2.3;
}

registerPointKind(DU2019_CNN_GRAM_ERROR, point, {
  summary: "the error ‖G^(H)(0) − K^(H)‖₂ of du2019's convolutional ResNet's last-layer Gram at init against its limit (du2019.cnn-gram-concentration)",
  params: [
    { name: 'width', type: 'integer ≥ 1', required: true, doc: 'the channels m' },
    { name: 'replicate', type: 'integer ≥ 0', required: true, doc: 'which network draw at this width (the inputs are the seed\'s)' },
    { name: 'depth', type: 'integer ≥ 1', required: true, doc: 'the depth H' },
    { name: 'cRes', type: 'number > 0', required: true, doc: 'c_res of the residual scaling' },
    { name: 'n', type: 'integer ≥ 1', required: true, doc: 'inputs (unit Frobenius norm)' },
    { name: 'channels', type: 'integer ≥ 1', required: true, doc: 'input channels' },
    { name: 'pixels', type: 'integer ≥ 1', required: true, doc: 'pixels per channel' },
    { name: 'seed', type: 'integer ≥ 0', default: 0, doc: 'the seed whose du2019.cnn-gram-concentration stream draws the inputs and the network' },
  ],
  result: { error: '‖G^(H)(0) − K^(H)‖₂ (null: not finite)' },
  validate: (p) => void readParams(p),
  cost,
  builtIn: true,
});
