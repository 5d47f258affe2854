/**
 * du2019's infinite-width recursions, written directly from the theory notes
 * (shared/theory/du2019-gd-global-minima.md, corrected readings) — an independent code path to the
 * layers' kernel maps (nn/infiniteWidth/), for tests and claims. Every expectation is a 1-D or 2-D
 * Gauss–Hermite rule (linalg/quadrature.ts) with the notes' Cholesky parameterization and clamp.
 *
 * FC (Def 5.1, corrected index):  K^(0)_ij = x_i·x_j;  K^(h)_ij = c_σ·E[σ(u)σ(v)], (u, v) ~ N(0, A^(h)_ij),
 *   A^(h)_ij = [[K^(h−1)_ii, K^(h−1)_ij], [K^(h−1)_ji, K^(h−1)_jj]];
 *   K^(H)_ij = c_σ·K^(H−1)_ij·E_{A^(H) from K^(H−1)}[σ'(u)σ'(v)]  (the limit of G^(H)).
 * ResNet (Def 6.1, corrected): K^(1) as FC, b^(1)_i = √c_σ·E_{u~N(0,K^(0)_ii)}[σ(u)];
 *   K^(h)_ij = K^(h−1)_ij + (c_res/H)[b_i^(h−1)·Eσ(v) + b_j^(h−1)·Eσ(u)] + (c_res²/H²)·E[σ(u)σ(v)],
 *   b^(h)_i = b^(h−1)_i + (c_res/H)·Eσ(u),  (u, v) from K^(h−1);
 *   K^(H)_ij = (c_res²/H²)·K^(H−1)_ij·E[σ'(u)σ'(v)].
 * CNN (consistent reading of Def 7.1): pixel Grams P^(h)_ij (p × p), T(P)[l, r] = Σ_t P_pad[l + t, r + t]
 *   (q taps, zero padding), Q^(h) = T(P^(h−1)), (u_l, v_r) ~ N(0, [[Q_ii[l,l], Q_ij[l,r]], [·, Q_jj[r,r]]]);
 *   P^(1) = c_σE[σ(u_l)σ(v_r)], b^(1)_i[l] = √c_σ·Eσ(u_l);
 *   P^(h) = P^(h−1) + (c_res/H)(b_i[l]·Eσ(v_r) + Eσ(u_l)·b_j[r]) + (c_res²/H²)E[σ(u_l)σ(v_r)],
 *   b^(h)_i[l] = b^(h−1)_i[l] + (c_res/H)·Eσ(u_l);  K^(H)_ij = (c_res²/H²)·Σ_l Q^(H)_ij[l,l]·E[σ'(u_l)σ'(v_l)].
 * λ0 = λ_min(K^(H)).
 *
 * Beyond the paper, each recursion is also run at h = H (`features[H]`): that is the NNGP of the output
 * f = aᵀx^(H) (FC/ResNet) or Σ_l of it (CNN), which the tests compare with the layers' maps.
 */
import { ConfigError, ShapeError } from '../errors.js';
import { lambdaMin } from '../linalg/eigen.js';
import { Matrix } from '../linalg/matrix.js';
import { matmul } from '../linalg/products.js';
import { activation, cSigma, type Activation, type ActivationSpec } from '../nn/activations.js';
import { DEFAULT_QUADRATURE_TOL } from '../nn/infiniteWidth/adaptiveQuadrature.js';
import { checkQuadratureTol, dualKernel, type DualKernel } from '../nn/infiniteWidth/pointwise.js';

export interface Du2019TheoryOptions {
  /** σ (default softplus, du2019's guiding example). */
  activation?: ActivationSpec;
  /**
   * Relative accuracy of the Gaussian expectations of σ (default 1e-10): closed forms where σ has one
   * (relu, abrelu, leaky_relu, identity, erf), else adaptive quadrature — the kernel maps' own
   * (infiniteWidth/pointwise.ts), so the limit here and analyticKernel's are the same numbers.
   */
  quadratureTol?: number;
  /** Instead: a fixed Gauss–Hermite rule of this many nodes per dimension (at least 40). */
  quadratureNodes?: number;
}

export interface Du2019ResNetTheoryOptions extends Du2019TheoryOptions {
  /** c_res ∈ (0, 1) (default 0.25, as the du2019 presets). */
  cRes?: number;
}

export interface Du2019Limit {
  /** K^(h), h = 0..H: the limits of x_i^(h)·x_j^(h) (FC/ResNet), each n × n. */
  features: Matrix[];
  /** K^(H) of the paper: the limit of G^(H), the Gram of the last hidden layer's W. */
  gram: Matrix;
  /** λ0 = λ_min(K^(H)). */
  lambda0: number;
  cSigma: number;
}

export interface Du2019ResNetLimit extends Du2019Limit {
  /** b^(h), h = 0..H (b^(0)_i = Σ_k x_ik/√d, unused by the recursion; kept for comparisons). */
  b: Float64Array[];
}

export interface Du2019CnnLimit {
  /** P^(h), h = 0..H, each n·n·p·p with layout ((i·n + j)·p + l)·p + r. */
  pixelGrams: Float64Array[];
  /** b^(h), h = 0..H, each n·p (b^(0)_i[l] = Σ_c x_i(l, c)/√d0). */
  b: Float64Array[];
  /** Σ_l P^(h)_ij[l, l] for h = 0..H (the limit of ⟨x_i^(h), x_j^(h)⟩_F; at h = H the output NNGP). */
  features: Matrix[];
  gram: Matrix;
  lambda0: number;
  cSigma: number;
}

interface Setup {
  act: Activation;
  cs: number;
  dual: DualKernel;
  out: Float64Array;
}

function setup(opts: Du2019TheoryOptions, depth: number, minDepth: number): Setup {
  if (!Number.isInteger(depth) || depth < minDepth) throw new ConfigError(`du2019 theory: depth H must be an integer ≥ ${minDepth}; got ${depth}`);
  const tol = checkQuadratureTol(opts.quadratureTol ?? DEFAULT_QUADRATURE_TOL, 'du2019 theory: quadratureTol');
  const act = activation(opts.activation ?? { name: 'softplus' });
  const dual = dualKernel(act, { quadratureNodes: opts.quadratureNodes, quadratureTol: tol });
  return { act, cs: cSigma(act), dual, out: new Float64Array(2) };
}

function checkCRes(c: number): number {
  if (!(c > 0 && c < 1)) throw new ConfigError(`du2019 theory: cRes must lie in (0, 1); got ${c}`);
  return c;
}

function checkData(x: Matrix): void {
  if (x.rows < 1 || x.cols < 1) throw new ShapeError(`du2019 theory: the data must be a non-empty n × d matrix; got ${x.shapeString}`);
  if (!x.isFinite()) throw new ShapeError('du2019 theory: the data contain NaN or ±Infinity');
}

/** E[σ(u)σ(v)], E[σ'(u)σ'(v)], Eσ(u) for the pair covariance [[a, c], [c, b]]. */
function ee(s: Setup, a: number, b: number, c: number): number {
  s.dual.pair(a, b, c, s.out, false);
  return s.out[0];
}
function eeDot(s: Setup, a: number, b: number, c: number): number {
  s.dual.pair(a, b, c, s.out, true);
  return s.out[1];
}
function eMean(s: Setup, q: number): number {
  return s.dual.mean(q);
}

/** A symmetric n × n matrix from f(i, j), evaluated for i ≤ j. */
function symmetricFrom(n: number, f: (i: number, j: number) => number): Matrix {
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = f(i, j);
      m.data[i * n + j] = v;
      m.data[j * n + i] = v;
    }
  }
  return m;
}

function inputGram(x: Matrix): Matrix {
  const g = matmul(x, x, { transB: true });
  return symmetricFrom(x.rows, (i, j) => g.data[i * x.rows + j]);
}

/** du2019 FC limit (Def 5.1, corrected index) for data x (n × d) and depth H ≥ 1. */
export function du2019FcKernels(x: Matrix, depth: number, opts: Du2019TheoryOptions = {}): Du2019Limit {
  checkData(x);
  const s = setup(opts, depth, 1);
  const n = x.rows;
  const features = [inputGram(x)];
  for (let h = 1; h <= depth; h++) {
    const K = features[h - 1];
    features.push(symmetricFrom(n, (i, j) => s.cs * ee(s, K.get(i, i), K.get(j, j), K.get(i, j))));
  }
  const K = features[depth - 1];
  const gram = symmetricFrom(n, (i, j) => s.cs * K.get(i, j) * eeDot(s, K.get(i, i), K.get(j, j), K.get(i, j)));
  return { features, gram, lambda0: lambdaMin(gram), cSigma: s.cs };
}

/** du2019 ResNet limit (Def 6.1, corrected) for data x (n × d), depth H ≥ 2 and c_res. */
export function du2019ResNetKernels(x: Matrix, depth: number, opts: Du2019ResNetTheoryOptions = {}): Du2019ResNetLimit {
  checkData(x);
  const s = setup(opts, depth, 2);
  const cRes = checkCRes(opts.cRes ?? 0.25);
  const n = x.rows;
  const K0 = inputGram(x);
  const b0 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let k = 0; k < x.cols; k++) t += x.get(i, k);
    b0[i] = t / Math.sqrt(x.cols);
  }
  const features = [K0, symmetricFrom(n, (i, j) => s.cs * ee(s, K0.get(i, i), K0.get(j, j), K0.get(i, j)))];
  const b = [b0, Float64Array.from({ length: n }, (_, i) => Math.sqrt(s.cs) * eMean(s, K0.get(i, i)))];
  const a = cRes / depth;
  for (let h = 2; h <= depth; h++) {
    const K = features[h - 1];
    const bp = b[h - 1];
    const m = Float64Array.from({ length: n }, (_, i) => eMean(s, K.get(i, i)));
    features.push(symmetricFrom(n, (i, j) => K.get(i, j) + a * (bp[i] * m[j] + bp[j] * m[i]) + a * a * ee(s, K.get(i, i), K.get(j, j), K.get(i, j))));
    b.push(Float64Array.from({ length: n }, (_, i) => bp[i] + a * m[i]));
  }
  const K = features[depth - 1];
  const gram = symmetricFrom(n, (i, j) => a * a * K.get(i, j) * eeDot(s, K.get(i, i), K.get(j, j), K.get(i, j)));
  return { features, b, gram, lambda0: lambdaMin(gram), cSigma: s.cs };
}

/** T(P)[l, r] = Σ_{t=−(q−1)/2}^{(q−1)/2} P[l + t, r + t] over in-range pixels (stride 1, zero padding). */
function patchGram(Pm: Float64Array, pairs: number, p: number, q: number): Float64Array {
  const h = (q - 1) / 2;
  const out = new Float64Array(Pm.length);
  for (let k = 0; k < pairs; k++) {
    for (let l = 0; l < p; l++) {
      for (let r = 0; r < p; r++) {
        let t = 0;
        for (let o = -h; o <= h; o++) {
          const a = l + o;
          const c = r + o;
          if (a >= 0 && a < p && c >= 0 && c < p) t += Pm[(k * p + a) * p + c];
        }
        out[(k * p + l) * p + r] = t;
      }
    }
  }
  return out;
}

/**
 * du2019 convolutional ResNet limit (consistent reading of Def 7.1) for data x (n × p·d0, pixel-major
 * rows as the networks take them: entry l·d0 + c is channel c of pixel l), depth H ≥ 2, kernel q (odd).
 */
export function du2019CnnKernels(
  x: Matrix,
  shape: { channels: number; pixels: number },
  depth: number,
  opts: Du2019ResNetTheoryOptions & { kernel?: number } = {},
): Du2019CnnLimit {
  checkData(x);
  const s = setup(opts, depth, 2);
  const cRes = checkCRes(opts.cRes ?? 0.25);
  const q = opts.kernel ?? 3;
  const { channels: d0, pixels: p } = shape;
  if (!Number.isInteger(q) || q < 1 || q % 2 === 0) throw new ConfigError(`du2019 theory: kernel q must be a positive odd integer; got ${q}`);
  if (x.cols !== d0 * p) throw new ShapeError(`du2019 theory: CNN data must have d0·p = ${d0}·${p} = ${d0 * p} columns; got ${x.shapeString}`);
  const n = x.rows;
  const at = (i: number, j: number, l: number, r: number): number => ((i * n + j) * p + l) * p + r;
  const P0 = new Float64Array(n * n * p * p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let l = 0; l < p; l++) {
        for (let r = 0; r < p; r++) {
          let t = 0;
          for (let c = 0; c < d0; c++) t += x.get(i, l * d0 + c) * x.get(j, r * d0 + c);
          P0[at(i, j, l, r)] = t;
        }
      }
    }
  }
  const b0 = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < p; l++) {
      let t = 0;
      for (let c = 0; c < d0; c++) t += x.get(i, l * d0 + c);
      b0[i * p + l] = t / Math.sqrt(d0);
    }
  }
  const a = cRes / depth;
  /** One layer: the new pixel Gram from Q = T(P^(h−1)) and the means Eσ(u_l). */
  const step = (Q: Float64Array, fn: (i: number, j: number, l: number, r: number, e: number) => number): Float64Array => {
    const out = new Float64Array(Q.length);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        for (let l = 0; l < p; l++) {
          for (let r = 0; r < p; r++) {
            if (i === j && r < l) continue;
            const v = fn(i, j, l, r, ee(s, Q[at(i, i, l, l)], Q[at(j, j, r, r)], Q[at(i, j, l, r)]));
            out[at(i, j, l, r)] = v;
            out[at(j, i, r, l)] = v;
          }
        }
      }
    }
    return out;
  };
  const means = (Q: Float64Array): Float64Array => {
    const m = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let l = 0; l < p; l++) m[i * p + l] = eMean(s, Q[at(i, i, l, l)]);
    return m;
  };
  const Q1 = patchGram(P0, n * n, p, q);
  const pixelGrams = [P0, step(Q1, (_i, _j, _l, _r, e) => s.cs * e)];
  const m1 = means(Q1);
  const b = [b0, m1.map((v) => Math.sqrt(s.cs) * v)];
  for (let h = 2; h <= depth; h++) {
    const Pp = pixelGrams[h - 1];
    const bp = b[h - 1];
    const Q = patchGram(Pp, n * n, p, q);
    const m = means(Q);
    pixelGrams.push(step(Q, (i, j, l, r, e) => Pp[at(i, j, l, r)] + a * (bp[i * p + l] * m[j * p + r] + m[i * p + l] * bp[j * p + r]) + a * a * e));
    b.push(bp.map((v, k) => v + a * m[k]));
  }
  const QH = patchGram(pixelGrams[depth - 1], n * n, p, q);
  const gram = symmetricFrom(n, (i, j) => {
    let t = 0;
    for (let l = 0; l < p; l++) t += QH[at(i, j, l, l)] * eeDot(s, QH[at(i, i, l, l)], QH[at(j, j, l, l)], QH[at(i, j, l, l)]);
    return a * a * t;
  });
  const features = pixelGrams.map((Pm) => symmetricFrom(n, (i, j) => {
    let t = 0;
    for (let l = 0; l < p; l++) t += Pm[at(i, j, l, l)];
    return t;
  }));
  return { pixelGrams, b, features, gram, lambda0: lambdaMin(gram), cSigma: s.cs };
}

/**
 * min over pairs i < j of λ_min of the 2 × 2 block [[K_ii, K_ij], [K_ji, K_jj]] (du2019 Lemma F.3: for the
 * ResNet this never falls below its value at K^(0)). Needs n ≥ 2.
 */
export function minPairEigenvalue(K: Matrix): number {
  const n = K.rows;
  if (n < 2 || K.cols !== n) throw new ShapeError(`minPairEigenvalue: needs a square matrix with n ≥ 2; got ${K.shapeString}`);
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = K.get(i, i);
      const d = K.get(j, j);
      const c = 0.5 * (K.get(i, j) + K.get(j, i));
      best = Math.min(best, 0.5 * (a + d - Math.hypot(a - d, 2 * c)));
    }
  }
  return best;
}
