/**
 * Running means and co-moments of a small vector of per-draw quantities (Welford's update; Chan, Golub &
 * LeVeque's pairwise merge), the estimates and standard errors built from them — linear combinations of
 * means, and ratios of means by the delta method — and sample quantiles. The Monte Carlo of gradient
 * diversity accumulates each fixed block of draws separately and merges the blocks in order, so its
 * numbers do not depend on how the blocks were shared among worker threads.
 */
import { ConfigError } from '../../errors.js';

/** An estimate with its standard error. */
export interface Estimate {
  estimate: number;
  se: number;
}

export class CoMoments {
  count = 0;
  readonly mean: Float64Array;
  /** Σ (v_a − mean_a)(v_b − mean_b), k×k row-major. */
  readonly comoment: Float64Array;
  private readonly delta: Float64Array;

  constructor(readonly k: number) {
    this.mean = new Float64Array(k);
    this.comoment = new Float64Array(k * k);
    this.delta = new Float64Array(k);
  }

  /** Adds one draw (Welford): δ = v − mean_old, mean += δ/n, C_ab += δ_a·(v_b − mean_new_b). */
  add(v: Float64Array): void {
    const k = this.k;
    const n = ++this.count;
    const { mean, comoment, delta } = this;
    for (let a = 0; a < k; a++) {
      delta[a] = v[a] - mean[a];
      mean[a] += delta[a] / n;
    }
    for (let a = 0; a < k; a++) {
      const da = delta[a];
      const row = a * k;
      for (let b = 0; b < k; b++) comoment[row + b] += da * (v[b] - mean[b]);
    }
  }

  /** Merges another accumulator into this one (Chan et al.): C += C' + δδᵀ·n n'/(n + n'). */
  merge(o: CoMoments): void {
    if (o.k !== this.k) throw new ConfigError(`CoMoments.merge: ${this.k} vs ${o.k} variables`);
    if (o.count === 0) return;
    const n1 = this.count;
    const n2 = o.count;
    const n = n1 + n2;
    const k = this.k;
    for (let a = 0; a < k; a++) this.delta[a] = o.mean[a] - this.mean[a];
    const w = (n1 * n2) / n;
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) this.comoment[a * k + b] += o.comoment[a * k + b] + this.delta[a] * this.delta[b] * w;
    }
    for (let a = 0; a < k; a++) this.mean[a] += (this.delta[a] * n2) / n;
    this.count = n;
  }

  /** Sample covariance of variables a and b (n − 1 in the denominator; NaN below 2 draws). */
  covariance(a: number, b: number): number {
    return this.count > 1 ? this.comoment[a * this.k + b] / (this.count - 1) : NaN;
  }

  /** The mean of Σ_a c_a·v_a and its standard error √(cᵀΣc/N). */
  linear(c: ArrayLike<number>): Estimate {
    const k = this.k;
    let m = 0;
    let v = 0;
    for (let a = 0; a < k; a++) {
      if (c[a] === 0) continue;
      m += c[a] * this.mean[a];
      for (let b = 0; b < k; b++) if (c[b] !== 0) v += c[a] * c[b] * this.covariance(a, b);
    }
    return { estimate: m, se: Math.sqrt(Math.max(0, v) / this.count) };
  }

  /**
   * The ratio of means E[cᵀv]/E[eᵀv] with its delta-method standard error:
   * Var(ā/b̄) ≈ (1/N)·[σ_a²/μ_b² − 2μ_aσ_ab/μ_b³ + μ_a²σ_b²/μ_b⁴], a = cᵀv, b = eᵀv.
   */
  ratio(c: ArrayLike<number>, e: ArrayLike<number>): Estimate {
    const k = this.k;
    let ma = 0;
    let mb = 0;
    let saa = 0;
    let sbb = 0;
    let sab = 0;
    for (let x = 0; x < k; x++) {
      if (c[x] !== 0) ma += c[x] * this.mean[x];
      if (e[x] !== 0) mb += e[x] * this.mean[x];
      for (let y = 0; y < k; y++) {
        const s = this.covariance(x, y);
        if (c[x] !== 0 && c[y] !== 0) saa += c[x] * c[y] * s;
        if (e[x] !== 0 && e[y] !== 0) sbb += e[x] * e[y] * s;
        if (c[x] !== 0 && e[y] !== 0) sab += c[x] * e[y] * s;
      }
    }
    const r = ma / mb;
    const v = (saa / mb ** 2 - (2 * ma * sab) / mb ** 3 + (ma ** 2 * sbb) / mb ** 4) / this.count;
    return { estimate: r, se: Math.sqrt(Math.max(0, v)) };
  }

  /** [count, mean…, comoment…]: for passing between threads. */
  toArray(): Float64Array {
    const out = new Float64Array(1 + this.k + this.k * this.k);
    out[0] = this.count;
    out.set(this.mean, 1);
    out.set(this.comoment, 1 + this.k);
    return out;
  }

  static fromArray(k: number, a: Float64Array): CoMoments {
    if (a.length !== 1 + k + k * k) throw new ConfigError(`CoMoments.fromArray: expected ${1 + k + k * k} numbers for k = ${k}; got ${a.length}`);
    const m = new CoMoments(k);
    m.count = a[0];
    m.mean.set(a.subarray(1, 1 + k));
    m.comoment.set(a.subarray(1 + k));
    return m;
  }
}

/** The q-quantile of sorted values (linear interpolation between order statistics, type 7). */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  if (pos === lo || sorted[hi] === sorted[lo]) return sorted[lo];
  if (sorted[hi] === Infinity) return Infinity;
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/** The median of a list (NaN for an empty one); Infinity entries count as larger than every number. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return sortedQuantile(s, 0.5);
}
