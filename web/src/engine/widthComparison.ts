/**
 * The same configuration trained at several widths, with the relative kernel drift
 * ‖G(T) − G(0)‖/‖G(0)‖ after T steps fitted against width on log–log axes. For a linear output
 * liu2020 (Sec 3, Thm 3.2) predicts slope −½; du2019 (Lemma 5.4/Thm 5.1) bounds the drift by O(m^{−1/2}) too.
 * A generator, so the caller can interleave it with other work (the playground's worker stays responsive).
 */
import { fitLogLog, type LineFit } from '../../../src/stats/regression.js';
import { reconcile, type PlaygroundConfig } from '../config.js';
import { buildProblem } from './problem.js';
import { Session, TrainingStopped } from './session.js';

export interface CurvePoint {
  step: number;
  drift: number;
  movement: number;
}

export interface WidthRun {
  width: number;
  curve: CurvePoint[];
  finalDrift: number;
  finalMovement: number;
  finalLoss: number;
  /** Why the run ended before T steps, if it did. */
  stopped: string | null;
}

export interface WidthComparison {
  steps: number;
  runs: WidthRun[];
  /** log drift = slope·log m + intercept over the runs that finished with a positive drift; null if fewer than 2. */
  fit: LineFit | null;
}

export interface ComparisonProgress {
  width: number;
  step: number;
  /** Finished runs so far. */
  runs: WidthRun[];
}

export function fitDrift(runs: readonly WidthRun[]): LineFit | null {
  const ok = runs.filter((r) => r.stopped === null && r.finalDrift > 0 && Number.isFinite(r.finalDrift));
  if (ok.length < 2) return null;
  return fitLogLog(ok.map((r) => r.width), ok.map((r) => r.finalDrift));
}

/**
 * Trains cfg at each width for `steps` GD steps, measuring drift every `every` steps (and at the end).
 * Yields after every step.
 */
export function* compareWidths(cfg: PlaygroundConfig, widths: readonly number[], steps: number, every = 10): Generator<ComparisonProgress, WidthComparison, void> {
  const runs: WidthRun[] = [];
  for (const width of widths) {
    const session = new Session(buildProblem(reconcile({ ...cfg, width }).config), { gridSize: 0, infiniteWidth: false });
    const curve: CurvePoint[] = [{ step: 0, drift: 0, movement: 0 }];
    let stopped: string | null = null;
    while (session.step < steps) {
      try {
        session.advance();
      } catch (e) {
        if (!(e instanceof TrainingStopped)) throw e;
        stopped = e.message;
        break;
      }
      if (session.step % every === 0 || session.step === steps) {
        const s = session.snapshot();
        curve.push({ step: s.step, drift: s.drift, movement: session.movement() });
      }
      yield { width, step: session.step, runs };
    }
    const last = curve[curve.length - 1];
    runs.push({ width, curve, finalDrift: last.drift, finalMovement: last.movement, finalLoss: session.loss(), stopped });
  }
  return { steps, runs, fit: fitDrift(runs) };
}
