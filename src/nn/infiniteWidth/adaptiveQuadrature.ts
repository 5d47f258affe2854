/**
 * Gaussian expectations of smooth activations to a stated accuracy: E[φ(u)φ(v)], E[φ'(u)φ'(v)] for
 * (u, v) ~ N(0, [[q1, c], [c, q2]]) and E[φ(u)], by the trapezoidal rule with the Gaussian weight on
 * grids whose step shrinks by √2 a level, until the error estimate meets the tolerance.
 *
 * Why the trapezoid: with u = √q1·z1, v = (c/√q1)·z1 + √(q2 − c²/q1)·z2 (the Cholesky parameterization of
 * du2019's theory notes), the integrand in z is analytic in a strip |Im z| < d/√q whenever φ is analytic
 * in |Im u| < d (tanh: d = π/2; sigmoid, softplus, swish: π; gelu: entire), and decays like e^{−z²/2}.
 * For such integrands the trapezoidal rule on ℝ converges geometrically, with error ≈ e^{−2πd/(h√q)} at
 * step h (Trefethen & Weideman, SIAM Rev. 56, 2014, Thm 5.1), plus the truncation beyond |z| = Z. A
 * fixed Gauss–Hermite rule has a fixed node spacing, so its error grows with the variance (60 nodes: 1.5%
 * low on tanh's NTK diagonal at q = 6); here the step follows √q.
 *
 * Error estimate: dividing h by √2 raises the geometric factor to the power √2, so with δ the
 * difference of two successive levels relative to S = ∫|integrand| (the scale the tolerance is relative
 * to), the finer level's relative error is about δ^√2. A level is accepted when δ ≤ 10⁻³ (the geometric
 * regime has set in) and δ^√2 ≤ tol; the estimate reported is max(δ^√2, ε) for the accepted level, or δ
 * where the finest level allowed (1025 nodes) did not get there (reported, never hidden). Each
 * expectation starts at a step of 1/√q (a function of the variances alone, so an entry does not depend
 * on the order entries are computed in). Where v is a multiple of u (c² = q1·q2: the diagonal) the
 * integral is 1-D. Truncation at |z| = 9 leaves < 1e-17 of the Gaussian mass (times the polynomial growth
 * of the activations here).
 */
import type { Activation } from '../activations.js';
import type { DualKernel, QuadratureAchieved } from './state.js';

/** Default relative accuracy of every Gaussian expectation (relative to the integral of |integrand|). */
export const DEFAULT_QUADRATURE_TOL = 1e-10;
/** The finest level: step 2^{−11/2}·… ≈ 0.018, 1025 nodes (a pair then costs up to 2·1025² evaluations). */
const MAX_LEVEL = 11;
/** The grid's half-width in z. */
const Z = 9;

export type { QuadratureAchieved } from './state.js';

interface Level {
  h: number;
  z: Float64Array;
  w: Float64Array;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

function level(h: number): Level {
  const K = Math.ceil(Z / h);
  const n = 2 * K + 1;
  const z = new Float64Array(n);
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    z[k] = (k - K) * h;
    w[k] = h * INV_SQRT_2PI * Math.exp(-0.5 * z[k] * z[k]);
  }
  return { h, z, w };
}

const grids: Level[] = [];

/** The grid of level k, step 2^{−k/2} (cached: every kernel map shares them). */
function grid(k: number): Level {
  let g = grids[k];
  if (!g) {
    g = level(2 ** (-k / 2));
    grids[k] = g;
  }
  return g;
}

export class AdaptiveQuadratureKernel implements DualKernel {
  readonly method: string;
  readonly achieved: QuadratureAchieved;
  private u = new Float64Array(0);
  private fu = new Float64Array(0);
  private du = new Float64Array(0);
  private v = new Float64Array(0);
  private fv = new Float64Array(0);
  private dv = new Float64Array(0);
  private readonly sums = new Float64Array(4);

  constructor(private readonly fn: Activation, readonly tol: number) {
    this.method = `adaptive trapezoid (tol ${tol})`;
    this.achieved = { tolerance: tol, maxRelativeError: 0, expectations: 0, unconverged: 0, maxNodes: 0 };
  }

  private room(n: number): void {
    if (this.u.length < n) {
      this.u = new Float64Array(n);
      this.fu = new Float64Array(n);
      this.du = new Float64Array(n);
    }
    if (this.v.length < n * n) {
      this.v = new Float64Array(n * n);
      this.fv = new Float64Array(n * n);
      this.dv = new Float64Array(n * n);
    }
  }

  /**
   * The first level for variance q: a step of at most 1/√q. It depends on q alone, so every expectation is
   * a function of (q1, q2, c) — the same numbers in whatever order a kernel's entries are computed.
   */
  private firstLevel(q: number): number {
    return Math.min(MAX_LEVEL - 1, Math.max(0, Math.ceil(Math.log2(Math.max(q, 1e-300)))));
  }

  /**
   * sums ← [Σ w w' φφ, Σ w w' |φφ|, Σ w w' φ'φ', Σ w w' |φ'φ'|] on one level (the halves asked for), with
   * u_i = a·z_i and v_ij = b·z_i + r·z_j; where r = 0, v_i = b·z_i and the sums are 1-D.
   */
  private pairSums(g: Level, a: number, b: number, r: number, wantValue: boolean, wantDot: boolean): void {
    const { z, w } = g;
    const N = z.length;
    this.room(N);
    const line = r === 0;
    const M = line ? N : N * N;
    const u = this.u.subarray(0, N);
    const v = this.v.subarray(0, M);
    for (let i = 0; i < N; i++) {
      u[i] = a * z[i];
      const bi = b * z[i];
      if (line) v[i] = bi;
      else for (let j = 0; j < N; j++) v[i * N + j] = bi + r * z[j];
    }
    if (wantValue) {
      this.fn.apply(u, this.fu.subarray(0, N));
      this.fn.apply(v, this.fv.subarray(0, M));
      weightedSums(w, this.fu, this.fv, N, line, this.sums, 0);
    }
    if (wantDot) {
      this.fn.applyD1(u, this.du.subarray(0, N));
      this.fn.applyD1(v, this.dv.subarray(0, M));
      weightedSums(w, this.du, this.dv, N, line, this.sums, 2);
    }
  }

  /**
   * out[0] = E[φ(u)φ(v)] and (needDot) out[1] = E[φ'(u)φ'(v)], each refined until it alone meets the
   * tolerance: a value does not depend on whether the other was asked for.
   */
  pair(q1: number, q2: number, c: number, out: Float64Array, needDot: boolean): void {
    const a = Math.sqrt(q1);
    const b = q1 > 0 ? c / a : 0;
    const r = Math.sqrt(Math.max(q1 > 0 ? q2 - (c / q1) * c : q2, 0));
    const first = this.firstLevel(Math.max(q1, q2));
    let valueDone = false;
    let dotDone = !needDot;
    let prev0 = NaN;
    let prev2 = NaN;
    let error0 = Infinity;
    let error2 = needDot ? Infinity : 0;
    let nodes = 0;
    for (let k = first; k <= MAX_LEVEL && !(valueDone && dotDone); k++) {
      const g = grid(k);
      nodes = g.z.length;
      this.pairSums(g, a, b, r, !valueDone, !dotDone);
      const [s0, s1, d0, d1] = this.sums;
      if (!valueDone) {
        out[0] = s0;
        if (k > first) {
          const e = relativeEstimate(Math.abs(s0 - prev0), s1);
          error0 = e.estimate;
          valueDone = e.geometric && e.estimate <= this.tol;
        }
        prev0 = s0;
      }
      if (!dotDone) {
        out[1] = d0;
        if (k > first) {
          const e = relativeEstimate(Math.abs(d0 - prev2), d1);
          error2 = e.estimate;
          dotDone = e.geometric && e.estimate <= this.tol;
        }
        prev2 = d0;
      }
    }
    this.record(Math.max(error0, error2), nodes, valueDone && dotDone);
  }

  mean(q: number): number {
    const a = Math.sqrt(q);
    const first = this.firstLevel(q);
    let prev = NaN;
    let m = 0;
    let error = Infinity;
    let nodes = 0;
    let converged = false;
    for (let k = first; k <= MAX_LEVEL; k++) {
      const g = grid(k);
      const N = g.z.length;
      nodes = N;
      this.room(N);
      const u = this.u.subarray(0, N);
      const fu = this.fu.subarray(0, N);
      for (let i = 0; i < N; i++) u[i] = a * g.z[i];
      this.fn.apply(u, fu);
      let s = 0;
      let sAbs = 0;
      for (let i = 0; i < N; i++) {
        s += g.w[i] * fu[i];
        sAbs += g.w[i] * Math.abs(fu[i]);
      }
      m = s;
      if (k > first) {
        const e = relativeEstimate(Math.abs(s - prev), sAbs);
        error = e.estimate;
        if (e.geometric && error <= this.tol) {
          converged = true;
          break;
        }
      }
      prev = s;
    }
    this.record(error, nodes, converged);
    return m;
  }

  private record(error: number, nodes: number, converged: boolean): void {
    const a = this.achieved;
    a.expectations += 1;
    if (!converged) a.unconverged += 1;
    if (error > a.maxRelativeError) a.maxRelativeError = error;
    if (nodes > a.maxNodes) a.maxNodes = nodes;
  }
}

/**
 * The error estimate of the finer of two levels whose sums differ by `diff`, relative to the scale:
 * δ^√2 (δ = diff/scale) once the geometric regime has set in (δ ≤ 10⁻³), else δ (not yet trustworthy).
 */
function relativeEstimate(diff: number, scale: number): { estimate: number; geometric: boolean } {
  if (!(scale > 0)) return { estimate: 0, geometric: true }; // the integrand vanishes on every node
  const rel = diff / scale;
  if (rel <= 1e-3) return { estimate: Math.max(rel ** Math.SQRT2, Number.EPSILON), geometric: true };
  return { estimate: rel, geometric: false };
}

/**
 * out[at] = Σ_i w_i f_i Σ_j w_j F_ij and out[at + 1] = the same of absolute values (F is N×N), or with
 * `line` the 1-D sums Σ_i w_i f_i F_i.
 */
function weightedSums(w: Float64Array, f: Float64Array, F: Float64Array, N: number, line: boolean, out: Float64Array, at: number): void {
  let s = 0;
  let sAbs = 0;
  for (let i = 0; i < N; i++) {
    if (line) {
      const t = w[i] * f[i] * F[i];
      s += t;
      sAbs += Math.abs(t);
      continue;
    }
    let row = 0;
    let rowAbs = 0;
    for (let j = 0; j < N; j++) {
      const t = w[j] * F[i * N + j];
      row += t;
      rowAbs += Math.abs(t);
    }
    s += w[i] * f[i] * row;
    sAbs += w[i] * Math.abs(f[i]) * rowAbs;
  }
  out[at] = s;
  out[at + 1] = sAbs;
}
