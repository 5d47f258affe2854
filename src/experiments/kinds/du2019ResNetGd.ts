/**
 * Point kind `du2019.resnet-gd`: one GD run of du2019's ResNet (softplus, N(0, 1) weights, c_res/(H√m)
 * residual scaling) on n unit inputs, with the Gram matrix G(k) and the weights W(k) recorded every `every`
 * steps — the run du2019.gram-stability and du2019.weight-movement judge (du2019 Lemma 5.4, items D and E).
 *
 * Training: full-batch GD on ½Σ(f − y)² with η = 1/λ_max(G(0)) (du2019 Sec 8 practice, c = 1), `steps` steps.
 * Measured: the relative drift sup_k ‖G(k) − G(0)‖₂/‖G(0)‖₂ and the movement sup_k max_h ‖W^(h)(k) − W^(h)(0)‖_F,
 * null when the run diverged.
 *
 * Randomness: the seed's du2019 stream, Rng.fromSeed(seed).fold('paper', 'du2019'), as every du2019 claim
 * that shares an experiment draws: the data from its fold 'data' (so every width and replicate of a seed
 * sees the same data), the network from ('init', 'resnet', width, replicate), training from ('train',
 * 'resnet', width, replicate). A point therefore equals the same run inside the claims, number for number.
 */
import { du2019Data } from '../../data/du2019.js';
import { Rng } from '../../linalg/random/rng.js';
import { empiricalKernel } from '../../kernels/empirical.js';
import { kernelSpectrum } from '../../kernels/spectrum.js';
import { du2019ResNet } from '../../models/du2019.js';
import { probeSeries, supOf } from '../../probes/probe.js';
import { distanceProbe } from '../../probes/distance.js';
import { kernelProbe } from '../../probes/kernel.js';
import { makeLoss } from '../../train/losses.js';
import { train } from '../../train/trainer.js';
import { integer, number } from '../../models/specReader.js';
import { registerPointKind, type PointContext, type PointKindDescriptor, type PointParams } from '../runner/registry.js';
import { finiteOrNull, knownParams, WHERE } from './params.js';

export const DU2019_RESNET_GD = 'du2019.resnet-gd';

export interface ResNetGdParams {
  width: number;
  /** Which replicate at this width (0, 1, …): a different network draw on the same data. */
  replicate: number;
  depth: number;
  cRes: number;
  n: number;
  d: number;
  steps: number;
  every: number;
}

const NAMES = ['width', 'replicate', 'depth', 'cRes', 'n', 'd', 'steps', 'every'] as const;

export function readResNetGdParams(p: PointParams): ResNetGdParams {
  knownParams(p, NAMES);
  const int = (key: string, min: number): number => integer(p, key, WHERE, { min });
  return {
    width: int('width', 1), replicate: int('replicate', 0), depth: int('depth', 1),
    cRes: number(p, 'cRes', WHERE, { optional: false, exclusiveMin: 0 }),
    n: int('n', 1), d: int('d', 2), steps: int('steps', 1), every: int('every', 1),
  };
}

/** One run: what du2019.gram-stability and du2019.weight-movement read (NaN for a diverged run). */
export function resNetGdRun(s: ResNetGdParams, seed: number): { drift: number; movement: number; eta: number; stop: string; finalLoss: number } {
  const paper = Rng.fromSeed(seed).fold('paper', 'du2019');
  const data = du2019Data({ n: s.n, d: s.d, rng: paper.fold('data') });
  const net = du2019ResNet({ inputDim: s.d, width: s.width, depth: s.depth, cRes: s.cRes });
  const params = net.init(paper.fold('init', 'resnet', s.width, s.replicate));
  const eta = 1 / kernelSpectrum(empiricalKernel(net, params, data.x).kernel).lambdaMax;
  const kernel = kernelProbe();
  const distance = distanceProbe({ spectral: false });
  const res = train(net, params, data.x, data.y, {
    loss: makeLoss({ name: 'square', reduction: 'sum' }), optimizer: { kind: 'gd' }, learningRate: eta, steps: s.steps,
    every: s.every, probes: [kernel, distance], rng: paper.fold('train', 'resnet', s.width, s.replicate),
  });
  const finite = res.stop !== 'nonfinite';
  const drift = finite ? supOf(probeSeries(res.records, kernel, 'drift')) : NaN;
  const movement = finite ? supOf(probeSeries(res.records, distance, 'frobenius').map((f) => supOf(Object.values(f)))) : NaN;
  const last = res.records[res.records.length - 1];
  return { drift, movement, eta, stop: res.stop, finalLoss: last === undefined ? NaN : last.loss };
}

function resNetGdPoint(p: PointParams, ctx: PointContext): Record<string, unknown> {
  const r = resNetGdRun(readResNetGdParams(p), ctx.seed);
  return { drift: finiteOrNull(r.drift), movement: finiteOrNull(r.movement), eta: finiteOrNull(r.eta), finalLoss: finiteOrNull(r.finalLoss), stop: r.stop };
}

/**
 * Expected seconds on one core: GD costs steps × n forward-backward passes of depth·m² multiply-adds, and
 * each record a Gram matrix of n gradients; 2.6e-10 s per multiply-add and 0.015 s of set-up, fitted to
 * the quick-scale runs on the reference machine (README; within 15% from m = 32 to 512).
 */
function resNetGdCost(p: PointParams): number {
  const s = readResNetGdParams(p);
  const records = Math.floor(s.steps / s.every) + 1;
  const flops = s.n * s.depth * s.width * s.width * (3 * s.steps + 2 * records);
  return 0.015 + 2.6e-10 * flops;
}

const descriptor: PointKindDescriptor = {
  summary: "one GD run of du2019's ResNet with G(k) and W(k) recorded: the run du2019.gram-stability and du2019.weight-movement judge",
  params: [
    { name: 'width', type: 'integer ≥ 1', required: true, doc: 'the width m' },
    { name: 'replicate', type: 'integer ≥ 0', required: true, doc: 'which network draw at this width (the data are the seed\'s)' },
    { name: 'depth', type: 'integer ≥ 1', required: true, doc: 'the depth H' },
    { name: 'cRes', type: 'number > 0', required: true, doc: 'c_res of the residual scaling c_res/(H√m)' },
    { name: 'n', type: 'integer ≥ 1', required: true, doc: 'training points: unit inputs' },
    { name: 'd', type: 'integer ≥ 2', required: true, doc: 'input dimension' },
    { name: 'steps', type: 'integer ≥ 1', required: true, doc: 'GD steps at η = 1/λ_max(G(0))' },
    { name: 'every', type: 'integer ≥ 1', required: true, doc: 'record G(k) and W(k) every this many steps' },
    { name: 'seed', type: 'integer ≥ 0', default: 0, doc: "the seed whose du2019 stream draws the data, the network and training" },
  ],
  result: {
    drift: 'sup_k ‖G(k) − G(0)‖₂ / ‖G(0)‖₂ (null: diverged)',
    movement: 'sup_k max_h ‖W^(h)(k) − W^(h)(0)‖_F (null: diverged)',
    eta: 'the step size 1/λ_max(G(0))',
    finalLoss: 'the loss at the last record',
    stop: 'why training stopped (steps, converged, nonfinite)',
  },
  validate: (p) => void readResNetGdParams(p),
  cost: resNetGdCost,
  builtIn: true,
};

registerPointKind(DU2019_RESNET_GD, resNetGdPoint, descriptor);
