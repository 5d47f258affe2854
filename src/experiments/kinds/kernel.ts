/**
 * Point kind `kernel`: a network's tangent kernel or NNGP on du2019's synthetic sphere data (n unit-norm
 * Gaussian directions), summarized by its spectrum — the numbers `overparam kernel --synthetic sphere`
 * prints, computed by the same library functions.
 *
 * Randomness: a point draws exactly as `overparam kernel --seed <seed>` does, from Rng.fromSeed(seed)
 * (seed = the point's seed): the inputs from .fold('data'), the initialization from .fold('init') and
 * the mc networks from .fold('mc'). So the data depend on the seed only (the same at every width and
 * depth of a seed), and a point's numbers equal the CLI's for the same model, n and seed, bit for bit.
 */
import { ConfigError } from '../../errors.js';
import type { Matrix } from '../../linalg/matrix.js';
import { Rng } from '../../linalg/random/rng.js';
import { unitSphere } from '../../data/synthetic.js';
import { analyticKernel } from '../../kernels/analytic/index.js';
import { empiricalKernel } from '../../kernels/empirical.js';
import { requireFiniteEmpirical, requireFiniteKernel } from '../../kernels/finite.js';
import { monteCarloKernel } from '../../kernels/monteCarlo.js';
import { kernelSpectrum } from '../../kernels/spectrum.js';
import { bool, integer, oneOf } from '../../models/specReader.js';
import { buildModel } from '../../models/spec.js';
import { featureSize } from '../../nn/shape.js';
import { registerPointKind, type PointContext, type PointKindDescriptor, type PointParams } from '../runner/registry.js';
import { finiteOrNull, knownParams, MODEL_OVERRIDES, modelParam, OVERRIDE_PARAMS, WHERE } from './params.js';

export const KERNEL_POINT_KINDS = ['empirical', 'analytic', 'nngp', 'mc'] as const;
type KernelKind = (typeof KERNEL_POINT_KINDS)[number];

/** The CLI's defaults (`overparam kernel`). */
const DEFAULT_N = 16;
const DEFAULT_SAMPLES = 100;

interface KernelParams {
  spec: Record<string, unknown>;
  n: number;
  kind: KernelKind;
  samples: number;
  perLayer: boolean;
}

function readParams(p: PointParams): KernelParams & { net: ReturnType<typeof buildModel> } {
  knownParams(p, ['model', ...MODEL_OVERRIDES, 'n', 'kind', 'samples', 'perLayer']);
  const { spec, net } = modelParam(p);
  const n = integer(p, 'n', WHERE, { min: 1, optional: true }) ?? DEFAULT_N;
  const kind = oneOf(p, 'kind', KERNEL_POINT_KINDS, WHERE, true) ?? 'empirical';
  const samples = integer(p, 'samples', WHERE, { min: 2, optional: true }) ?? DEFAULT_SAMPLES;
  if (p['samples'] !== undefined && kind !== 'mc') throw new ConfigError(`${WHERE}.samples is for kind "mc" only (${WHERE}.kind is "${kind}")`);
  const perLayer = bool(p, 'perLayer', WHERE) ?? false;
  if (perLayer && (kind === 'nngp' || kind === 'mc')) throw new ConfigError(`${WHERE}.perLayer is for kinds "empirical" and "analytic" (${WHERE}.kind is "${kind}")`);
  return { spec, net, n, kind, samples, perLayer };
}

function traceOf(m: Matrix): number {
  let t = 0;
  for (let i = 0; i < Math.min(m.rows, m.cols); i++) t += m.data[i * m.cols + i];
  return t;
}

export function kernelPoint(p: PointParams, ctx: Pick<PointContext, 'seed'>): Record<string, unknown> {
  const { spec, net, n, kind, samples, perLayer } = readParams(p);
  const rng = Rng.fromSeed(ctx.seed);
  const x = unitSphere({ n, d: featureSize(net.inShape), rng: rng.fold('data') });
  const params = net.init(rng.fold('init'));
  let kernel: Matrix;
  let parts: Map<string, Matrix> | undefined;
  let namedParts: Map<string, Matrix> | undefined;
  if (kind === 'empirical') {
    const r = empiricalKernel(net, params, x, undefined, { outputs: 'trace', perParam: perLayer });
    kernel = r.kernel;
    parts = r.byParam;
  } else if (kind === 'mc') {
    kernel = monteCarloKernel(() => buildModel(spec, `${WHERE}.model`), x, { samples, rng: rng.fold('mc') }).mean;
  } else {
    const r = analyticKernel(net, x, undefined);
    kernel = kind === 'nngp' ? r.nngp : r.ntk;
    namedParts = kind === 'analytic' ? r.ntkByParam : undefined;
    parts = kind === 'analytic' && perLayer ? r.ntkByParam : undefined;
  }
  if (kind === 'empirical') requireFiniteEmpirical(kernel, 'the empirical kernel', net, params, x, parts);
  else requireFiniteKernel(kernel, `the ${kind} kernel`, namedParts ?? parts);
  const s = kernelSpectrum(kernel, `the ${kind} kernel`);
  return {
    network: net.name,
    parameters: net.trainableSize,
    examples: x.rows,
    trace: s.trace,
    lambdaMin: s.lambdaMin,
    lambdaMax: s.lambdaMax,
    condition: finiteOrNull(s.condition),
    singular: s.singular,
    ...(parts ? { perLayerTraces: Object.fromEntries([...parts].map(([k, m]) => [k, traceOf(m)])) } : {}),
  };
}

export const KERNEL_DESCRIPTOR: PointKindDescriptor = {
  summary: 'tangent kernel or NNGP of a network on n synthetic sphere inputs (du2019), as `overparam kernel --synthetic sphere` computes it',
  builtIn: true,
  params: [
    { name: 'model', type: 'model spec object', required: true, doc: 'the network, e.g. {"preset": "du2019-fc", "inputDim": 5, "width": 64, "depth": 2}' },
    ...OVERRIDE_PARAMS,
    { name: 'n', type: 'integer ≥ 1', default: DEFAULT_N, doc: 'examples: unit-norm Gaussian directions in the model\'s input dimension' },
    { name: 'kind', type: `one of ${KERNEL_POINT_KINDS.join(', ')}`, default: 'empirical', doc: 'finite-width NTK at init, infinite-width NTK, infinite-width NNGP, or the mean empirical NTK over networks' },
    { name: 'samples', type: 'integer ≥ 2', default: DEFAULT_SAMPLES, doc: 'networks averaged by kind "mc"' },
    { name: 'perLayer', type: 'boolean', default: false, doc: 'also each parameter tensor\'s trace (kinds empirical, analytic)' },
    { name: 'seed', type: 'integer ≥ 0', default: 0, doc: 'draws data, init and mc networks as `overparam kernel --seed`' },
  ],
  result: {
    network: 'the network\'s name', parameters: 'trainable parameters', examples: 'n',
    trace: 'trace of the kernel', lambdaMin: 'smallest eigenvalue', lambdaMax: 'largest eigenvalue',
    condition: 'λ_max/λ_min, or null when singular to working precision', singular: 'λ_min at the round-off level',
    perLayerTraces: 'parameter tensor → trace of its part (with perLayer)',
  },
  validate: (p) => void readParams(p),
};

registerPointKind('kernel', kernelPoint, KERNEL_DESCRIPTOR);
