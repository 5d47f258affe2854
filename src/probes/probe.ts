/**
 * Probes: measurements taken along training, every k steps, each costing nothing when not requested.
 * A probe reads a ProbeContext whose expensive quantities (the forward pass on the training set, the
 * loss, its gradient) are computed once per record and shared by all probes; state that must persist
 * across records (G(0), the activation patterns at initialization) lives in ctx.state().
 */
import type { Matrix } from '../linalg/matrix.js';
import type { ForwardPass, Network } from '../nn/network.js';
import type { Loss } from '../nn/loss.js';

export type ProbeValue = number | null | number[] | Record<string, number | null> | Record<string, number[]>;

export interface ProbeContext {
  readonly net: Network;
  /** Steps taken so far (0 at initialization). */
  readonly step: number;
  readonly params: Float64Array;
  /** Parameters at initialization. */
  readonly params0: Float64Array;
  /** The full training set. */
  readonly x: Matrix;
  readonly y: Matrix;
  readonly loss: Loss;
  readonly learningRate: number;
  /** Forward pass on the training set at params (cached per record). */
  pass(): ForwardPass;
  outputs(): Matrix;
  lossValue(): number;
  /** ∇L on the training set over the trainable parameters (cached per record). */
  gradient(): Float64Array;
  /** Per-probe state kept across records, created on first use. */
  state<T>(key: string, init: () => T): T;
}

/** A probe's quantities at one record, by key (each probe names its own, typed, e.g. KernelQuantities). */
export type ProbeQuantities = Record<string, ProbeValue>;

export interface Probe<Q extends ProbeQuantities = ProbeQuantities> {
  readonly name: string;
  /** Values keyed by quantity; they appear in the record under `${probe.name}.${key}`. */
  measure(ctx: ProbeContext): Q;
}

/**
 * A probe's quantities read back from a training record (which holds them flat, under
 * `${probe.name}.${key}`), typed by the probe that measured them: `probeOutput(r, kernel).drift` is a
 * number or null, never an unchecked cast. A record without any of the probe's keys is an error (the
 * probe was not part of that run).
 */
export function probeOutput<Q extends ProbeQuantities>(record: Readonly<Record<string, unknown>>, probe: Probe<Q>): Q {
  const prefix = `${probe.name}.`;
  const out: ProbeQuantities = {};
  for (const [key, value] of Object.entries(record)) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value as ProbeValue;
  if (Object.keys(out).length === 0) throw new Error(`the record of step ${String(record['step'])} has no quantities of probe "${probe.name}"`);
  return out as Q;
}

/** One quantity of a probe along a run: its value at each record. */
export function probeSeries<Q extends ProbeQuantities, K extends keyof Q & string>(records: readonly Readonly<Record<string, unknown>>[], probe: Probe<Q>, key: K): Q[K][] {
  return records.map((r) => probeOutput(r, probe)[key]);
}

/**
 * sup over a run of a quantity that a probe may leave undefined (null, e.g. a ratio to a zero norm):
 * an undefined or non-finite value makes the supremum NaN, which the statistics count against the claim,
 * where Math.max would have read null as 0.
 */
export function supOf(values: readonly (number | null)[]): number {
  let sup = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) return NaN;
    sup = Math.max(sup, v);
  }
  return sup;
}
