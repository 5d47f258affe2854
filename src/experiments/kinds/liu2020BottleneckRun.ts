/**
 * Point kind `liu2020.bottleneck-run`: liu2020's bottleneck net f = W4·relu(W3·W2·relu(W1x)/√m)/√m (1/√m_b
 * before W3, m_b = 2) at one width and draw: ‖∇²f_0(x_1)‖₂ at initialization by Lanczos, and the kernel's
 * change sup_t ‖K_t − K_0‖_F/‖K_0‖_F along GD on the three-cluster data (cross-entropy on the logits,
 * η = 1/(κλ_max(K_0))) — what liu2020.bottleneck-width-control judges (App. C.2: a bottleneck breaks
 * condition (b) of Thm 3.1 at any width).
 *
 * Randomness: the claim's stream, Rng.fromSeed(seed).fold('claim', 'liu2020.bottleneck-width-control'), as
 * the claim drew when it ran whole: the data from 'data', the network from ('init', m, replicate), Lanczos'
 * start from ('lanczos', m, replicate), training from ('t', m, replicate).
 */
import { threeClusters } from '../../data/liu2020.js';
import { OverparamError } from '../../errors.js';
import { empiricalKernel } from '../../kernels/empirical.js';
import { kernelSpectrum } from '../../kernels/spectrum.js';
import { Matrix } from '../../linalg/matrix.js';
import { Rng } from '../../linalg/random/rng.js';
import { liu2020Bottleneck } from '../../models/liu2020.js';
import { integer } from '../../models/specReader.js';
import { kernelProbe } from '../../probes/kernel.js';
import { probeSeries, supOf } from '../../probes/probe.js';
import { makeLoss } from '../../train/losses.js';
import { train } from '../../train/trainer.js';
import { registerPointKind, type PointContext, type PointParams } from '../runner/registry.js';
import { outputHessianNorm } from './liu2020Hessian.js';
import { finiteOrNull, knownParams, WHERE } from './params.js';

export const LIU2020_BOTTLENECK_RUN = 'liu2020.bottleneck-run';
const STREAM_CLAIM = 'liu2020.bottleneck-width-control';
/** The bottleneck width m_b. */
export const BOTTLENECK = 2;

function readParams(p: PointParams): { width: number; replicate: number; n: number; steps: number } {
  knownParams(p, ['width', 'replicate', 'n', 'steps']);
  const int = (k: string, min: number): number => integer(p, k, WHERE, { min });
  return { width: int('width', 1), replicate: int('replicate', 0), n: int('n', 3), steps: int('steps', 1) };
}

/** ‖H‖ at init and ΔK along training at width m, draw s, from the claim's stream of `seed`. */
export function bottleneckRun(m: number, s: number, n: number, steps: number, seed: number, signal?: AbortSignal): { hessianNorm: number; kernelChange: number } {
  const rng = Rng.fromSeed(seed).fold('claim', STREAM_CLAIM);
  const ds = threeClusters({ n, rng: rng.fold('data') });
  const x1 = new Matrix(1, ds.x.cols, ds.x.row(0).slice());
  const net = liu2020Bottleneck({ width: m, bottleneck: BOTTLENECK, outputs: 3 });
  const params = net.init(rng.fold('init', m, s));
  const hessianNorm = outputHessianNorm(net, params, x1, 0, rng.fold('lanczos', m, s));
  const k0 = empiricalKernel(net, params, ds.x, undefined, { outputs: 'trace' }).kernel;
  const eta = 1 / ((0.5 / ds.x.rows) * kernelSpectrum(k0).lambdaMax);
  const kernel = kernelProbe();
  const res = train(net, params, ds.x, ds.y, { loss: makeLoss({ name: 'cross_entropy' }), optimizer: { kind: 'gd' }, learningRate: eta, steps, every: 20, probes: [kernel], rng: rng.fold('t', m, s), signal });
  // A run cut short by a stop would record a truncated sup: the point is abandoned instead, and runs again on resume.
  if (res.stop === 'interrupted') throw new OverparamError('stopped');
  return { hessianNorm, kernelChange: supOf(probeSeries(res.records, kernel, 'driftFrobenius')) };
}

function point(p: PointParams, ctx: PointContext): Record<string, unknown> {
  const s = readParams(p);
  const r = bottleneckRun(s.width, s.replicate, s.n, s.steps, ctx.seed, ctx.signal);
  return { hessianNorm: finiteOrNull(r.hessianNorm), kernelChange: finiteOrNull(r.kernelChange) };
}

/**
 * Expected seconds on one core: GD steps of n forward-backward passes over ≈ (3 + 2m_b)·m parameters, and
 * the kernel probe's n×n tangent kernel every 20 steps; measured on the reference machine (README) at
 * n = 60, 200 steps: 0.25 + 3.2e-5·m^1.3 s (0.35 s at m = 512, 3.7 s at 8192, 24 s at 32768).
 */
function cost(p: PointParams): number {
  const s = readParams(p);
  return (0.25 + 3.2e-5 * s.width ** 1.3) * (s.n / 60) * (s.steps / 200);
}

registerPointKind(LIU2020_BOTTLENECK_RUN, point, {
  summary: "liu2020's bottleneck net (m_b = 2) at one width: ‖∇²f(x_1)‖₂ at init and the kernel's change along GD (liu2020.bottleneck-width-control)",
  params: [
    { name: 'width', type: 'integer ≥ 1', required: true, doc: 'the width m of the layers around the bottleneck' },
    { name: 'replicate', type: 'integer ≥ 0', required: true, doc: 'which network draw at this width (the data are the seed\'s)' },
    { name: 'n', type: 'integer ≥ 3', required: true, doc: 'points of the three-cluster data' },
    { name: 'steps', type: 'integer ≥ 1', required: true, doc: 'GD steps at η = 1/(κλ_max(K_0))' },
    { name: 'seed', type: 'integer ≥ 0', default: 0, doc: 'the seed whose liu2020.bottleneck-width-control stream draws the data, the network, Lanczos\' start and training' },
  ],
  result: { hessianNorm: '‖∇²f_0(x_1)‖₂ at initialization', kernelChange: 'sup_t ‖K_t − K_0‖_F/‖K_0‖_F along GD' },
  validate: (p) => void readParams(p),
  cost,
  builtIn: true,
});
