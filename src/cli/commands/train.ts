/**
 * `overparam train`: train a model with the papers' algorithms, taking the requested probes every k
 * steps. Writes metrics as JSON Lines while it runs, and checkpoints — params.safetensors, then
 * summary.json, each atomically — at the start, every --checkpoint-every steps (by default at records,
 * at most every 10 s) and at the end, so a killed run loses at most the steps since its last
 * checkpoint and `--resume` continues it exactly (the settings that determine the trajectory must
 * match, see train/fingerprint.ts). Ctrl-C stops cleanly after saving (exit 130). A run that diverges
 * stops at the last finite step, keeping its parameters, summary and metrics there, and exits 1 (a
 * measured outcome, not bad input, which exits 2).
 */
import type { Command } from 'commander';
import { ConfigError, OverparamError } from '../../errors.js';
import { Rng } from '../../linalg/random/rng.js';
import { loadParams, saveParams } from '../../models/checkpoint.js';
import { buildModel } from '../../models/spec.js';
import { makeRunProbe, PROBE_NAMES } from '../../probes/index.js';
import type { Probe } from '../../probes/probe.js';
import { LOSS_NAMES, makeLoss, type LossName, type LossSpec } from '../../train/losses.js';
import type { OptimizerSpec } from '../../train/schedule.js';
import { trainAsync, type TrainRecord } from '../../train/trainer.js';
import { dataSha256, type RunFingerprint } from '../../train/fingerprint.js';
import { prepareOutputDir } from '../../io/files.js';
import { readModelSpec } from '../inputs.js';
import { memoryBudget, requireMemory, requireParameterMemory } from '../memoryBudget.js';
import { featureSize } from '../../nn/shape.js';
import { progress } from '../progress.js';
import { parseIntegerOption, interruptible, runAction } from '../run.js';
import { loadTrainingData, SYNTHETIC_SETS } from '../../train/trainingSets.js';
import { defaultLoss, resolveStepSize, specWidth, type StepSizeRule } from '../../train/defaults.js';
import { parseProbeList } from '../probeList.js';
import { appendRecord, metricsUpTo, resumePoint, runFiles, startMetrics, writeCheckpoint, type ResumePoint } from '../trainRun.js';

interface TrainCliOptions {
  maxMemory?: string;
  model: string;
  data?: string;
  labelColumns?: string;
  synthetic?: string;
  n: string;
  phi?: string;
  loss?: string;
  reduction?: string;
  optimizer: string;
  batch?: string;
  sampling: string;
  lr?: string;
  lrC?: string;
  lrPer?: string;
  steps: string;
  targetLoss?: string;
  probes?: string;
  every: string;
  seed: string;
  out: string;
  saveInit?: boolean;
  checkpointEvery?: string;
  resume?: boolean;
  quiet?: boolean;
}

function parseNumber(name: string, v: string, positive = false): number {
  const x = Number(v);
  if (!Number.isFinite(x) || (positive && !(x > 0))) throw new ConfigError(`${name} must be a ${positive ? 'positive ' : ''}number; got "${v}"`);
  return x;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train a model (GD or SGD) and record the quantities the theorems speak of along the way')
    .requiredOption('-m, --model <spec>', 'model spec: JSON file or inline JSON')
    .option('-d, --data <file>', 'training set: CSV, JSON or .npy')
    .option('--label-columns <cols>', 'target columns of --data (e.g. "-1", "3:5"; default: the last)')
    .option('--synthetic <set>', `instead of --data: ${SYNTHETIC_SETS.join(', ')}`)
    .option('-n, --n <count>', 'examples for --synthetic', '20')
    .option('--phi <φ>', 'zou2018: minimum distance between opposite labels')
    .option('-l, --loss <name>', `one of ${LOSS_NAMES.join(', ')} (default: the paper's for the data)`)
    .option('--reduction <sum|mean>', 'square loss: sum (du2019, allenzhu2019) or mean over examples')
    .option('--optimizer <gd|sgd>', 'full-batch GD or mini-batch SGD', 'gd')
    .option('-b, --batch <B>', 'SGD batch size')
    .option('--sampling <how>', 'SGD batches: without-replacement (each step, zou2018) or epoch (shuffle each epoch)', 'without-replacement')
    .option('--lr <η>', 'learning rate (absolute)')
    .option('--lr-c <c>', 'learning rate as c/m or c/λ_max(G(0)) (with --lr-per)')
    .option('--lr-per <width|lambdaMax>', 'what --lr-c divides by')
    .option('--steps <count>', 'steps to take', '100')
    .option('--target-loss <L>', 'stop when the training loss reaches this (checked at records)')
    .option('-p, --probes <list>', `comma-separated probes: ${PROBE_NAMES.join(', ')}; options after colons, e.g. kernel:maxExamples=64`)
    .option('-e, --every <k>', 'record every k steps', '10')
    .option('-s, --seed <seed>', 'seed (initialization, data, batches)', '0')
    .option('-o, --out <dir>', 'output folder', 'train-out')
    .option('--save-init', '(kept for compatibility: the initial parameters are always saved)')
    .option('--checkpoint-every <k>', 'save params.safetensors and summary.json every k steps (default: at records, at most every 10 s)')
    .option('--resume', 'continue the run in --out from its last checkpoint up to --steps (same model, data, loss, optimizer, learning rate and seed)')
    .option('--max-memory <size>', 'refuse a model or data set whose buffers need more than this, e.g. "8G" (default: $OVERPARAM_MAX_MEMORY, else the machine\'s memory)')
    .option('-q, --quiet', 'no progress output')
    .action((opts: TrainCliOptions) => runAction(() => trainCommand(opts)));
}

export async function trainCommand(o: TrainCliOptions): Promise<void> {
  const seed = parseIntegerOption('--seed', o.seed, 0);
  const steps = parseIntegerOption('--steps', o.steps, 0);
  const every = parseIntegerOption('--every', o.every, 1);
  const n = parseIntegerOption('--n', o.n, 1);
  const checkpointEvery = o.checkpointEvery === undefined ? undefined : parseIntegerOption('--checkpoint-every', o.checkpointEvery, 1);
  const targetLoss = o.targetLoss === undefined ? undefined : parseNumber('--target-loss', o.targetLoss);
  const { spec, source } = readModelSpec(o.model);
  const net = buildModel(spec, source);
  // The parameters, the initial copy (distance probes, params-init), the gradient and the step's scratch.
  const budget = memoryBudget(o.maxMemory);
  requireParameterMemory(net, spec, budget, 4);
  if (o.synthetic !== undefined) requireMemory(8 * n * (featureSize(net.inShape) + net.outputs), `--n ${n}: the synthetic inputs and targets`, budget);
  const rng = Rng.fromSeed(seed);
  const data = loadTrainingData({
    data: o.data, labelColumns: o.labelColumns, synthetic: o.synthetic, n, net, rng: rng.fold('data'),
    makeTeacher: () => buildModel(spec, source), phi: o.phi === undefined ? undefined : parseNumber('--phi', o.phi),
  });
  const lossSpec: LossSpec = o.loss
    ? { name: o.loss as LossName, ...(o.reduction ? { reduction: o.reduction as 'sum' | 'mean' } : {}) }
    : { ...defaultLoss(net, o.synthetic), ...(o.reduction ? { reduction: o.reduction as 'sum' | 'mean' } : {}) };
  const loss = makeLoss(lossSpec);
  let optimizer: OptimizerSpec;
  if (o.optimizer === 'gd') optimizer = { kind: 'gd' };
  else if (o.optimizer === 'sgd') {
    if (!o.batch) throw new ConfigError('--optimizer sgd needs --batch <B>');
    if (o.sampling !== 'without-replacement' && o.sampling !== 'epoch') throw new ConfigError(`--sampling must be "without-replacement" or "epoch"; got "${o.sampling}"`);
    optimizer = { kind: 'sgd', batchSize: parseIntegerOption('--batch', o.batch, 1), sampling: o.sampling };
  } else throw new ConfigError(`--optimizer must be "gd" or "sgd"; got "${o.optimizer}"`);

  const probes: Probe[] = parseProbeList(o.probes).map((r) => makeRunProbe(r.name, r.options, { gd: optimizer.kind === 'gd', width: specWidth(spec) }));

  // The learning rate's rule is checked now; c/λ_max(G(0)) is computed once the output folder is known good.
  let rule: StepSizeRule;
  if (o.lr !== undefined) {
    if (o.lrC !== undefined) throw new ConfigError('give either --lr or --lr-c with --lr-per, not both');
    rule = { lr: parseNumber('--lr', o.lr, true) };
  } else {
    if (o.lrC === undefined || o.lrPer === undefined) throw new ConfigError('give a learning rate: --lr <η>, or --lr-c <c> --lr-per width|lambdaMax');
    const c = parseNumber('--lr-c', o.lrC, true);
    if (o.lrPer !== 'width' && o.lrPer !== 'lambdaMax') throw new ConfigError(`--lr-per must be "width" or "lambdaMax"; got "${o.lrPer}"`);
    if (o.lrPer === 'width' && specWidth(spec) === undefined) throw new ConfigError(`--lr-per width needs a spec with a "width" (${source} has none)`);
    rule = { c, per: o.lrPer };
  }

  // Before any work: a results folder that cannot be written is refused now, not after the run.
  prepareOutputDir(o.out, '--out');
  const params0 = net.init(rng.fold('init'));
  const { learningRate: lr, rule: lrNote } = resolveStepSize(rule, { net, spec, params0, x: data.x, loss, where: source });

  const fingerprint: RunFingerprint = {
    model: spec, seed, data: { n: data.x.rows, features: data.x.cols, outputs: data.y.cols, sha256: dataSha256(data.x, data.y) },
    loss: lossSpec, optimizer, learningRate: lr, learningRateRule: lrNote,
  };
  const files = runFiles(o.out);
  let resume: ResumePoint | undefined;
  let earlier: TrainRecord[] = [];
  if (o.resume) {
    resume = resumePoint(files, net, fingerprint, steps);
    const saved = loadParams(files.init, net).params;
    if (saved.some((v, i) => v !== params0[i])) throw new ConfigError(`--resume: ${files.init} does not match the initialization of seed ${seed}; resume with the original --seed`);
    earlier = metricsUpTo(files, resume.step); // every check passed: now the metrics may be cut to the checkpoint
  }
  let initialLoss: number | undefined = earlier[0]?.step === 0 ? earlier[0].loss : typeof resume?.summary['initialLoss'] === 'number' ? resume.summary['initialLoss'] : undefined;
  let last: TrainRecord | undefined = earlier[earlier.length - 1];
  let checkpointStep = resume?.step ?? 0;
  const t0 = Date.now();
  const summaryAt = (stepsTaken: number, end?: { stop: string; message: string }) => ({
    ...fingerprint,
    network: net.name, data: { name: data.name, ...fingerprint.data, meta: data.meta },
    status: end ? 'stopped' : 'running', // `stop` says why it stopped
    stepsRequested: steps, steps: stepsTaken, stop: end?.stop, message: end?.message, resumedFrom: resume?.step,
    initialLoss, finalLoss: last?.loss, finalTrainingError: last?.trainingError,
    targetLoss, every, probes: probes.map((p) => p.name), seconds: (Date.now() - t0) / 1000,
    files,
  });
  const checkpoint = (step: number, params: Float64Array, end?: { stop: string; message: string }): void => {
    writeCheckpoint(files, net, params, step, { spec, seed }, summaryAt(step, end));
    checkpointStep = step;
  };
  if (!resume) {
    startMetrics(files);
    saveParams(files.init, net, params0, { spec, seed });
    checkpoint(0, params0); // a run killed before its first checkpoint resumes from step 0
  }
  // Explicit --checkpoint-every k: exactly every k steps; by default at records, at most every 10 s.
  let lastCheckpointAt = Date.now();
  const afterStep = (step: number, params: Float64Array): void => {
    const due = checkpointEvery !== undefined ? step % checkpointEvery === 0 : last?.step === step && Date.now() - lastCheckpointAt >= 10_000;
    if (!due) return;
    checkpoint(step, params);
    lastCheckpointAt = Date.now();
  };

  const interrupt = interruptible('stopping after this step');
  const bar = progress('train', { quiet: o.quiet });
  let result;
  try {
    result = await trainAsync(net, params0, data.x, data.y, {
      loss, optimizer, learningRate: lr, steps, every, probes, rng: rng.fold('train'),
      resume: resume && { params: resume.params, step: resume.step },
      targetLoss, signal: interrupt.signal, afterStep, nonFinite: 'rollback',
      onRecord: (r: TrainRecord) => {
        appendRecord(files, r);
        if (r.step === 0) initialLoss = r.loss;
        last = r;
      },
      onStep: (step) => bar.update(step, steps, { loss: last === undefined ? 'NaN' : last.loss.toExponential(3) }),
    });
    checkpoint(result.steps, result.params, { stop: result.stop, message: result.message });
  } catch (e) {
    // A write that failed mid-run (full disk, folder removed): say what is safe and how to go on.
    if (e instanceof OverparamError) throw new ConfigError(`${e.message}; the checkpoint at step ${checkpointStep} is kept in ${o.out} (continue with --resume)`);
    throw e;
  } finally {
    interrupt.release();
    bar.stop();
  }
  process.stdout.write(
    `${net.name} on ${data.name} (n = ${data.x.rows}), ${lossSpec.name} loss, ${optimizer.kind}, η = ${lrNote}\n` +
      `${result.message}: loss ${initialLoss?.toExponential(4)} → ${last?.loss.toExponential(4)}` +
      `${last?.trainingError != null ? `, training error ${last.trainingError}` : ''}\n` +
      `wrote ${files.metrics}, ${files.params}, ${files.summary}\n`,
  );
  if (result.stop === 'nonfinite') {
    process.stderr.write(`overparam: ${result.message}\n`);
    process.exitCode = 1;
  }
  if (result.stop === 'interrupted') process.exitCode = 130;
}
