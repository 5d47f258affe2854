/**
 * chen2018 Theorem 2 (App. B): the 2-layer nonlinear net ŷ = W_2σ(W_1x) with teacher y = W*_2σ(W*_1x).
 * The theorem holds W_1, W*_1 and X fixed and takes the expectation over W_2, W*_2 (iid N(0, 1)) only.
 * With h_i = σ(W_1x_i), h*_i = σ(W*_1x_i), D_ip = σ'(W_{1,p,:}x_i), and H, H* the n×K matrices of rows
 * h_i, h*_i, the exact conditional expectations are (shared/theory/chen2018-width-and-large-batch.md):
 *
 *   E A1 = n Σ_i ‖x_i‖² Σ_p D_ip²(‖h_i‖² + 2h_ip² + ‖h*_i‖²)      (n·Σ_i‖∇_{W_1}f_i‖²)
 *   E A2 = n Σ_i (‖h_i‖² + ‖h*_i‖²)·‖h_i‖²                          (n·Σ_i‖∇_{W_2}f_i‖²)
 *   E B1 = Σ_p Σ_{i,j} (x_i·x_j)D_ipD_jp(h_i·h_j + 2h_iph_jp + h*_i·h*_j)   (‖Σ_i∇_{W_1}f_i‖²)
 *   E B2 = ‖HᵀH‖_F² + ‖HᵀH*‖_F²                                    (‖Σ_i∇_{W_2}f_i‖²)
 *   ratio = (EA1 + EA2)/(EB1 + EB2)   (the paper asserts Ω(Kd²/(Kd+K+d)) w.h.p.: it grows with d and K)
 *
 * The 2h_ip² terms are E[W_{2,p}⁴] − E[W_{2,p}²]² = 2 of the Gaussian W_2.
 */
import { ShapeError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';
import type { Activation } from '../nn/activations.js';

export interface TwoLayerConditional {
  A1: number;
  A2: number;
  B1: number;
  B2: number;
  /** (A1 + A2)/(B1 + B2). */
  ratio: number;
}

/** Rows of σ(X·Wᵀ) (n×K) and, when wanted, of σ'(X·Wᵀ). */
function hidden(w: Matrix, x: Matrix, s: Activation, withDerivative: boolean): { h: Matrix; dh: Matrix | null } {
  const n = x.rows;
  const K = w.rows;
  const d = x.cols;
  const h = new Matrix(n, K);
  const dh = withDerivative ? new Matrix(n, K) : null;
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < K; p++) {
      let z = 0;
      for (let q = 0; q < d; q++) z += w.data[p * d + q] * x.data[i * d + q];
      h.data[i * K + p] = s.value(z);
      if (dh) dh.data[i * K + p] = s.d1(z);
    }
  }
  return { h, dh };
}

function rowDot(a: Matrix, i: number, b: Matrix, j: number): number {
  let s = 0;
  const c = a.cols;
  for (let k = 0; k < c; k++) s += a.data[i * c + k] * b.data[j * c + k];
  return s;
}

/**
 * E A1, E A2, E B1, E B2 given W_1, W*_1 (both K×d) and X (n×d), over W_2, W*_2 ~ N(0, 1) (chen2018 Thm 2).
 * Cost O(n²(d + K)).
 */
export function chen2018TwoLayerConditional(w1: Matrix, w1Teacher: Matrix, x: Matrix, sigma: Activation): TwoLayerConditional {
  if (w1.cols !== x.cols || w1Teacher.cols !== x.cols || w1Teacher.rows !== w1.rows) {
    throw new ShapeError(`chen2018TwoLayerConditional: W_1 (${w1.shapeString}) and W*_1 (${w1Teacher.shapeString}) must both be K×d for inputs ${x.shapeString}`);
  }
  const n = x.rows;
  const K = w1.rows;
  const { h, dh } = hidden(w1, x, sigma, true);
  const D = dh as Matrix;
  const hs = hidden(w1Teacher, x, sigma, false).h;
  const hn = new Float64Array(n); // ‖h_i‖²
  const hsn = new Float64Array(n); // ‖h*_i‖²
  const xn = new Float64Array(n); // ‖x_i‖²
  for (let i = 0; i < n; i++) {
    hn[i] = rowDot(h, i, h, i);
    hsn[i] = rowDot(hs, i, hs, i);
    xn[i] = rowDot(x, i, x, i);
  }
  let A1 = 0;
  let A2 = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = 0; p < K; p++) {
      const hip = h.data[i * K + p];
      s += D.data[i * K + p] ** 2 * (hn[i] + 2 * hip * hip + hsn[i]);
    }
    A1 += xn[i] * s;
    A2 += (hn[i] + hsn[i]) * hn[i];
  }
  A1 *= n;
  A2 *= n;
  // B1 = Σ_{i,j} (x_i·x_j)·[Σ_p D_ipD_jp·(h_i·h_j + h*_i·h*_j) + 2Σ_p (D_iph_ip)(D_jph_jp)];
  // B2 = Σ_{i,j} (h_i·h_j)(h_i·h_j + h*_i·h*_j) = ‖HᵀH‖_F² + ‖HᵀH*‖_F².
  const E = new Matrix(n, K);
  for (let k = 0; k < n * K; k++) E.data[k] = D.data[k] * h.data[k];
  let B1 = 0;
  let B2 = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const hh = rowDot(h, i, h, j);
      const hhs = rowDot(hs, i, hs, j);
      B1 += rowDot(x, i, x, j) * (rowDot(D, i, D, j) * (hh + hhs) + 2 * rowDot(E, i, E, j));
      B2 += hh * (hh + hhs);
    }
  }
  return { A1, A2, B1, B2, ratio: (A1 + A2) / (B1 + B2) };
}
