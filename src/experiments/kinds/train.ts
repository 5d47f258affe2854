/**
 * Point kind `train`: one training run — a model spec on one of the papers' synthetic sets, trained by GD or
 * SGD with the papers' losses and step-size rules for a number of steps, the requested probes recorded every
 * k steps — summarized by its final measurements (and, on request, the whole trajectory). It is the run
 * `overparam train --synthetic <set>` makes, computed by the same library functions.
 *
 * Randomness: a point draws exactly as `overparam train --seed <seed>` does, from Rng.fromSeed(seed) (seed =
 * the point's seed): the data from .fold('data'), the initialization from .fold('init') and the SGD batches
 * from .fold('train'). So a point's records equal the CLI's metrics.jsonl for the same settings, bit for bit
 * (the data depend on the seed only: the same set at every width of a seed).
 *
 * A run that diverges stops at the last finite step (the trainer's 'rollback'): the result says
 * `stop: "nonfinite"` with the message, and holds the measurements of that step — an experiment counts it as
 * diverged; nothing non-finite is recorded.
 */
import { ConfigError } from '../../errors.js';
import { Rng } from '../../linalg/random/rng.js';
import { asObject, bool, describe, integer, number, oneOf } from '../../models/specReader.js';
import { makeRunProbe, PROBE_NAMES } from '../../probes/index.js';
import type { Probe } from '../../probes/probe.js';
import { defaultLoss, resolveStepSize, specWidth, type StepSizeRule } from '../../train/defaults.js';
import { LOSS_NAMES, makeLoss, type LossName, type LossSpec } from '../../train/losses.js';
import type { OptimizerSpec } from '../../train/schedule.js';
import { train, type TrainRecord, type TrainResult } from '../../train/trainer.js';
import { checkSyntheticFits, loadTrainingData, SYNTHETIC_SETS, type SyntheticSet } from '../../train/trainingSets.js';
import { registerPointKind, type PointContext, type PointKindDescriptor, type PointParams } from '../runner/registry.js';
import { finiteOrNull, knownParams, MODEL_OVERRIDES, modelParam, OVERRIDE_PARAMS, WHERE } from './params.js';

/** `overparam train`'s defaults. */
const DEFAULTS = { data: 'sphere' as SyntheticSet, n: 20, steps: 100, every: 10 };
const OPTIMIZERS = ['gd', 'sgd'] as const;
const SAMPLINGS = ['without-replacement', 'epoch'] as const;
const RULES = ['width', 'lambdaMax'] as const;

interface TrainParams {
  spec: Record<string, unknown>;
  net: ReturnType<typeof modelParam>['net'];
  data: SyntheticSet;
  n: number;
  phi?: number;
  loss?: LossSpec;
  optimizer: OptimizerSpec;
  /** Undefined only where no step is taken. */
  rule: StepSizeRule | undefined;
  steps: number;
  every: number;
  targetLoss?: number;
  probes: { name: string; options: Record<string, unknown> }[];
  trajectory: boolean;
}

/** `probes`: a list of names, or an object of name → options (e.g. {"kernel": {"maxExamples": 64}}). */
function probeParam(p: PointParams): { name: string; options: Record<string, unknown> }[] {
  const v = p['probes'];
  if (v === undefined) return [];
  const known = (name: unknown, where: string): string => {
    if (typeof name !== 'string' || !(PROBE_NAMES as readonly string[]).includes(name)) throw new ConfigError(`${where} must be one of ${PROBE_NAMES.join(', ')}; got ${describe(name)}`);
    return name;
  };
  if (Array.isArray(v)) {
    const names = v.map((x, i) => known(x, `${WHERE}.probes[${i}]`));
    const twice = names.find((x, i) => names.indexOf(x) !== i);
    if (twice !== undefined) throw new ConfigError(`${WHERE}.probes names "${twice}" twice`);
    return names.map((name) => ({ name, options: {} }));
  }
  const o = asObject(v, `${WHERE}.probes`);
  return Object.entries(o).map(([name, opts]) => ({ name: known(name, `${WHERE}.probes key`), options: asObject(opts, `${WHERE}.probes.${name}`) }));
}

function missingRule(): never {
  throw new ConfigError(`a learning rate is required: ${WHERE}.lr (η), or ${WHERE}.lrC with ${WHERE}.lrPer ("width": η = c/m, "lambdaMax": η = c/(κ·λ_max(G(0))))`);
}

/** The training parameters (TRAIN_PARAMS); `extraKeys` are accepted too, for a kind that trains before it measures. */
export function readParams(p: PointParams, extraKeys: readonly string[] = [], defaultSteps = DEFAULTS.steps): TrainParams {
  knownParams(p, [...extraKeys, 'model', ...MODEL_OVERRIDES, 'data', 'n', 'phi', 'loss', 'reduction', 'optimizer', 'batch', 'sampling', 'lr', 'lrC', 'lrPer', 'steps', 'every', 'targetLoss', 'probes', 'trajectory']);
  const { spec, net } = modelParam(p);
  const data = oneOf(p, 'data', SYNTHETIC_SETS, WHERE, true) ?? DEFAULTS.data;
  checkSyntheticFits(data, net, `${WHERE}.data`);
  const n = integer(p, 'n', WHERE, { min: 1, optional: true }) ?? DEFAULTS.n;
  const phi = number(p, 'phi', WHERE, { optional: true, exclusiveMin: 0 });
  if (phi !== undefined && data !== 'zou2018') throw new ConfigError(`${WHERE}.phi is for data "zou2018" only (${WHERE}.data is "${data}")`);
  const lossName = oneOf(p, 'loss', LOSS_NAMES, WHERE, true) as LossName | undefined;
  const reduction = oneOf(p, 'reduction', ['sum', 'mean'] as const, WHERE, true);
  const loss: LossSpec | undefined = lossName === undefined ? (reduction === undefined ? undefined : { ...defaultLoss(net, data), reduction }) : { name: lossName, ...(reduction ? { reduction } : {}) };
  const kind = oneOf(p, 'optimizer', OPTIMIZERS, WHERE, true) ?? 'gd';
  let optimizer: OptimizerSpec;
  if (kind === 'sgd') {
    const batchSize = integer(p, 'batch', WHERE, { min: 1, optional: true });
    if (batchSize === undefined) throw new ConfigError(`${WHERE}.optimizer "sgd" needs ${WHERE}.batch (the batch size B)`);
    optimizer = { kind: 'sgd', batchSize, sampling: oneOf(p, 'sampling', SAMPLINGS, WHERE, true) ?? 'without-replacement' };
  } else {
    for (const k of ['batch', 'sampling']) if (p[k] !== undefined) throw new ConfigError(`${WHERE}.${k} is for optimizer "sgd" only (${WHERE}.optimizer is "gd")`);
    optimizer = { kind: 'gd' };
  }
  const lr = number(p, 'lr', WHERE, { optional: true, exclusiveMin: 0 });
  const c = number(p, 'lrC', WHERE, { optional: true, exclusiveMin: 0 });
  const per = oneOf(p, 'lrPer', RULES, WHERE, true);
  let rule: StepSizeRule | undefined;
  const steps = integer(p, 'steps', WHERE, { min: 0, optional: true }) ?? defaultSteps;
  if (lr !== undefined) {
    if (c !== undefined || per !== undefined) throw new ConfigError(`give either ${WHERE}.lr or ${WHERE}.lrC with ${WHERE}.lrPer, not both`);
    rule = { lr };
  } else if (c !== undefined || per !== undefined || steps > 0) {
    // A rule is needed to take steps (a kind that measures at initialization, steps 0, may leave it out).
    if (c === undefined || per === undefined) missingRule();
    if (per === 'width' && specWidth(spec) === undefined) throw new ConfigError(`${WHERE}.lrPer "width" needs a model spec with a "width" (${WHERE}.model has none)`);
    rule = { c, per };
  }
  const every = integer(p, 'every', WHERE, { min: 1, optional: true }) ?? DEFAULTS.every;
  const targetLoss = number(p, 'targetLoss', WHERE, { optional: true });
  const probes = probeParam(p);
  // Build the probes once to check their options (a factory only validates; no probe works until measured).
  for (const r of probes) makeRunProbe(r.name, r.options, { gd: optimizer.kind === 'gd', width: specWidth(spec) });
  const trajectory = bool(p, 'trajectory', WHERE) ?? false;
  return { spec, net, data, n, phi, loss, optimizer, rule, steps, every, targetLoss, probes, trajectory };
}

/** A record's probe fields (`probe.quantity`), with every non-finite number as null. */
function measurements(r: TrainRecord | undefined): Record<string, unknown> {
  if (r === undefined) return {};
  const { step: _step, loss: _loss, trainingError: _te, margin: _m, seconds: _s, ...rest } = r;
  return rest;
}

/** One run of a train point: what the `train` and `hessian` kinds report on. */
export interface TrainedPoint {
  params: TrainParams;
  net: TrainParams['net'];
  data: ReturnType<typeof loadTrainingData>;
  lossSpec: LossSpec;
  loss: ReturnType<typeof makeLoss>;
  learningRate: number;
  rule: string;
  result: TrainResult;
  records: TrainRecord[];
}

/** Draws and trains as `overparam train --seed <seed>` does (see the header); `extraKeys` are the caller's own parameters. */
export function runTrainPoint(p: PointParams, ctx: Pick<PointContext, 'seed' | 'signal'>, extraKeys: readonly string[] = [], defaultSteps = DEFAULTS.steps): TrainedPoint {
  const o = readParams(p, extraKeys, defaultSteps);
  const { net, spec } = o;
  const rng = Rng.fromSeed(ctx.seed);
  const data = loadTrainingData({
    synthetic: o.data, n: o.n, net, rng: rng.fold('data'), phi: o.phi,
    makeTeacher: () => modelParam(p).net, names: { data: `${WHERE}.dataFile`, synthetic: `${WHERE}.data` },
  });
  const lossSpec = o.loss ?? defaultLoss(net, o.data);
  const loss = makeLoss(lossSpec);
  const params0 = net.init(rng.fold('init'));
  const { learningRate, rule } = o.rule === undefined ? { learningRate: 0, rule: 'none (no steps taken)' } : resolveStepSize(o.rule, { net, spec, params0, x: data.x, loss, where: `${WHERE}.model` });
  const probes: Probe[] = o.probes.map((r) => makeRunProbe(r.name, r.options, { gd: o.optimizer.kind === 'gd', width: specWidth(spec) }));
  const records: TrainRecord[] = [];
  const result = train(net, params0, data.x, data.y, {
    // With no rule there are no steps (readParams): any positive η takes none, and the record at step 0 is the same.
    loss, optimizer: o.optimizer, learningRate: o.rule === undefined ? 1 : learningRate, steps: o.steps, every: o.every, probes, rng: rng.fold('train'),
    targetLoss: o.targetLoss, signal: ctx.signal, nonFinite: 'rollback',
    onRecord: (r) => void records.push(r),
  });
  if (result.stop === 'interrupted') throw new Error('the sweep was stopped; this point runs again on resume');
  return { params: o, net, data, lossSpec, loss, learningRate, rule, result, records };
}

export function trainPoint(p: PointParams, ctx: Pick<PointContext, 'seed' | 'signal'>): Record<string, unknown> {
  const { params: o, net, data, lossSpec, learningRate, rule, result: res, records } = runTrainPoint(p, ctx);
  const first = records[0];
  const last = records[records.length - 1];
  return {
    network: net.name,
    parameters: net.trainableSize,
    data: data.name,
    examples: data.x.rows,
    loss: lossSpec,
    learningRate,
    learningRateRule: rule,
    steps: res.steps,
    stop: res.stop,
    message: res.message,
    initialLoss: finiteOrNull(first?.loss ?? NaN),
    finalLoss: finiteOrNull(last?.loss ?? NaN),
    finalTrainingError: last?.trainingError ?? null,
    finalStep: last?.step ?? null,
    final: measurements(last),
    ...(o.trajectory ? { records: records.map((r) => { const { seconds: _s, ...rest } = r; return rest; }) } : {}),
  };
}

export const TRAIN_DESCRIPTOR: PointKindDescriptor = {
  summary: 'one training run (GD or SGD) of a network on a synthetic set, with probes recorded along the way, as `overparam train --synthetic` makes it',
  builtIn: true,
  params: [
    { name: 'model', type: 'model spec object', required: true, doc: 'the network, e.g. {"preset": "du2019-fc", "inputDim": 5, "width": 64, "depth": 2}' },
    ...OVERRIDE_PARAMS,
    { name: 'data', type: `one of ${SYNTHETIC_SETS.join(', ')}`, default: DEFAULTS.data, doc: 'the synthetic training set (as `overparam train --synthetic`)' },
    { name: 'n', type: 'integer ≥ 1', default: DEFAULTS.n, doc: 'examples' },
    { name: 'phi', type: 'number > 0', doc: 'data "zou2018": the requested separation φ of opposite labels' },
    { name: 'loss', type: `one of ${LOSS_NAMES.join(', ')}`, doc: 'default: the paper\'s for the data (logistic for zou2018, cross-entropy for three-clusters, ½Σ square otherwise)' },
    { name: 'reduction', type: 'sum or mean', doc: 'square loss: summed (du2019, allenzhu2019) or averaged over examples' },
    { name: 'optimizer', type: 'gd or sgd', default: 'gd', doc: 'full-batch GD or mini-batch SGD' },
    { name: 'batch', type: 'integer ≥ 1', doc: 'SGD batch size (required with sgd)' },
    { name: 'sampling', type: 'without-replacement or epoch', default: 'without-replacement', doc: 'SGD batches: a fresh draw each step (zou2018) or a shuffle each epoch' },
    { name: 'lr', type: 'number > 0', doc: 'the learning rate η (or give lrC and lrPer)' },
    { name: 'lrC', type: 'number > 0', doc: 'the constant c of η = c/m or η = c/(κ·λ_max(G(0)))' },
    { name: 'lrPer', type: 'width or lambdaMax', doc: 'what lrC divides by: the spec\'s width m, or κ·λ_max of the tangent kernel at initialization (du2019 Sec 8)' },
    { name: 'steps', type: 'integer ≥ 0', default: DEFAULTS.steps, doc: 'steps to take' },
    { name: 'every', type: 'integer ≥ 1', default: DEFAULTS.every, doc: 'record (loss, training error, probes) every k steps, step 0 included' },
    { name: 'targetLoss', type: 'number', doc: 'stop when the training loss reaches this (checked at records)' },
    { name: 'probes', type: 'list of names, or object of name → options', doc: `measurements at each record: ${PROBE_NAMES.join(', ')} (e.g. {"kernel": {"maxExamples": 64}})` },
    { name: 'trajectory', type: 'boolean', default: false, doc: 'also keep every record (without their timings)' },
    { name: 'seed', type: 'integer ≥ 0', default: 0, doc: 'draws data, initialization and batches as `overparam train --seed`' },
  ],
  result: {
    network: 'the network\'s name', parameters: 'trainable parameters', data: 'the data set\'s name', examples: 'n', loss: 'the loss spec trained',
    learningRate: 'η', learningRateRule: 'η\'s rule in words', steps: 'steps taken', stop: 'why it stopped: steps, target or nonfinite (diverged; the result is the last finite step\'s)',
    message: 'the stop in words', initialLoss: 'loss at step 0', finalLoss: 'loss at the last record', finalTrainingError: 'training error there (classification losses)',
    finalStep: 'the last record\'s step', final: 'the probes\' values at the last record (probe.quantity → value)', records: 'every record (with trajectory)',
  },
  validate: (p) => void readParams(p),
};

registerPointKind('train', trainPoint, TRAIN_DESCRIPTOR);
