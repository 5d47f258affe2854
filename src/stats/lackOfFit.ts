/**
 * The lack-of-fit F test of a straight-line fit with replicates (Draper & Smith, Applied Regression
 * Analysis, §2.1): the residual sum of squares splits into pure error (the scatter of replicates about
 * their own mean at each x) and lack of fit (the means' departure from the line). Under the line with
 * independent, equal-variance normal errors,
 *     F = (SS_lack / (g − 2)) / (SS_pure / (n − g))  ~  F(g − 2, n − g),
 * with g distinct x and n points. A small p says the straight line — a law, after a change of variables
 * — does not describe the data: this is the goodness-of-fit check the claims' model comparisons use.
 */
import fCdf from '@stdlib/stats-base-dists-f-cdf';
import { fitLine } from './regression.js';

export interface LackOfFit {
  F: number;
  /** P(F(dfLack, dfPure) ≥ F): the chance of a lack of fit this large under the line. */
  p: number;
  dfLack: number;
  dfPure: number;
  ssLack: number;
  ssPure: number;
  /** The fitted line. */
  slope: number;
  intercept: number;
}

/** The test, or null when it cannot be made: fewer than three distinct x, or no replicate anywhere. */
export function lackOfFit(xs: readonly number[], ys: readonly number[]): LackOfFit | null {
  const groups = new Map<number, number[]>();
  xs.forEach((x, i) => {
    const g = groups.get(x);
    if (g) g.push(ys[i]);
    else groups.set(x, [ys[i]]);
  });
  const g = groups.size;
  const n = xs.length;
  if (g < 3 || n - g < 1) return null;
  const line = fitLine(xs, ys);
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (ys[i] - line.intercept - line.slope * xs[i]) ** 2;
  let ssPure = 0;
  for (const v of groups.values()) {
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    for (const y of v) ssPure += (y - mean) ** 2;
  }
  const ssLack = Math.max(0, rss - ssPure);
  const dfLack = g - 2;
  const dfPure = n - g;
  // Exact data (no scatter): the line either fits to round-off or does not fit at all.
  const scale = ys.reduce((a, y) => a + y * y, 0);
  let F: number;
  if (ssPure <= 1e-28 * scale) F = ssLack <= 1e-24 * scale ? 0 : Infinity;
  else F = ssLack / dfLack / (ssPure / dfPure);
  const p = F === Infinity ? 0 : 1 - fCdf(F, dfLack, dfPure);
  return { F, p, dfLack, dfPure, ssLack, ssPure, slope: line.slope, intercept: line.intercept };
}
