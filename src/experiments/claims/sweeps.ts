/** The measurement loop most scaling claims share: a quantity at each width for several seeds. */
import type { ScalingPoint } from '../statistics.js';
import type { ClaimContext } from './claim.js';

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
