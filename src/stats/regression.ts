/** Least-squares line fits, as used for log–log scaling exponents (e.g. ‖G − K‖ ∝ m^slope). */
import { ConfigError } from '../errors.js';

export interface LineFit {
  slope: number;
  intercept: number;
  /** Standard error of the slope from the residuals (NaN with 2 points). */
  slopeStdError: number;
  /** Coefficient of determination. */
  r2: number;
  n: number;
}

export function fitLine(xs: readonly number[], ys: readonly number[]): LineFit {
  const n = xs.length;
  if (n !== ys.length) throw new ConfigError(`fitLine: ${n} x values but ${ys.length} y values`);
  if (n < 2) throw new ConfigError(`fitLine: needs at least 2 points; got ${n}`);
  if (![...xs, ...ys].every(Number.isFinite)) throw new ConfigError('fitLine: every value must be finite');
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
    syy += (ys[i] - my) ** 2;
  }
  if (sxx === 0) throw new ConfigError('fitLine: all x values are equal; no slope');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i] - intercept - slope * xs[i]) ** 2;
  return {
    slope,
    intercept,
    slopeStdError: n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : NaN,
    r2: syy === 0 ? 1 : 1 - sse / syy,
    n,
  };
}

/** Fit of log y against log x (natural logs); every value must be positive. */
export function fitLogLog(xs: readonly number[], ys: readonly number[]): LineFit {
  if (![...xs, ...ys].every((v) => v > 0)) throw new ConfigError('fitLogLog: every value must be positive');
  return fitLine(xs.map(Math.log), ys.map(Math.log));
}
