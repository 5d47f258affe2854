/**
 * The training loop: GD or SGD on the trainable parameters, records every `every` steps (step 0
 * included) with the loss, training error, margin and the requested probes. Records are handed to
 * onRecord as they are made, so an interrupted run keeps everything measured. The loop stops at the
 * step budget, at the target loss (checked at records), when the abort signal fires (Ctrl-C), or on a
 * non-finite loss or parameter, naming the step. With nonFinite: 'rollback' it stops at the first step
 * where anything becomes non-finite — the loss, a parameter, or a recorded quantity (a probe such as
 * the distance from initialization during divergence) — goes back to the parameters of the step before
 * (the last finite ones), records there if that step has no record yet, and says which step and what
 * overflowed; a record holding a non-finite value is then never handed out.
 */
import { ConfigError } from '../errors.js';
import type { Matrix } from '../linalg/matrix.js';
import type { Rng } from '../linalg/random/rng.js';
import type { Network } from '../nn/network.js';
import type { Probe } from '../probes/probe.js';
import type { Loss } from './losses.js';
import type { OptimizerSpec } from './schedule.js';
import { TrainingSession, type TrainRecord } from './session.js';

export type { TrainRecord } from './session.js';
export { gradientStep } from './step.js';

export type StopReason = 'steps' | 'target' | 'nonfinite' | 'interrupted';

export interface TrainOptions {
  loss: Loss;
  optimizer: OptimizerSpec;
  learningRate: number;
  steps: number;
  /** Stop when the training loss is at or below this (checked at each record). */
  targetLoss?: number;
  /** Record every this many steps (default 1). */
  every?: number;
  probes?: Probe[];
  rng: Rng;
  onRecord?: (r: TrainRecord) => void;
  /** Called after every step with the batch loss (for progress bars). */
  onStep?: (step: number, batchLoss: number) => void;
  signal?: AbortSignal;
  /**
   * Called after every step that stays finite, once the step's record (if any) has gone to onRecord,
   * with the parameters reached (live: copy what must be kept) — the place to write checkpoints.
   */
  afterStep?: (step: number, params: Float64Array) => void;
  /**
   * What a non-finite value does. 'stop' (default): a non-finite loss or parameter stops the run there,
   * and a record showing the non-finite loss is kept (experiments count such runs as diverged).
   * 'rollback': the first non-finite value in the loss, the parameters or a record (probes included)
   * stops the run at the step before, the last finite one, whose parameters are returned and recorded;
   * no record holds a non-finite value (what the CLI writes to files).
   */
  nonFinite?: 'stop' | 'rollback';
  /**
   * Continue a run: start from these parameters after this many steps (params0 stays the
   * initialization that distances and kernel drift are measured from). The step-0 record is not
   * repeated; batches continue exactly where they would have been.
   */
  resume?: { params: Float64Array; step: number };
}

export interface TrainResult {
  params: Float64Array;
  /** Steps actually taken. */
  steps: number;
  stop: StopReason;
  message: string;
  records: TrainRecord[];
}


/**
 * A cheap guard: a non-finite gradient entry makes its whole GEMM output row non-finite, so checking
 * a strided sample of the parameters catches it at once; the loss check of the next step catches the rest.
 */
function finiteSample(v: Float64Array, n: number): boolean {
  const stride = Math.max(1, Math.floor(n / 4096));
  for (let i = 0; i < n; i += stride) if (!Number.isFinite(v[i])) return false;
  return true;
}

/** The index of the first non-finite entry among the first n, or −1. */
function firstNonFinite(v: Float64Array, n: number): number {
  for (let i = 0; i < n; i++) if (!Number.isFinite(v[i])) return i;
  return -1;
}

/** The name of the parameter tensor holding flat index i. */
function tensorAt(net: Network, i: number): string {
  return net.paramRefs.find((r) => i >= r.offset && i < r.offset + r.size)?.name ?? `entry ${i}`;
}

/** The fields of a record holding a non-finite number (NaN, ±Infinity), nested values included. */
export function nonFiniteFields(r: TrainRecord): string[] {
  const bad = (v: unknown): boolean =>
    typeof v === 'number' ? !Number.isFinite(v) : Array.isArray(v) ? v.some(bad) : typeof v === 'object' && v !== null ? Object.values(v).some(bad) : false;
  return Object.entries(r).filter(([, v]) => bad(v)).map(([k]) => k);
}

/** True when a strided sample of the first n parameters is finite (see finiteSample). */
export function parametersLookFinite(params: Float64Array, n: number): boolean {
  return finiteSample(params, n);
}

/** Runs training to the end synchronously (tests, workers). */
export function train(net: Network, params0: Float64Array, x: Matrix, y: Matrix, opts: TrainOptions): TrainResult {
  const it = trainSteps(net, params0, x, y, opts);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

/**
 * Runs training while letting the event loop breathe every ~50 ms, so Ctrl-C (an AbortSignal) and
 * progress output are handled during long runs.
 */
export async function trainAsync(net: Network, params0: Float64Array, x: Matrix, y: Matrix, opts: TrainOptions): Promise<TrainResult> {
  const it = trainSteps(net, params0, x, y, opts);
  let last = Date.now();
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
    if (Date.now() - last > 50) {
      await new Promise((resolve) => setImmediate(resolve));
      last = Date.now();
    }
  }
}

/** The loop itself, yielding after every step. */
function* trainSteps(net: Network, params0: Float64Array, x: Matrix, y: Matrix, opts: TrainOptions): Generator<number, TrainResult, void> {
  const { loss, learningRate: eta } = opts;
  if (!(eta > 0) || !Number.isFinite(eta)) throw new ConfigError(`learning rate must be a positive number; got ${eta}`);
  if (!Number.isInteger(opts.steps) || opts.steps < 0) throw new ConfigError(`steps must be a non-negative integer; got ${opts.steps}`);
  const every = opts.every ?? 1;
  if (!Number.isInteger(every) || every < 1) throw new ConfigError(`record interval must be a positive integer; got ${every}`);
  if (x.rows !== y.rows) throw new ConfigError(`inputs have ${x.rows} examples but targets ${y.rows}`);
  const first = opts.resume?.step ?? 0;
  if (!Number.isInteger(first) || first < 0) throw new ConfigError(`resume step must be a non-negative integer; got ${first}`);
  const P = net.trainableSize;
  const session = new TrainingSession(net, params0, x, y, { loss, optimizer: opts.optimizer, learningRate: eta, rng: opts.rng, params: opts.resume?.params });
  const params = session.params;
  const probes = opts.probes ?? [];
  const records: TrainRecord[] = [];

  /** Measures the record of a step (not yet handed out). */
  const measure = (step: number): TrainRecord => session.record(step, probes);
  const emit = (r: TrainRecord): void => {
    records.push(r);
    opts.onRecord?.(r);
  };
  const lastRecorded = (): number => records[records.length - 1]?.step ?? -1;

  const finish = (steps: number, stop: StopReason, message: string): TrainResult => ({ params, steps, stop, message, records });

  /**
   * Step `step` made `what` non-finite: back to the parameters of the step before (`prev`), a record
   * there when it has none yet (and it is finite), and the message naming the step and what overflowed.
   */
  const overflow = (step: number, what: string, prev: Float64Array | null): TrainResult => {
    if (prev) params.set(prev);
    const back = step - 1;
    // (A resumed run's first step already has its record, when it has one, in the earlier segment.)
    if (back > first && lastRecorded() !== back) {
      const r = measure(back);
      if (nonFiniteFields(r).length === 0) emit(r);
    }
    return finish(back, 'nonfinite', `at step ${step} ${what} (learning rate ${eta} may be too large); stopped at step ${back}, the last finite one, whose parameters are kept`);
  };

  const rollback = opts.nonFinite === 'rollback';
  const lastKept = (): number => records[records.length - 1]?.step ?? first;
  if (first === 0) {
    const r = measure(0);
    const bad = rollback ? nonFiniteFields(r) : [];
    if (bad.length > 0) return finish(0, 'nonfinite', `at initialization (step 0) ${describeBad(r, bad)}; nothing was trained`);
    emit(r);
    if (!Number.isFinite(r.loss)) return finish(0, 'nonfinite', `the training loss is ${r.loss} at initialization (step 0)`);
    if (opts.targetLoss !== undefined && r.loss <= opts.targetLoss) return finish(0, 'target', `loss ${r.loss} ≤ target at step 0`);
  }
  const prev = rollback ? new Float64Array(P) : null;
  for (let step = first + 1; step <= opts.steps; step++) {
    if (opts.signal?.aborted) {
      // Measure where it stopped (a resumed run's first step has its record in the earlier segment).
      if (rollback ? step - 1 > first && lastRecorded() !== step - 1 : records.length === 0 || lastRecorded() !== step - 1) {
        const r = measure(step - 1);
        if (!rollback || nonFiniteFields(r).length === 0) emit(r);
      }
      return finish(step - 1, 'interrupted', `interrupted after step ${step - 1}`);
    }
    prev?.set(params.subarray(0, P));
    const batchLoss = session.step(step);
    if (!Number.isFinite(batchLoss)) {
      // The parameters are those of step − 1, untouched.
      if (rollback) return overflow(step, `the ${session.fullBatch ? 'training' : 'batch'} loss became ${batchLoss}`, null);
      return finish(step - 1, 'nonfinite', `the loss became ${batchLoss} after step ${step - 1} (learning rate ${eta} may be too large); the records up to step ${lastKept()} are kept`);
    }
    if (rollback) {
      const at = firstNonFinite(params, P);
      if (at >= 0) return overflow(step, `the parameters became non-finite (${tensorAt(net, at)} holds ${params[at]})`, prev);
    } else if (!finiteSample(params, P)) {
      return finish(step, 'nonfinite', `the parameters became non-finite at step ${step}; the records up to step ${lastKept()} are kept`);
    }
    opts.onStep?.(step, batchLoss);
    yield step;
    if (step % every === 0 || step === opts.steps) {
      const r = measure(step);
      const bad = rollback ? nonFiniteFields(r) : [];
      if (bad.length > 0) return overflow(step, describeBad(r, bad), prev);
      emit(r);
      if (!Number.isFinite(r.loss)) return finish(step, 'nonfinite', `the training loss became ${r.loss} at step ${step}`);
      if (opts.targetLoss !== undefined && r.loss <= opts.targetLoss) {
        opts.afterStep?.(step, params);
        return finish(step, 'target', `loss ${r.loss} ≤ target ${opts.targetLoss} at step ${step}`);
      }
    }
    opts.afterStep?.(step, params);
  }
  return finish(Math.max(first, opts.steps), 'steps', first > 0 ? `finished steps ${first + 1}–${opts.steps}` : `finished ${opts.steps} steps`);
}

/** "the loss became Infinity, distance.frobenius became NaN" for the non-finite fields of a record. */
function describeBad(r: TrainRecord, fields: string[]): string {
  return fields.map((k) => {
    const v = r[k];
    const name = k === 'loss' ? 'the training loss' : k;
    return typeof v === 'number' ? `${name} became ${v}` : `${name} became non-finite`;
  }).join(', ');
}
