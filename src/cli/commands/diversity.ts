/**
 * `overparam diversity`: chen2018's gradient diversity and large-batch training.
 *   exact        Theorems 6–10 for widths K and n (or Lemmas 2–5 with other entry distributions, L = 2)
 *   mc           Monte Carlo of E[nΣ‖∇f_i‖²]/E‖Σ∇f_i‖² (ratio of means) and the moments, against exact values
 *   train        B_S(w_t) along an SGD run on a teacher–student problem
 *   batch-sweep  epochs to target vs batch size per network; critical batch size next to B_S at init
 * Every mode prints a table and writes JSON into --out (--json prints the JSON instead).
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../errors.js';
import { Rng } from '../../linalg/random/rng.js';
import { chen2018TwoLayerLemmas, entryMoments } from '../../theory/chen2018Lemmas.js';
import { checkWidths } from '../../theory/chen2018.js';
import { buildModel } from '../../models/spec.js';
import { memoryBudget, requireParameterMemory } from '../memoryBudget.js';
import { batchSweep, DEFAULT_SWEEP } from '../../experiments/diversity/batchSweep.js';
import { batchSweepTable } from '../../experiments/diversity/batchSweepReport.js';
import { writeBatchSweep } from '../batchSweepFiles.js';
import { compareWithExact, exactDiversity } from '../../experiments/diversity/exact.js';
import { estimateDiversityParallel, defaultWorkers } from '../../experiments/diversity/monteCarloParallel.js';
import { depthFamily, widthFamily, type SweepNetwork } from '../../experiments/diversity/networks.js';
import { ENTRY_DISTRIBUTIONS, type DiversityModel, type DiversityProblem, type EntrySpec } from '../../experiments/diversity/problem.js';
import { lemmaReport, linearExactReport, monteCarloReport } from '../../experiments/diversity/reports.js';
import { diversityTrainRun, diversityTrainTable } from '../../experiments/diversity/trainRun.js';
import type { EntryDistribution } from '../../data/chen2018.js';
import { prepareOutputDir, writeFileAtomic } from '../../io/files.js';
import { readModelSpec } from '../inputs.js';
import { progress } from '../progress.js';
import { parseIntegerOption, interruptible, runAction } from '../run.js';

function intList(name: string, v: string, min: number): number[] {
  const parts = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) throw new ConfigError(`${name} needs a comma-separated list of integers; got "${v}"`);
  return parts.map((p) => {
    const x = Number(p);
    if (!Number.isSafeInteger(x) || x < min) throw new ConfigError(`${name} must list ${min === 1 ? "positive integers" : `integers ≥ ${min}`} (e.g. ${name === "--widths" ? "3,4" : "1,2,4"}); got "${p}" in "${v}"`);
    return x;
  });
}

function numberOption(name: string, v: string, check: (x: number) => boolean, what: string): number {
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || !check(x)) throw new ConfigError(`${name} must be ${what}; got "${v}"`);
  return x;
}

/** "uniform", "laplace:0.5" or a comma list of those (one per tensor). */
function entrySpecs(name: string, v: string): EntrySpec | EntrySpec[] {
  const one = (s: string): EntrySpec => {
    const [dist, std] = s.trim().split(':');
    if (!(ENTRY_DISTRIBUTIONS as readonly string[]).includes(dist)) {
      throw new ConfigError(`${name}: the distribution must be one of ${ENTRY_DISTRIBUTIONS.join(', ')} (optionally ":std"); got "${s}"`);
    }
    return std === undefined ? { distribution: dist as EntryDistribution } : { distribution: dist as EntryDistribution, std: numberOption(name, std, (x) => x > 0, 'a positive std') };
  };
  const parts = v.split(',');
  return parts.length === 1 ? one(parts[0]) : parts.map(one);
}

interface CommonOptions {
  out: string;
  json?: boolean;
  quiet?: boolean;
}

interface ProblemOptions {
  widths?: string;
  model?: string;
  distribution?: string;
  student?: string;
  teacher?: string;
  data?: string;
}

function problemModel(o: ProblemOptions): DiversityModel {
  if (o.widths !== undefined && o.model !== undefined) throw new ConfigError('give either --widths or --model, not both');
  if (o.widths !== undefined) {
    const widths = intList('--widths', o.widths, 1);
    checkWidths('--widths', widths);
    return { kind: 'linear', widths };
  }
  if (o.model !== undefined) {
    const { spec, source } = readModelSpec(o.model);
    // Student, teacher, their gradient and its running sums: four parameter vectors at least.
    requireParameterMemory(buildModel(spec, source), spec, memoryBudget(), 4);
    return { kind: 'spec', spec };
  }
  throw new ConfigError('give the network: --widths K_0,K_1,… (chen2018 linear net) or --model <spec> (e.g. \'{"preset":"chen2018-two-layer","inputDim":5,"width":8}\')');
}

function entries(o: ProblemOptions): Pick<DiversityProblem, 'student' | 'teacher' | 'data'> {
  const all = o.distribution !== undefined ? entrySpecs('--distribution', o.distribution) : undefined;
  if (Array.isArray(all)) throw new ConfigError('--distribution takes one distribution (per-tensor lists go to --student/--teacher)');
  const data = o.data !== undefined ? entrySpecs('--data', o.data) : all;
  if (Array.isArray(data)) throw new ConfigError('--data takes one distribution');
  return {
    student: o.student !== undefined ? entrySpecs('--student', o.student) : all,
    teacher: o.teacher !== undefined ? entrySpecs('--teacher', o.teacher) : all,
    data,
  };
}

/** Refuses, before any work, an --out that is a file or cannot be written (the results would be lost). */
function prepareOut(o: CommonOptions): void {
  prepareOutputDir(o.out, '--out');
}

function emit(o: CommonOptions, text: string, json: unknown, file = 'summary.json'): void {
  const path = join(o.out, file);
  writeFileAtomic(path, `${JSON.stringify(json, null, 2)}\n`);
  writeFileAtomic(join(o.out, 'table.txt'), `${text}\n`);
  process.stdout.write(o.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\nwrote ${path}\n`);
}

function withEntryOptions(c: Command): Command {
  return c
    .option('--distribution <dist>', `every entry's distribution: ${ENTRY_DISTRIBUTIONS.join(', ')} (":std" to scale, e.g. laplace:0.5)`)
    .option('--student <dists>', 'student entries: one distribution or one per tensor, comma-separated (overrides --distribution)')
    .option('--teacher <dists>', 'teacher entries, as --student')
    .option('--data <dist>', 'input entries');
}

function withOutput(c: Command, out: string): Command {
  return c.option('-o, --out <dir>', 'output folder', out).option('--json', 'print the JSON instead of the table').option('-q, --quiet', 'no progress output');
}

type ExactCli = ProblemOptions & CommonOptions & { n: string };
type McCli = ProblemOptions & CommonOptions & { n: string; draws: string; seed: string; path?: string; workers?: string; blockSize: string };

function exactCommand(o: ExactCli): void {
  const ns = intList('--n', o.n, 1);
  const model = problemModel(o);
  if (model.kind !== 'linear') throw new ConfigError('exact values exist for chen2018 linear nets: give --widths');
  const e = entries(o);
  prepareOut(o);
  const gaussian = [e.student, e.teacher, e.data].every((s) => s === undefined || (!Array.isArray(s) && s.distribution === 'gaussian' && (s.std ?? 1) === 1));
  if (gaussian) {
    const r = linearExactReport(model.widths, ns);
    emit(o, r.text, r.json);
    return;
  }
  if (model.widths.length !== 2) throw new ConfigError('with non-Gaussian entries chen2018 gives exact values for 2-layer nets only (Lemmas 2–5): --widths d,K');
  const pick = (s: EntrySpec | EntrySpec[] | undefined, layer: number): EntrySpec => (Array.isArray(s) ? s[layer] : s) ?? { distribution: 'gaussian' };
  for (const s of [e.student, e.teacher]) if (Array.isArray(s) && s.length !== 2) throw new ConfigError('per-tensor entry lists need 2 entries (W_1, W_2)');
  const mo = (s: EntrySpec) => entryMoments(s.distribution, s.std ?? 1);
  const parts = { w1: pick(e.student, 0), w2: pick(e.student, 1), teacherW1: pick(e.teacher, 0), teacherW2: pick(e.teacher, 1), x: pick(e.data, 0) };
  const described = Object.entries(parts).map(([k, s]) => `${k} ${s.distribution}${s.std !== undefined ? `·${s.std}` : ''}`).join(', ');
  const lem = chen2018TwoLayerLemmas(model.widths[0], model.widths[1], {
    w1: mo(parts.w1), w2: mo(parts.w2), teacherW1: mo(parts.teacherW1), teacherW2: mo(parts.teacherW2), x: mo(parts.x),
  });
  const r = lemmaReport(lem, ns, described);
  emit(o, r.text, r.json);
}

async function mcCommand(o: McCli): Promise<void> {
  const n = parseIntegerOption('--n', o.n, 1);
  const draws = parseIntegerOption('--draws', o.draws, 2);
  const seed = parseIntegerOption('--seed', o.seed, 0);
  const workers = o.workers === undefined ? defaultWorkers() : parseIntegerOption('--workers', o.workers, 0);
  const blockSize = parseIntegerOption('--block-size', o.blockSize, 1);
  if (o.path !== undefined && o.path !== 'fast' && o.path !== 'generic') throw new ConfigError(`--path must be "fast" or "generic"; got "${o.path}"`);
  const problem: DiversityProblem = { model: problemModel(o), n, ...entries(o), ...(o.path ? { path: o.path as 'fast' | 'generic' } : {}) };
  prepareOut(o);
  const bar = progress('diversity mc', { quiet: o.quiet || o.json });
  const interrupt = interruptible('stopping after the blocks in flight');
  let est;
  try {
    est = await estimateDiversityParallel(problem, {
      draws, rng: Rng.fromSeed(seed).fold('diversity-mc'), workers, blockSize, signal: interrupt.signal,
      onProgress: (d, t) => bar.update(d, t),
    });
  } finally {
    interrupt.release();
    bar.stop();
  }
  const exact = exactDiversity(problem);
  const comparison = exact ? compareWithExact(est, exact) : null;
  const title = problem.model.kind === 'linear' ? `K = (${problem.model.widths.join(', ')})` : 'model';
  emit(o, monteCarloReport(est, title, comparison, exact?.source ?? null), { problem, seed, requestedDraws: draws, estimate: est, exact, comparison });
  if (interrupt.signal.aborted) process.exitCode = 130;
}

type TrainCli = ProblemOptions & CommonOptions & { n: string; batch: string; lr?: string; lrC?: string; steps: string; every: string; seed: string };

function trainCommand(o: TrainCli): void {
  const settings = {
    model: problemModel(o), n: parseIntegerOption('--n', o.n, 2), batch: parseIntegerOption('--batch', o.batch, 1),
    lr: o.lr === undefined ? undefined : numberOption('--lr', o.lr, (x) => x > 0, 'a positive number'),
    lrC: o.lrC === undefined ? undefined : numberOption('--lr-c', o.lrC, (x) => x > 0, 'a positive number'),
    steps: parseIntegerOption('--steps', o.steps, 1), every: parseIntegerOption('--every', o.every, 1), seed: parseIntegerOption('--seed', o.seed, 0),
  };
  prepareOut(o);
  const r = diversityTrainRun(settings);
  emit(o, diversityTrainTable(r), r);
  // A diverged run is a measured outcome (its records up to the divergence are written), not bad input: exit 1, as `train`.
  if (r.stop === 'nonfinite') {
    process.stderr.write(`overparam: ${r.message}\n`);
    process.exitCode = 1;
  }
}

type SweepCli = CommonOptions & {
  family: string; kind: string; d: string; n: string; widths: string; depths: string; budget: string; batches?: string; lrGrid?: string;
  seeds: string; target: string; maxEpochs: string; factor: string; mcDraws: string; recordsPerEpoch: string; seed: string;
};

async function sweepCommand(o: SweepCli): Promise<void> {
  const d = parseIntegerOption('--d', o.d, 1);
  const n = parseIntegerOption('--n', o.n, 2);
  if (!['width', 'depth', 'both'].includes(o.family)) throw new ConfigError(`--family must be width, depth or both; got "${o.family}"`);
  if (o.kind !== 'linear' && o.kind !== 'two-layer') throw new ConfigError(`--kind must be linear or two-layer; got "${o.kind}"`);
  if (o.kind === 'two-layer' && o.family !== 'width') throw new ConfigError('--kind two-layer has a width family only (--family width)');
  const networks: SweepNetwork[] = [];
  if (o.family !== 'depth') networks.push(...widthFamily(d, intList('--widths', o.widths, 1), o.kind));
  if (o.family !== 'width') networks.push(...depthFamily(d, intList('--depths', o.depths, 2), parseIntegerOption('--budget', o.budget, 1)));
  const batchSizes = o.batches ? intList('--batches', o.batches, 1) : Array.from({ length: Math.floor(Math.log2(n)) + 1 }, (_, k) => 2 ** k);
  const lrMultipliers = o.lrGrid
    ? o.lrGrid.split(',').map((s) => numberOption('--lr-grid', s, (x) => x > 0, 'a list of positive numbers'))
    : DEFAULT_SWEEP.lrMultipliers;
  const settings = {
    n, batchSizes, lrMultipliers,
    seeds: parseIntegerOption('--seeds', o.seeds, 1),
    target: numberOption('--target', o.target, (x) => x > 0 && x < 1, 'a fraction in (0, 1)'),
    maxEpochs: numberOption('--max-epochs', o.maxEpochs, (x) => x > 0, 'a positive number'),
    factor: numberOption('--factor', o.factor, (x) => x >= 1, 'a number ≥ 1'),
    mcDraws: parseIntegerOption('--mc-draws', o.mcDraws, 0),
    recordsPerEpoch: parseIntegerOption('--records-per-epoch', o.recordsPerEpoch, 1),
    seed: parseIntegerOption('--seed', o.seed, 0),
  };
  prepareOut(o);
  const bar = progress('batch sweep', { quiet: o.quiet || o.json });
  let r;
  try {
    r = batchSweep(networks, settings, (done, total, label) => bar.update(done, total, { at: label }));
  } finally {
    bar.stop();
  }
  const files = await writeBatchSweep(r, o.out);
  process.stdout.write(o.json ? `${JSON.stringify(r, null, 2)}\n` : `${batchSweepTable(r)}\n${r.seconds.toFixed(1)} s; wrote ${files.json}, ${files.table}, ${files.svg}\n`);
}

export function registerDiversity(program: Command): void {
  const cmd = program.command('diversity').description("chen2018's gradient diversity: exact formulas, Monte Carlo, B_S along training, the large-batch sweep");
  withOutput(withEntryOptions(cmd.command('exact')
    .description('exact E‖∇f_i‖², E⟨∇f_i,∇f_j⟩ and R(n;K) (Theorems 6–10; Lemmas 2–5 for 2-layer nets with other distributions)')
    .requiredOption('-K, --widths <K>', 'widths K_0 = d, K_1, …, K_{L−1} (e.g. 3,4)')
    .option('-n, --n <list>', 'examples n (comma-separated for several)', '10')), 'diversity-exact')
    .action((opts: ExactCli) => runAction(() => exactCommand(opts)));
  withOutput(withEntryOptions(cmd.command('mc')
    .description('Monte Carlo of the ratio of means E[nΣ‖∇f_i‖²]/E‖Σ∇f_i‖² (delta-method SE), the moments and the per-draw B_S')
    .option('-K, --widths <K>', 'chen2018 linear net with widths K_0 = d, K_1, …')
    .option('-m, --model <spec>', 'any model spec (JSON file or inline), e.g. a chen2018-two-layer preset')
    .option('-n, --n <count>', 'examples per draw', '10')
    .option('--draws <count>', 'Monte-Carlo draws', '100000')
    .option('-s, --seed <seed>', 'seed', '0')
    .option('--path <fast|generic>', 'linear nets: closed form (fast, default) or per-example gradients (generic)')
    .option('--workers <count>', `worker threads (default ${defaultWorkers()}; 0 or 1: this thread)`)
    .option('--block-size <count>', 'draws per block (results do not depend on the worker count)', '1000')), 'diversity-mc')
    .action((opts: McCli) => runAction(() => mcCommand(opts)));
  withOutput(cmd.command('train')
    .description('B_S(w_t) along SGD on a teacher–student problem (teacher: same architecture, other weights)')
    .option('-K, --widths <K>', 'chen2018 linear net with widths K_0 = d, K_1, …')
    .option('-m, --model <spec>', 'any model spec with a scalar output')
    .option('-n, --n <count>', 'training examples', '64')
    .option('-b, --batch <B>', 'SGD batch size', '8')
    .option('--lr <η>', 'learning rate (absolute)')
    .option('--lr-c <c>', 'learning rate c·n/λ_max(Θ(0)) (default c = 0.5)')
    .option('--steps <count>', 'SGD steps', '200')
    .option('-e, --every <k>', 'measure B_S every k steps', '10')
    .option('-s, --seed <seed>', 'seed', '0'), 'diversity-train')
    .action((opts: TrainCli) => runAction(() => trainCommand(opts)));
  withOutput(cmd.command('batch-sweep')
    .description('epochs to a target loss vs batch size (lr tuned per B, several seeds); critical batch size per network next to B_S at init')
    .option('--family <width|depth|both>', 'networks: a width family, a depth family at a fixed budget, or both', 'both')
    .option('--kind <linear|two-layer>', 'width family: chen2018 linear nets or 2-layer tanh nets', 'linear')
    .option('--d <dim>', 'input dimension d = K_0', '16')
    .option('-n, --n <count>', 'training examples', '256')
    .option('--widths <list>', 'width family: hidden widths', '1,4,16,64')
    .option('--depths <list>', 'depth family: numbers of layers L', '2,3,4')
    .option('--budget <weights>', 'depth family: parameter budget', '1024')
    .option('--batches <list>', 'batch sizes (default: powers of 2 up to n)')
    .option('--lr-grid <list>', `multipliers c of η = c·n/λ_max(Θ(0)) (default ${DEFAULT_SWEEP.lrMultipliers.length} values from ${DEFAULT_SWEEP.lrMultipliers[0]} down by √2)`)
    .option('--seeds <count>', 'seeds per point', String(DEFAULT_SWEEP.seeds))
    .option('--target <fraction>', 'target loss as a fraction of the initial loss', String(DEFAULT_SWEEP.target))
    .option('--max-epochs <count>', 'epoch budget per run', String(DEFAULT_SWEEP.maxEpochs))
    .option('--factor <f>', 'critical batch size: medians within f× of the smallest B', String(DEFAULT_SWEEP.factor))
    .option('--mc-draws <count>', 'Monte-Carlo draws for B_S at initialization (0: skip)', String(DEFAULT_SWEEP.mcDraws))
    .option('--records-per-epoch <count>', 'loss checks per epoch (resolution of epochs-to-target)', String(DEFAULT_SWEEP.recordsPerEpoch))
    .option('-s, --seed <seed>', 'seed', '0'), 'diversity-sweep')
    .action((opts: SweepCli) => runAction(() => sweepCommand(opts)));
}
