/**
 * A gradient-diversity problem (chen2018 App. A–C): a student network, a teacher of the same architecture
 * with its own weights, and n inputs, all drawn fresh for every Monte-Carlo draw. The spec is plain JSON,
 * so worker threads can rebuild it.
 *
 * Streams: draw k uses s = rng.fold(k); the data come from s.fold(0), student tensor a (declaration order)
 * from s.fold(1, a), teacher tensor a from s.fold(2, a) — every path (the generic Network one, the
 * closed form for linear nets) draws the same numbers, so they can be compared draw by draw.
 * Entries: each group has a zero-mean distribution scaled to a std (chen2018 Prop A.1 allows any; the
 * theorems 6–10 take N(0, 1)). Defaults: a tensor drawn N(0, std²) by its model init keeps that std.
 */
import { ConfigError } from '../../errors.js';
import { Matrix } from '../../linalg/matrix.js';
import type { Rng } from '../../linalg/random/rng.js';
import { fillUnitVariance, type EntryDistribution } from '../../data/chen2018.js';
import { chen2018Linear, chen2018TwoLayer } from '../../models/chen2018.js';
import { buildModel } from '../../models/spec.js';
import type { ActivationSpec } from '../../nn/activations.js';
import type { Network } from '../../nn/network.js';
import { featureSize } from '../../nn/shape.js';

export const ENTRY_DISTRIBUTIONS: readonly EntryDistribution[] = ['gaussian', 'uniform', 'rademacher', 'laplace'];

/** One group of entries: std·z, z of a unit-variance distribution. */
export interface EntrySpec {
  distribution: EntryDistribution;
  /** Default 1. */
  std?: number;
}

export type DiversityModel =
  /** chen2018 L-layer linear net, widths K = (K_0 = d, K_1, …, K_{L−1}). */
  | { kind: 'linear'; widths: number[] }
  /** chen2018 2-layer net ŷ = W_2σ(W_1x) (tanh by default). */
  | { kind: 'two-layer'; inputDim: number; width: number; activation?: ActivationSpec }
  /** Any model spec that models/spec.ts builds (teacher = same spec). */
  | { kind: 'spec'; spec: unknown };

export interface DiversityProblem {
  model: DiversityModel;
  /** Examples per draw. */
  n: number;
  /** Student entries: one spec for every tensor or one per tensor. Default: the model's own N(0, std²). */
  student?: EntrySpec | EntrySpec[];
  /** Teacher entries, as for the student. */
  teacher?: EntrySpec | EntrySpec[];
  /** Input entries. Default N(0, 1). */
  data?: EntrySpec;
  /** 'fast' (the closed form, linear nets only; default for them) or 'generic' (per-example gradients). */
  path?: 'fast' | 'generic';
}

export function buildProblemNetwork(m: DiversityModel): Network {
  switch (m.kind) {
    case 'linear':
      return chen2018Linear(m.widths);
    case 'two-layer':
      return chen2018TwoLayer({ inputDim: m.inputDim, width: m.width, activation: m.activation });
    case 'spec':
      return buildModel(m.spec, 'model');
    default:
      throw new ConfigError(`unknown model kind ${String((m as { kind: unknown }).kind)}; use linear, two-layer or spec`);
  }
}

function checkEntry(e: EntrySpec, where: string): void {
  if (!ENTRY_DISTRIBUTIONS.includes(e.distribution)) {
    throw new ConfigError(`${where}: distribution must be one of ${ENTRY_DISTRIBUTIONS.join(', ')}; got "${String(e.distribution)}"`);
  }
  if (e.std !== undefined && !(e.std > 0 && Number.isFinite(e.std))) throw new ConfigError(`${where}: std must be a positive number; got ${e.std}`);
}

/** The entry spec of each parameter tensor (all tensors, declaration order); null: the model's own init. */
export function tensorEntries(net: Network, spec: EntrySpec | EntrySpec[] | undefined, who: string): (EntrySpec | null)[] {
  const refs = net.paramRefs;
  if (Array.isArray(spec)) {
    if (spec.length !== refs.length) {
      throw new ConfigError(`${who}: ${refs.length} entry specs needed (one per tensor: ${refs.map((r) => r.name).join(', ')}); got ${spec.length}`);
    }
    spec.forEach((e, a) => checkEntry(e, `${who}[${a}]`));
    return spec;
  }
  if (spec) checkEntry(spec, who);
  return refs.map((r) => spec ?? (r.init.kind === 'normal' ? { distribution: 'gaussian', std: r.init.std } : null));
}

/** Validates a problem and returns its network (with the per-tensor entry specs). */
export function resolveProblem(p: DiversityProblem): { net: Network; student: (EntrySpec | null)[]; teacher: (EntrySpec | null)[]; data: EntrySpec; d: number } {
  if (!Number.isSafeInteger(p.n) || p.n < 1) throw new ConfigError(`the number of examples n must be a positive integer; got ${p.n}`);
  const net = buildProblemNetwork(p.model);
  if (net.outputs < 1) throw new ConfigError(`${net.name} has no outputs`);
  const data = p.data ?? { distribution: 'gaussian' };
  checkEntry(data, 'data');
  if (p.path === 'fast' && p.model.kind !== 'linear') throw new ConfigError('the fast closed-form path needs a linear model (kind "linear"); use path "generic"');
  return { net, student: tensorEntries(net, p.student, 'student'), teacher: tensorEntries(net, p.teacher, 'teacher'), data, d: featureSize(net.inShape) };
}

/** Fills out with std·z, z iid of the unit-variance distribution (Gaussians by the ziggurat, Rng.fillNormalZiggurat). */
export function fillEntries(rng: Rng, e: EntrySpec, out: Float64Array): Float64Array {
  const std = e.std ?? 1;
  if (e.distribution === 'gaussian') return rng.fillNormalZiggurat(out, 0, std);
  fillUnitVariance(rng, e.distribution, out);
  if (std !== 1) for (let i = 0; i < out.length; i++) out[i] *= std;
  return out;
}

/** Stream roles inside a draw: s.fold(ROLE_DATA), s.fold(ROLE_STUDENT, a), s.fold(ROLE_TEACHER, a). */
export const ROLE_DATA = 0;
export const ROLE_STUDENT = 1;
export const ROLE_TEACHER = 2;

/** A draw's parameters for one role: every tensor from s.fold(role, a) (model init where the spec is null). */
export function drawParams(net: Network, entries: readonly (EntrySpec | null)[], draw: Rng, role: number, out?: Float64Array): Float64Array {
  const params = out ?? new Float64Array(net.size);
  let fallback: Float64Array | null = null;
  net.paramRefs.forEach((r, a) => {
    const e = entries[a];
    if (e) fillEntries(draw.fold(role, a), e, r.view(params));
    else r.view(params).set(r.view((fallback ??= net.init(draw.fold(role, 'init')))));
  });
  return params;
}

/** A draw's n×d inputs from s.fold(ROLE_DATA). */
export function drawInputs(draw: Rng, data: EntrySpec, n: number, d: number, out?: Matrix): Matrix {
  const x = out ?? new Matrix(n, d);
  fillEntries(draw.fold(ROLE_DATA), data, x.data);
  return x;
}
