/**
 * The kernel map of an elementwise activation y = φ(x) on a centered Gaussian state (kernels.md; Cho &
 * Saul 2009; Williams 1997; neural-tangents `Relu`, `ABRelu`, `Erf`, `ElementwiseNumerical`):
 *
 *   Σ'_ij[l, r] = E[φ(u)φ(v)],  ν'_i(l) = E[φ(u)],  Θ'_ij[l, r] = Θ_ij[l, r]·E[φ'(u)φ'(v)],
 *   (u, v) ~ N(0, [[Σ_ii[l, l], Σ_ij[l, r]], [Σ_ij[l, r], Σ_jj[r, r]]]).
 *
 * Closed forms (q1, q2 the variances, c the covariance, θ = arccos(c/√(q1q2)) ∈ [0, π]):
 *   abrelu(a, b) (relu = abrelu(0, 1), leaky_relu(α) = abrelu(α, 1), identity = abrelu(1, 1)):
 *     E[φφ]   = ((a − b)²/2π)·√(q1q2 − c²) + [(a² + b²)/2 − ((a − b)²/2π)·θ]·c
 *     E[φ'φ'] = (a² + b²)/2 − ((a − b)²/2π)·θ
 *     E[φ(u)] = (b − a)·√(q/2π)  (φ(z) = a·z + (b − a)·relu(z), E[relu(u)] = √(q/2π))
 *     σ'(0) conventions do not matter: {u = 0} has probability zero for q > 0.
 *   erf: E[φφ] = (2/π)·arcsin(2c/√((1 + 2q1)(1 + 2q2))),  E[φ'φ'] = (4/π)/√((1 + 2q1)(1 + 2q2) − 4c²),
 *     E[φ(u)] = 0 (odd).
 * Everything else (softplus, sigmoid, tanh, swish, gelu) by quadrature with the Cholesky parameterization
 * and clamp of du2019's theory notes: u = √q1·z1, v = (c/√q1)·z1 + √max(q2 − c²/q1, 0)·z2 — adaptive to a
 * stated accuracy (adaptiveQuadrature.ts, the default), or a fixed tensor Gauss–Hermite rule when its
 * node count is given (the same as linalg/quadrature.ts `bivariateGaussianExpectation`); E[φ(u)] by the
 * 1-D rule of the same kind.
 */
import { ConfigError } from '../../errors.js';
import { gaussHermite, MAX_GAUSS_HERMITE_NODES } from '../../linalg/quadrature.js';
import type { Activation } from '../activations.js';
import { AdaptiveQuadratureKernel, DEFAULT_QUADRATURE_TOL } from './adaptiveQuadrature.js';
import { MIN_KERNEL_QUADRATURE_NODES, withFields, type DualKernel, type KernelMapOptions, type KernelState } from './state.js';

export type { DualKernel } from './state.js';

const TWO_PI = 2 * Math.PI;

class ABReluKernel implements DualKernel {
  readonly method = 'closed form';
  private readonly d2: number;
  private readonly s2: number;
  constructor(private readonly a: number, private readonly b: number) {
    this.d2 = (a - b) * (a - b);
    this.s2 = (a * a + b * b) / 2;
  }
  pair(q1: number, q2: number, c: number, out: Float64Array): void {
    const n = Math.sqrt(q1 * q2);
    const rho = n > 0 ? Math.max(-1, Math.min(1, c / n)) : 0;
    const theta = Math.acos(rho);
    const bracket = this.s2 - (this.d2 / TWO_PI) * theta;
    out[0] = (this.d2 / TWO_PI) * n * Math.sqrt(Math.max(0, 1 - rho * rho)) + bracket * n * rho;
    out[1] = bracket;
  }
  mean(q: number): number {
    return (this.b - this.a) * Math.sqrt(q / TWO_PI);
  }
}

class ErfKernel implements DualKernel {
  readonly method = 'closed form';
  pair(q1: number, q2: number, c: number, out: Float64Array, needDot: boolean): void {
    const den = (1 + 2 * q1) * (1 + 2 * q2);
    const ratio = (2 * c) / Math.sqrt(den);
    out[0] = (2 / Math.PI) * Math.asin(Math.max(-1, Math.min(1, ratio)));
    // (1 + 2q1)(1 + 2q2) − 4c² ≥ 1 + 2q1 + 2q2 > 0 for any covariance matrix.
    if (needDot) out[1] = 4 / Math.PI / Math.sqrt(den - 4 * c * c);
  }
  mean(): number {
    return 0;
  }
}

class QuadratureKernel implements DualKernel {
  readonly method: string;
  private readonly x: Float64Array;
  private readonly w: Float64Array;
  private readonly u: Float64Array;
  private readonly fu: Float64Array;
  private readonly du: Float64Array;
  private readonly v: Float64Array;
  private readonly fv: Float64Array;
  private readonly dv: Float64Array;

  constructor(private readonly fn: Activation, nodes: number) {
    const rule = gaussHermite(nodes);
    this.x = rule.x;
    this.w = rule.w;
    this.method = `quadrature(${nodes}×${nodes})`;
    this.u = new Float64Array(nodes);
    this.fu = new Float64Array(nodes);
    this.du = new Float64Array(nodes);
    this.v = new Float64Array(nodes * nodes);
    this.fv = new Float64Array(nodes * nodes);
    this.dv = new Float64Array(nodes * nodes);
  }

  pair(q1: number, q2: number, c: number, out: Float64Array, needDot: boolean): void {
    const { x, w, u, v, fu, du, fv, dv } = this;
    const N = x.length;
    const a = Math.sqrt(q1);
    const b = q1 > 0 ? c / a : 0;
    const r = Math.sqrt(Math.max(q1 > 0 ? q2 - (c / q1) * c : q2, 0));
    for (let i = 0; i < N; i++) {
      u[i] = a * x[i];
      const bi = b * x[i];
      for (let j = 0; j < N; j++) v[i * N + j] = bi + r * x[j];
    }
    this.fn.apply(u, fu);
    this.fn.apply(v, fv);
    let k = 0;
    for (let i = 0; i < N; i++) {
      let row = 0;
      for (let j = 0; j < N; j++) row += w[j] * fv[i * N + j];
      k += w[i] * fu[i] * row;
    }
    out[0] = k;
    if (!needDot) return;
    this.fn.applyD1(u, du);
    this.fn.applyD1(v, dv);
    let kd = 0;
    for (let i = 0; i < N; i++) {
      let row = 0;
      for (let j = 0; j < N; j++) row += w[j] * dv[i * N + j];
      kd += w[i] * du[i] * row;
    }
    out[1] = kd;
  }

  mean(q: number): number {
    const { x, w, u, fu } = this;
    const a = Math.sqrt(q);
    for (let i = 0; i < x.length; i++) u[i] = a * x[i];
    this.fn.apply(u, fu);
    let m = 0;
    for (let i = 0; i < x.length; i++) m += w[i] * fu[i];
    return m;
  }
}

/**
 * The dual kernel of an activation: a closed form where one exists; else a fixed Gauss–Hermite rule when
 * opts.quadratureNodes is given, or the adaptive trapezoid to opts.quadratureTol (the default).
 */
export function dualKernel(fn: Activation, opts: KernelMapOptions = {}): DualKernel {
  const spec = fn.spec;
  switch (spec.name) {
    case 'relu':
      return new ABReluKernel(0, 1);
    case 'abrelu':
      return new ABReluKernel(spec.a, spec.b);
    case 'leaky_relu':
      return new ABReluKernel(spec.alpha, 1);
    case 'identity':
      return new ABReluKernel(1, 1);
    case 'erf':
      return new ErfKernel();
    default: {
      const nodes = opts.quadratureNodes;
      if (nodes !== undefined) {
        if (!Number.isInteger(nodes) || nodes < MIN_KERNEL_QUADRATURE_NODES || nodes > MAX_GAUSS_HERMITE_NODES) {
          throw new ConfigError(`kernel map of ${fn.name}: quadrature nodes per dimension must be an integer from ${MIN_KERNEL_QUADRATURE_NODES} to ${MAX_GAUSS_HERMITE_NODES}; got ${nodes}`);
        }
        return new QuadratureKernel(fn, nodes);
      }
      return new AdaptiveQuadratureKernel(fn, checkQuadratureTol(opts.quadratureTol ?? DEFAULT_QUADRATURE_TOL));
    }
  }
}

/** The smallest tolerance accepted: below it round-off in the sums decides, not the rule. */
export const MIN_QUADRATURE_TOL = 1e-14;

/** A tolerance in [1e-14, 0.1], or a ConfigError naming it. */
export function checkQuadratureTol(tol: number, where = 'quadrature tolerance'): number {
  if (!(Number.isFinite(tol) && tol >= MIN_QUADRATURE_TOL && tol <= 0.1)) {
    throw new ConfigError(`${where} must be a number from ${MIN_QUADRATURE_TOL} to 0.1; got ${tol}`);
  }
  return tol;
}

/** The activation map (file comment) on a centered Gaussian state. */
export function pointwiseKernelMap(s: KernelState, fn: Activation, kernel: DualKernel): KernelState {
  if (!s.gaussian) {
    throw new ConfigError(
      `kernel map of activation ${fn.name}: its input must be a centered Gaussian representation (the output of a dense or ` +
        `convolution layer, possibly scaled or average-pooled); here it is not (an activation, residual sum, flatten or the raw input)`,
    );
  }
  const { n1, n2, pixels: P, symmetric } = s;
  const needDot = s.ntk.size > 0;
  const out = new Float64Array(2);
  const cov = new Float64Array(s.cov.length);
  const dot = needDot ? new Float64Array(s.cov.length) : null;
  const at = (i: number, j: number, l: number, r: number): number => ((i * n2 + j) * P + l) * P + r;
  for (let i = 0; i < n1; i++) {
    for (let j = symmetric ? i : 0; j < n2; j++) {
      for (let l = 0; l < P; l++) {
        const q1 = s.self1[(i * P + l) * P + l];
        for (let r = symmetric && i === j ? l : 0; r < P; r++) {
          const q2 = s.self2[(j * P + r) * P + r];
          const k = at(i, j, l, r);
          kernel.pair(q1, q2, s.cov[k], out, needDot);
          cov[k] = out[0];
          if (dot) dot[k] = out[1];
          if (symmetric) {
            const m = at(j, i, r, l);
            cov[m] = out[0];
            if (dot) dot[m] = out[1];
          }
        }
      }
    }
  }
  const selfMap = (self: Float64Array, n: number): Float64Array => {
    const res = new Float64Array(self.length);
    for (let i = 0; i < n; i++) {
      const base = i * P * P;
      for (let l = 0; l < P; l++) {
        for (let r = l; r < P; r++) {
          kernel.pair(self[base + l * P + l], self[base + r * P + r], self[base + l * P + r], out, false);
          res[base + l * P + r] = out[0];
          res[base + r * P + l] = out[0];
        }
      }
    }
    return res;
  };
  let self1: Float64Array;
  if (symmetric) {
    // The self blocks are the diagonal blocks of cov: copy them so both read the same numbers.
    self1 = new Float64Array(s.self1.length);
    for (let i = 0; i < n1; i++) self1.set(cov.subarray(at(i, i, 0, 0), at(i, i, 0, 0) + P * P), i * P * P);
  } else {
    self1 = selfMap(s.self1, n1);
  }
  const self2 = symmetric ? self1 : selfMap(s.self2, n2);
  const meanMap = (self: Float64Array, n: number): Float64Array => {
    const m = new Float64Array(n * P);
    for (let i = 0; i < n; i++) for (let l = 0; l < P; l++) m[i * P + l] = kernel.mean(self[(i * P + l) * P + l]);
    return m;
  };
  const mean1 = meanMap(s.self1, n1);
  const mean2 = symmetric ? mean1 : meanMap(s.self2, n2);
  const ntk = new Map<string, Float64Array>();
  for (const [name, t] of s.ntk) {
    const nt = new Float64Array(t.length);
    for (let k = 0; k < t.length; k++) nt[k] = t[k] * dot![k];
    ntk.set(name, nt);
  }
  return withFields(s, { cov, self1, self2, mean1, mean2, ntk, gaussian: false });
}
