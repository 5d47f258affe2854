/** The measured text of a fitted slope, with every point the fit left out named (DESIGN.md: a dropped point is counted and named). */
import { droppedText, type DroppedPoints, type Judgement, type ScalingPoint } from '../statistics.js';

/** The points a log–log fit cannot use: non-finite (a diverged run) and non-positive (a log of ≤ 0). */
export function droppedPoints(points: readonly ScalingPoint[]): DroppedPoints {
  const d: DroppedPoints = { nonFinite: [], nonPositive: [] };
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) d.nonFinite.push(p);
    else if (p.x <= 0 || p.y <= 0) d.nonPositive.push(p);
  }
  return d;
}

/** "slope −0.52, 95% CI […], …" from a slope judgement, then the points left out of its fit (if any). */
export function slopeMeasured(j: Judgement, points: readonly ScalingPoint[]): string {
  const left = droppedText(droppedPoints(points));
  const desc = j.reason.split(':')[0];
  return left === '' ? desc : `${desc}; ${left}`;
}
