/** The plots of a saved playground run (report/playgroundRun.ts attaches each one's rows). */
import type { VegaLiteSpec } from './spec.js';

const WIDE = { width: 460, height: 240 } as const;

/** A quantity against the GD step, on a log or a linear (not zero-based) y axis, optionally one line per series. */
export function stepLineSpec(title: string, y: string, yTitle: string, log: boolean, color?: string): VegaLiteSpec {
  return {
    title, ...WIDE,
    mark: { type: 'line', point: false },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'GD step' },
      y: { field: y, type: 'quantitative', title: yTitle, scale: log ? { type: 'log' } : { zero: false } },
      ...(color ? { color: { field: color, type: 'nominal', title: null } } : {}),
    },
  };
}

/** Final kernel drift against width, log–log (liu2020 Thm 3.2: slope −1/2 for a linear output). */
export function widthDriftSpec(title: string): VegaLiteSpec {
  return {
    title, ...WIDE,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'width', type: 'quantitative', title: 'width m (log scale)', scale: { type: 'log' } },
      y: { field: 'drift', type: 'quantitative', title: '‖G(T) − G(0)‖/‖G(0)‖ (log scale)', scale: { type: 'log' } },
    },
  };
}
