/**
 * B_S(w_t) along one SGD run (chen2018's measured quantity, away from initialization): a teacher–student
 * problem as in the batch sweep (inputs N(0, 1), teacher = same architecture with other weights, square
 * loss averaged over the batch), SGD with per-epoch shuffling, and the diversity probe (probe.ts) every
 * `every` steps. The learning rate is absolute, or c·n/λ_max(Θ(0)) (c = 0.5 by default).
 */
import { ConfigError } from '../../errors.js';
import { Matrix } from '../../linalg/matrix.js';
import { Rng } from '../../linalg/random/rng.js';
import { empiricalKernel } from '../../kernels/empirical.js';
import { kernelSpectrum } from '../../kernels/spectrum.js';
import { makeLoss } from '../../train/losses.js';
import { train } from '../../train/trainer.js';
import { chen2018BatchBound } from '../../theory/chen2018.js';
import { gradientDiversityProbe } from './probe.js';
import { buildProblemNetwork, fillEntries, type DiversityModel } from './problem.js';
import { fmt, formatTable } from './table.js';

export interface DiversityTrainOptions {
  model: DiversityModel;
  n: number;
  batch: number;
  /** Absolute learning rate; or give lrC. */
  lr?: number;
  /** η = lrC·n/λ_max(Θ(0)) (default 0.5 when lr is not given). */
  lrC?: number;
  steps: number;
  every: number;
  seed: number;
}

export interface DiversityTrainRecord {
  step: number;
  epoch: number;
  loss: number;
  B_S: number | null;
  delta: number | null;
}

export interface DiversityTrainResult {
  network: string;
  settings: DiversityTrainOptions;
  learningRate: number;
  /** R(n; K) of Theorem 6 for linear nets (the expectation at initialization). */
  bsExactInit: number | null;
  stop: string;
  message: string;
  records: DiversityTrainRecord[];
}

export function diversityTrainRun(o: DiversityTrainOptions): DiversityTrainResult {
  if (o.lr !== undefined && o.lrC !== undefined) throw new ConfigError('give either an absolute learning rate or a multiplier c, not both');
  if (!Number.isSafeInteger(o.batch) || o.batch < 1 || o.batch > o.n) throw new ConfigError(`the batch size must be an integer from 1 to n = ${o.n}; got ${o.batch}`);
  const net = buildProblemNetwork(o.model);
  if (net.outputs !== 1) throw new ConfigError(`${net.name} has ${net.outputs} outputs; chen2018's setting has one`);
  const rng = Rng.fromSeed(o.seed);
  const x = new Matrix(o.n, net.inShape.channels);
  if (net.inShape.spatial.length !== 0) throw new ConfigError(`${net.name} takes feature maps; the teacher–student inputs are vectors`);
  fillEntries(rng.fold('data'), { distribution: 'gaussian' }, x.data);
  const y = net.forward(net.init(rng.fold('teacher')), x);
  const params0 = net.init(rng.fold('student'));
  let eta = o.lr;
  if (eta === undefined) {
    const lmax = kernelSpectrum(empiricalKernel(net, params0, x, undefined, { outputs: 0 }).kernel, 'Θ(0)').lambdaMax;
    eta = ((o.lrC ?? 0.5) * o.n) / lmax;
  }
  const r = train(net, params0, x, y, {
    loss: makeLoss({ name: 'square', reduction: 'mean' }),
    optimizer: o.batch === o.n ? { kind: 'gd' } : { kind: 'sgd', batchSize: o.batch, sampling: 'epoch' },
    learningRate: eta, steps: o.steps, every: o.every, probes: [gradientDiversityProbe()], rng: rng.fold('sgd'),
  });
  const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  return {
    network: net.name, settings: o, learningRate: eta,
    bsExactInit: o.model.kind === 'linear' ? chen2018BatchBound(o.model.widths, o.n).ratio : null,
    stop: r.stop, message: r.message,
    records: r.records.map((rec) => ({ step: rec.step, epoch: (rec.step * o.batch) / o.n, loss: rec.loss, B_S: num(rec['diversity.B_S']), delta: num(rec['diversity.delta']) })),
  };
}

export function diversityTrainTable(r: DiversityTrainResult): string {
  return [
    `B_S(w_t) along SGD: ${r.network}, n = ${r.settings.n}, B = ${r.settings.batch}, η = ${fmt(r.learningRate)}; ${r.message}`,
    r.bsExactInit !== null ? `at initialization, in expectation (Theorem 6): R(n;K) = ${fmt(r.bsExactInit)}` : '',
    formatTable(['step', 'epoch', 'loss', 'B_S', 'Δ_S = B_S/n'], r.records.map((q) => [q.step, fmt(q.epoch, 4), q.loss, fmt(q.B_S), fmt(q.delta)])),
  ].filter((l) => l !== '').join('\n');
}
