/**
 * Per-draw samplers of gradient diversity: each draw makes a fresh student, teacher and data set from its
 * own stream (problem.ts) and reports, per parameter tensor a, s1_a = Σ_i‖∇_a f_i‖² and
 * s2_a = ‖Σ_i∇_a f_i‖² (gradientStats.ts).
 *
 *  - generic: any network; residuals from forward passes, per-example gradients from the layers' factors.
 *  - fast (chen2018 L-layer linear nets, App. C): in closed form. With u_a = (W_L⋯W_{a+1})ᵀ,
 *    P_a = W_{a−1}⋯W_1 and the end-to-end vectors β = W_1ᵀ⋯W_Lᵀ, ∇_{W_a}f_i = r_i·u_a(P_ax_i)ᵀ with
 *    r_i = (β_s − β_t)·x_i, so
 *      s1_a = ‖u_a‖²·Σ_i r_i²‖P_ax_i‖²,   s2_a = ‖u_a‖²·‖P_a·Σ_i r_ix_i‖².
 *    Cost per draw: n·Σ_{a≥2}K_{a−1}K_{a−2} multiply-adds for the P_ax_i, plus O(n·d + Σ K_ℓK_{ℓ−1}).
 */
import { ConfigError } from '../../errors.js';
import { Matrix } from '../../linalg/matrix.js';
import type { Rng } from '../../linalg/random/rng.js';
import type { Network } from '../../nn/network.js';
import { perExampleGradientSums, trainableTensors } from './gradientStats.js';
import { drawInputs, drawParams, fillEntries, resolveProblem, ROLE_STUDENT, ROLE_TEACHER, type DiversityProblem, type EntrySpec } from './problem.js';

export interface DrawSampler {
  /** Examples per draw. */
  readonly n: number;
  /** Trainable tensor names: the order of s1 and s2. */
  readonly tensors: readonly string[];
  /** Which computation: 'fast' or 'generic' (or a custom label). */
  readonly path: string;
  /** One draw from its stream: fills s1[a], s2[a]. */
  draw(rng: Rng, s1: Float64Array, s2: Float64Array): void;
}

/** The generic path: per-example gradients of a Network (student and teacher share the architecture). */
export function genericSampler(net: Network, n: number, student: (EntrySpec | null)[], teacher: (EntrySpec | null)[], data: EntrySpec, d: number): DrawSampler {
  const ps = new Float64Array(net.size);
  const pt = new Float64Array(net.size);
  const x = new Matrix(n, d);
  return {
    n,
    tensors: trainableTensors(net),
    path: 'generic',
    draw(rng, s1, s2) {
      drawInputs(rng, data, n, d, x);
      drawParams(net, student, rng, ROLE_STUDENT, ps);
      drawParams(net, teacher, rng, ROLE_TEACHER, pt);
      const pass = net.forwardPass(ps, x);
      const yt = net.forward(pt, x);
      const g = new Matrix(pass.out.rows, pass.out.cols);
      for (let k = 0; k < g.data.length; k++) g.data[k] = pass.out.data[k] - yt.data[k]; // ∂½‖ŷ−y‖²/∂ŷ
      perExampleGradientSums(net, ps, x, g, pass, s1, s2);
    },
  };
}

/** End-to-end vector β = W_1ᵀ⋯W_Lᵀ (length K_0) and, if u is given, u[a] = (W_L⋯W_{a+1})ᵀ for a = 0…L. */
function backwardChain(K: readonly number[], w: readonly Float64Array[], u: Float64Array[]): Float64Array {
  const L = w.length;
  u[L][0] = 1;
  for (let a = L - 1; a >= 0; a--) {
    // u[a] (K_a) = W_{a+1}ᵀ u[a+1];  W_{a+1} = w[a] is K_{a+1} × K_a.
    const rows = K[a + 1];
    const cols = K[a];
    const src = u[a + 1];
    const dst = u[a];
    dst.fill(0);
    const wa = w[a];
    for (let p = 0; p < rows; p++) {
      const s = src[p];
      const off = p * cols;
      for (let q = 0; q < cols; q++) dst[q] += s * wa[off + q];
    }
  }
  return u[0];
}

/**
 * s1_a/‖u_a‖² = Σ_i r_i²‖P_ax_i‖² for a = 1…L by the Gram route: C = Σ_i r_i²x_ix_iᵀ, M_1 = C,
 * M_a = W_{a−1}M_{a−1}W_{a−1}ᵀ, s1_a/‖u_a‖² = tr M_a. Cost n·d(d+1)/2 + Σ_a K_aK_{a−1}(K_{a−1} + K_a/2)
 * (cheaper than propagating every P_ax_i when n is large against the widths).
 */
class GramRoute {
  private readonly m: Float64Array;
  private readonly m2: Float64Array;
  private readonly t: Float64Array;

  constructor(private readonly K: readonly number[], private readonly n: number) {
    const maxK = Math.max(...K);
    this.m = new Float64Array(maxK * maxK);
    this.m2 = new Float64Array(maxK * maxK);
    this.t = new Float64Array(maxK * maxK);
  }

  traces(x: Float64Array, r: Float64Array, ws: readonly Float64Array[], out: Float64Array): void {
    const { K, n } = this;
    const d = K[0];
    const L = ws.length;
    let m = this.m;
    let m2 = this.m2;
    const t = this.t;
    m.fill(0, 0, d * d);
    for (let i = 0; i < n; i++) {
      const w = r[i] * r[i];
      const off = i * d;
      for (let p = 0; p < d; p++) {
        const a = w * x[off + p];
        const row = p * d;
        for (let q = p; q < d; q++) m[row + q] += a * x[off + q];
      }
    }
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) m[q * d + p] = m[p * d + q];
    let width = d;
    for (let a = 1; a <= L; a++) {
      if (a > 1) {
        // T = W·M (out × width), M' = T·Wᵀ (out × out, symmetric); W = W_{a−1} = ws[a−2].
        const w = ws[a - 2];
        const o = K[a - 1];
        for (let p = 0; p < o; p++) {
          for (let s = 0; s < width; s++) {
            let acc = 0;
            for (let q = 0; q < width; q++) acc += w[p * width + q] * m[q * width + s];
            t[p * width + s] = acc;
          }
        }
        const last = a === L; // only the trace of the last M is needed: its diagonal
        for (let p = 0; p < o; p++) {
          for (let s = p; s < (last ? p + 1 : o); s++) {
            let acc = 0;
            for (let q = 0; q < width; q++) acc += t[p * width + q] * w[s * width + q];
            m2[p * o + s] = acc;
            m2[s * o + p] = acc;
          }
        }
        [m, m2] = [m2, m];
        width = o;
      }
      let tr = 0;
      for (let p = 0; p < width; p++) tr += m[p * width + p];
      out[a - 1] = tr;
    }
  }
}

/** Multiply-adds per draw of the two routes to Σ_i r_i²‖P_ax_i‖², to pick the cheaper. */
function routeCosts(K: readonly number[], n: number): { rows: number; gram: number } {
  let rows = 0;
  let gram = (n * K[0] * (K[0] + 1)) / 2;
  for (let a = 2; a < K.length; a++) {
    rows += n * K[a - 1] * K[a - 2];
    gram += K[a - 1] * K[a - 2] * (K[a - 2] + K[a - 1] / 2);
  }
  return { rows, gram };
}

/**
 * The closed-form path for chen2018's L-layer linear nets (tensor a = W_{a+1}, drawn as the generic path
 * does). route: how Σ_i r_i²‖P_ax_i‖² is formed — 'rows' (propagate every P_ax_i), 'gram' (GramRoute) or
 * 'auto' (the cheaper by multiply-add count; default). Both give the same numbers up to round-off.
 */
export function linearFastSampler(
  widths: readonly number[], n: number, student: (EntrySpec | null)[], teacher: (EntrySpec | null)[], data: EntrySpec,
  route: 'rows' | 'gram' | 'auto' = 'auto',
): DrawSampler {
  const L = widths.length;
  const K = [...widths, 1];
  const d = K[0];
  const entry = (e: EntrySpec | null, who: string): EntrySpec => {
    if (!e) throw new ConfigError(`the fast linear path needs an entry spec for every ${who} tensor`);
    return e;
  };
  const se = student.map((e) => entry(e, 'student'));
  const te = teacher.map((e) => entry(e, 'teacher'));
  const ws = Array.from({ length: L }, (_, l) => new Float64Array(K[l + 1] * K[l]));
  const wt = Array.from({ length: L }, (_, l) => new Float64Array(K[l + 1] * K[l]));
  const us = K.map((k) => new Float64Array(k));
  const ut = K.map((k) => new Float64Array(k));
  const x = new Matrix(n, d);
  const r = new Float64Array(n);
  const maxK = Math.max(...widths);
  const costs = routeCosts(widths, n);
  const gram = route === 'gram' || (route === 'auto' && costs.gram < costs.rows) ? new GramRoute(widths, n) : null;
  const traces = new Float64Array(L);
  let z = new Float64Array(gram ? 0 : n * maxK); // P_a x_i, rows i (rows route)
  let zNext = new Float64Array(gram ? 0 : n * maxK);
  let c = new Float64Array(maxK); // P_a Σ_i r_i x_i
  let cNext = new Float64Array(maxK);
  const tensors = Array.from({ length: L }, (_, l) => `layers.${l}.W`);
  return {
    n,
    tensors,
    path: gram ? 'fast (gram)' : 'fast (rows)',
    draw(rng, s1, s2) {
      drawInputs(rng, data, n, d, x);
      for (let l = 0; l < L; l++) fillEntries(rng.fold(ROLE_STUDENT, l), se[l], ws[l]);
      for (let l = 0; l < L; l++) fillEntries(rng.fold(ROLE_TEACHER, l), te[l], wt[l]);
      const bs = backwardChain(K, ws, us);
      const bt = backwardChain(K, wt, ut);
      // r_i = (β_s − β_t)·x_i; c = Σ_i r_i x_i.
      const xd = x.data;
      c.fill(0, 0, d);
      for (let i = 0; i < n; i++) {
        let ri = 0;
        const off = i * d;
        for (let q = 0; q < d; q++) ri += (bs[q] - bt[q]) * xd[off + q];
        r[i] = ri;
        for (let q = 0; q < d; q++) c[q] += ri * xd[off + q];
      }
      if (gram) gram.traces(xd, r, ws, traces);
      else z.set(xd); // P_1 = I
      let width = d; // K_{a−1}: the length of P_a x_i
      for (let a = 1; a <= L; a++) {
        if (a > 1) {
          // P_a = W_{a−1}P_{a−1}; W_{a−1} = ws[a−2] is K_{a−1} × K_{a−2}.
          const w = ws[a - 2];
          const out = K[a - 1];
          if (!gram) {
            for (let i = 0; i < n; i++) {
              const zi = i * width;
              const oi = i * out;
              for (let p = 0; p < out; p++) {
                let s = 0;
                const wo = p * width;
                for (let q = 0; q < width; q++) s += w[wo + q] * z[zi + q];
                zNext[oi + p] = s;
              }
            }
            [z, zNext] = [zNext, z];
          }
          for (let p = 0; p < out; p++) {
            let s = 0;
            const wo = p * width;
            for (let q = 0; q < width; q++) s += w[wo + q] * c[q];
            cNext[p] = s;
          }
          [c, cNext] = [cNext, c];
          width = out;
        }
        let uu = 0;
        const ua = us[a];
        for (let p = 0; p < ua.length; p++) uu += ua[p] * ua[p];
        let t1 = 0;
        if (gram) t1 = traces[a - 1];
        else {
          for (let i = 0; i < n; i++) {
            let zz = 0;
            const zi = i * width;
            for (let q = 0; q < width; q++) zz += z[zi + q] * z[zi + q];
            t1 += r[i] * r[i] * zz;
          }
        }
        let cc = 0;
        for (let q = 0; q < width; q++) cc += c[q] * c[q];
        s1[a - 1] = uu * t1;
        s2[a - 1] = uu * cc;
      }
    },
  };
}

/** The sampler a problem asks for: the closed form for linear nets unless path = 'generic'. */
export function makeSampler(p: DiversityProblem): DrawSampler {
  const { net, student, teacher, data, d } = resolveProblem(p);
  if (p.model.kind === 'linear' && p.path !== 'generic') return linearFastSampler(p.model.widths, p.n, student, teacher, data);
  return genericSampler(net, p.n, student, teacher, data, d);
}
