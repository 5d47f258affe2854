/**
 * A run as JSON in the format `overparam report` renders (src/report/playgroundRun.ts): configuration,
 * link, every step's loss and weight movement, the kernel measurements, and the width comparison.
 */
import { PLAYGROUND_FORMAT, type PlaygroundRunFile } from '../../src/report/playgroundRun.js';
import { configToQuery } from './config.js';
import type { KernelPoint, StepPoint } from './engine/session.js';
import type { WidthComparison } from './engine/widthComparison.js';
import type { ProblemInfo } from './protocol.js';

export interface RunState {
  info: ProblemInfo;
  steps: StepPoint[];
  kernel: KernelPoint[];
  stopped: string | null;
  comparison: WidthComparison | null;
}

/** JSON has no NaN: unmeasured values become null. */
function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

export function runToJson(s: RunState, generated = new Date().toISOString()): PlaygroundRunFile {
  const c = s.comparison;
  return {
    format: PLAYGROUND_FORMAT,
    generated,
    link: configToQuery(s.info.config),
    config: { ...s.info.config },
    network: s.info.network,
    parameters: s.info.parameters,
    eta: s.info.eta,
    stopped: s.stopped,
    steps: s.steps.map((p) => ({ step: p.step, loss: p.loss, movement: p.movement })),
    kernel: s.kernel.map((k) => ({ step: k.step, drift: k.drift, lambdaMin: finite(k.lambdaMin), trainingError: k.trainingError })),
    comparison: c
      ? {
          steps: c.steps,
          runs: c.runs.map((r) => ({ ...r, curve: r.curve.map((p) => ({ ...p })) })),
          slope: c.fit?.slope ?? null,
          slopeStdError: c.fit && Number.isFinite(c.fit.slopeStdError) ? c.fit.slopeStdError : null,
        }
      : null,
  };
}
