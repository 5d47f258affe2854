/**
 * Point kind `hessian`: the extreme eigenvalues of a Hessian in the parameters, by Lanczos on exact
 * Hessian-vector products (net.hvp, forward-over-reverse), at initialization or after training.
 *   of "loss":   ∇²L(θ) of the training loss (the spectrum whose top sets GD's stable step, 2/λ_max);
 *   of "output": ∇²f_c(θ; x_i) of one output c at one training input i — liu2020 Thm 3.2's quantity,
 *                ‖H‖ = Õ(1/√m) for a linear output layer; its eigenvalues come in nearly ± pairs
 *                (liu2020 "Computing ‖H‖"), so the default end is the largest |λ|.
 * The network, data and training are the `train` kind's (kinds/train.ts): the same parameters and draws, so
 * `steps: 0` (the default) measures at the initialization that `train` starts from, and `steps: T` at the
 * parameters `train` ends with. A diverged run is measured at its last finite step and says `stop: "nonfinite"`.
 */
import { ConfigError } from '../../errors.js';
import { lanczos } from '../../linalg/lanczos.js';
import { Matrix } from '../../linalg/matrix.js';
import { integer, number, oneOf } from '../../models/specReader.js';
import type { CotangentTangent } from '../../nn/network.js';
import { registerPointKind, type PointContext, type PointKindDescriptor, type PointParams } from '../runner/registry.js';
import { finiteOrNull, WHERE } from './params.js';
import { readParams, runTrainPoint, TRAIN_DESCRIPTOR } from './train.js';

const OF = ['loss', 'output'] as const;
const WHICH = ['magnitude', 'largest', 'smallest'] as const;
const OWN = ['of', 'count', 'which', 'example', 'output', 'iterations', 'tolerance'] as const;
/** Lanczos defaults: the `hessian` probe's tolerance (relative Ritz residual), twice its step budget for count > 1. */
const DEFAULTS = { count: 1, iterations: 60, tolerance: 1e-8 };

interface HessianParams {
  of: (typeof OF)[number];
  count: number;
  which: (typeof WHICH)[number];
  example: number;
  output: number;
  iterations: number;
  tolerance: number;
}

/** The train kind's parameters that a Hessian point does not take (it measures once, at the end). */
const TRAIN_ONLY = ['probes', 'trajectory', 'every', 'targetLoss'] as const;

function readOwn(p: PointParams): HessianParams {
  for (const k of TRAIN_ONLY) if (p[k] !== undefined) throw new ConfigError(`${WHERE}.${k} is a train-kind parameter; a hessian point measures once, after its steps`);
  const t = readParams(p, OWN, 0);
  const of = oneOf(p, 'of', OF, WHERE, true) ?? 'loss';
  const count = integer(p, 'count', WHERE, { min: 1, optional: true }) ?? DEFAULTS.count;
  const which = oneOf(p, 'which', WHICH, WHERE, true) ?? 'magnitude';
  const example = integer(p, 'example', WHERE, { min: 0, optional: true });
  const output = integer(p, 'output', WHERE, { min: 0, optional: true });
  if (of === 'loss' && (example !== undefined || output !== undefined)) throw new ConfigError(`${WHERE}.${example !== undefined ? 'example' : 'output'} is for of "output" only (${WHERE}.of is "loss")`);
  if (example !== undefined && example >= t.n) throw new ConfigError(`${WHERE}.example must be below ${WHERE}.n = ${t.n}; got ${example}`);
  if (output !== undefined && output >= t.net.outputs) throw new ConfigError(`${WHERE}.output must be below the network's ${t.net.outputs} output(s); got ${output}`);
  const iterations = integer(p, 'iterations', WHERE, { min: 1, optional: true }) ?? DEFAULTS.iterations;
  if (count > Math.min(iterations, t.net.trainableSize)) throw new ConfigError(`${WHERE}.count must be at most ${WHERE}.iterations (${iterations}) and the parameter count (${t.net.trainableSize}); got ${count}`);
  const tolerance = number(p, 'tolerance', WHERE, { optional: true, exclusiveMin: 0 }) ?? DEFAULTS.tolerance;
  return { of, count, which, example: example ?? 0, output: output ?? 0, iterations, tolerance };
}

export function hessianPoint(p: PointParams, ctx: Pick<PointContext, 'seed' | 'signal'>): Record<string, unknown> {
  const h = readOwn(p);
  const run = runTrainPoint(p, ctx, OWN, 0);
  const { net, data, loss } = run;
  const theta = run.result.params;
  const P = net.trainableSize;
  let hv: (v: Float64Array) => Float64Array;
  if (h.of === 'loss') {
    const pass = net.forwardPass(theta, data.x);
    const g = loss.gradient(pass.out, data.y);
    const dg: CotangentTangent = (fDot) => loss.hessianVector(pass.out, data.y, fDot);
    hv = (v) => net.hvp(theta, data.x, v, g, dg, pass);
  } else {
    const xi = data.x.rowBlock(h.example, h.example + 1);
    const pass = net.forwardPass(theta, xi);
    const g = new Matrix(1, net.outputs);
    g.data[h.output] = 1;
    hv = (v) => net.hvp(theta, xi, v, g, undefined, pass);
  }
  const r = lanczos((v, out) => out.set(hv(v)), P, { which: h.which, count: h.count, maxIterations: Math.min(h.iterations, P), tolerance: h.tolerance });
  const last = run.records[run.records.length - 1];
  return {
    network: net.name,
    parameters: P,
    examples: data.x.rows,
    of: h.of,
    which: h.which,
    eigenvalues: Array.from(r.values, finiteOrNull),
    norm: h.which === 'magnitude' ? finiteOrNull(Math.abs(r.values[0])) : null,
    residuals: Array.from(r.residuals, finiteOrNull),
    hvps: r.iterations,
    converged: r.converged,
    steps: run.result.steps,
    stop: run.result.stop,
    learningRate: run.learningRate,
    loss: finiteOrNull(last?.loss ?? NaN),
  };
}

const TRAINING = TRAIN_DESCRIPTOR.params.filter((d) => !(TRAIN_ONLY as readonly string[]).includes(d.name))
  .map((d) => (d.name === 'steps' ? { ...d, default: 0, doc: 'training steps before measuring (0: at initialization)' } : d.name === 'lr' ? { ...d, doc: 'the learning rate η, when steps > 0 (or give lrC and lrPer)' } : d));

export const HESSIAN_DESCRIPTOR: PointKindDescriptor = {
  summary: 'extreme eigenvalues of the loss Hessian ∇²L or of an output\'s Hessian ∇²f(x_i) (liu2020), by Lanczos, at initialization or after training as the train kind trains',
  builtIn: true,
  params: [
    ...TRAINING,
    { name: 'of', type: 'loss or output', default: 'loss', doc: 'the training loss\'s Hessian, or one output\'s at one training input' },
    { name: 'example', type: 'integer ≥ 0', default: 0, doc: 'of "output": the training input i' },
    { name: 'output', type: 'integer ≥ 0', default: 0, doc: 'of "output": the output c' },
    { name: 'count', type: 'integer ≥ 1', default: DEFAULTS.count, doc: 'eigenvalues at the chosen end' },
    { name: 'which', type: 'magnitude, largest or smallest', default: 'magnitude', doc: 'largest |λ| (the spectral norm), algebraically largest, or smallest' },
    { name: 'iterations', type: 'integer ≥ 1', default: DEFAULTS.iterations, doc: 'Lanczos steps at most (each one Hessian-vector product)' },
    { name: 'tolerance', type: 'number > 0', default: DEFAULTS.tolerance, doc: 'stop when every returned Ritz pair\'s residual is below tolerance·|λ|' },
  ],
  result: {
    network: 'the network\'s name', parameters: 'trainable parameters P (the Hessian is P × P)', examples: 'n', of: 'which Hessian', which: 'which end',
    eigenvalues: 'the count Ritz values, most extreme first', norm: 'spectral norm |λ|max (with which "magnitude")', residuals: 'their residual bounds |β·s|',
    hvps: 'Hessian-vector products spent', converged: 'every returned pair met the tolerance', steps: 'training steps taken before measuring',
    stop: 'why training stopped (nonfinite: measured at the last finite step)', learningRate: 'η (0 with no steps)', loss: 'the training loss where measured',
  },
  validate: (p) => void readOwn(p),
};

registerPointKind('hessian', hessianPoint, HESSIAN_DESCRIPTOR);
