/**
 * One training session: the parameters of a run and what can be done with them — take an (S)GD step,
 * and record the current step (loss, training error, margin, and each probe's quantities). The training
 * loop (trainer.ts), the claims through it, and the playground's session all train and measure through
 * this one object, so a quantity means the same wherever it is shown.
 *
 *   step      θ ← θ − η·∇L_S(θ) on the step's batch S (all of the training set for GD); for a summed square
 *             loss the batch loss is scaled by n/|S| so that it stands for the full sum (du2019, allenzhu2019)
 *   record    the training-set loss, training error, min margin, and probe.measure(ctx) for each probe, with
 *             the forward pass, loss and gradient computed once per record and shared by the probes;
 *             probe state (G(0), the activation patterns at initialization) persists across records
 */
import { Matrix } from '../linalg/matrix.js';
import type { Rng } from '../linalg/random/rng.js';
import type { ForwardPass, Network } from '../nn/network.js';
import type { Probe, ProbeContext, ProbeValue } from '../probes/probe.js';
import { minMargin, trainingError, type Loss } from './losses.js';
import { batchSampler, type BatchSampler, type OptimizerSpec } from './schedule.js';
import { gradientStep } from './step.js';

export interface TrainRecord {
  step: number;
  loss: number;
  trainingError: number | null;
  margin: number | null;
  seconds: number;
  [probe: string]: ProbeValue | number | null;
}

export interface SessionOptions {
  loss: Loss;
  optimizer: OptimizerSpec;
  learningRate: number;
  /** Draws the SGD batches (its 'batches' fold); GD draws nothing. */
  rng: Rng;
  /** Start from these parameters instead of params0 (a resumed run); params0 stays the reference of distances and drift. */
  params?: Float64Array;
}

/**
 * The context probes read at one record: the forward pass on the training set, the loss and its gradient
 * computed at most once and shared by every probe; `state` keeps what a probe carries across records.
 */
export function probeContext(at: Omit<ProbeContext, 'pass' | 'outputs' | 'lossValue' | 'gradient' | 'state'>, state: Map<string, unknown>): ProbeContext {
  const { net, params, x, y, loss } = at;
  let pass: ForwardPass | undefined;
  let grad: Float64Array | undefined;
  let lossValue: number | undefined;
  const ctx: ProbeContext = {
    ...at,
    pass: () => (pass ??= net.forwardPass(params, x)),
    outputs: () => ctx.pass().out,
    lossValue: () => (lossValue ??= loss.value(ctx.outputs(), y)),
    gradient: () => (grad ??= net.gradient(params, x, loss.gradient(ctx.outputs(), y), ctx.pass())),
    state: <T>(key: string, init: () => T): T => {
      if (!state.has(key)) state.set(key, init());
      return state.get(key) as T;
    },
  };
  return ctx;
}

function takeRows(m: Matrix, idx: Int32Array): Matrix {
  const out = new Matrix(idx.length, m.cols);
  for (let k = 0; k < idx.length; k++) out.data.set(m.data.subarray(idx[k] * m.cols, (idx[k] + 1) * m.cols), k * m.cols);
  return out;
}

export class TrainingSession {
  /** The current parameters (updated in place by step). */
  readonly params: Float64Array;
  readonly loss: Loss;
  readonly learningRate: number;
  private readonly sampler: BatchSampler;
  /** n/|S| for a summed square loss (the batch stands for the full sum), else 1. */
  private readonly lossScale: number;
  private readonly probeState = new Map<string, unknown>();
  private readonly t0 = Date.now();

  constructor(readonly net: Network, readonly params0: Float64Array, readonly x: Matrix, readonly y: Matrix, opts: SessionOptions) {
    this.params = (opts.params ?? params0).slice();
    this.loss = opts.loss;
    this.learningRate = opts.learningRate;
    this.sampler = batchSampler(opts.optimizer, x.rows, opts.rng.fold('batches'));
    this.lossScale = opts.loss.spec.name === 'square' && opts.loss.spec.reduction !== 'mean' ? x.rows / this.sampler.size : 1;
  }

  /** Whether every step sees the whole training set (GD). */
  get fullBatch(): boolean {
    return this.sampler.full;
  }

  /**
   * Step number `step` (its batch is the sampler's for that step): θ ← θ − η·∇L. Returns the batch loss
   * at the parameters before the step; when it is not finite the parameters are left untouched.
   */
  step(step: number): number {
    const idx = this.sampler.next(step);
    const xb = this.sampler.full ? this.x : takeRows(this.x, idx);
    const yb = this.sampler.full ? this.y : takeRows(this.y, idx);
    return gradientStep(this.net, this.params, xb, yb, this.loss, this.learningRate, this.lossScale);
  }

  /** The record of the current parameters, labelled `step`, with these probes' quantities. */
  record(step: number, probes: readonly Probe[]): TrainRecord {
    const { net, params, params0, x, y, loss } = this;
    const ctx = probeContext({ net, step, params, params0, x, y, loss, learningRate: this.learningRate }, this.probeState);
    const f = ctx.outputs();
    const err = trainingError(loss, f, y);
    const margin = loss.classification && f.cols === 1 ? minMargin(f, y) : NaN;
    const r: TrainRecord = {
      step,
      loss: ctx.lossValue(),
      trainingError: Number.isNaN(err) ? null : err,
      margin: Number.isNaN(margin) ? null : margin,
      seconds: (Date.now() - this.t0) / 1000,
    };
    for (const p of probes) for (const [k, v] of Object.entries(p.measure(ctx))) r[`${p.name}.${k}`] = v;
    return r;
  }
}
