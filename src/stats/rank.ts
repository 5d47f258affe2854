/** Rank statistics for trends in few, tied, discrete values (e.g. critical batch sizes across widths). */
import { ConfigError } from '../errors.js';

/** 1-based ranks, tied values sharing the average of their ranks. */
export function averageRanks(xs: readonly number[]): number[] {
  const order = Array.from(xs.keys()).sort((a, b) => xs[a] - xs[b]);
  const ranks = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && xs[order[j + 1]] === xs[order[i]]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

/** Spearman's ρ: the Pearson correlation of the average ranks; 0 when either side is constant. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new ConfigError(`spearman: ${x.length} x values but ${y.length} y values`);
  if (x.length < 2) throw new ConfigError(`spearman: needs at least 2 pairs; got ${x.length}`);
  if (![...x, ...y].every(Number.isFinite)) throw new ConfigError('spearman: every value must be finite');
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const m = (x.length + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (rx[i] - m) * (ry[i] - m);
    sxx += (rx[i] - m) ** 2;
    syy += (ry[i] - m) ** 2;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}
