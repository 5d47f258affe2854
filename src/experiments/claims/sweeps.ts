/** The measurement loop most scaling claims share: a quantity at each width for several seeds. */
import type { ScalingPoint } from '../statistics.js';
import type { JsonObject } from '../runner/json.js';
import type { ClaimContext, PointRequest } from './claim.js';

/**
 * measure(m, s) at every width m and seed s (reporting progress); returns the points for judgeSlope
 * and the rows { width, seed, [field]: value } behind the plot.
 */
export function overWidths(ctx: ClaimContext, widths: readonly number[], seeds: number, field: string, measure: (m: number, s: number) => number): { pts: ScalingPoint[]; rows: Record<string, unknown>[] } {
  const pts: ScalingPoint[] = [];
  const rows: Record<string, unknown>[] = [];
  let done = 0;
  for (const m of widths) {
    for (let s = 0; s < seeds; s++) {
      const y = measure(m, s);
      pts.push({ x: m, y, group: s });
      rows.push({ width: m, seed: s, [field]: y });
      ctx.progress(++done, widths.length * seeds);
    }
  }
  return { pts, rows };
}

/**
 * A planned claim's points over widths × replicates, widths outermost (the order overWidths measures in):
 * `base` with each width and replicate 0 … seeds − 1.
 */
export function widthPoints(kind: string, widths: readonly number[], seeds: number, base: JsonObject = {}): PointRequest[] {
  return widths.flatMap((width) => Array.from({ length: seeds }, (_, replicate) => ({ kind, params: { ...base, width, replicate } })));
}

/** A number of a point's result; a null (a quantity the point left undefined, e.g. a diverged run's) or anything else is NaN. */
export function resultNumber(v: unknown): number {
  return typeof v === 'number' ? v : NaN;
}
