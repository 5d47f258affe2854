/**
 * Gaussian expectations of smooth activations to a stated accuracy: E[φ(u)φ(v)], E[φ'(u)φ'(v)] for
 * (u, v) ~ N(0, [[q1, c], [c, q2]]) and E[φ(u)], by the trapezoidal rule with the Gaussian weight on
 * grids whose step shrinks by √2 a level, until the error estimate meets the tolerance.
 *
 * Why the trapezoid: with u = √q1·z1, v = (c/√q1)·z1 + √(q2 − c²/q1)·z2 (the Cholesky parameterization of
 * du2019's theory notes), the integrand in z is analytic in a strip |Im z| < d/√q whenever φ is analytic
 * in |Im u| < d (tanh: d = π/2; sigmoid, softplus, swish: π; gelu: entire), and decays like e^{−|z|²/2}.
 * For such integrands the trapezoidal rule on ℝ converges geometrically, with error ≈ e^{−2πd/(h√q)} at
 * step h (Trefethen & Weideman, SIAM Rev. 56, 2014, Thm 5.1), plus the truncation beyond |z| = Z. A
 * fixed Gauss–Hermite rule has a fixed node spacing, so its error grows with the variance (60 nodes: 1.5%
 * low on tanh's NTK diagonal at q = 6); here the step follows √q.
 *
 * Error estimate: dividing h by √2 raises the geometric factor to the power √2. With δ_k the difference
 * of levels k − 1 and k relative to S = ∫|integrand| (the scale the tolerance is relative to), level k's
 * relative error e_k is about e_{k−1}^√2 ≈ δ_k^√2, and also about e_{k−2}^2 ≈ δ_{k−1}^2. Coarse levels
 * are not yet geometric: their errors oscillate in sign, and two of them can agree by chance to 1e-9
 * while both are 1e-5 off (tanh, q = 1, ρ = −0.286, steps 1 and 1/√2). So a level is accepted only with
 * two differences behind it, both ≤ 10⁻³ (the regime has set in), and the largest of δ_k^√2, δ_{k−1}^2
 * and δ_k·(δ_k/δ_{k−1})^√2 (the law C·e^{−α/h} fitted through both differences, which allows for C ≠ 1)
 * is ≤ tol: a chance agreement makes δ_k small but not δ_{k−1}. The estimate reported is that largest (at least ε),
 * or the last δ where the finest level allowed (1025 nodes) did not get there (reported, never hidden).
 * Each expectation starts at a step of 1/√q (a function of the variances alone, so an entry does not
 * depend on the order entries are computed in). Where v is a multiple of u (c² = q1·q2: the diagonal)
 * the integral is 1-D.
 *
 * Truncation: the nodes lie in |z| ≤ Z (1-D) and in the disc |z| ≤ Z (2-D, where the weight is
 * radially symmetric), with Z chosen from the tolerance so that the Gaussian mass outside, e^{−Z²/2},
 * is 10⁻⁴·tol (Z ≈ 8.0 at 1e-10): the activations here grow at most linearly, which the 10⁻⁴ covers.
 *
 * Cost: the transcendental evaluations dominate (≈ 20 ns each against ≈ 1 ns a weighted term). The grid
 * is symmetric under z ↦ −z, and every smooth activation here has a reflection law σ(−z) = s·σ(z) + β + γz
 * (Activation.reflection), so σ and σ′ are evaluated on half the nodes (pairSums).
 */
import type { Activation } from '../activations.js';
import type { DualKernel, QuadratureAchieved } from './state.js';

/** Default relative accuracy of every Gaussian expectation (relative to the integral of |integrand|). */
export const DEFAULT_QUADRATURE_TOL = 1e-10;
/** The finest level: step 2^{−11/2} ≈ 0.022 (up to 725 nodes a dimension at Z = 8). */
const MAX_LEVEL = 11;
/** Differences above this (relative to the scale) are not yet in the geometric regime. */
const GEOMETRIC = 1e-3;

export type { QuadratureAchieved } from './state.js';

/** The cutoff Z for a tolerance: e^{−Z²/2} = 10⁻⁴·tol. */
export function quadratureCutoff(tol: number): number {
  return Math.sqrt(2 * Math.log(1e4 / tol));
}

interface Level {
  h: number;
  /** Nodes z_k = (k − K)·h, k = 0 … 2K, with |z| ≤ Z, and their weights h·e^{−z²/2}/√(2π). */
  K: number;
  z: Float64Array;
  w: Float64Array;
  /** In the disc: row i keeps the columns K − half[i] … K + half[i]. */
  half: Int32Array;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

function level(h: number, Z: number): Level {
  const K = Math.floor(Z / h);
  const n = 2 * K + 1;
  const z = new Float64Array(n);
  const w = new Float64Array(n);
  const half = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    z[k] = (k - K) * h;
    w[k] = h * INV_SQRT_2PI * Math.exp(-0.5 * z[k] * z[k]);
    half[k] = Math.floor(Math.sqrt(Math.max(Z * Z - z[k] * z[k], 0)) / h);
  }
  return { h, K, z, w, half };
}

/** The grids of a cutoff, by level (step 2^{−k/2}), built once and shared by every kernel map. */
const grids = new Map<number, Level[]>();

function grid(Z: number, k: number): Level {
  let levels = grids.get(Z);
  if (!levels) {
    levels = [];
    grids.set(Z, levels);
  }
  let g = levels[k];
  if (!g) {
    g = level(2 ** (-k / 2), Z);
    levels[k] = g;
  }
  return g;
}

/** Successive level differences and the acceptance rule of the header. */
class Convergence {
  private prev = NaN;
  private before = Infinity;
  private levels = 0;
  estimate = Infinity;
  done = false;

  constructor(private readonly tol: number) {}

  /** Takes a level's sum and scale; true once accepted. */
  next(sum: number, scale: number): boolean {
    this.levels += 1;
    if (this.levels === 1) {
      this.prev = sum;
      return false;
    }
    if (!(scale > 0)) {
      // The integrand vanishes on every node of two levels.
      this.estimate = 0;
      this.done = true;
      return true;
    }
    const delta = Math.abs(sum - this.prev) / scale;
    this.prev = sum;
    const geometric = delta <= GEOMETRIC && this.before <= GEOMETRIC;
    // e_k ≈ δ_k^√2 ≈ δ_{k−1}^2, and the geometric law fitted through both differences,
    // e_k ≈ δ_k·(δ_k/δ_{k−1})^√2 (the closest when the prefactor of e^{−α/h} is not 1): the largest.
    this.estimate = geometric
      ? Math.max(delta ** Math.SQRT2, this.before * this.before, delta * (delta / this.before) ** Math.SQRT2, Number.EPSILON)
      : delta;
    this.before = delta;
    this.done = geometric && this.estimate <= this.tol;
    return this.done;
  }
}

export class AdaptiveQuadratureKernel implements DualKernel {
  readonly method: string;
  readonly achieved: QuadratureAchieved;
  private readonly Z: number;
  private u = new Float64Array(0);
  private fu = new Float64Array(0);
  private du = new Float64Array(0);
  private v = new Float64Array(0);
  private fv = new Float64Array(0);
  private dv = new Float64Array(0);
  /** −|v| on the half of the disc evaluated (pairSums). */
  private x = new Float64Array(0);
  private readonly sums = new Float64Array(4);

  constructor(private readonly fn: Activation, readonly tol: number) {
    this.method = `adaptive trapezoid (tol ${tol})`;
    this.achieved = { tolerance: tol, maxRelativeError: 0, expectations: 0, unconverged: 0, maxNodes: 0 };
    this.Z = quadratureCutoff(tol);
  }

  private room(n: number, m: number): void {
    if (this.u.length < n) {
      this.u = new Float64Array(n);
      this.fu = new Float64Array(n);
      this.du = new Float64Array(n);
    }
    if (this.v.length < m) {
      this.v = new Float64Array(m);
      this.fv = new Float64Array(m);
      this.dv = new Float64Array(m);
      this.x = new Float64Array(m);
    }
  }

  /**
   * The first level for variance q: a step of at most 1/√q. It depends on q alone, so every expectation is
   * a function of (q1, q2, c) — the same numbers in whatever order a kernel's entries are computed.
   */
  private firstLevel(q: number): number {
    return Math.min(MAX_LEVEL - 2, Math.max(0, Math.ceil(Math.log2(Math.max(q, 1e-300)))));
  }

  /** f ← φ(z) and/or d ← φ'(z), from one transcendental pass where the activation has one. */
  private evaluate(z: Float64Array, f: Float64Array, d: Float64Array, wantValue: boolean, wantDot: boolean): void {
    if (wantValue && wantDot && this.fn.applyWithD1) {
      // Both from the same transcendental work (the values bit for bit those of apply).
      this.fn.applyWithD1(z, f, d);
      return;
    }
    if (wantValue) this.fn.apply(z, f);
    if (wantDot) this.fn.applyD1(z, d);
  }

  /**
   * sums ← [Σ w w' φφ, Σ w w' |φφ|, Σ w w' φ'φ', Σ w w' |φ'φ'|] on one level (the halves asked for), with
   * u_i = a·z_i and v_ij = b·z_i + r·z_j over the disc; where r = 0, v_i = b·z_i and the sums are 1-D.
   *
   * The grid is point-symmetric: z_{2K−i} = −z_i exactly, so node (i, j) ↦ (2K − i, 2K − j) sends u ↦ −u
   * and v ↦ −v, and in the packed order it sends index p to M − 1 − p. With the activation's reflection
   * law σ(−z) = s·σ(z) + β + γz, φ is evaluated on the half p ≤ (M − 1)/2 only: for an odd σ (tanh, erf)
   * both products are even and the sums are twice the half's (plus the centre); otherwise the other
   * half is recovered by the law, from the node of the pair that is ≤ 0 (σ(|x|) = s·σ(−|x|) + β + γ(−|x|)
   * adds where σ(−|x|) = s·σ(|x|) + … would cancel: softplus(−20) = softplus(20) − 20 loses 1e-6 of it).
   */
  private pairSums(g: Level, a: number, b: number, r: number, wantValue: boolean, wantDot: boolean): void {
    const { z, half, K } = g;
    const N = z.length;
    const line = r === 0;
    let M = N;
    if (!line) {
      M = 0;
      for (let i = 0; i < N; i++) M += 2 * half[i] + 1;
    }
    this.room(N, M);
    const u = this.u.subarray(0, N);
    const v = this.v.subarray(0, M);
    let at = 0;
    for (let i = 0; i < N; i++) {
      u[i] = a * z[i];
      const bi = b * z[i];
      if (line) v[i] = bi;
      else for (let j = K - half[i]; j <= K + half[i]; j++) v[at++] = bi + r * z[j];
    }
    const fu = this.fu.subarray(0, N);
    const du = this.du.subarray(0, N);
    const fv = this.fv.subarray(0, M);
    const dv = this.dv.subarray(0, M);
    const law = this.fn.reflection;
    if (!law) {
      this.evaluate(u, fu, du, wantValue, wantDot);
      this.evaluate(v, fv, dv, wantValue, wantDot);
      if (wantValue) weightedSums(g, fu, fv, line, this.sums, 0);
      if (wantDot) weightedSums(g, du, dv, line, this.sums, 2);
      return;
    }
    // u_i = a·z_i ≤ 0 for i ≤ K (a ≥ 0): the half evaluated.
    const H = (M + 1) / 2;
    this.evaluate(u.subarray(0, K + 1), fu.subarray(0, K + 1), du.subarray(0, K + 1), wantValue, wantDot);
    if (law.s === -1 && law.beta === 0 && law.gamma === 0) {
      this.evaluate(v.subarray(0, H), fv.subarray(0, H), dv.subarray(0, H), wantValue, wantDot);
      if (wantValue) evenSums(g, fu, fv, line, this.sums, 0);
      if (wantDot) evenSums(g, du, dv, line, this.sums, 2);
      return;
    }
    const { s, beta, gamma } = law;
    for (let i = 0; i < K; i++) {
      fu[N - 1 - i] = s * fu[i] + beta + gamma * u[i];
      du[N - 1 - i] = -s * du[i] - gamma;
    }
    const x = this.x.subarray(0, H);
    for (let p = 0; p < H; p++) x[p] = -Math.abs(v[p]);
    this.evaluate(x, fv.subarray(0, H), dv.subarray(0, H), wantValue, wantDot);
    if (wantValue) reflectedSums(g, fu, fv, v, x, line, s, beta, gamma, this.sums, 0);
    if (wantDot) reflectedSums(g, du, dv, v, x, line, -s, -gamma, 0, this.sums, 2);
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
    const value = new Convergence(this.tol);
    const dot = new Convergence(this.tol);
    if (!needDot) {
      dot.done = true;
      dot.estimate = 0;
    }
    let nodes = 0;
    for (let k = first; k <= MAX_LEVEL && !(value.done && dot.done); k++) {
      const g = grid(this.Z, k);
      nodes = g.z.length;
      this.pairSums(g, a, b, r, !value.done, !dot.done);
      const [s0, s1, d0, d1] = this.sums;
      if (!value.done) {
        out[0] = s0;
        value.next(s0, s1);
      }
      if (!dot.done) {
        out[1] = d0;
        dot.next(d0, d1);
      }
    }
    this.record(Math.max(value.estimate, dot.estimate), nodes, value.done && dot.done);
  }

  mean(q: number): number {
    const a = Math.sqrt(q);
    const first = this.firstLevel(q);
    const conv = new Convergence(this.tol);
    let m = 0;
    let nodes = 0;
    for (let k = first; k <= MAX_LEVEL && !conv.done; k++) {
      const g = grid(this.Z, k);
      const N = g.z.length;
      nodes = N;
      this.room(N, 0);
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
      conv.next(s, sAbs);
    }
    this.record(conv.estimate, nodes, conv.done);
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
 * out[at] = Σ_i w_i f_i Σ_j w_j F_ij and out[at + 1] = the same of absolute values (F packed by rows over
 * the disc), or with `line` the 1-D sums Σ_i w_i f_i F_i.
 */
function weightedSums(g: Level, f: Float64Array, F: Float64Array, line: boolean, out: Float64Array, at: number): void {
  const { w, half, K } = g;
  const N = w.length;
  let s = 0;
  let sAbs = 0;
  let p = 0;
  for (let i = 0; i < N; i++) {
    if (line) {
      const t = w[i] * f[i] * F[i];
      s += t;
      sAbs += Math.abs(t);
      continue;
    }
    let row = 0;
    let rowAbs = 0;
    for (let j = K - half[i]; j <= K + half[i]; j++) {
      const t = w[j] * F[p++];
      row += t;
      rowAbs += Math.abs(t);
    }
    s += w[i] * f[i] * row;
    sAbs += w[i] * Math.abs(f[i]) * rowAbs;
  }
  out[at] = s;
  out[at + 1] = sAbs;
}

/**
 * weightedSums where the product f_i·F_ij is even under (i, j) ↦ (2K − i, 2K − j) (packed p ↦ M − 1 − p)
 * and only the half p ≤ (M − 1)/2 (rows i < K, and row K up to its centre) is filled: twice the half's
 * sums without the centre, plus the centre's.
 */
function evenSums(g: Level, f: Float64Array, F: Float64Array, line: boolean, out: Float64Array, at: number): void {
  const { w, half, K } = g;
  let s = 0;
  let sAbs = 0;
  if (line) {
    for (let i = 0; i < K; i++) {
      const t = w[i] * f[i] * F[i];
      s += t;
      sAbs += Math.abs(t);
    }
    const c = w[K] * f[K] * F[K];
    out[at] = 2 * s + c;
    out[at + 1] = 2 * sAbs + Math.abs(c);
    return;
  }
  let p = 0;
  for (let i = 0; i <= K; i++) {
    let row = 0;
    let rowAbs = 0;
    const last = i < K ? K + half[i] : K - 1;
    for (let j = K - half[i]; j <= last; j++) {
      const t = w[j] * F[p++];
      row += t;
      rowAbs += Math.abs(t);
    }
    s += w[i] * f[i] * row;
    sAbs += w[i] * Math.abs(f[i]) * rowAbs;
  }
  const c = w[K] * f[K] * w[K] * F[p];
  out[at] = 2 * s + c;
  out[at + 1] = 2 * sAbs + Math.abs(c);
}

/**
 * weightedSums from the half p ≤ (M − 1)/2 of the disc (or line), F_p = f(x_p) at x_p = −|v_p|, and the
 * reflection law f(−x) = s·f(x) + β + γx: the node of each pair (p, M − 1 − p) whose v is ≤ 0 takes
 * f(x_p), the other s·f(x_p) + β + γ·x_p; f is given in full (its other half recovered by the caller).
 * The two nodes of a pair have the same column weight, so each row of the half carries its mirror row.
 */
function reflectedSums(
  g: Level, f: Float64Array, F: Float64Array, v: Float64Array, x: Float64Array, line: boolean,
  s: number, beta: number, gamma: number, out: Float64Array, at: number,
): void {
  const { w, half, K } = g;
  const N = w.length;
  let sum = 0;
  let sumAbs = 0;
  if (line) {
    for (let i = 0; i < K; i++) {
      const e = F[i];
      const r = s * e + beta + gamma * x[i];
      const neg = v[i] <= 0;
      const here = neg ? e : r;
      const there = neg ? r : e;
      const a = f[i];
      const b = f[N - 1 - i];
      sum += w[i] * (a * here + b * there);
      sumAbs += w[i] * (Math.abs(a * here) + Math.abs(b * there));
    }
    const c = w[K] * f[K] * F[K];
    out[at] = sum + c;
    out[at + 1] = sumAbs + Math.abs(c);
    return;
  }
  let p = 0;
  for (let i = 0; i <= K; i++) {
    let rowHere = 0;
    let rowThere = 0;
    let absHere = 0;
    let absThere = 0;
    const last = i < K ? K + half[i] : K - 1;
    for (let j = K - half[i]; j <= last; j++, p++) {
      const e = F[p];
      const r = s * e + beta + gamma * x[p];
      const neg = v[p] <= 0;
      const here = neg ? e : r;
      const there = neg ? r : e;
      rowHere += w[j] * here;
      rowThere += w[j] * there;
      absHere += w[j] * Math.abs(here);
      absThere += w[j] * Math.abs(there);
    }
    const a = f[i];
    const b = f[N - 1 - i];
    sum += w[i] * (a * rowHere + b * rowThere);
    sumAbs += w[i] * (Math.abs(a) * absHere + Math.abs(b) * absThere);
  }
  const c = w[K] * f[K] * w[K] * F[p];
  out[at] = sum + c;
  out[at + 1] = sumAbs + Math.abs(c);
}
