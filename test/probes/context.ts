/** A ProbeContext built by the training session's own builder (src/train/session.ts), for probe tests. */
import { Matrix } from '../../src/linalg/matrix.js';
import type { Network } from '../../src/nn/network.js';
import type { Probe, ProbeContext, ProbeValue } from '../../src/probes/probe.js';
import type { Loss } from '../../src/train/losses.js';
import { makeLoss } from '../../src/train/losses.js';
import { probeContext } from '../../src/train/session.js';

export interface ContextSetup {
  net: Network;
  params: Float64Array;
  params0?: Float64Array;
  x: Matrix;
  y?: Matrix;
  loss?: Loss;
  step?: number;
  learningRate?: number;
  /** Shared across contexts to carry probe state from one record to the next. */
  state?: Map<string, unknown>;
}

export function makeContext(s: ContextSetup): ProbeContext {
  const { net, params, x } = s;
  const y = s.y ?? new Matrix(x.rows, net.outputs);
  const loss = s.loss ?? makeLoss({ name: 'square' });
  return probeContext({ net, params, params0: s.params0 ?? params, x, y, loss, step: s.step ?? 0, learningRate: s.learningRate ?? 0.1 }, s.state ?? new Map<string, unknown>());
}

/** A numeric entry of a probe's record (throws if it is not a number). */
export function num(r: Record<string, ProbeValue>, key: string): number {
  const v = r[key];
  if (typeof v !== 'number') throw new Error(`${key} is ${JSON.stringify(v)}, not a number`);
  return v;
}

/** An entry of a keyed record (throws if absent or not a number). */
export function entry(r: Record<string, ProbeValue>, key: string, name: string): number {
  const v = r[key];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${key} is not a keyed record`);
  const e = (v as Record<string, unknown>)[name];
  if (typeof e !== 'number') throw new Error(`${key}.${name} is ${JSON.stringify(e)}`);
  return e;
}

export function measure(p: Probe, ctx: ProbeContext): Record<string, ProbeValue> {
  return p.measure(ctx);
}
