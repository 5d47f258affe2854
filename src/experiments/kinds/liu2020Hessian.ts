/**
 * Point kind `liu2020.architecture-hessian`: the spectral norm ‖∇²f(x)‖₂ at initialization of one of the
 * NTK-parameterized tanh architectures of liu2020 Thm 3.2 and Sec 3.2 (FC with 1 or 3 hidden layers,
 * ResNet with 3, CNN with 2 convolutional layers; linear output), for one input — the measurement
 * liu2020.hessian-vanishes-architectures fits against the width. Also `outputHessianNorm`, the Lanczos
 * estimate the liu2020 claims share.
 *
 * Randomness: the claim's stream, Rng.fromSeed(seed).fold('claim', 'liu2020.hessian-vanishes-architectures'),
 * as the claim drew when it ran whole: the input from ('x', a), the network from ('init', a, m, replicate)
 * and Lanczos' start from ('lanczos', a, m, replicate), a the architecture's index in ARCHITECTURES.
 */
import { Matrix } from '../../linalg/matrix.js';
import { lanczos } from '../../linalg/lanczos.js';
import { Rng } from '../../linalg/random/rng.js';
import { liu2020CNN, liu2020FC, liu2020ResNet } from '../../models/liu2020.js';
import { integer, oneOf } from '../../models/specReader.js';
import type { Network } from '../../nn/network.js';
import { registerPointKind, type PointContext, type PointParams } from '../runner/registry.js';
import { finiteOrNull, knownParams, WHERE } from './params.js';

/**
 * Lanczos stops when the residual bound |β_j·s_j| of the largest |λ| falls below this fraction of |θ|: for a
 * symmetric operator that bounds the Ritz value's relative error by 1e-3, 35 times below the smallest
 * seed-to-seed scatter of ‖H‖ the claims fit (log-sd 0.035). At m = 1024 it stops after 25 products where
 * 1e-6 ran to the 40-product cap, with |θ| equal to 7 digits.
 */
const HESSIAN_LANCZOS_TOLERANCE = 1e-3;

/** ‖∇²f_c(x)‖₂ by Lanczos (largest |λ|) on exact Hessian-vector products, for one input x (1×d). */
export function outputHessianNorm(net: Network, params: Float64Array, x: Matrix, output: number, rng: Rng): number {
  const g = new Matrix(1, net.outputs);
  g.data[output] = 1;
  const pass = net.forwardPass(params, x);
  const res = lanczos((v, out) => out.set(net.hvp(params, x, v, g, undefined, pass)), net.trainableSize, {
    which: 'magnitude', maxIterations: 40, tolerance: HESSIAN_LANCZOS_TOLERANCE, rng,
  });
  return Math.abs(res.values[0]);
}

export const LIU2020_ARCHITECTURE_HESSIAN = 'liu2020.architecture-hessian';
/** The claim whose stream the points draw from. */
const STREAM_CLAIM = 'liu2020.hessian-vanishes-architectures';

const PIXELS = 6;
const D = 5;

/** The architectures, each with its input in the network's layout (one example). */
export const ARCHITECTURES = [
  { name: 'fc1', label: 'FC, L = 1', build: (m: number) => liu2020FC({ inputDim: D, width: m, depth: 1, activation: { name: 'tanh' } }), inputSize: D },
  { name: 'fc3', label: 'FC, L = 3', build: (m: number) => liu2020FC({ inputDim: D, width: m, depth: 3, activation: { name: 'tanh' } }), inputSize: D },
  { name: 'resnet3', label: 'ResNet, L = 3', build: (m: number) => liu2020ResNet({ inputDim: D, width: m, depth: 3, activation: { name: 'tanh' } }), inputSize: D },
  { name: 'cnn2', label: `CNN, L = 2, ${PIXELS} pixels`, build: (m: number) => liu2020CNN({ inputDim: 2, width: m, depth: 2, pixels: PIXELS, activation: { name: 'tanh' } }), inputSize: 2 * PIXELS },
] as const;

export const ARCHITECTURE_NAMES = ARCHITECTURES.map((a) => a.name);
export type ArchitectureName = (typeof ARCHITECTURES)[number]['name'];
/** The input dimension of the FC and ResNet architectures, and the CNN's pixels (for the claim's prose). */
export const ARCHITECTURE_INPUT = { d: D, pixels: PIXELS };

function readParams(p: PointParams): { a: number; width: number; replicate: number } {
  knownParams(p, ['architecture', 'width', 'replicate']);
  const name = oneOf(p, 'architecture', ARCHITECTURE_NAMES, WHERE)!;
  return { a: ARCHITECTURE_NAMES.indexOf(name), width: integer(p, 'width', WHERE, { min: 1 }), replicate: integer(p, 'replicate', WHERE, { min: 0 }) };
}

/** ‖∇²f(x)‖₂ of architecture a at width m, replicate s, from the claim's stream of `seed`. */
export function architectureHessian(a: number, m: number, s: number, seed: number): number {
  const rng = Rng.fromSeed(seed).fold('claim', STREAM_CLAIM);
  const arch = ARCHITECTURES[a];
  const x = new Matrix(1, arch.inputSize, rng.fold('x', a).fillNormal(new Float64Array(arch.inputSize)));
  const net = arch.build(m);
  return outputHessianNorm(net, net.init(rng.fold('init', a, m, s)), x, 0, rng.fold('lanczos', a, m, s));
}

function point(p: PointParams, ctx: PointContext): Record<string, unknown> {
  const { a, width, replicate } = readParams(p);
  return { hessianNorm: finiteOrNull(architectureHessian(a, width, replicate, ctx.seed)) };
}

/**
 * Expected seconds on one core: at most 40 Hessian-vector products over the trainable parameters (≈ m for
 * the one-layer FC, ≈ m² for the others). Measured at quick scale on the reference machine (README), the
 * time of the m² architectures grows like m^2.3 (past the caches) with coefficients 6.1e-7 (FC, L = 3),
 * 7.5e-7 (ResNet) and 1.1e-6 (CNN); the one-layer FC takes milliseconds.
 */
function cost(p: PointParams): number {
  const { a, width: m } = readParams(p);
  if (a === 0) return 0.003 + 5e-6 * m;
  return 0.003 + [0, 6.1e-7, 7.5e-7, 1.1e-6][a] * m ** 2.3;
}

registerPointKind(LIU2020_ARCHITECTURE_HESSIAN, point, {
  summary: 'the spectral norm of ∇²f(x) at initialization for one of liu2020\'s tanh architectures (liu2020.hessian-vanishes-architectures)',
  params: [
    { name: 'architecture', type: `one of ${ARCHITECTURE_NAMES.join(', ')}`, required: true, doc: 'FC with 1 or 3 hidden layers, ResNet with 3, CNN with 2 convolutional layers (kernel 3, 2 channels × 6 pixels in)' },
    { name: 'width', type: 'integer ≥ 1', required: true, doc: 'the width m (channels for the CNN)' },
    { name: 'replicate', type: 'integer ≥ 0', required: true, doc: 'which network draw at this width' },
    { name: 'seed', type: 'integer ≥ 0', default: 0, doc: "the seed whose liu2020.hessian-vanishes-architectures stream draws the input, the network and Lanczos' start" },
  ],
  result: { hessianNorm: '‖∇²f(x)‖₂ by Lanczos on exact HVPs (null: not finite)' },
  validate: (p) => void readParams(p),
  cost,
  builtIn: true,
});

/**
 * Point kind `liu2020.fc-hessian`: ‖∇²f(x)‖₂ at initialization of liu2020's NTK-parameterized FC with 2
 * hidden tanh layers (Thm 3.2, linear output) for one input in d = 5 — what liu2020.hessian-vanishes fits
 * against the width. Randomness: that claim's stream, Rng.fromSeed(seed).fold('claim', 'liu2020.hessian-vanishes'),
 * as it drew when it ran whole: the input from 'x', the network from ('init', m, replicate), Lanczos' start
 * from ('lanczos', m, replicate).
 */
export const LIU2020_FC_HESSIAN = 'liu2020.fc-hessian';
const FC_STREAM_CLAIM = 'liu2020.hessian-vanishes';

function readFcParams(p: PointParams): { width: number; replicate: number } {
  knownParams(p, ['width', 'replicate']);
  return { width: integer(p, 'width', WHERE, { min: 1 }), replicate: integer(p, 'replicate', WHERE, { min: 0 }) };
}

/** ‖∇²f(x)‖₂ of the 2-layer tanh FC at width m, replicate s, from the claim's stream of `seed`. */
export function fcHessian(m: number, s: number, seed: number): number {
  const rng = Rng.fromSeed(seed).fold('claim', FC_STREAM_CLAIM);
  const x = new Matrix(1, D, rng.fold('x').fillNormal(new Float64Array(D)));
  const net = liu2020FC({ inputDim: D, width: m, depth: 2, activation: { name: 'tanh' } });
  return outputHessianNorm(net, net.init(rng.fold('init', m, s)), x, 0, rng.fold('lanczos', m, s));
}

registerPointKind(LIU2020_FC_HESSIAN, (p, ctx) => {
  const { width, replicate } = readFcParams(p);
  return { hessianNorm: finiteOrNull(fcHessian(width, replicate, ctx.seed)) };
}, {
  summary: "the spectral norm of ∇²f(x) at initialization of liu2020's 2-layer tanh FC (liu2020.hessian-vanishes)",
  params: [
    { name: 'width', type: 'integer ≥ 1', required: true, doc: 'the width m' },
    { name: 'replicate', type: 'integer ≥ 0', required: true, doc: 'which network draw at this width' },
    { name: 'seed', type: 'integer ≥ 0', default: 0, doc: "the seed whose liu2020.hessian-vanishes stream draws the input, the network and Lanczos' start" },
  ],
  result: { hessianNorm: '‖∇²f(x)‖₂ by Lanczos on exact HVPs (null: not finite)' },
  validate: (p) => void readFcParams(p),
  // As the FC with 3 hidden layers of liu2020.architecture-hessian (m² weights per hidden layer), with 1 such layer.
  cost: (p) => 0.003 + 3.0e-7 * readFcParams(p).width ** 2.3,
  builtIn: true,
});
