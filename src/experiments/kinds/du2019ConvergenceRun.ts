/**
 * Point kind `du2019.convergence-run`: one long full-batch GD run of du2019's FC or ResNet (H = 2, softplus)
 * on n orthonormal inputs with N(0, 1) labels, η = 1/λ_max(G(0)) (du2019 Sec 8 practice), lasting until the
 * bound (1 − ηλ0/2)^k·L(0) of Thm 5.1 / 6.1 has fallen to boundLevel·L(0), then on until L ≤ zeroLevel·L(0)
 * or the bound's step for that level — the run du2019.linear-rate-bound and du2019.gd-reaches-zero-loss
 * judge (theory note, item F). λ0 is the limit kernel's (theory/du2019.ts).
 *
 * Randomness: the seed's du2019 stream, Rng.fromSeed(seed).fold('paper', 'du2019'), as the du2019 claims
 * sharing an experiment draw: the labels from ('convergence', 'labels'), the network from ('convergence',
 * 'init', arch, m, replicate), training from ('convergence', 'train', arch, m, replicate).
 */
import { ConfigError } from '../../errors.js';
import { empiricalKernel } from '../../kernels/empirical.js';
import { kernelSpectrum } from '../../kernels/spectrum.js';
import { Matrix } from '../../linalg/matrix.js';
import { Rng } from '../../linalg/random/rng.js';
import { du2019FC, du2019ResNet } from '../../models/du2019.js';
import { integer, number, oneOf } from '../../models/specReader.js';
import { du2019FcKernels, du2019ResNetKernels } from '../../theory/du2019.js';
import { makeLoss } from '../../train/losses.js';
import { train, type TrainRecord } from '../../train/trainer.js';
import { registerPointKind, type PointContext, type PointParams } from '../runner/registry.js';
import { finiteResult, knownParams, WHERE } from './params.js';

export const DU2019_CONVERGENCE_RUN = 'du2019.convergence-run';
export const CONVERGENCE_ARCHS = ['fc', 'resnet'] as const;
export type ConvergenceArch = (typeof CONVERGENCE_ARCHS)[number];

export interface ConvergenceRunParams {
  arch: ConvergenceArch;
  width: number;
  replicate: number;
  depth: number;
  cRes: number;
  n: number;
  d: number;
  /** The run lasts until the bound has fallen to boundLevel·L(0). */
  boundLevel: number;
  /** "Zero" training loss: L ≤ zeroLevel·L(0). */
  zeroLevel: number;
  /** Loss records over the bound's run. */
  records: number;
}

/** What one run measures; a diverged run's last loss is NaN. */
export interface ConvergenceRunResult {
  losses: { step: number; loss: number }[];
  eta: number;
  /** λ0 = λ_min(K^(H)) of the limit kernel. */
  lambda0: number;
  /** λ_min(G(0)) of the full Gram matrix (all layers) at initialization. */
  lambdaMinG0: number;
  /** Steps to the bound's level. */
  boundSteps: number;
}

/** The steps k at which the bound (1 − ηλ0/2)^k reaches `level` (du2019 Thm 5.1 / 6.1). */
export function stepsToLevel(eta: number, lambda0: number, level: number): number {
  return Math.ceil(Math.log(level) / Math.log(1 - (eta * lambda0) / 2));
}

export function readConvergenceParams(p: PointParams): ConvergenceRunParams {
  knownParams(p, ['arch', 'width', 'replicate', 'depth', 'cRes', 'n', 'd', 'boundLevel', 'zeroLevel', 'records']);
  const int = (k: string, min: number): number => integer(p, k, WHERE, { min });
  const level = (k: string): number => number(p, k, WHERE, { optional: false, exclusiveMin: 0, max: 1 });
  return {
    arch: oneOf(p, 'arch', CONVERGENCE_ARCHS, WHERE)!, width: int('width', 1), replicate: int('replicate', 0), depth: int('depth', 1),
    cRes: number(p, 'cRes', WHERE, { optional: false, exclusiveMin: 0 }), n: int('n', 1), d: int('d', 1),
    boundLevel: level('boundLevel'), zeroLevel: level('zeroLevel'), records: int('records', 1),
  };
}

/** e_1 … e_n in R^d: unit inputs, no two parallel (du2019 Sec 3), with the largest λ0. */
function orthonormalInputs(n: number, d: number): Matrix {
  const x = new Matrix(n, d);
  for (let i = 0; i < n; i++) x.data[i * d + i] = 1;
  return x;
}

function lossesOf(records: TrainRecord[], stop: string, steps: number): { step: number; loss: number }[] {
  const out = records.map((r) => ({ step: r.step, loss: r.loss }));
  // The trainer stops on a non-finite loss without recording it: the run's divergence is kept as a NaN.
  if (stop === 'nonfinite') out.push({ step: steps + 1, loss: NaN });
  return out;
}

/** One run, drawn from the du2019 stream of `seed`. */
export function convergenceRun(s: ConvergenceRunParams, seed: number): ConvergenceRunResult {
  const rng = Rng.fromSeed(seed).fold('paper', 'du2019');
  const x = orthonormalInputs(s.n, s.d);
  const y = new Matrix(s.n, 1, rng.fold('convergence', 'labels').fillNormal(new Float64Array(s.n)));
  const lambda0 = s.arch === 'fc' ? du2019FcKernels(x, s.depth).lambda0 : du2019ResNetKernels(x, s.depth, { cRes: s.cRes }).lambda0;
  const loss = makeLoss({ name: 'square', reduction: 'sum' });
  const m = s.width;
  const net = s.arch === 'fc' ? du2019FC({ inputDim: s.d, width: m, depth: s.depth }) : du2019ResNet({ inputDim: s.d, width: m, depth: s.depth, cRes: s.cRes });
  const params = net.init(rng.fold('convergence', 'init', s.arch, m, s.replicate));
  const spectrum = kernelSpectrum(empiricalKernel(net, params, x).kernel);
  const eta = 1 / spectrum.lambdaMax; // du2019 Sec 8 practice (theory note): η = c/λ_max(G(0)), c = 1
  const boundSteps = stepsToLevel(eta, lambda0, s.boundLevel);
  const every = Math.max(1, Math.ceil(boundSteps / s.records));
  const trainRng = rng.fold('convergence', 'train', s.arch, m, s.replicate);
  const first = train(net, params, x, y, { loss, optimizer: { kind: 'gd' }, learningRate: eta, steps: boundSteps, every, rng: trainRng });
  let losses = lossesOf(first.records, first.stop, first.steps);
  const l0 = losses[0].loss;
  // On to zero loss, at most until the bound guarantees zeroLevel·L(0) (du2019 Thm 5.1 / 6.1).
  if (first.stop === 'steps' && !(Math.min(...losses.map((p) => p.loss)) <= s.zeroLevel * l0)) {
    const zeroSteps = stepsToLevel(eta, lambda0, s.zeroLevel);
    const more = train(net, params, x, y, { loss, optimizer: { kind: 'gd' }, learningRate: eta, steps: zeroSteps, every, rng: trainRng, targetLoss: s.zeroLevel * l0, resume: { params: first.params, step: boundSteps } });
    losses = [...losses, ...lossesOf(more.records, more.stop, more.steps)];
  }
  return { losses, eta, lambda0, lambdaMinG0: spectrum.lambdaMin, boundSteps };
}

function point(p: PointParams, ctx: PointContext): Record<string, unknown> {
  return finiteResult({ ...convergenceRun(readConvergenceParams(p), ctx.seed) });
}

/**
 * Expected seconds on one core: the run's length is set by ηλ0 (unknown before the run), so the cost is
 * per architecture and width, measured at full scale on the reference machine (README): the FC
 * 0.03 + 1.0e-6·m² s, the ResNet (a smaller λ0, longer runs) 0.2 + 1.2e-5·m² s.
 */
function cost(p: PointParams): number {
  const s = readConvergenceParams(p);
  return s.arch === 'fc' ? 0.03 + 1.0e-6 * s.width * s.width : 0.2 + 1.2e-5 * s.width * s.width;
}

registerPointKind(DU2019_CONVERGENCE_RUN, point, {
  summary: "one long GD run of du2019's FC or ResNet on orthonormal inputs, until Thm 5.1's bound is 0.1·L(0) and on to zero loss (du2019.linear-rate-bound, du2019.gd-reaches-zero-loss)",
  params: [
    { name: 'arch', type: 'one of fc, resnet', required: true, doc: 'the FC of Thm 5.1 or the ResNet of Thm 6.1' },
    { name: 'width', type: 'integer ≥ 1', required: true, doc: 'the width m' },
    { name: 'replicate', type: 'integer ≥ 0', required: true, doc: 'which network draw (the labels are the seed\'s)' },
    { name: 'depth', type: 'integer ≥ 1', required: true, doc: 'the depth H' },
    { name: 'cRes', type: 'number > 0', required: true, doc: 'c_res of the ResNet' },
    { name: 'n', type: 'integer ≥ 1', required: true, doc: 'orthonormal inputs e_1 … e_n' },
    { name: 'd', type: 'integer ≥ 1', required: true, doc: 'input dimension (≥ n)' },
    { name: 'boundLevel', type: 'number in (0, 1]', required: true, doc: 'the run lasts until the bound is boundLevel·L(0)' },
    { name: 'zeroLevel', type: 'number in (0, 1]', required: true, doc: '"zero" loss: L ≤ zeroLevel·L(0)' },
    { name: 'records', type: 'integer ≥ 1', required: true, doc: 'loss records over the bound\'s run' },
    { name: 'seed', type: 'integer ≥ 0', default: 0, doc: 'the seed whose du2019 stream draws the labels, the network and training' },
  ],
  result: {
    losses: 'the loss at every record: [{step, loss}] (a diverged run ends with a null loss)', eta: 'the step size 1/λ_max(G(0))',
    lambda0: 'λ0 of the limit kernel', lambdaMinG0: 'λ_min(G(0)) of the full Gram matrix', boundSteps: 'steps to the bound\'s level',
  },
  validate: (p) => {
    const s = readConvergenceParams(p);
    if (s.d < s.n) throw new ConfigError(`params.d must be at least params.n (orthonormal inputs); got d = ${s.d}, n = ${s.n}`);
  },
  cost,
  builtIn: true,
});
