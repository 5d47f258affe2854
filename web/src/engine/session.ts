/**
 * One training run of the playground: full-batch GD on a Problem, one step at a time, with the
 * measurements the views show. It trains through the library's TrainingSession (train/session.ts) and
 * measures with its probes — kernel (G(t), its drift, λ_min), rnn (hidden norms) and the distance
 * probe's relative movement — so the page shows the quantities `overparam train` and the claims record.
 * Cheap ones come with every step (loss, weight movement); the kernel ones (G(t), its drift from G(0),
 * λ_min, the decision boundary, RNN hidden norms) are taken on demand, at a cadence the caller chooses,
 * so they never stall the run.
 *   kernel drift  ‖G(t) − G(0)‖_F/‖G(0)‖_F   (liu2020 Sec 3: ∝ m^{−1/2} for linear outputs)
 *   movement      ‖θ_t − θ_0‖₂/‖θ_0‖₂ over the trainable parameters (du2019 Lemma 5.4, zou2018 Lemma 5.5)
 *   λ_min(G(t))   du2019 Thm 5.1 keeps it ≥ λ0/2 along training
 * For several outputs G is the output-traced kernel Σ_c Θ_cc (empirical.ts 'trace').
 */
import { Matrix } from '../../../src/linalg/matrix.js';
import { frobeniusNorm } from '../../../src/linalg/norms.js';
import { Rng } from '../../../src/linalg/random/rng.js';
import { analyticKernel } from '../../../src/kernels/analytic/index.js';
import { RecurrentNode } from '../../../src/nn/combinators/recurrent.js';
import { relativeMovement } from '../../../src/probes/distance.js';
import { kernelProbe, type KernelQuantities } from '../../../src/probes/kernel.js';
import { probeOutput, type Probe } from '../../../src/probes/probe.js';
import { rnnProbe } from '../../../src/probes/rnn.js';
import { TrainingSession } from '../../../src/train/session.js';
import { parametersLookFinite } from '../../../src/train/trainer.js';
import type { Problem } from './problem.js';

/** Measured with every step. */
export interface StepPoint {
  step: number;
  loss: number;
  movement: number;
}

/** The kernel-side measurements at one step. */
export interface KernelPoint {
  step: number;
  drift: number;
  /** λ_min(G(t)); NaN when G(t) is singular to working precision (λ_min within round-off of 0). */
  lambdaMin: number;
  trainingError: number | null;
}

export interface Snapshot extends KernelPoint {
  /** G(t), n × n, row-major. */
  kernel: Float64Array;
  /** Network output over the boundary grid (gridSize² values, row-major from the top left), or null. */
  boundary: Float64Array | null;
  /** Mean ‖h_l‖₂ over the sequences, l = 1..L (RNN only). */
  hiddenNorms: number[] | null;
}

/** The decision-boundary grid: gridSize × gridSize points spanning the data's box. */
export interface BoundaryGrid {
  size: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  inputs: Matrix;
}

export interface SessionOptions {
  /** Points per side of the decision-boundary grid (default 24; 0: none). */
  gridSize?: number;
  /** Compute the infinite-width NTK (default true). */
  infiniteWidth?: boolean;
}

export class TrainingStopped extends Error {
  constructor(message: string, readonly step: number) {
    super(message);
    this.name = 'TrainingStopped';
  }
}

function boundaryGrid(p: Problem, size: number): BoundaryGrid | null {
  if (!p.plane) return null;
  const pts = p.plane.points;
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let i = 0; i < pts.rows; i++) {
    xMin = Math.min(xMin, pts.data[2 * i]);
    xMax = Math.max(xMax, pts.data[2 * i]);
    yMin = Math.min(yMin, pts.data[2 * i + 1]);
    yMax = Math.max(yMax, pts.data[2 * i + 1]);
  }
  const padX = 0.15 * (xMax - xMin || 1);
  const padY = 0.15 * (yMax - yMin || 1);
  xMin -= padX;
  xMax += padX;
  yMin -= padY;
  yMax += padY;
  const raw = new Matrix(size * size, 2);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const k = r * size + c;
      raw.data[2 * k] = xMin + ((c + 0.5) / size) * (xMax - xMin);
      raw.data[2 * k + 1] = yMax - ((r + 0.5) / size) * (yMax - yMin);
    }
  }
  return { size, xMin, xMax, yMin, yMax, inputs: p.plane.embed(raw) };
}


export class Session {
  readonly params: Float64Array;
  step = 0;
  /** G(0) on the training inputs. */
  readonly kernel0: Matrix;
  /** The infinite-width NTK on the training inputs (same output convention as G), or null with why. */
  readonly kernelInfinite: Matrix | null;
  readonly kernelInfiniteNote: string;
  readonly lambdaMin0: number;
  readonly grid: BoundaryGrid | null;
  private readonly training: TrainingSession;
  /** G(t) (output-traced, Σ_c Θ_cc; one output: Θ_00) with the matrix for the heatmaps; rnn for RNNs. */
  private readonly kernelProbe = kernelProbe({ matrix: true, parts: false });
  private readonly rnnProbe = rnnProbe();
  private readonly heavyProbes: Probe[];
  /** ‖θ_0‖₂ over the trainable parameters, for the movement at every step. */
  private readonly theta0Norm: number;
  /** The record at step 0, kept for the first snapshot. */
  private first: Measured | null;
  /** The trainable parameters before the step in progress, to restore if it leaves them non-finite. */
  private readonly backup: Float64Array;

  constructor(readonly problem: Problem, opts: SessionOptions = {}) {
    const { net, params0, x, y, loss, eta } = problem;
    // GD draws nothing: the stream only seeds the (unused) batch sampler.
    this.training = new TrainingSession(net, params0, x, y, { loss, optimizer: { kind: 'gd' }, learningRate: eta, rng: Rng.fromSeed(0) });
    this.params = this.training.params;
    this.theta0Norm = frobeniusNorm(params0.subarray(0, net.trainableSize));
    this.backup = new Float64Array(net.trainableSize);
    this.heavyProbes = net.root instanceof RecurrentNode ? [this.kernelProbe, this.rnnProbe] : [this.kernelProbe];
    const first = this.measure();
    this.kernel0 = first.kernel;
    this.lambdaMin0 = first.lambdaMin;
    this.first = first;
    const gridSize = opts.gridSize ?? 24;
    this.grid = gridSize > 0 ? boundaryGrid(problem, gridSize) : null;
    let inf: Matrix | null = null;
    let note = 'not computed';
    if (opts.infiniteWidth ?? true) {
      try {
        const k = analyticKernel(problem.net, problem.x).ntk;
        // The limit's outputs are iid, so the traced kernel of C outputs is C times the per-output one.
        if (problem.net.outputs > 1) for (let i = 0; i < k.data.length; i++) k.data[i] *= problem.net.outputs;
        inf = k;
        note = '';
      } catch (e) {
        note = e instanceof Error ? e.message : String(e);
      }
    }
    this.kernelInfinite = inf;
    this.kernelInfiniteNote = note;
  }

  /** The probes' record at the current parameters. */
  private measure(): Measured {
    const r = this.training.record(this.step, this.heavyProbes);
    const k: KernelQuantities = probeOutput(r, this.kernelProbe);
    const n = this.problem.x.rows;
    const kernel = new Matrix(n, n, Float64Array.from(k.matrix ?? []));
    const hidden = this.heavyProbes.includes(this.rnnProbe) ? probeOutput(r, this.rnnProbe).mean : null;
    return {
      kernel,
      // λ_min, or NaN when G is singular to working precision (λ_min at the round-off level n·ε·λ_max).
      lambdaMin: k.singular === 1 ? NaN : k.lambdaMin,
      drift: k.driftFrobenius ?? NaN,
      trainingError: r.trainingError,
      hiddenNorms: hidden,
    };
  }

  /** Weight movement ‖θ_t − θ_0‖/‖θ_0‖ over the trainable parameters (the distance probe's totalRelative). */
  movement(): number {
    return relativeMovement(this.params, this.problem.params0, this.problem.net.trainableSize, this.theta0Norm) ?? NaN;
  }

  /** The training loss at the current parameters (one forward pass). */
  loss(): number {
    const { net, x, y, loss } = this.problem;
    return loss.value(net.forward(this.params, x), y);
  }

  /**
   * One GD step. Returns the point of the step just left (its loss comes free with the step's
   * forward pass). Throws TrainingStopped, leaving the parameters as they were, when the loss or the
   * parameters stop being finite.
   */
  advance(): StepPoint {
    const { net, eta } = this.problem;
    const before: StepPoint = { step: this.step, loss: NaN, movement: this.movement() };
    this.backup.set(this.params.subarray(0, net.trainableSize));
    before.loss = this.training.step(this.step + 1);
    if (!Number.isFinite(before.loss)) {
      throw new TrainingStopped(`the loss is ${before.loss} at step ${this.step}: the step size η = ${eta.toPrecision(3)} is too large for this network (lower the learning rate)`, this.step);
    }
    if (!parametersLookFinite(this.params, net.trainableSize)) {
      this.params.set(this.backup);
      throw new TrainingStopped(`the parameters became non-finite at step ${this.step + 1}; kept those of step ${this.step}`, this.step);
    }
    this.step++;
    this.first = null;
    return before;
  }

  /** The cheap point of the current step (one forward pass). */
  point(): StepPoint {
    return { step: this.step, loss: this.loss(), movement: this.movement() };
  }

  /** The kernel-side measurements at the current step (the heavy views). */
  snapshot(): Snapshot {
    const p = this.problem;
    const m = this.step === 0 && this.first !== null ? this.first : this.measure();
    let boundary: Float64Array | null = null;
    if (this.grid) {
      const f = p.net.forward(this.params, this.grid.inputs);
      boundary = new Float64Array(f.rows);
      // One number per grid point: f for one output, the first class's margin f_0 − f_1 for two.
      for (let i = 0; i < f.rows; i++) boundary[i] = f.cols === 1 ? f.data[i] : f.data[i * f.cols] - f.data[i * f.cols + 1];
    }
    return {
      step: this.step,
      drift: m.drift,
      lambdaMin: m.lambdaMin,
      trainingError: m.trainingError,
      kernel: m.kernel.data,
      boundary,
      hiddenNorms: m.hiddenNorms,
    };
  }
}

interface Measured {
  kernel: Matrix;
  lambdaMin: number;
  drift: number;
  trainingError: number | null;
  hiddenNorms: number[] | null;
}
