/** The measured text of a fitted slope, with every point the fit left out named (DESIGN.md: a dropped point is counted and named). */
import { droppedText, logFitPoints, type Judgement, type ScalingPoint } from '../statistics.js';

/** "slope −0.52, 95% CI […], …" from a slope judgement, then the points left out of its fit (if any). */
export function slopeMeasured(j: Judgement, points: readonly ScalingPoint[]): string {
  const left = droppedText(logFitPoints(points).dropped);
  const desc = j.reason.split(':')[0];
  return left === '' ? desc : `${desc}; ${left}`;
}
