/**
 * The training worker: the library itself (portable backend) running the playground's session, so
 * the page never blocks. It trains in slices of ~50 ms, sends the cheap points of every step, and
 * takes the kernel-side snapshot (G(t), drift, λ_min, boundary, RNN norms) at a cadence that keeps it
 * to about a fifth of the time: heavy views refresh less often instead of stalling the run.
 */
import { useBackend } from '../../src/linalg/registry.js';
import { buildProblem } from './engine/problem.js';
import { Session, TrainingStopped, type Snapshot } from './engine/session.js';
import { compareWidths, type ComparisonProgress, type WidthComparison } from './engine/widthComparison.js';
import type { FromWorker, ProblemInfo, SnapshotMessage, ToWorker } from './protocol.js';

useBackend('portable');

const SLICE_MS = 50;
const MIN_HEAVY_INTERVAL_MS = 150;
/** The snapshot may take at most 1/(1 + this) of the time. */
const HEAVY_SHARE = 4;

let session: Session | null = null;
let running = false;
let lastHeavyAt = 0;
let heavyInterval = MIN_HEAVY_INTERVAL_MS;
let comparison: Generator<ComparisonProgress, WidthComparison, void> | null = null;
const recent: { t: number; step: number }[] = [];

function post(m: FromWorker, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(m, transfer);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function toMessage(s: Snapshot): SnapshotMessage {
  return { step: s.step, drift: s.drift, lambdaMin: s.lambdaMin, trainingError: s.trainingError, kernel: s.kernel.slice(), boundary: s.boundary, hiddenNorms: s.hiddenNorms };
}

function heavySnapshot(s: Session): SnapshotMessage {
  const t0 = performance.now();
  const snap = toMessage(s.snapshot());
  const cost = performance.now() - t0;
  heavyInterval = Math.max(MIN_HEAVY_INTERVAL_MS, HEAVY_SHARE * cost);
  lastHeavyAt = performance.now();
  return snap;
}

function stepsPerSecond(step: number): number {
  const t = performance.now();
  recent.push({ t, step });
  while (recent.length > 2 && t - recent[0].t > 2000) recent.shift();
  const first = recent[0];
  return t > first.t ? ((step - first.step) * 1000) / (t - first.t) : 0;
}

function configure(config: ToWorker & { type: 'configure' }): void {
  running = false;
  comparison = null;
  recent.length = 0;
  try {
    const problem = buildProblem(config.config);
    session = new Session(problem);
    const g = session.grid;
    const info: ProblemInfo = {
      config: problem.config,
      network: problem.net.name,
      parameters: problem.net.trainableSize,
      eta: problem.eta,
      n: problem.x.rows,
      output: problem.output,
      kernel0: session.kernel0.data.slice(),
      kernelInfinite: session.kernelInfinite ? session.kernelInfinite.data.slice() : null,
      kernelInfiniteNote: session.kernelInfiniteNote,
      lambdaMin0: session.lambdaMin0,
      plane: problem.plane && g ? { points: problem.plane.points.data.slice(), labels: problem.plane.labels.slice(), size: g.size, xMin: g.xMin, xMax: g.xMax, yMin: g.yMin, yMax: g.yMax } : null,
      sequenceLength: problem.sequence?.length ?? null,
    };
    post({ type: 'ready', info, snapshot: heavySnapshot(session), point: session.point() });
  } catch (e) {
    session = null;
    post({ type: 'error', message: message(e) });
  }
}

/** Trains one slice; returns false when training stopped. */
function slice(s: Session, maxSteps = Infinity): boolean {
  const t0 = performance.now();
  const points = [];
  let ok = true;
  try {
    while (points.length < maxSteps && performance.now() - t0 < SLICE_MS) points.push(s.advance());
  } catch (e) {
    if (!(e instanceof TrainingStopped)) throw e;
    ok = false;
    post({ type: 'stopped', step: s.step, message: e.message });
  }
  // A single step also reports the loss at the step reached (one more forward pass; not while running).
  if (ok && maxSteps !== Infinity) points.push(s.point());
  const due = !ok || performance.now() - lastHeavyAt >= heavyInterval || maxSteps !== Infinity;
  const snapshot = due ? heavySnapshot(s) : null;
  post({ type: 'progress', points, snapshot, step: s.step, stepsPerSecond: stepsPerSecond(s.step) });
  return ok;
}

function loop(): void {
  if (!running || !session) return;
  try {
    if (!slice(session)) running = false;
  } catch (e) {
    running = false;
    post({ type: 'error', message: message(e) });
  }
  if (running) setTimeout(loop, 0);
}

function compareLoop(): void {
  if (!comparison) return;
  const t0 = performance.now();
  try {
    let r = comparison.next();
    while (!r.done && performance.now() - t0 < 100) r = comparison.next();
    if (r.done) {
      comparison = null;
      post({ type: 'compare-done', result: r.value, message: '' });
      return;
    }
    const { runs, ...progress } = r.value;
    post({ type: 'compare-progress', progress, finished: runs.slice() });
  } catch (e) {
    comparison = null;
    post({ type: 'compare-done', result: null, message: message(e) });
    return;
  }
  setTimeout(compareLoop, 0);
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  switch (m.type) {
    case 'configure':
      configure(m);
      break;
    case 'run':
      if (session && !running) {
        running = true;
        comparison = null;
        loop();
      }
      break;
    case 'pause':
      running = false;
      // The loss at the step reached, and fresh kernel views, so a paused run shows where it is.
      // Messages keep their order, so this answer follows the last slice's progress.
      post(session ? { type: 'paused', points: [session.point()], snapshot: heavySnapshot(session), step: session.step } : { type: 'paused', points: [], snapshot: null, step: 0 });
      break;
    case 'step':
      if (session && !running) {
        try {
          slice(session, 1);
        } catch (err) {
          post({ type: 'error', message: message(err) });
        }
      }
      break;
    case 'compare':
      running = false;
      if (session) {
        comparison = compareWidths(session.problem.config, m.widths, m.steps);
        compareLoop();
      }
      break;
    case 'cancel-compare':
      comparison = null;
      post({ type: 'compare-done', result: null, message: 'cancelled' });
      break;
  }
};
