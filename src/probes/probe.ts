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

export interface Probe {
  readonly name: string;
  /** Values keyed by quantity; they appear in the record under `${probe.name}.${key}`. */
  measure(ctx: ProbeContext): Record<string, ProbeValue>;
}
