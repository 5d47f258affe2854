/**
 * Closed-form training dynamics of the linearized model f_lin(θ) = f(θ0) + J(θ − θ0) under the square
 * loss L = (c/2)·‖f − y‖² (kernels.md; neural-tangents uses c = 1/(N·O), du2019 c = 1, so c is a
 * parameter). With Θ = VΛVᵀ on the training set and residual r0 = f0 − y:
 *   GD:    f_train(t) = y + V(1 − ηcΛ)^t Vᵀ r0
 *          f_test(t)  = f_test(0) − Θ_te,tr V [(1 − (1 − ηcΛ)^t)/Λ] Vᵀ r0
 *   flow:  the same with e^{−ηcΛt} (t in units of η-scaled time)
 * (for λ = 0 the bracket is its limit ηc·t). GD is stable iff η < 2/(c·λ_max).
 * Outputs: N×C matrices; the kernel is either per output (N×N, Θ ⊗ I_C, exact in the infinite-width
 * limit) or the full (N·C)×(N·C) kernel with rows i·C + c.
 */
import { ConfigError, ShapeError } from '../errors.js';
import { eigh } from '../linalg/eigen.js';
import { Matrix } from '../linalg/matrix.js';

export interface LinearizedSetup {
  /** Θ on the training set: N×N (per output) or (N·C)×(N·C). */
  kernel: Matrix;
  /** f(θ0) on the training set, N×C. */
  f0: Matrix;
  /** Targets, N×C. */
  y: Matrix;
  /** Step size η. */
  learningRate: number;
  /** c in L = (c/2)‖f − y‖² (default 1/(N·C)). */
  lossScale?: number;
  /** Θ(test, train): M×N or (M·C)×(N·C), with f(θ0) on the test inputs (M×C). */
  testKernel?: Matrix;
  f0Test?: Matrix;
}

export interface LinearizedDynamics {
  /** The largest stable GD step size 2/(c·λ_max). */
  maxStableLearningRate: number;
  /** Eigenvalues of the training kernel (ascending). */
  eigenvalues: Float64Array;
  /** Training-set outputs after t steps of GD (t ≥ 0, integer) or at flow time t. */
  train(t: number, mode?: 'gd' | 'flow'): Matrix;
  /** Test-set outputs at the same times (needs testKernel and f0Test). */
  test(t: number, mode?: 'gd' | 'flow'): Matrix;
  /** The training loss (c/2)‖f − y‖² at time t. */
  loss(t: number, mode?: 'gd' | 'flow'): number;
}

export function linearizedDynamics(s: LinearizedSetup): LinearizedDynamics {
  const N = s.f0.rows;
  const C = s.f0.cols;
  if (s.y.rows !== N || s.y.cols !== C) throw new ShapeError(`linearizedDynamics: f0 is ${s.f0.shapeString} but y is ${s.y.shapeString}`);
  const full = s.kernel.rows === N * C && C > 1;
  const K = full ? N * C : N;
  if (s.kernel.rows !== K || s.kernel.cols !== K) {
    throw new ShapeError(`linearizedDynamics: the training kernel must be ${N}×${N} (per output) or ${N * C}×${N * C}; got ${s.kernel.shapeString}`);
  }
  if (!(s.learningRate > 0) || !Number.isFinite(s.learningRate)) throw new ConfigError(`linearizedDynamics: learning rate must be positive; got ${s.learningRate}`);
  const c = s.lossScale ?? 1 / (N * C);
  const eta = s.learningRate;
  const { values, vectors: V } = eigh(s.kernel);
  // Residual columns: full → one column of length N·C; per-output → C columns of length N.
  const cols = full ? 1 : C;
  const r0 = new Matrix(K, cols);
  for (let i = 0; i < N; i++) for (let o = 0; o < C; o++) {
    const v = s.f0.get(i, o) - s.y.get(i, o);
    if (full) r0.data[i * C + o] = v;
    else r0.data[i * C + o] = v; // same layout: row i, column o
  }
  // Coefficients a = Vᵀ r0 (K×cols).
  const a = new Matrix(K, cols);
  for (let k = 0; k < K; k++) for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let i = 0; i < K; i++) sum += V.data[i * K + k] * r0.data[i * cols + j];
    a.data[k * cols + j] = sum;
  }
  const decay = (lambda: number, t: number, mode: 'gd' | 'flow'): number =>
    mode === 'gd' ? (1 - eta * c * lambda) ** t : Math.exp(-eta * c * lambda * t);
  /** (1 − decay)/λ, with its λ → 0 limit ηc·t. */
  const integral = (lambda: number, t: number, mode: 'gd' | 'flow'): number => {
    const x = eta * c * lambda;
    if (Math.abs(x) < 1e-12) return eta * c * t;
    return (1 - decay(lambda, t, mode)) / lambda;
  };
  const check = (t: number, mode: 'gd' | 'flow'): void => {
    if (!(t >= 0) || (mode === 'gd' && !Number.isInteger(t))) throw new ConfigError(`linearizedDynamics: GD steps must be a non-negative integer; got ${t}`);
  };
  const combine = (weights: (lambda: number) => number): Matrix => {
    // V · diag(w) · a  → K×cols
    const out = new Matrix(K, cols);
    const wa = new Float64Array(K * cols);
    for (let k = 0; k < K; k++) {
      const w = weights(values[k]);
      for (let j = 0; j < cols; j++) wa[k * cols + j] = w * a.data[k * cols + j];
    }
    for (let i = 0; i < K; i++) for (let j = 0; j < cols; j++) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += V.data[i * K + k] * wa[k * cols + j];
      out.data[i * cols + j] = sum;
    }
    return out;
  };
  const toOutputs = (m: Matrix): Matrix => new Matrix(N, C, m.data.slice());

  return {
    maxStableLearningRate: 2 / (c * values[values.length - 1]),
    eigenvalues: values,
    train(t, mode = 'gd') {
      check(t, mode);
      const r = combine((l) => decay(l, t, mode));
      const f = toOutputs(r);
      for (let i = 0; i < f.data.length; i++) f.data[i] += s.y.data[i];
      return f;
    },
    test(t, mode = 'gd') {
      check(t, mode);
      if (!s.testKernel || !s.f0Test) throw new ConfigError('linearizedDynamics: test predictions need testKernel and f0Test');
      const M = s.f0Test.rows;
      const rowsK = full ? M * C : M;
      if (s.testKernel.rows !== rowsK || s.testKernel.cols !== K) {
        throw new ShapeError(`linearizedDynamics: the test kernel must be ${rowsK}×${K}; got ${s.testKernel.shapeString}`);
      }
      const z = combine((l) => integral(l, t, mode)); // K×cols
      const out = new Matrix(M, C, s.f0Test.data.slice());
      const tk = s.testKernel;
      for (let i = 0; i < rowsK; i++) for (let j = 0; j < cols; j++) {
        let sum = 0;
        for (let k = 0; k < K; k++) sum += tk.data[i * K + k] * z.data[k * cols + j];
        out.data[i * cols + j] -= sum;
      }
      return out;
    },
    loss(t, mode = 'gd') {
      const f = this.train(t, mode);
      let l = 0;
      for (let i = 0; i < f.data.length; i++) l += (f.data[i] - s.y.data[i]) ** 2;
      return (c / 2) * l;
    },
  };
}
