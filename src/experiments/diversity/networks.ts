/**
 * The networks of chen2018's large-batch experiment: a family of widths (K = (d, m), or 2-layer tanh nets
 * of width m) and a family of depths at a fixed parameter budget (K = (d, m, …, m) with the hidden width
 * m chosen so the weight count is as close to the budget as possible) — chen2018's claims: wider nets
 * have larger gradient diversity; at equal parameters, deeper nets have smaller.
 */
import { ConfigError } from '../../errors.js';
import { chen2018LinearParameterCount } from '../../theory/chen2018.js';
import type { DiversityModel } from './problem.js';

export interface SweepNetwork {
  label: string;
  family: 'width' | 'depth';
  model: DiversityModel;
  /** Trainable weights. */
  parameters: number;
}

function checkPositive(what: string, values: readonly number[]): void {
  if (values.length === 0 || !values.every((v) => Number.isSafeInteger(v) && v >= 1)) {
    throw new ConfigError(`${what} must be positive integers; got ${values.join(', ') || '(none)'}`);
  }
}

function linearNetwork(widths: number[], family: 'width' | 'depth'): SweepNetwork {
  const parameters = chen2018LinearParameterCount(widths);
  return { label: `K=(${widths.join(',')})`, family, model: { kind: 'linear', widths }, parameters };
}

/** Width family: K = (d, m) for each m (kind 'linear'), or ŷ = W_2 tanh(W_1x) of width m ('two-layer'). */
export function widthFamily(d: number, widths: readonly number[], kind: 'linear' | 'two-layer' = 'linear'): SweepNetwork[] {
  checkPositive('the input dimension d', [d]);
  checkPositive('widths', widths);
  return widths.map((m) => kind === 'linear'
    ? linearNetwork([d, m], 'width')
    : { label: `tanh d=${d} K=${m}`, family: 'width', model: { kind: 'two-layer', inputDim: d, width: m }, parameters: m * d + m });
}

/** The hidden width m of an L-layer linear net (d, m, …, m) whose weight count is nearest the budget. */
export function widthForBudget(d: number, layers: number, budget: number): number {
  checkPositive('d, depth and budget', [d, layers, budget]);
  if (layers < 2) throw new ConfigError(`a depth family needs at least 2 layers; got ${layers}`);
  const count = (m: number) => chen2018LinearParameterCount([d, ...Array.from({ length: layers - 1 }, () => m)]);
  let best = 1;
  for (let m = 1; count(m) <= 2 * budget + d + 1; m++) {
    if (Math.abs(count(m) - budget) < Math.abs(count(best) - budget)) best = m;
  }
  return best;
}

/** Depth family at a fixed parameter budget: for each depth L, K = (d, m, …, m) with L − 1 hidden layers. */
export function depthFamily(d: number, depths: readonly number[], budget: number): SweepNetwork[] {
  checkPositive('depths', depths);
  return depths.map((L) => {
    const m = widthForBudget(d, L, budget);
    return linearNetwork([d, ...Array.from({ length: L - 1 }, () => m)], 'depth');
  });
}
