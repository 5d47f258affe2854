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

/**
 * Experiments several claims of a paper share (one set of training runs judged by different
 * statistics) are computed once per scale and seed of the run, then reused. compute receives the
 * claim's context with rng = ctx.shared (the paper's stream, not the claim's), so the runs and their
 * numbers do not depend on which claim asked first.
 */
export function sharedRuns<T>(cache: Map<string, T>, ctx: ClaimContext, compute: (shared: ClaimContext) => T): T {
  const key = `${ctx.scale}:${ctx.shared.key.join(',')}`;
  let v = cache.get(key);
  if (v === undefined) {
    v = compute({ ...ctx, rng: ctx.shared });
    cache.set(key, v);
  }
  return v;
}
