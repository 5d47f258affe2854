/**
 * `overparam kernel`: a network's tangent kernel or NNGP on a data set — empirical (finite width, from
 * per-layer factors, at initialization or at the parameters of a checkpoint), analytic (infinite-width
 * NTK), nngp (infinite-width NNGP) or mc (the average of empirical kernels over seeds). Writes the matrix
 * (and per-layer parts) as safetensors and a JSON summary: shape, trace, λ_min, λ_max, condition, each
 * per-layer part's trace and extreme eigenvalues, and du2019's λ0 = λ_min(K^(H)) (Thm 5.1) for the
 * analytic kernel, or λ_min(G^(H)) of the finite network for the empirical one.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../errors.js';
import { checkInputFile, prepareOutputDir, writeFileAtomic } from '../../io/files.js';
import { f64, saveSafetensors, type Tensor } from '../../io/safetensors.js';
import { Matrix } from '../../linalg/matrix.js';
import { Rng } from '../../linalg/random/rng.js';
import { analyticKernel, summarizeQuadrature, type QuadratureAchieved, type QuadratureSummary } from '../../kernels/analytic/index.js';
import { checkQuadratureTol } from '../../nn/infiniteWidth/pointwise.js';
import { requireFiniteEmpirical, requireFiniteKernel } from '../../kernels/finite.js';
import { empiricalKernel, type OutputSelection } from '../../kernels/empirical.js';
import { monteCarloKernel } from '../../kernels/monteCarlo.js';
import { kernelSpectrum } from '../../kernels/spectrum.js';
import { buildModel } from '../../models/spec.js';
import { featureSize } from '../../nn/shape.js';
import { lastHiddenWeight } from '../../kernels/lastHidden.js';
import { loadSafetensors } from '../../io/safetensors.js';
import { parseJsonText } from '../../io/jsonText.js';
import { loadParams } from '../../models/checkpoint.js';
import { loadInputs } from '../data.js';
import { readModelSpec } from '../inputs.js';
import { kernelFileBytes, requireDiskSpace, requireKernelMemory } from '../kernelMemory.js';
import { memoryBudget } from '../memoryBudget.js';
import { progress } from '../progress.js';
import { parseIntegerOption, runAction } from '../run.js';

export const KERNEL_KINDS = ['empirical', 'analytic', 'nngp', 'mc'] as const;
type KernelKindOption = (typeof KERNEL_KINDS)[number];

interface KernelOptions {
  model?: string;
  params?: string;
  data?: string;
  synthetic?: string;
  n: string;
  kind: string;
  width?: string;
  seed: string;
  samples: string;
  quadratureTol: string;
  outputs: string;
  perLayer?: boolean;
  testData?: string;
  labelColumns?: string;
  maxMemory?: string;
  out: string;
  json?: boolean;
  quiet?: boolean;
}

function parseOutputs(v: string): OutputSelection {
  if (v === 'trace' || v === 'full') return v;
  const n = Number(v);
  if (Number.isInteger(n) && n >= 0) return n;
  throw new ConfigError(`--outputs must be "trace", "full" or an output index; got "${v}"`);
}

function traceOf(m: Matrix): number {
  let t = 0;
  for (let i = 0; i < Math.min(m.rows, m.cols); i++) t += m.data[i * m.cols + i];
  return t;
}

export function registerKernel(program: Command): void {
  program
    .command('kernel')
    .description('compute a tangent kernel or NNGP (empirical, analytic infinite-width, or Monte Carlo) on a data set')
    .option('-m, --model <spec>', 'model spec: JSON file or inline JSON (default with --params: the spec saved in the checkpoint)')
    .option('--params <checkpoint>', 'empirical kernel at these parameters: a params.safetensors of `overparam train` (or any file of one F64 tensor per parameter tensor)')
    .option('-d, --data <file>', 'inputs: CSV, JSON or .npy, one example per row; every column is an input unless --label-columns names the ones to leave out (the "y" of a JSON file is never read)')
    .option('--label-columns <cols>', 'columns of --data and --test-data that are not inputs (e.g. "-1", "3:5", "label"); default: none')
    .option('--synthetic <name>', 'instead of --data: "sphere" (unit-norm Gaussian directions, n × inputDim)')
    .option('-n, --n <count>', 'examples for --synthetic', '16')
    .option('-k, --kind <kind>', `one of ${KERNEL_KINDS.join(', ')}`, 'empirical')
    .option('-w, --width <m>', "override the spec's width")
    .option('-s, --seed <seed>', 'seed for initialization (unless --params) and synthetic data', '0')
    .option('--samples <count>', 'networks averaged by --kind mc', '100')
    .option('--quadrature-tol <tol>', 'analytic and nngp kernels: relative accuracy of each Gaussian expectation of an activation without a closed form (softplus, sigmoid, tanh, swish, gelu); the error achieved is in summary.json', '1e-10')
    .option('--outputs <which>', 'multi-output kernels: "trace" (N×N), "full" ((N·C)×(N·C)) or an output index', 'trace')
    .option('--per-layer', 'also write each parameter tensor\'s contribution G^(h)')
    .option('--test-data <file>', 'also compute the test × train block against these inputs')
    .option('-o, --out <dir>', 'output folder (checked writable before any work)', 'kernel-out')
    .option('--max-memory <size>', 'refuse a kernel whose buffers need more than this, e.g. "8G" (default: $OVERPARAM_MAX_MEMORY, else the machine\'s memory)')
    .option('--json', 'print the summary as JSON')
    .option('-q, --quiet', 'no progress output')
    .action((opts: KernelOptions) => runAction(() => kernelCommand(opts)));
}

export function kernelCommand(opts: KernelOptions): void {
  if (!(KERNEL_KINDS as readonly string[]).includes(opts.kind)) {
    throw new ConfigError(`--kind must be one of ${KERNEL_KINDS.join(', ')}; got "${opts.kind}"`);
  }
  const kind = opts.kind as KernelKindOption;
  const seed = parseIntegerOption('--seed', opts.seed, 0);
  if (opts.params !== undefined) {
    if (kind !== 'empirical') {
      throw new ConfigError(`--params gives the weights of an empirical kernel; the ${kind} kernel ${kind === 'mc' ? 'averages over its own draws' : 'is the infinite-width limit, which has none'}`);
    }
    checkInputFile(opts.params, '--params', Number.MAX_SAFE_INTEGER);
  }
  const { spec: rawSpec, source } = opts.model !== undefined ? readModelSpec(opts.model) : checkpointSpec(opts.params);
  let spec = rawSpec;
  if (opts.width !== undefined) {
    const width = parseIntegerOption('--width', opts.width, 1);
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec) || !('width' in spec)) {
      throw new ConfigError(`--width needs a spec with a "width" field (${source} has none)`);
    }
    spec = { ...(spec as Record<string, unknown>), width };
  }
  const outputs = parseOutputs(opts.outputs);
  const quadratureTol = checkQuadratureTol(Number(opts.quadratureTol), `--quadrature-tol ("${opts.quadratureTol}")`);
  const achieved: QuadratureAchieved[] = [];
  let quadrature: QuadratureSummary | null = null;
  const budget = memoryBudget(opts.maxMemory);
  if (opts.labelColumns !== undefined && opts.data === undefined && opts.testData === undefined) {
    throw new ConfigError('--label-columns names columns of --data and --test-data; give one, or leave --label-columns out');
  }
  if (opts.data !== undefined) checkInputFile(opts.data, '--data');
  if (opts.testData !== undefined) checkInputFile(opts.testData, '--test-data');
  const makeNet = () => buildModel(spec, source);
  const net = makeNet();
  const rng = Rng.fromSeed(seed);
  const features = featureSize(net.inShape);
  const job = { kind, fullOutputs: outputs === 'full', perLayer: opts.perLayer ?? false };
  // Synthetic inputs are sized before they are drawn; a data file's size is its own.
  if (opts.synthetic !== undefined && opts.data === undefined) {
    requireKernelMemory(net, spec, { ...job, n: parseIntegerOption('--n', opts.n, 1), nTest: 0 }, budget);
  }
  prepareOutputDir(opts.out, '--out');
  const x = loadInputs({ data: opts.data, synthetic: opts.synthetic, n: opts.n, features, rng: rng.fold('data'), what: '--data', labelColumns: opts.labelColumns });
  const xTest = opts.testData ? loadInputs({ data: opts.testData, features, rng, what: '--test-data', labelColumns: opts.labelColumns }) : undefined;
  const sized = { ...job, n: x.rows, nTest: xTest?.rows ?? 0 };
  requireKernelMemory(net, spec, sized, budget);
  requireDiskSpace(opts.out, kernelFileBytes(net, sized), '--out');
  const bar = progress(`kernel (${kind})`, { quiet: opts.quiet || opts.json });
  const t0 = Date.now();
  let kernel: Matrix;
  let cross: Matrix | undefined;
  let parts: Map<string, Matrix> | undefined;
  let stdError: Matrix | undefined;
  let namedParts: Map<string, Matrix> | undefined; // per-tensor parts that name an overflow
  let partSpectra: Map<string, Matrix> | undefined; // per-tensor parts whose spectra the summary gives
  const loaded = opts.params !== undefined ? loadParams(opts.params, net) : undefined;
  const params = loaded?.params ?? net.init(rng.fold('init'));
  if (kind === 'empirical') {
    const r = empiricalKernel(net, params, x, undefined, { outputs, perParam: opts.perLayer, onProgress: (d, t) => bar.update(d, t) });
    kernel = r.kernel;
    parts = r.byParam;
    partSpectra = parts;
    if (xTest) cross = empiricalKernel(net, params, xTest, x, { outputs }).kernel;
  } else if (kind === 'mc') {
    const samples = parseIntegerOption('--samples', opts.samples, 2);
    const r = monteCarloKernel(makeNet, x, { samples, rng: rng.fold('mc'), onProgress: (d, t) => bar.update(d, t) });
    kernel = r.mean;
    stdError = r.stdError;
  } else {
    bar.update(0, 1);
    const r = analyticKernel(net, x, undefined, { quadratureTol, quadratureAchieved: achieved });
    quadrature = r.quadrature;
    kernel = kind === 'nngp' ? r.nngp : r.ntk;
    namedParts = kind === 'analytic' ? r.ntkByParam : undefined;
    partSpectra = namedParts;
    parts = kind === 'analytic' && opts.perLayer ? r.ntkByParam : undefined;
    if (xTest) {
      const c = analyticKernel(net, xTest, x, { quadratureTol, quadratureAchieved: achieved });
      quadrature = summarizeQuadrature(achieved, quadratureTol);
      cross = kind === 'nngp' ? c.nngp : c.ntk;
    }
    bar.update(1, 1);
  }
  bar.stop();
  if (kind === 'empirical') requireFiniteEmpirical(kernel, 'the empirical kernel', net, params, x, parts);
  else requireFiniteKernel(kernel, `the ${kind} kernel`, namedParts ?? parts);
  if (cross !== undefined) requireFiniteKernel(cross, `the ${kind} test × train block`);
  const seconds = (Date.now() - t0) / 1000;
  const spectrum = kernelSpectrum(kernel, `the ${kind} kernel`);
  const partSummaries = partSpectra ? summarizeParts(partSpectra, kind) : undefined;
  const lastHidden = lastHiddenWeight(net);
  const lastHiddenPart = lastHidden !== undefined ? partSummaries?.[lastHidden] : undefined;

  const tensors: Record<string, Tensor> = { kernel: f64([kernel.rows, kernel.cols], kernel.data) };
  if (cross) tensors['test_train'] = f64([cross.rows, cross.cols], cross.data);
  if (stdError) tensors['std_error'] = f64([stdError.rows, stdError.cols], stdError.data);
  if (parts) for (const [name, m] of parts) tensors[`parts/${name}`] = f64([m.rows, m.cols], m.data);
  const kernelFile = join(opts.out, 'kernel.safetensors');
  saveSafetensors(kernelFile, tensors, { kind, model: JSON.stringify(spec), seed: String(seed), ...(opts.params !== undefined ? { params: opts.params } : {}) });
  const summary = {
    kind,
    model: spec,
    network: net.name,
    parameters: net.trainableSize,
    examples: x.rows,
    shape: kernel.shape,
    trace: spectrum.trace,
    lambdaMin: spectrum.lambdaMin,
    lambdaMax: spectrum.lambdaMax,
    condition: Number.isFinite(spectrum.condition) ? spectrum.condition : null,
    singularToWorkingPrecision: spectrum.singular,
    perLayerTraces: parts ? Object.fromEntries([...parts].map(([k, m]) => [k, traceOf(m)])) : undefined,
    parts: partSummaries,
    // du2019 Thm 5.1: λ0 = λ_min(K^(H)), the limit; at finite width its counterpart λ_min(G^(H)(θ)).
    lambda0: kind === 'analytic' && lastHiddenPart ? lastHiddenPart.lambdaMin : undefined,
    lastHiddenLayer: lastHiddenPart && lastHidden !== undefined
      ? { tensor: lastHidden, lambdaMin: lastHiddenPart.lambdaMin, of: kind === 'analytic' ? 'K^(H), the infinite-width limit (du2019 Thm 5.1: λ0)' : 'G^(H) at these parameters (du2019 Sec 4)' }
      : undefined,
    params: opts.params,
    step: loaded?.metadata['step'] !== undefined ? Number(loaded.metadata['step']) : undefined,
    testTrainShape: cross?.shape,
    // The adaptive quadrature of the activation maps (analytic, nngp): tolerance asked, largest error estimate.
    quadrature: kind === 'analytic' || kind === 'nngp' ? quadrature : undefined,
    samples: kind === 'mc' ? Number(opts.samples) : undefined,
    seed,
    seconds,
    files: { kernel: kernelFile, summary: join(opts.out, 'summary.json') },
  };
  writeFileAtomic(summary.files.summary, `${JSON.stringify(summary, null, 2)}\n`);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const fmt = (v: number): string => v.toPrecision(6);
  const lines = [
    `${kind} kernel of ${net.name} on ${x.rows} examples: ${kernel.rows}×${kernel.cols} in ${seconds.toFixed(2)} s`,
    `trace ${fmt(spectrum.trace)}, λ_min ${fmt(spectrum.lambdaMin)}, λ_max ${fmt(spectrum.lambdaMax)}, ` +
      `condition ${Number.isFinite(spectrum.condition) ? fmt(spectrum.condition) : '∞ (singular to working precision)'}`,
    ...(partSummaries ? Object.entries(partSummaries).map(([k, v]) => `  part ${k}: trace ${fmt(v.trace)}, λ_min ${fmt(v.lambdaMin)}, λ_max ${fmt(v.lambdaMax)}`) : []),
    ...(summary.lambda0 !== undefined ? [`λ0 = λ_min(K^(H)) of ${lastHidden}: ${fmt(summary.lambda0)}`] : []),
    ...(kind === 'empirical' && summary.lastHiddenLayer ? [`λ_min(G^(H)) of ${lastHidden}: ${fmt(summary.lastHiddenLayer.lambdaMin)}`] : []),
    ...(kind === 'empirical' && !parts ? ['(--per-layer adds each layer\'s part and λ_min(G^(H)) of the last hidden layer)'] : []),
    ...(summary.quadrature ? [quadratureLine(summary.quadrature)] : []),
    `wrote ${kernelFile} and ${summary.files.summary}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The model spec saved in a checkpoint's metadata (`overparam train` writes it), for --params without -m. */
function checkpointSpec(path: string | undefined): { spec: unknown; source: string } {
  if (path === undefined) throw new ConfigError('give --model (a spec file or inline JSON), or --params with a checkpoint that records its spec');
  const text = loadSafetensors(path).metadata['spec'];
  if (text === undefined) throw new ConfigError(`${path} records no model spec in its metadata; give --model as well`);
  const where = `${path} (metadata "spec")`;
  return { spec: parseJsonText(text, where, Infinity), source: where };
}

/** Each part's trace and extreme eigenvalues (a PSD matrix: the spectrum checks it). */
function summarizeParts(parts: Map<string, Matrix>, kind: string): Record<string, { trace: number; lambdaMin: number; lambdaMax: number }> {
  const out: Record<string, { trace: number; lambdaMin: number; lambdaMax: number }> = {};
  for (const [name, m] of parts) {
    const s = kernelSpectrum(m, `the ${kind} kernel's part from ${name}`);
    out[name] = { trace: s.trace, lambdaMin: s.lambdaMin, lambdaMax: s.lambdaMax };
  }
  return out;
}

function quadratureLine(q: QuadratureSummary): string {
  const head = `quadrature: ${q.expectations} Gaussian expectations, largest relative error estimate ${q.maxRelativeError.toExponential(1)} (tolerance ${q.tolerance})`;
  return q.unconverged > 0 ? `${head}; ${q.unconverged} did not reach the tolerance at ${q.maxNodes} nodes per dimension` : head;
}
