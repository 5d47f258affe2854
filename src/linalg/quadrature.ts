/**
 * Gaussian expectations by Gauss–Hermite quadrature (probabilists' weight e^{−z²/2}/√(2π)).
 *
 * The n-node rule Σ_k w_k f(x_k) equals E_{z~N(0,1)}[f(z)] exactly for polynomials of degree ≤ 2n − 1, and
 * converges spectrally for smooth f; for f with a kink (ReLU) it converges only algebraically, so use many
 * nodes there (or a closed form).
 *
 * Nodes and weights come from Golub & Welsch (Math. Comp. 23, 1969): the Jacobi matrix of the orthonormal
 * Hermite polynomials, tridiagonal with zero diagonal and off-diagonals √1, …, √(n−1), has the nodes as
 * eigenvalues and w_k = (first component of the k-th unit eigenvector)², since μ₀ = ∫ dN(0,1) = 1. The
 * eigenproblem is solved by the portable implicit QL (`tridiagonalQL`), then polished:
 *  - each node takes Newton steps on the orthonormal Hermite polynomial p_n (from the three-term recurrence;
 *    p_n′ = √n·p_{n−1}), which brings it to full relative accuracy;
 *  - each weight is recomputed from the Christoffel function, w_k = 1 / Σ_{j<n} p_j(x_k)², a sum of positive
 *    terms, hence relatively accurate even for the e^{−x²/2}-small weights of the outer nodes, whose
 *    eigenvector components QL only gets to an absolute ~1e−16 (moments like E[z^{2n−2}] live on them);
 *  - the rule is made exactly symmetric (x_{n−1−k} = −x_k, equal weights), so odd moments vanish exactly.
 * The eigenvector weights are kept only as a check: they must agree with the polished ones to ~1e−13
 * absolutely, or a ConvergenceError is thrown.
 *
 * Rules are cached per node count (they are immutable: do not write to the returned arrays).
 */
import { ConfigError, ConvergenceError, NonFiniteError, NotPositiveDefiniteError } from '../errors.js';
import { tridiagonalQL } from './backends/portable/symmetricEigen.js';

/** A quadrature rule: E[f(z)] ≈ Σ w[k]·f(x[k]), nodes ascending. */
export interface GaussHermiteRule {
  readonly x: Float64Array;
  readonly w: Float64Array;
}

export const MAX_GAUSS_HERMITE_NODES = 400;

const cache = new Map<number, GaussHermiteRule>();

function checkNodes(nodes: number, where: string): void {
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_GAUSS_HERMITE_NODES) {
    throw new ConfigError(
      `${where}: the number of quadrature nodes must be an integer from 1 to ${MAX_GAUSS_HERMITE_NODES}; got ${nodes}`,
    );
  }
}

const BIG = 2 ** 256;
const RESCALE = 2 ** -256;

/**
 * The orthonormal Hermite polynomials at x: returns p_n(x)/p_{n−1}(x) (for Newton) and 1/Σ_{j<n} p_j(x)²
 * (the Christoffel weight), rescaling on the way so nothing overflows for the outer nodes of large n.
 */
function christoffel(n: number, x: number, out: { ratio: number; weight: number }): void {
  // p_0 = 1, p_1 = x, p_{j+1} = (x p_j − √j p_{j−1}) / √(j+1)
  let pPrev = 0;
  let p = 1;
  let sum = 0;
  let scaled = 0; // number of times sum was multiplied by RESCALE²
  for (let j = 0; j < n; j++) {
    sum += p * p;
    const next = (x * p - Math.sqrt(j) * pPrev) / Math.sqrt(j + 1);
    pPrev = p;
    p = next;
    if (Math.abs(p) > BIG) {
      p *= RESCALE;
      pPrev *= RESCALE;
      sum *= RESCALE * RESCALE;
      scaled++;
    }
  }
  // Now p = p_n, pPrev = p_{n−1} (same scale).
  out.ratio = p / (Math.sqrt(n) * pPrev);
  out.weight = scaled === 0 ? 1 / sum : (1 / sum) * Math.pow(RESCALE * RESCALE, scaled);
}

function computeRule(n: number): GaussHermiteRule {
  // Golub–Welsch: eigen-decompose the Jacobi matrix. tridiagonalQL wants e[i] (i ≥ 1) = J[i][i−1].
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  for (let i = 1; i < n; i++) e[i] = Math.sqrt(i);
  const u = new Float64Array(n * n);
  for (let i = 0; i < n; i++) u[i * n + i] = 1;
  tridiagonalQL(n, d, e, u); // d ascending; row k of u is the k-th eigenvector
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const cw = { ratio: 0, weight: 0 };
  for (let k = 0; k < n; k++) {
    let xk = d[k];
    // Newton on p_n. QL nodes are accurate to ~1e−15·‖J‖, so 1–2 steps suffice; stop when the step stalls.
    for (let it = 0; it < 8; it++) {
      christoffel(n, xk, cw);
      const step = cw.ratio;
      if (!Number.isFinite(step)) break;
      xk -= step;
      if (Math.abs(step) <= 4 * Number.EPSILON * Math.max(1, Math.abs(xk))) break;
    }
    x[k] = xk;
  }
  // Exact symmetry: the nodes are ± pairs, and 0 when n is odd.
  for (let k = 0; k < n >> 1; k++) {
    const a = 0.5 * (x[n - 1 - k] - x[k]);
    x[k] = -a;
    x[n - 1 - k] = a;
  }
  if (n % 2 === 1) x[n >> 1] = 0;
  for (let k = 0; k < n; k++) {
    christoffel(n, x[k], cw);
    w[k] = cw.weight;
    const gw = u[k * n] * u[k * n];
    if (!(Math.abs(gw - cw.weight) <= 1e-13)) {
      throw new ConvergenceError(
        `Gauss–Hermite(${n}): node ${k} weight ${cw.weight} disagrees with the Golub–Welsch weight ${gw}`,
      );
    }
  }
  for (let k = 0; k < n >> 1; k++) {
    const a = 0.5 * (w[k] + w[n - 1 - k]);
    w[k] = a;
    w[n - 1 - k] = a;
  }
  return { x, w };
}

/**
 * The n-node probabilists' Gauss–Hermite rule: E_{z~N(0,1)}[f(z)] ≈ Σ_k w_k f(x_k), weights summing to 1,
 * exact for polynomials of degree ≤ 2n − 1. n is an integer from 1 to 400. Cached; do not modify the arrays.
 */
export function gaussHermite(nodes: number): GaussHermiteRule {
  checkNodes(nodes, 'gaussHermite');
  let rule = cache.get(nodes);
  if (rule === undefined) {
    rule = computeRule(nodes);
    cache.set(nodes, rule);
  }
  return rule;
}

/** E_{z~N(0,1)}[f(z)] by the `nodes`-point Gauss–Hermite rule (default 80). */
export function gaussianExpectation(f: (z: number) => number, nodes = 80): number {
  checkNodes(nodes, 'gaussianExpectation');
  const { x, w } = gaussHermite(nodes);
  let s = 0;
  for (let k = 0; k < x.length; k++) s += w[k] * f(x[k]);
  return s;
}

/**
 * E[f(u, v)] for (u, v) ~ N(0, [[q1, c], [c, q2]]) by the tensor Gauss–Hermite rule (nodes² evaluations,
 * default 60² = 3600), via the Cholesky factor: u = √q1·z1, v = (c/√q1)·z1 + √max(q2 − c²/q1, 0)·z2.
 *
 * The clamp makes a covariance that is singular up to round-off (correlation → 1, c² a few ulp above
 * q1·q2) work instead of producing NaN; when q1 = 0, u = 0 and v = √q2·z2. A covariance that is not
 * positive semi-definite beyond round-off (c² > q1·q2·(1 + 1e−9), or a negative variance) throws
 * NotPositiveDefiniteError; non-finite entries throw NonFiniteError.
 */
export function bivariateGaussianExpectation(
  f: (u: number, v: number) => number,
  q1: number,
  q2: number,
  c: number,
  nodes = 60,
): number {
  checkNodes(nodes, 'bivariateGaussianExpectation');
  if (!Number.isFinite(q1) || !Number.isFinite(q2) || !Number.isFinite(c)) {
    throw new NonFiniteError(`bivariateGaussianExpectation: covariance entries must be finite; got q1=${q1}, q2=${q2}, c=${c}`);
  }
  if (q1 < 0 || q2 < 0 || c * c > q1 * q2 * (1 + 1e-9)) {
    throw new NotPositiveDefiniteError(
      `bivariateGaussianExpectation: [[${q1}, ${c}], [${c}, ${q2}]] is not a covariance matrix ` +
        `(needs q1, q2 ≥ 0 and c² ≤ q1·q2)`,
    );
  }
  const { x, w } = gaussHermite(nodes);
  const a = Math.sqrt(q1);
  const b = q1 > 0 ? c / a : 0;
  const r = Math.sqrt(Math.max(q1 > 0 ? q2 - (c / q1) * c : q2, 0));
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const u = a * x[i];
    const vi = b * x[i];
    let row = 0;
    for (let j = 0; j < x.length; j++) row += w[j] * f(u, vi + r * x[j]);
    total += w[i] * row;
  }
  return total;
}
